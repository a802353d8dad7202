/**
 * After Dodo's hosted checkout (`/thank-you?payment_id=…&status=…`): the order, and the kit's
 * `UpsellModal` with the follow-up offer that the purchase opened (placement `post_purchase`;
 * the server verifies `paymentId` at Dodo, so the browser cannot open offers it did not earn;
 * `productId` only narrows them to the follow-ups of what was just bought).
 *
 * With `from=offer` this is where Dodo returns after an offer's fallback checkout or the bank's
 * 3-D Secure page: the payment is confirmed here and no further offer is made.
 */
import { useState } from 'react';
import type { ReactNode } from 'react';
import { UpsellModal } from '../kit';
import type { UpsellModalResult } from '../kit';
import type { ShopOrder } from '../api';
import { usePriceFormat } from '../format';
import { useText } from '../i18n';
import { Link, useLocation } from '../router';
import { useApi } from '../use-api';
import { Page } from './page';

function OrderSummary({ order }: { order: ShopOrder }): ReactNode {
  const { t } = useText();
  const { price } = usePriceFormat();
  return (
    <section aria-labelledby="order-heading" className="demo-card">
      <h2 id="order-heading">{t('thanksOrder')}</h2>
      <ul>
        {order.items.map((item) => (
          <li key={item.productId}>
            {item.quantity > 1 ? `${item.name} × ${item.quantity}` : item.name}
          </li>
        ))}
      </ul>
      <p>{t('thanksPaid', { total: price(order.total) })}</p>
    </section>
  );
}

export function ThankYouPage(): ReactNode {
  const { t } = useText();
  const { search } = useLocation();
  const paymentId = search.get('payment_id');
  const fromOffer = search.get('from') === 'offer';
  const order = useApi<{ order: ShopOrder }>(paymentId && /^[A-Za-z0-9_-]{1,64}$/.test(paymentId) ? `/orders/${paymentId}` : null);
  const [added, setAdded] = useState<string | null>(null);

  if (!paymentId) {
    return (
      <Page title={t('thanksTitle')}>
        <p>{t('thanksMissing')}</p>
        <p>
          <Link to="/">{t('backToShop')}</Link>
        </p>
      </Page>
    );
  }
  if (order.loading || (!order.data && !order.error)) {
    return (
      <Page title={t('thanksProcessingTitle')}>
        <p role="status">{t('loading')}</p>
      </Page>
    );
  }
  const status = order.data?.order.status ?? search.get('status') ?? 'failed';
  const links = (
    <p className="demo-actions">
      <Link to="/">{t('backToShop')}</Link>
      <Link to="/account">{t('seeAccount')}</Link>
    </p>
  );

  if (fromOffer) {
    return (
      <Page title={status === 'succeeded' ? t('offerPaidTitle') : t('offerFailedTitle')}>
        {status === 'succeeded' && <p>{t('offerPaidBody')}</p>}
        {order.data && <OrderSummary order={order.data.order} />}
        {links}
      </Page>
    );
  }

  if (status !== 'succeeded') {
    return (
      <Page title={status === 'failed' || status === 'cancelled' ? t('thanksFailedTitle') : t('thanksProcessingTitle')}>
        {(status === 'failed' || status === 'cancelled') && <p>{t('thanksFailedBody')}</p>}
        {links}
      </Page>
    );
  }

  // The payment proves what was bought (the server looks it up at Dodo); the product just bought
  // narrows the offers to its follow-ups, so a Single license leads to the Team license.
  const boughtProductId = order.data?.order.items[0]?.productId;
  const offerContext = boughtProductId ? { paymentId, productId: boughtProductId } : { paymentId };
  const onResult = (result: UpsellModalResult): void => {
    if (result.outcome === 'accepted') setAdded(result.offer.product.name);
  };

  return (
    <Page title={t('thanksTitle')}>
      {order.data && <OrderSummary order={order.data.order} />}
      <p role="status">{added ? t('thanksAdded', { product: added }) : ''}</p>
      {links}
      <UpsellModal
        placement="post_purchase"
        context={offerContext}
        updateCardUrl="/account#cards"
        onResult={onResult}
        // The customer is waiting on this page while the bank confirms: check at least every 3 s.
        polling={{ maxDelayMs: 3_000 }}
      />
    </Page>
  );
}
