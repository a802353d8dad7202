import { ConflictError } from 'dodopayments';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createDodoSandbox,
  DEFAULT_SEED,
  PM_MC_3DS_3155,
  PROD_BASIC_MONTHLY,
  PROD_PLUS_MONTHLY,
  PROD_PRO_MONTHLY,
  SANDBOX_TODAY,
  SUB_ALICE_BASIC,
  SUB_BOB_PRO,
  SUB_DAVE_PLUS,
  type DodoSandbox,
  type ProrationBillingMode,
  type SandboxSeed,
} from '../../src/sandbox';
import { sdk, startWebhookReceiver, type WebhookReceiver } from './helpers';

let sandbox: DodoSandbox;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  // 2026-11-28T12:00Z: Alice's Basic period (11-13 → 12-13) has 14.5 of 30 days left.
  sandbox = await createDodoSandbox({ webhookUrl: receiver.url, now: () => new Date(SANDBOX_TODAY) });
});
afterAll(async () => {
  await sandbox.close();
  await receiver.close();
});
beforeEach(async () => {
  await sandbox.webhooks.flush();
  sandbox.reset();
  receiver.received.length = 0;
});

function body(product_id: string, proration_billing_mode: ProrationBillingMode, quantity = 1) {
  return { product_id, quantity, proration_billing_mode };
}

describe('difference_immediately', () => {
  it('charges $50 for Basic ($30) → Pro ($80), as in Dodo’s guide', async () => {
    const client = sdk(sandbox);
    const preview = await client.subscriptions.previewChangePlan(SUB_ALICE_BASIC, body(PROD_PRO_MONTHLY, 'difference_immediately'));
    expect(preview.immediate_charge.summary).toMatchObject({ total_amount: 5000, customer_credits: 0, currency: 'USD' });
    expect(preview.immediate_charge.effective_at).toBe(SANDBOX_TODAY);
    expect(preview.new_plan).toMatchObject({ product_id: PROD_PRO_MONTHLY, recurring_pre_tax_amount: 8000, next_billing_date: '2026-12-13T00:00:00.000Z' });
    const lines = preview.immediate_charge.line_items.filter((l) => l.type === 'subscription');
    expect(lines.map((l) => [l.product_id, l.unit_price])).toEqual([
      [PROD_PRO_MONTHLY, 8000],
      [PROD_BASIC_MONTHLY, -3000],
    ]);
    // A preview changes nothing.
    expect(sandbox.state.subscriptions.get(SUB_ALICE_BASIC)?.product_id).toBe(PROD_BASIC_MONTHLY);

    const result = await client.subscriptions.changePlan(SUB_ALICE_BASIC, body(PROD_PRO_MONTHLY, 'difference_immediately'));
    expect(result).toEqual({ payment_id: expect.stringMatching(/^pay_/), payment_link: null, client_secret: null, expires_on: null });
    expect(await client.payments.retrieve(result.payment_id ?? '')).toMatchObject({ status: 'succeeded', total_amount: 5000, subscription_id: SUB_ALICE_BASIC });
    expect(await client.subscriptions.retrieve(SUB_ALICE_BASIC)).toMatchObject({ product_id: PROD_PRO_MONTHLY, recurring_pre_tax_amount: 8000 });

    const types = (await receiver.waitFor(2)).map((w) => (JSON.parse(w.body) as { type: string }).type);
    expect(types).toEqual(['payment.succeeded', 'subscription.plan_changed']);
  });

  it('turns Pro ($80) → Basic ($30) into a $50 subscription credit and charges nothing', async () => {
    const client = sdk(sandbox);
    const preview = await client.subscriptions.previewChangePlan(SUB_BOB_PRO, body(PROD_BASIC_MONTHLY, 'difference_immediately'));
    expect(preview.immediate_charge.summary).toMatchObject({ total_amount: 0, customer_credits: 5000 });
    const result = await client.subscriptions.changePlan(SUB_BOB_PRO, body(PROD_BASIC_MONTHLY, 'difference_immediately'));
    expect(result.payment_id ?? null).toBeNull();
    expect(sandbox.state.subscriptions.get(SUB_BOB_PRO)).toMatchObject({ product_id: PROD_BASIC_MONTHLY, credit_balance: 5000 });
    expect(sandbox.payments()).toHaveLength(0);
    const [webhook] = await receiver.waitFor(1);
    expect(JSON.parse(webhook?.body ?? '{}')).toMatchObject({ type: 'subscription.plan_changed', data: { subscription_id: SUB_BOB_PRO, product_id: PROD_BASIC_MONTHLY } });
  });
});

