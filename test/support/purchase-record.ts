/**
 * A purchase record for store and server tests: a pending one-click purchase of the Complete
 * bundle (USD 149.00 on Alice's Visa) with every nullable field null. No vitest import, so the
 * PGlite child-process fixture can use it too.
 */
import type { PurchaseRecord } from '../../src/server/index';

/** `overrides` on top of the default record; a fresh random id unless one is given. */
export function purchaseRecord(overrides: Partial<PurchaseRecord> = {}): PurchaseRecord {
  const at = '2030-03-01T10:00:00.000Z';
  return {
    id: `pur_${Math.random().toString(36).slice(2, 12)}`,
    customerId: 'cus_alice',
    offerId: 'starter_to_bundle',
    kind: 'upsell',
    productId: 'prod_complete_bundle',
    quantity: 1,
    amount: { minor: 14900, currency: 'USD' },
    paymentMethodId: 'pm_visa_4242',
    subscriptionId: null,
    prorationMode: null,
    status: 'pending',
    paymentId: null,
    actionUrl: null,
    failure: null,
    fallbackCheckoutUrl: null,
    createdAt: at,
    updatedAt: at,
    reconciledAt: null,
    supersededAt: null,
    ...overrides,
  };
}
