/**
 * The UpsellStore contract, run against every store (memory, PGlite, PostgreSQL): what the
 * handler relies on, method by method, and every "who goes first" decision under 100
 * concurrent callers. A store passes only if it behaves like the memory store.
 */
import { describe, expect, it } from 'vitest';
import { summarizeOfferEvents } from '../../src/core/decline-policy';
import type { OfferEvent, OfferStats } from '../../src/core/types';
import type { IdempotentResult, PurchaseRecord, UpsellStore } from '../../src/server/index';
import { purchaseRecord } from '../support/purchase-record';

/** What a factory gets for one test. */
export interface ContractStoreOptions {
  /** The test's clock. */
  now: () => Date;
  /** Idempotency key lifetime. */
  idempotencyTtlMs: number;
  /** Webhook id lifetime. */
  webhookTtlMs: number;
}

/** Creates an empty store for one test. */
export type ContractStoreFactory = (options: ContractStoreOptions) => Promise<UpsellStore>;

const START = Date.parse('2030-03-01T10:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const byOffer = (a: OfferStats, b: OfferStats): number => a.offerId.localeCompare(b.offerId);

/** Declares the contract suite for one store. */
export function describeStoreContract(name: string, factory: ContractStoreFactory): void {
  describe(`UpsellStore contract: ${name}`, () => {
    const setup = async (ttl: Partial<Pick<ContractStoreOptions, 'idempotencyTtlMs' | 'webhookTtlMs'>> = {}) => {
      const clock = { t: START, now: () => new Date(clock.t) };
      const store = await factory({ now: clock.now, idempotencyTtlMs: ttl.idempotencyTtlMs ?? DAY, webhookTtlMs: ttl.webhookTtlMs ?? 7 * DAY });
      return { store, clock, at: () => clock.now().toISOString() };
    };

    describe('idempotency keys', () => {
      it('claims a new key once; later callers get the pending record of the first', async () => {
        const { store, at } = await setup();
        const createdAt = at();
        expect(await store.claimIdempotencyKey('purchase:cus_alice', 'key-1', 'fp-a', createdAt)).toEqual({ status: 'claimed' });
        expect(await store.claimIdempotencyKey('purchase:cus_alice', 'key-1', 'fp-b', at())).toEqual({
          status: 'existing',
          record: { scope: 'purchase:cus_alice', key: 'key-1', fingerprint: 'fp-a', state: 'pending', result: null, createdAt },
        });
      });

      it('keeps keys apart per scope (customer and route)', async () => {
        const { store, at } = await setup();
        expect((await store.claimIdempotencyKey('purchase:cus_alice', 'same', 'fp', at())).status).toBe('claimed');
        expect((await store.claimIdempotencyKey('purchase:cus_bob', 'same', 'fp', at())).status).toBe('claimed');
        expect((await store.claimIdempotencyKey('plan_change:cus_alice', 'same', 'fp', at())).status).toBe('claimed');
        expect((await store.claimIdempotencyKey('purchase:cus_alice', 'same', 'fp', at())).status).toBe('existing');
      });

      it('replays the stored result of a completed key, for purchases and plan changes alike', async () => {
        const { store, at } = await setup();
        const purchase: IdempotentResult = { kind: 'purchase', purchaseId: 'pur_1' };
        const planChange: IdempotentResult = {
          kind: 'plan_change',
          result: {
            status: 'succeeded',
            subscriptionId: 'sub_alice_basic',
            newPlan: { productId: 'prod_pro_monthly', name: 'Pro', price: { minor: 8000, currency: 'USD' }, interval: 'month', features: ['a', 'b'] },
            quantity: 1,
            chargedToday: { minor: 5000, currency: 'USD' },
            credit: { minor: 0, currency: 'USD' },
            effectiveAt: '2030-03-01T10:00:00.000Z',
          },
        };
        await store.claimIdempotencyKey('purchase:cus_alice', 'k-p', 'fp', at());
        await store.claimIdempotencyKey('plan_change:cus_alice', 'k-c', 'fp', at());
        await store.completeIdempotencyKey('purchase:cus_alice', 'k-p', purchase);
        await store.completeIdempotencyKey('plan_change:cus_alice', 'k-c', planChange);
        const replayP = await store.claimIdempotencyKey('purchase:cus_alice', 'k-p', 'fp', at());
        const replayC = await store.claimIdempotencyKey('plan_change:cus_alice', 'k-c', 'fp', at());
        expect(replayP).toMatchObject({ status: 'existing', record: { state: 'completed', result: purchase } });
        expect(replayC).toMatchObject({ status: 'existing', record: { state: 'completed', result: planChange } });
      });

      it('completing a completed key again replaces its result (an open plan change that settled), keeping the claim', async () => {
        const { store, at } = await setup();
        const open: IdempotentResult = {
          kind: 'plan_change',
          result: { status: 'requires_action', subscriptionId: 'sub_erin_basic', actionUrl: 'https://bank.example/3ds' },
          paymentId: 'pay_1',
          checkedAt: null,
        };
        const settled: IdempotentResult = { ...open, result: { status: 'failed', subscriptionId: 'sub_erin_basic', code: 'payment_declined', message: 'Declined.', retryable: false }, checkedAt: at() };
        const createdAt = at();
        await store.claimIdempotencyKey('plan_change:cus_erin', 'k-open', 'fp', createdAt);
        await store.completeIdempotencyKey('plan_change:cus_erin', 'k-open', open);
        expect(await store.claimIdempotencyKey('plan_change:cus_erin', 'k-open', 'fp', at())).toMatchObject({ record: { result: open } });
        await store.completeIdempotencyKey('plan_change:cus_erin', 'k-open', settled);
        expect(await store.claimIdempotencyKey('plan_change:cus_erin', 'k-open', 'fp', at())).toEqual({
          status: 'existing',
          record: { scope: 'plan_change:cus_erin', key: 'k-open', fingerprint: 'fp', state: 'completed', result: settled, createdAt },
        });
      });

      it('ignores completing a key nobody claimed', async () => {
        const { store, at } = await setup();
        await store.completeIdempotencyKey('purchase:cus_alice', 'ghost', { kind: 'purchase', purchaseId: 'pur_x' });
        expect(await store.claimIdempotencyKey('purchase:cus_alice', 'ghost', 'fp', at())).toEqual({ status: 'claimed' });
      });

      it('releases a pending key so it can be used again, but never a completed one', async () => {
        const { store, at } = await setup();
        await store.claimIdempotencyKey('s', 'pending-key', 'fp-1', at());
        await store.releaseIdempotencyKey('s', 'pending-key');
        expect(await store.claimIdempotencyKey('s', 'pending-key', 'fp-2', at())).toEqual({ status: 'claimed' });

        await store.claimIdempotencyKey('s', 'done-key', 'fp-1', at());
        await store.completeIdempotencyKey('s', 'done-key', { kind: 'purchase', purchaseId: 'pur_1' });
        await store.releaseIdempotencyKey('s', 'done-key');
        expect(await store.claimIdempotencyKey('s', 'done-key', 'fp-2', at())).toMatchObject({ status: 'existing', record: { fingerprint: 'fp-1', state: 'completed' } });
        await store.releaseIdempotencyKey('s', 'never-claimed');
      });

      it('gives 1 of 100 concurrent claims of one key the claim, and the other 99 that claim’s record', async () => {
        const { store, at } = await setup();
        const answers = await Promise.all(
          Array.from({ length: 100 }, (_, i) => store.claimIdempotencyKey('purchase:cus_alice', 'double-click', `fp-${i}`, at())),
        );
        const claimed = answers.filter((answer) => answer.status === 'claimed');
        expect(claimed).toHaveLength(1);
        const fingerprints = new Set(answers.flatMap((answer) => (answer.status === 'existing' ? [answer.record.fingerprint] : [])));
        expect(fingerprints.size).toBe(1);
        // The fingerprint every loser saw is the winner's: its claim is the one still stored.
        const stored = await store.claimIdempotencyKey('purchase:cus_alice', 'double-click', 'later', at());
        expect(stored.status === 'existing' && fingerprints.has(stored.record.fingerprint)).toBe(true);
      });

      it('forgets a key after its lifetime (then exactly one of 20 concurrent claims takes it), and not before', async () => {
        const { store, clock, at } = await setup({ idempotencyTtlMs: HOUR });
        await store.claimIdempotencyKey('s', 'k', 'old', at());
        await store.completeIdempotencyKey('s', 'k', { kind: 'purchase', purchaseId: 'pur_old' });
        clock.t += HOUR - 1_000;
        expect((await store.claimIdempotencyKey('s', 'k', 'new', at())).status).toBe('existing');
        clock.t += 2_000;
        const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => store.claimIdempotencyKey('s', 'k', `new-${i}`, at())));
        expect(answers.filter((answer) => answer.status === 'claimed')).toHaveLength(1);
        const existing = answers.find((answer) => answer.status === 'existing');
        expect(existing).toMatchObject({ record: { state: 'pending', result: null, createdAt: at() } });
      });
    });

    describe('purchases', () => {
      it('claims the first purchase of an offer and stores every field as given', async () => {
        const { store } = await setup();
        const oneClick = purchaseRecord();
        const planChange = purchaseRecord({
          offerId: 'basic_to_pro',
          kind: 'plan_change',
          productId: 'prod_pro_monthly',
          quantity: 3,
          amount: { minor: 8000, currency: 'USD' },
          paymentMethodId: null,
          subscriptionId: 'sub_alice_basic',
          prorationMode: 'difference_immediately',
          status: 'failed',
          paymentId: 'pay_123',
          actionUrl: 'https://pay.example/3ds',
          failure: { code: 'payment_declined', message: 'The card was declined.', retryable: false },
          fallbackCheckoutUrl: 'https://checkout.example/s/1',
          createdAt: '2030-03-01T10:00:00.123Z',
          updatedAt: '2030-03-01T10:00:05.456Z',
          reconciledAt: '2030-03-01T10:00:06.789Z',
        });
        expect(await store.claimOfferPurchase(oneClick)).toEqual({ status: 'claimed', purchase: oneClick });
        expect(await store.claimOfferPurchase(planChange)).toEqual({ status: 'claimed', purchase: planChange });
        expect(await store.getPurchase(oneClick.id)).toEqual(oneClick);
        expect(await store.getPurchase(planChange.id)).toEqual(planChange);
        expect(await store.getPurchase('pur_unknown')).toBeNull();
      });

      it('keeps money in integer minor units: the largest safe amount, zero-decimal and three-decimal currencies', async () => {
        const { store } = await setup();
        for (const [offerId, amount] of [
          ['max', { minor: Number.MAX_SAFE_INTEGER, currency: 'USD' }],
          ['yen', { minor: 1500, currency: 'JPY' }],
          ['dinar', { minor: 12345, currency: 'KWD' }],
          ['zero', { minor: 0, currency: 'INR' }],
        ] as const) {
          const record = purchaseRecord({ offerId, amount });
          await store.claimOfferPurchase(record);
          const stored = await store.getPurchase(record.id);
          expect(stored?.amount).toEqual(amount);
          expect(Number.isSafeInteger(stored?.amount.minor)).toBe(true);
        }
        const updated = await store.updatePurchase((await store.listPurchases('cus_alice'))[0]?.id ?? '', { amount: { minor: 9_007_199_254_740_000, currency: 'EUR' } });
        expect(updated?.amount).toEqual({ minor: 9_007_199_254_740_000, currency: 'EUR' });
      });

      it('returns the live purchase of the same customer and offer instead of a second one', async () => {
        const { store } = await setup();
        const first = purchaseRecord({ id: 'pur_first' });
        await store.claimOfferPurchase(first);
        expect(await store.claimOfferPurchase(purchaseRecord({ id: 'pur_second' }))).toEqual({ status: 'existing', purchase: first });
        await store.updatePurchase('pur_first', { status: 'succeeded' });
        expect(await store.claimOfferPurchase(purchaseRecord({ id: 'pur_third' }))).toMatchObject({ status: 'existing', purchase: { id: 'pur_first', status: 'succeeded' } });
        expect(await store.getPurchase('pur_second')).toBeNull();
        // Another customer, or another offer, is a purchase of its own.
        expect((await store.claimOfferPurchase(purchaseRecord({ id: 'pur_bob', customerId: 'cus_bob' }))).status).toBe('claimed');
        expect((await store.claimOfferPurchase(purchaseRecord({ id: 'pur_other', offerId: 'single_to_team' }))).status).toBe('claimed');
      });

      it('frees the offer once its purchase failed, and lists both in order', async () => {
        const { store } = await setup();
        await store.claimOfferPurchase(purchaseRecord({ id: 'pur_a' }));
        await store.updatePurchase('pur_a', { status: 'failed', failure: { code: 'payment_declined', message: 'Declined.', retryable: false } });
        expect(await store.claimOfferPurchase(purchaseRecord({ id: 'pur_b' }))).toMatchObject({ status: 'claimed', purchase: { id: 'pur_b' } });
        expect(await store.claimOfferPurchase(purchaseRecord({ id: 'pur_c' }))).toMatchObject({ status: 'existing', purchase: { id: 'pur_b' } });
        expect((await store.listPurchases('cus_alice')).map((p) => [p.id, p.status])).toEqual([
          ['pur_a', 'failed'],
          ['pur_b', 'pending'],
        ]);
      });

      it('inserts 1 row for 100 concurrent claims of one offer, and all 99 others see that row', async () => {
        const { store } = await setup();
        const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => store.claimOfferPurchase(purchaseRecord({ id: `pur_race_${i}` }))));
        const claimed = answers.filter((answer) => answer.status === 'claimed');
        expect(claimed).toHaveLength(1);
        const winner = claimed[0]?.purchase.id;
        expect(answers.every((answer) => answer.purchase.id === winner)).toBe(true);
        expect(await store.listPurchases('cus_alice')).toHaveLength(1);
      });

      describe('superseded plan changes', () => {
        const planChange = (overrides: Partial<PurchaseRecord> = {}) =>
          purchaseRecord({
            offerId: 'basic_to_pro',
            kind: 'plan_change',
            productId: 'prod_pro_monthly',
            amount: { minor: 8000, currency: 'USD' },
            paymentMethodId: null,
            subscriptionId: 'sub_alice_basic',
            prorationMode: 'difference_immediately',
            ...overrides,
          });

        it('supersedes a succeeded plan change once, keeping the first time, and then lets the offer be claimed again', async () => {
          const { store, clock, at } = await setup();
          await store.claimOfferPurchase(planChange({ id: 'pur_up_1' }));
          // In flight: not superseded, still holds the offer.
          expect(await store.supersedePurchase('pur_up_1', at())).toBeNull();
          await store.updatePurchase('pur_up_1', { status: 'succeeded', paymentId: 'pay_up_1' });
          expect(await store.claimOfferPurchase(planChange({ id: 'pur_up_2' }))).toMatchObject({ status: 'existing', purchase: { id: 'pur_up_1' } });

          clock.t += HOUR;
          const supersededAt = at();
          const superseded = await store.supersedePurchase('pur_up_1', supersededAt);
          expect(superseded).toMatchObject({ id: 'pur_up_1', status: 'succeeded', paymentId: 'pay_up_1', supersededAt });
          clock.t += HOUR;
          expect(await store.supersedePurchase('pur_up_1', at())).toBeNull();
          expect((await store.getPurchase('pur_up_1'))?.supersededAt).toBe(supersededAt);
          expect((await store.findPurchaseByPaymentId('pay_up_1'))?.supersededAt).toBe(supersededAt);

          // Free again: exactly one new live purchase, which the next claim then meets.
          expect(await store.claimOfferPurchase(planChange({ id: 'pur_up_3' }))).toMatchObject({ status: 'claimed', purchase: { id: 'pur_up_3', supersededAt: null } });
          expect(await store.claimOfferPurchase(planChange({ id: 'pur_up_4' }))).toMatchObject({ status: 'existing', purchase: { id: 'pur_up_3' } });
          expect((await store.listPurchases('cus_alice')).map((p) => [p.id, p.status, p.supersededAt])).toEqual([
            ['pur_up_1', 'succeeded', supersededAt],
            ['pur_up_3', 'pending', null],
          ]);
          // A status update leaves the supersession alone.
          expect((await store.updatePurchase('pur_up_1', { reconciledAt: at() }))?.supersededAt).toBe(supersededAt);
        });

        it('never supersedes a one-time purchase, a failed or in-flight plan change, or an unknown id', async () => {
          const { store, at } = await setup();
          await store.claimOfferPurchase(purchaseRecord({ id: 'pur_bundle' }));
          await store.updatePurchase('pur_bundle', { status: 'succeeded' });
          expect(await store.supersedePurchase('pur_bundle', at())).toBeNull();
          expect((await store.claimOfferPurchase(purchaseRecord({ id: 'pur_bundle_again' }))).status).toBe('existing');

          await store.claimOfferPurchase(planChange({ id: 'pur_failed' }));
          await store.updatePurchase('pur_failed', { status: 'failed', failure: { code: 'payment_declined', message: 'Declined.', retryable: false } });
          expect(await store.supersedePurchase('pur_failed', at())).toBeNull();
          for (const status of ['pending', 'processing', 'requires_action'] as const) {
            await store.claimOfferPurchase(planChange({ id: `pur_${status}`, offerId: `offer_${status}` }));
            await store.updatePurchase(`pur_${status}`, { status });
            expect(await store.supersedePurchase(`pur_${status}`, at()), status).toBeNull();
          }
          expect(await store.supersedePurchase('pur_ghost', at())).toBeNull();
          expect((await store.listPurchases('cus_alice')).every((p) => p.supersededAt === null)).toBe(true);
        });

        it('lets 1 of 100 concurrent supersessions win, then inserts 1 row for 100 concurrent new claims', async () => {
          const { store, at } = await setup();
          await store.claimOfferPurchase(planChange({ id: 'pur_old' }));
          await store.updatePurchase('pur_old', { status: 'succeeded' });
          const marks = await Promise.all(Array.from({ length: 100 }, () => store.supersedePurchase('pur_old', at())));
          expect(marks.filter((mark) => mark !== null)).toHaveLength(1);
          const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => store.claimOfferPurchase(planChange({ id: `pur_new_${i}` }))));
          const claimed = answers.filter((answer) => answer.status === 'claimed');
          expect(claimed).toHaveLength(1);
          expect(answers.every((answer) => answer.purchase.id === claimed[0]?.purchase.id)).toBe(true);
          expect(await store.listPurchases('cus_alice')).toHaveLength(2);
        });
      });

      it('lists a customer’s purchases oldest first and no one else’s', async () => {
        const { store } = await setup();
        for (const [id, customerId, offerId] of [
          ['pur_1', 'cus_alice', 'o1'],
          ['pur_2', 'cus_bob', 'o1'],
          ['pur_3', 'cus_alice', 'o2'],
          ['pur_4', 'cus_alice', 'o3'],
        ] as const) {
          await store.claimOfferPurchase(purchaseRecord({ id, customerId, offerId }));
        }
        expect((await store.listPurchases('cus_alice')).map((p) => p.id)).toEqual(['pur_1', 'pur_3', 'pur_4']);
        expect((await store.listPurchases('cus_bob')).map((p) => p.id)).toEqual(['pur_2']);
        expect(await store.listPurchases('cus_nobody')).toEqual([]);
      });

      it('finds a purchase by its Dodo payment id, known at claim time or learned later', async () => {
        const { store } = await setup();
        await store.claimOfferPurchase(purchaseRecord({ id: 'pur_known', offerId: 'o1', paymentId: 'pay_known' }));
        await store.claimOfferPurchase(purchaseRecord({ id: 'pur_later', offerId: 'o2' }));
        expect(await store.findPurchaseByPaymentId('pay_later')).toBeNull();
        await store.updatePurchase('pur_later', { paymentId: 'pay_later', status: 'processing' });
        expect((await store.findPurchaseByPaymentId('pay_known'))?.id).toBe('pur_known');
        expect(await store.findPurchaseByPaymentId('pay_later')).toMatchObject({ id: 'pur_later', status: 'processing', paymentId: 'pay_later' });
        expect(await store.findPurchaseByPaymentId('pay_none')).toBeNull();
      });

      it('applies a patch field by field and returns the record as it now stands', async () => {
        const { store } = await setup();
        const record = purchaseRecord({ id: 'pur_p' });
        await store.claimOfferPurchase(record);
        const failure = { code: 'payment_method_unusable' as const, message: 'Card expired.', retryable: false };
        const patched = await store.updatePurchase('pur_p', {
          status: 'failed',
          paymentId: 'pay_9',
          actionUrl: 'https://pay.example/a',
          failure,
          fallbackCheckoutUrl: 'https://checkout.example/f',
          amount: { minor: 999, currency: 'EUR' },
          reconciledAt: '2030-03-01T11:00:00.000Z',
          updatedAt: '2030-03-01T11:00:01.000Z',
        });
        const expected: PurchaseRecord = {
          ...record,
          status: 'failed',
          paymentId: 'pay_9',
          actionUrl: 'https://pay.example/a',
          failure,
          fallbackCheckoutUrl: 'https://checkout.example/f',
          amount: { minor: 999, currency: 'EUR' },
          reconciledAt: '2030-03-01T11:00:00.000Z',
          updatedAt: '2030-03-01T11:00:01.000Z',
        };
        expect(patched).toEqual(expected);
        expect(await store.getPurchase('pur_p')).toEqual(expected);
        // Fields not in the patch stay; null clears.
        const cleared = await store.updatePurchase('pur_p', { status: 'succeeded', failure: null, actionUrl: null, fallbackCheckoutUrl: null, reconciledAt: null });
        expect(cleared).toEqual({ ...expected, status: 'succeeded', failure: null, actionUrl: null, fallbackCheckoutUrl: null, reconciledAt: null });
        expect(await store.updatePurchase('pur_missing', { status: 'succeeded' })).toBeNull();
      });

      it('updates only from an expected status (compare-and-set), and leaves the record alone otherwise', async () => {
        const { store } = await setup();
        await store.claimOfferPurchase(purchaseRecord({ id: 'pur_cas' }));
        expect(await store.updatePurchase('pur_cas', { status: 'processing' }, ['processing', 'requires_action'])).toBeNull();
        expect((await store.getPurchase('pur_cas'))?.status).toBe('pending');
        expect(await store.updatePurchase('pur_cas', { status: 'processing' }, [])).toBeNull();
        expect(await store.updatePurchase('pur_cas', { status: 'processing', paymentId: 'pay_1' }, ['pending'])).toMatchObject({ status: 'processing', paymentId: 'pay_1' });
        // An empty patch answers "is it in one of these statuses?" without changing anything.
        expect(await store.updatePurchase('pur_cas', {}, ['processing'])).toMatchObject({ id: 'pur_cas', status: 'processing' });
        expect(await store.updatePurchase('pur_cas', {}, ['pending'])).toBeNull();
        expect(await store.updatePurchase('pur_missing', {}, ['pending'])).toBeNull();
      });

      it('lets exactly 1 of 100 concurrent compare-and-sets from the same status win', async () => {
        const { store } = await setup();
        await store.claimOfferPurchase(purchaseRecord({ id: 'pur_race' }));
        const results = await Promise.all(
          Array.from({ length: 100 }, (_, i) => store.updatePurchase('pur_race', { status: 'processing', paymentId: `pay_${i}` }, ['pending'])),
        );
        const winners = results.filter((result) => result !== null);
        expect(winners).toHaveLength(1);
        expect((await store.getPurchase('pur_race'))?.paymentId).toBe(winners[0]?.paymentId);
      });

      it('settles a race between success and failure news consistently with the winner', async () => {
        const { store } = await setup();
        await store.claimOfferPurchase(purchaseRecord({ id: 'pur_news', status: 'processing' }));
        const failure = { code: 'payment_declined' as const, message: 'Declined.', retryable: false };
        const [succeeded, failed] = await Promise.all([
          store.updatePurchase('pur_news', { status: 'succeeded', failure: null }, ['pending', 'processing', 'requires_action', 'failed']),
          store.updatePurchase('pur_news', { status: 'failed', failure }, ['pending', 'processing', 'requires_action']),
        ]);
        // Success may follow failure, never the other way round: the end state is succeeded.
        expect(succeeded).not.toBeNull();
        expect(await store.getPurchase('pur_news')).toMatchObject({ status: 'succeeded', failure: null });
        if (failed !== null) expect(failed.status).toBe('failed');
      });

      it('hands out copies: changing a returned record changes nothing stored', async () => {
        const { store } = await setup();
        const claim = await store.claimOfferPurchase(purchaseRecord({ id: 'pur_copy' }));
        claim.purchase.status = 'succeeded';
        const read = await store.getPurchase('pur_copy');
        if (read) read.amount = { minor: 1, currency: 'USD' };
        expect(await store.getPurchase('pur_copy')).toMatchObject({ status: 'pending', amount: { minor: 14900 } });
      });
    });

    describe('offer events and stats', () => {
      const events = (offerId: string, kinds: readonly OfferEvent['event'][], at: string): OfferEvent[] => kinds.map((event) => ({ offerId, event, at }));

      it('lists a customer’s events oldest first, exactly as recorded', async () => {
        const { store, clock, at } = await setup();
        const recorded: OfferEvent[] = [];
        for (const [offerId, event] of [
          ['starter_to_bundle', 'shown'],
          ['starter_to_bundle', 'declined'],
          ['starter_to_module', 'shown'],
          ['single_to_team', 'dismissed'],
        ] as const) {
          clock.t += 1_234;
          const item: OfferEvent = { offerId, event, at: at() };
          recorded.push(item);
          await store.recordOfferEvent('cus_alice', item);
        }
        await store.recordOfferEvent('cus_bob', { offerId: 'starter_to_bundle', event: 'accepted', at: at() });
        expect(await store.listOfferEvents('cus_alice')).toEqual(recorded);
        expect(await store.listOfferEvents('cus_bob')).toHaveLength(1);
        expect(await store.listOfferEvents('cus_nobody')).toEqual([]);
      });

      it('counts impressions, accepts, declines, dismissals and failures per offer, with conversion = accepts ÷ impressions', async () => {
        const { store, at } = await setup();
        const alice = [
          ...events('starter_to_bundle', ['shown', 'shown', 'accepted', 'shown', 'dismissed', 'failed'], at()),
          ...events('single_to_team', ['declined'], at()),
          ...events('starter_to_module', ['shown', 'shown', 'shown', 'shown', 'accepted', 'accepted', 'accepted'], at()),
        ];
        const bob = [...events('starter_to_bundle', ['shown', 'accepted'], at()), ...events('basic_to_pro', ['shown'], at())];
        for (const event of alice) await store.recordOfferEvent('cus_alice', event);
        for (const event of bob) await store.recordOfferEvent('cus_bob', event);

        const own = await store.getOfferStats('cus_alice');
        expect(own).toEqual(summarizeOfferEvents(alice));
        expect(own).toEqual([
          { offerId: 'starter_to_bundle', impressions: 3, accepts: 1, declines: 0, dismissals: 1, failures: 1, conversionRate: 1 / 3 },
          { offerId: 'single_to_team', impressions: 0, accepts: 0, declines: 1, dismissals: 0, failures: 0, conversionRate: 0 },
          { offerId: 'starter_to_module', impressions: 4, accepts: 3, declines: 0, dismissals: 0, failures: 0, conversionRate: 0.75 },
        ]);
        const everyone = await store.getOfferStats(null);
        expect([...everyone].sort(byOffer)).toEqual(summarizeOfferEvents([...alice, ...bob]).sort(byOffer));
        expect(everyone.find((stats) => stats.offerId === 'starter_to_bundle')).toMatchObject({ impressions: 4, accepts: 2, conversionRate: 0.5 });
        expect(await store.getOfferStats('cus_nobody')).toEqual([]);
      });

      it('keeps all of 100 concurrent events', async () => {
        const { store, at } = await setup();
        await Promise.all(
          Array.from({ length: 100 }, (_, i) => store.recordOfferEvent('cus_alice', { offerId: 'starter_to_bundle', event: i % 4 === 0 ? 'accepted' : 'shown', at: at() })),
        );
        expect(await store.listOfferEvents('cus_alice')).toHaveLength(100);
        expect(await store.getOfferStats('cus_alice')).toEqual([
          { offerId: 'starter_to_bundle', impressions: 75, accepts: 25, declines: 0, dismissals: 0, failures: 0, conversionRate: 25 / 75 },
        ]);
      });
    });

    describe('webhook ids', () => {
      it('marks an id once, and again after it is forgotten', async () => {
        const { store, at } = await setup();
        expect(await store.markWebhookProcessed('msg_1', at())).toBe(true);
        expect(await store.markWebhookProcessed('msg_1', at())).toBe(false);
        expect(await store.markWebhookProcessed('msg_2', at())).toBe(true);
        await store.forgetWebhook('msg_1');
        expect(await store.markWebhookProcessed('msg_1', at())).toBe(true);
        expect(await store.markWebhookProcessed('msg_2', at())).toBe(false);
        await store.forgetWebhook('msg_never');
      });

      it('gives 1 of 100 concurrent deliveries of one id the go-ahead', async () => {
        const { store, at } = await setup();
        const answers = await Promise.all(Array.from({ length: 100 }, () => store.markWebhookProcessed('msg_dup', at())));
        expect(answers.filter(Boolean)).toHaveLength(1);
      });

      it('forgets an id after its lifetime, and not before', async () => {
        const { store, clock, at } = await setup({ webhookTtlMs: DAY });
        expect(await store.markWebhookProcessed('msg_old', at())).toBe(true);
        clock.t += DAY - 1_000;
        expect(await store.markWebhookProcessed('msg_old', at())).toBe(false);
        clock.t += 2_000;
        expect(await store.markWebhookProcessed('msg_old', at())).toBe(true);
        expect(await store.markWebhookProcessed('msg_old', at())).toBe(false);
      });
    });

    describe('ownership', () => {
      it('records each product once per subscription and source, oldest first, per customer', async () => {
        const { store, clock, at } = await setup();
        const entry = (productId: string, subscriptionId: string | null, source: string, customerId = 'cus_alice') => {
          clock.t += 1_000;
          return { customerId, productId, subscriptionId, source, at: at() };
        };
        const first = entry('prod_starter_course', null, 'payment.succeeded');
        const second = entry('prod_basic_monthly', 'sub_1', 'subscription.active');
        const third = entry('prod_basic_monthly', 'sub_1', 'payment.succeeded');
        const fourth = entry('prod_basic_monthly', 'sub_2', 'subscription.active');
        for (const item of [first, second, third, fourth]) await store.recordOwnership(item);
        // Duplicates, including a null subscription, are ignored.
        await store.recordOwnership(entry('prod_starter_course', null, 'payment.succeeded'));
        await store.recordOwnership(entry('prod_basic_monthly', 'sub_1', 'subscription.active'));
        await store.recordOwnership(entry('prod_pro_monthly', 'sub_9', 'subscription.active', 'cus_bob'));
        expect(await store.listOwnership('cus_alice')).toEqual([first, second, third, fourth]);
        expect((await store.listOwnership('cus_bob')).map((item) => item.productId)).toEqual(['prod_pro_monthly']);
        expect(await store.listOwnership('cus_nobody')).toEqual([]);
      });

      it('keeps 1 of 50 concurrent identical records', async () => {
        const { store, at } = await setup();
        const item = { customerId: 'cus_alice', productId: 'prod_starter_course', subscriptionId: null, source: 'payment.succeeded', at: at() };
        await Promise.all(Array.from({ length: 50 }, () => store.recordOwnership(item)));
        expect(await store.listOwnership('cus_alice')).toEqual([item]);
      });
    });
  });
}