describe('other proration modes', () => {
  it('prorated_immediately charges (new − current) × remaining / period, rounded half away from zero', async () => {
    const client = sdk(sandbox);
    // 5000 × 14.5 / 30 = 2416.67 → 2417
    const up = await client.subscriptions.previewChangePlan(SUB_ALICE_BASIC, body(PROD_PRO_MONTHLY, 'prorated_immediately'));
    expect(up.immediate_charge.summary).toMatchObject({ total_amount: 2417, customer_credits: 0 });
    expect(up.immediate_charge.line_items[0]?.type === 'subscription' && up.immediate_charge.line_items[0].proration_factor).toBeCloseTo(14.5 / 30, 10);
    // Bob, same period, Pro → Basic: −5000 × 14.5 / 30 = −2416.67 → credit 2417 (away from zero)
    const down = await client.subscriptions.previewChangePlan(SUB_BOB_PRO, body(PROD_BASIC_MONTHLY, 'prorated_immediately'));
    expect(down.immediate_charge.summary).toMatchObject({ total_amount: 0, customer_credits: 2417 });

    const result = await client.subscriptions.changePlan(SUB_ALICE_BASIC, body(PROD_PRO_MONTHLY, 'prorated_immediately'));
    expect(sandbox.charges()).toMatchObject([{ payment_id: result.payment_id, total_amount: 2417 }]);
  });

  it('full_immediately charges the full new price × quantity and restarts the period', async () => {
    const preview = await sdk(sandbox).subscriptions.previewChangePlan(SUB_ALICE_BASIC, body(PROD_PLUS_MONTHLY, 'full_immediately', 2));
    expect(preview.immediate_charge.summary.total_amount).toBe(10000);
    expect(preview.new_plan).toMatchObject({ quantity: 2, previous_billing_date: SANDBOX_TODAY, next_billing_date: '2026-12-28T12:00:00.000Z' });
  });

  it('do_not_bill charges nothing and still changes the plan', async () => {
    const client = sdk(sandbox);
    const preview = await client.subscriptions.previewChangePlan(SUB_ALICE_BASIC, body(PROD_PRO_MONTHLY, 'do_not_bill'));
    expect(preview.immediate_charge).toMatchObject({ line_items: [], summary: { total_amount: 0, customer_credits: 0 } });
    await client.subscriptions.changePlan(SUB_ALICE_BASIC, body(PROD_PRO_MONTHLY, 'do_not_bill'));
    expect(sandbox.state.subscriptions.get(SUB_ALICE_BASIC)?.product_id).toBe(PROD_PRO_MONTHLY);
    expect(sandbox.payments()).toHaveLength(0);
  });
});

describe('conflicts and failures', () => {
  it('answers 409 to preview and change while a change is pending', async () => {
    const client = sdk(sandbox);
    for (const call of [
      () => client.subscriptions.previewChangePlan(SUB_DAVE_PLUS, body(PROD_PRO_MONTHLY, 'difference_immediately')),
      () => client.subscriptions.changePlan(SUB_DAVE_PLUS, body(PROD_PRO_MONTHLY, 'difference_immediately')),
    ]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConflictError);
      expect(error).toMatchObject({ status: 409, error: { code: 'PLAN_CHANGE_PENDING' } });
    }
    sandbox.setSubscriptionPendingChange(SUB_ALICE_BASIC, true);
    await expect(client.subscriptions.changePlan(SUB_ALICE_BASIC, body(PROD_PRO_MONTHLY, 'difference_immediately'))).rejects.toBeInstanceOf(ConflictError);
    sandbox.setSubscriptionPendingChange(SUB_ALICE_BASIC, false);
    await expect(client.subscriptions.changePlan(SUB_ALICE_BASIC, body(PROD_PRO_MONTHLY, 'difference_immediately'))).resolves.toMatchObject({
      payment_id: expect.any(String),
    });
  });

  it('a declined plan-change charge still moves the plan by default, not with on_payment_failure: prevent_change', async () => {
    const client = sdk(sandbox);
    await client.subscriptions.changePlan(SUB_BOB_PRO, { ...body(PROD_PRO_MONTHLY, 'difference_immediately', 2), on_payment_failure: 'prevent_change' });
    expect(sandbox.state.subscriptions.get(SUB_BOB_PRO)?.quantity).toBe(1);
    const result = await client.subscriptions.changePlan(SUB_BOB_PRO, body(PROD_PRO_MONTHLY, 'difference_immediately', 2));
    expect(await client.payments.retrieve(result.payment_id ?? '')).toMatchObject({ status: 'failed', error_code: 'CARD_DECLINED', total_amount: 8000 });
    expect(sandbox.state.subscriptions.get(SUB_BOB_PRO)?.quantity).toBe(2);
    expect(sandbox.charges()).toHaveLength(0);
  });

  it('a 3-D Secure plan-change charge holds the change (409 meanwhile) until the customer authenticates', async () => {
    const seed: SandboxSeed = structuredClone(DEFAULT_SEED);
    const alice = seed.subscriptions.find((s) => s.subscription_id === SUB_ALICE_BASIC);
    if (alice) alice.payment_method_id = PM_MC_3DS_3155;
    const custom = await createDodoSandbox({ seed, now: () => new Date(SANDBOX_TODAY) });
    try {
      const client = sdk(custom);
      const result = await client.subscriptions.changePlan(SUB_ALICE_BASIC, body(PROD_PRO_MONTHLY, 'difference_immediately'));
      expect(result.payment_link).toBe(`${custom.url}/sandbox/action/${result.payment_id}`);
      expect(custom.state.subscriptions.get(SUB_ALICE_BASIC)?.product_id).toBe(PROD_BASIC_MONTHLY);
      await expect(client.subscriptions.previewChangePlan(SUB_ALICE_BASIC, body(PROD_PLUS_MONTHLY, 'difference_immediately'))).rejects.toBeInstanceOf(ConflictError);

      custom.completeAction(result.payment_id ?? '');
      expect(custom.state.subscriptions.get(SUB_ALICE_BASIC)).toMatchObject({ product_id: PROD_PRO_MONTHLY, pending_change: false });
      expect(custom.webhooks.pending().map((w) => w.type)).toEqual(['payment.succeeded', 'subscription.plan_changed']);
    } finally {
      await custom.close();
    }
  });

  it('rejects an invalid mode, a one-time product and the current plan with 422', async () => {
    const client = sdk(sandbox);
    const invalidBodies = [
      { product_id: PROD_PRO_MONTHLY, quantity: 1, proration_billing_mode: 'sometimes' },
      body('prod_priority_support', 'difference_immediately'),
      body(PROD_BASIC_MONTHLY, 'difference_immediately'),
      body(PROD_PRO_MONTHLY, 'difference_immediately', 0),
    ];
    for (const invalid of invalidBodies) {
      const response = await fetch(`${sandbox.url}/subscriptions/${SUB_ALICE_BASIC}/change-plan/preview`, {
        method: 'POST',
        headers: { authorization: 'Bearer sk_test_sandbox', 'content-type': 'application/json' },
        body: JSON.stringify(invalid),
      });
      expect(response.status, JSON.stringify(invalid)).toBe(422);
    }
    await expect(client.subscriptions.retrieve('sub_missing')).rejects.toMatchObject({ status: 404 });
  });
});
