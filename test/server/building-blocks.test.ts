/**
 * The server's building blocks on their own: signed tokens, the memory store's atomic
 * claims, the settlement rules, the product cache, Dodo error mapping and rule validation.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'dodopayments';
import { describe, expect, it } from 'vitest';
import { money } from '../../src/core/index';
import { decodeBase64Url, encodeBase64Url } from '../../src/server/base64url';
import { classifyDodoError, codeForRefusal, toUpsellError } from '../../src/server/dodo-errors';
import { createMemoryStore, GUIDE_OFFER_RULES, SETTLE_FROM, validateOfferRules } from '../../src/server/index';
import type { PurchaseRecord } from '../../src/server/index';
import { normalizeOrigin, isAllowedOrigin } from '../../src/server/origin-check';
import { parseExpiryPart, toPaymentMethodRecord, defaultSupportedCurrencies } from '../../src/server/payment-methods';
import { constantTimeEqual, createTokenSigner } from '../../src/server/signed-token';
import { readOfferToken } from '../../src/server/tokens';
import { createTtlCache } from '../../src/server/ttl-cache';
import { sha256Hex, webCryptoSha256Hex } from '../../src/server/ids';
import { createWebhookVerifier } from '../../src/server/webhook-verifier';
import { Webhook } from 'standardwebhooks';
import { purchaseRecord } from '../support/purchase-record';

const SECRET = 'unit-test-secret-unit-test-secret-0123';

describe('signed tokens', () => {
  it('round-trips and refuses every single-character change, another purpose and another secret', async () => {
    const signer = createTokenSigner(SECRET);
    const token = await signer.sign('offer/v1', { a: 1, b: 'two' });
    expect(await signer.verify('offer/v1', token)).toEqual({ a: 1, b: 'two' });
    expect(await signer.verify('quote/v1', token)).toBeNull();
    expect(await createTokenSigner(`${SECRET}x`).verify('offer/v1', token)).toBeNull();
    let accepted = 0;
    for (let i = 0; i < token.length; i += 1) {
      if (token[i] === '.') continue;
      const changed = token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
      if ((await signer.verify('offer/v1', changed)) !== null) accepted += 1;
    }
    expect(accepted).toBe(0);
    expect(await signer.verify('offer/v1', `${token}.x`)).toBeNull();
    expect(await signer.verify('offer/v1', 'a'.repeat(5000))).toBeNull();
  });

  it('signs byte-identical tokens with node:crypto and WebCrypto (the edge-runtime fallback), and each verifies the other', async () => {
    const node = createTokenSigner(SECRET, { backend: 'node' });
    const web = createTokenSigner(SECRET, { backend: 'webcrypto' });
    for (const payload of [{ a: 1, s: 'héllo 🙂 ₹' }, { oid: 'basic_to_pro', amt: 5000, cur: 'USD', exp: 1_800_000_000 }]) {
      const token = await node.sign('offer/v1', payload);
      expect(await web.sign('offer/v1', payload)).toBe(token);
      expect(await web.verify('offer/v1', token)).toEqual(payload);
      expect(await node.verify('offer/v1', await web.sign('offer/v1', payload))).toEqual(payload);
      expect(await web.verify('quote/v1', token)).toBeNull();
      expect(await createTokenSigner(`${SECRET}x`, { backend: 'webcrypto' }).verify('offer/v1', token)).toBeNull();
    }
  });

  it('refuses short secrets at creation', () => {
    expect(() => createTokenSigner('short')).toThrow(/32 characters/);
  });

  it('binds the customer: a genuine token of another customer is not_found', async () => {
    const signer = createTokenSigner(SECRET);
    const claims = { v: 1 as const, oid: 'o', cid: 'cus_alice', pid: 'prod_x', amt: 100, cur: 'USD', qty: 1, sub: null, pm: null, bc: null, pl: 'checkout' as const, exp: 1 };
    const token = await signer.sign('offer/v1', claims);
    await expect(readOfferToken(signer, token, 'cus_bob')).rejects.toMatchObject({ code: 'not_found' });
    await expect(readOfferToken(signer, token, 'cus_alice')).resolves.toEqual(claims);
    const extra = await signer.sign('offer/v1', { ...claims, admin: true });
    await expect(readOfferToken(signer, extra, 'cus_alice')).rejects.toMatchObject({ code: 'invalid_request' });
  });

  it('compares in constant time over both lengths', () => {
    expect(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3]))).toBe(true);
    expect(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4]))).toBe(false);
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2, 0]))).toBe(false);
  });

  it('base64url round-trips bytes and refuses other alphabets', () => {
    const bytes = new Uint8Array(Array.from({ length: 256 }, (_, i) => i));
    expect(decodeBase64Url(encodeBase64Url(bytes))).toEqual(bytes);
    expect(decodeBase64Url('a+b/')).toBeNull();
    expect(decodeBase64Url('abcde')).toBeNull();
  });
});

function purchase(id: string, overrides: Partial<PurchaseRecord> = {}): PurchaseRecord {
  return purchaseRecord({ id, amount: money(14900, 'USD'), createdAt: '2026-11-28T00:00:00.000Z', updatedAt: '2026-11-28T00:00:00.000Z', ...overrides });
}

describe('memory store', () => {
  it('gives an idempotency key to exactly one of many concurrent claimers', async () => {
    const store = createMemoryStore();
    const claims = await Promise.all(Array.from({ length: 500 }, () => store.claimIdempotencyKey('purchase:cus_alice', 'k', 'fp', new Date().toISOString())));
    expect(claims.filter((claim) => claim.status === 'claimed')).toHaveLength(1);
    await store.completeIdempotencyKey('purchase:cus_alice', 'k', { kind: 'purchase', purchaseId: 'pur_1' });
    await store.releaseIdempotencyKey('purchase:cus_alice', 'k'); // a completed key is not released
    expect(await store.claimIdempotencyKey('purchase:cus_alice', 'k', 'fp', new Date().toISOString())).toMatchObject({
      status: 'existing',
      record: { state: 'completed', result: { kind: 'purchase', purchaseId: 'pur_1' } },
    });
    // Keys are scoped: the same key of another customer is a different key.
    expect(await store.claimIdempotencyKey('purchase:cus_bob', 'k', 'fp', new Date().toISOString())).toEqual({ status: 'claimed' });
  });

  it('lets one purchase per customer and offer through, until it fails', async () => {
    const store = createMemoryStore();
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => store.claimOfferPurchase(purchase(`pur_${i}`))));
    expect(results.filter((result) => result.status === 'claimed')).toHaveLength(1);
    const winner = results.find((result) => result.status === 'claimed')?.purchase.id ?? '';
    expect((await store.claimOfferPurchase(purchase('pur_other', { customerId: 'cus_bob' }))).status).toBe('claimed');
    await store.updatePurchase(winner, { status: 'failed' });
    expect((await store.claimOfferPurchase(purchase('pur_retry'))).status).toBe('claimed');
  });

  it('applies an update only from the expected statuses (compare-and-set)', async () => {
    const store = createMemoryStore();
    await store.claimOfferPurchase(purchase('pur_1', { status: 'succeeded' }));
    expect(await store.updatePurchase('pur_1', { status: 'failed' }, SETTLE_FROM.failed)).toBeNull();
    expect((await store.getPurchase('pur_1'))?.status).toBe('succeeded');
    expect(await store.updatePurchase('pur_1', { paymentId: 'pay_1' })).toMatchObject({ paymentId: 'pay_1' });
    expect((await store.findPurchaseByPaymentId('pay_1'))?.id).toBe('pur_1');
  });

  it('marks a webhook id processed once, and forgets it on request', async () => {
    const store = createMemoryStore();
    const at = new Date().toISOString();
    const marks = await Promise.all([store.markWebhookProcessed('msg_1', at), store.markWebhookProcessed('msg_1', at)]);
    expect(marks.sort()).toEqual([false, true]);
    await store.forgetWebhook('msg_1');
    expect(await store.markWebhookProcessed('msg_1', at)).toBe(true);
  });

  it('expires idempotency keys and webhook ids after their TTL', async () => {
    let now = Date.parse('2026-11-28T00:00:00.000Z');
    const store = createMemoryStore({ now: () => new Date(now), idempotencyTtlMs: 1_000, webhookTtlMs: 1_000 });
    await store.claimIdempotencyKey('s', 'k', 'f', new Date(now).toISOString());
    await store.markWebhookProcessed('msg_1', new Date(now).toISOString());
    now += 2_000;
    expect(await store.claimIdempotencyKey('s', 'k', 'f', new Date(now).toISOString())).toEqual({ status: 'claimed' });
    expect(await store.markWebhookProcessed('msg_1', new Date(now).toISOString())).toBe(true);
  });
});

describe('settlement rules', () => {
  it('never lets failed replace succeeded, and lets succeeded replace anything', () => {
    expect(SETTLE_FROM.failed).not.toContain('succeeded');
    expect(SETTLE_FROM.succeeded).toEqual(expect.arrayContaining(['pending', 'processing', 'requires_action', 'failed']));
    expect(SETTLE_FROM.processing).toEqual(['pending']);
  });
});

describe('product cache', () => {
  it('shares one load among concurrent misses and expires after the TTL', async () => {
    let now = 0;
    let loads = 0;
    const cache = createTtlCache<number>({ ttlMs: 1_000, now: () => new Date(now) });
    const load = async (): Promise<number> => {
      loads += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return loads;
    };
    expect(await Promise.all(Array.from({ length: 50 }, () => cache.get('p', load)))).toEqual(Array(50).fill(1));
    now = 999;
    expect(await cache.get('p', load)).toBe(1);
    now = 1_001;
    expect(await cache.get('p', load)).toBe(2);
    const failing = createTtlCache<number>({ ttlMs: 1_000, now: () => new Date(now) });
    await expect(failing.get('x', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await failing.get('x', async () => 7)).toBe(7);
  });
});

describe('Dodo error mapping', () => {
  it('treats no response, 408 and 5xx as an unknown outcome, other 4xx as a refusal', () => {
    expect(classifyDodoError(new APIConnectionTimeoutError())).toEqual({ kind: 'unknown_outcome', status: null });
    expect(classifyDodoError(new APIConnectionError({ message: 'reset' }))).toEqual({ kind: 'unknown_outcome', status: null });
    expect(classifyDodoError(APIError.generate(502, { code: 'X' }, 'bad gateway', new Headers()))).toEqual({ kind: 'unknown_outcome', status: 502 });
    expect(classifyDodoError(APIError.generate(408, undefined, 'timeout', new Headers()))).toMatchObject({ kind: 'unknown_outcome' });
    expect(classifyDodoError(APIError.generate(422, { code: 'PAYMENT_METHOD_EXPIRED', message: 'x' }, 'x', new Headers()))).toEqual({
      kind: 'refused',
      status: 422,
      dodoCode: 'PAYMENT_METHOD_EXPIRED',
    });
    expect(classifyDodoError(new Error('bug'))).toBeNull();
  });

  it('maps refusals to kit codes and never passes Dodo’s message on', () => {
    expect(codeForRefusal({ status: 409, dodoCode: 'PLAN_CHANGE_PENDING' }, 'plan_change')).toBe('plan_change_pending');
    expect(codeForRefusal({ status: 429, dodoCode: null }, 'read')).toBe('rate_limited');
    expect(codeForRefusal({ status: 404, dodoCode: null }, 'read')).toBe('not_found');
    expect(codeForRefusal({ status: 400, dodoCode: 'CARD_DECLINED' }, 'charge')).toBe('payment_declined');
    expect(codeForRefusal({ status: 422, dodoCode: null }, 'read')).toBe('invalid_request');
    const error = toUpsellError(APIError.generate(500, { message: 'db password is hunter2' }, 'db password is hunter2', new Headers()));
    expect(error.code).toBe('upstream');
    expect(JSON.stringify(error.toJSON())).not.toContain('hunter2');
  });
});

describe('payment method mapping', () => {
  it('parses Dodo’s expiry strings and fails closed on garbage', () => {
    expect(parseExpiryPart('08', 'month')).toBe(8);
    expect(parseExpiryPart('2030', 'year')).toBe(2030);
    expect(parseExpiryPart('30', 'year')).toBe(2030);
    expect(parseExpiryPart('13', 'month')).toBe(0);
    expect(parseExpiryPart('soon', 'year')).toBe(0);
    expect(parseExpiryPart(null, 'month')).toBe(0);
    const record = toPaymentMethodRecord(
      { payment_method_id: 'pm_1', payment_method: 'card', card: { card_network: 'RUPAY', last4_digits: '6011', expiry_month: '10', expiry_year: '2029', card_issuing_country: 'IN' }, recurring_enabled: true, last_used_at: null },
      defaultSupportedCurrencies,
    );
    expect(record).toMatchObject({ card: { expMonth: 10, expYear: 2029, issuingCountry: 'IN' }, supportedCurrencies: ['INR'] });
  });
});

describe('origin check', () => {
  const request = (headers: Record<string, string>) => new Request('https://shop.example/api/upsell/purchases', { method: 'POST', headers });
  it('allows listed origins and same-origin fetches, refuses the rest', () => {
    const allowed = new Set(['https://shop.example']);
    expect(isAllowedOrigin(request({ origin: 'https://shop.example' }), allowed)).toBe(true);
    expect(isAllowedOrigin(request({ origin: 'https://SHOP.example:443' }), allowed)).toBe(true);
    expect(isAllowedOrigin(request({ origin: 'https://evil.example' }), allowed)).toBe(false);
    expect(isAllowedOrigin(request({ origin: 'null' }), allowed)).toBe(false);
    expect(isAllowedOrigin(request({}), allowed)).toBe(true);
    expect(isAllowedOrigin(request({ 'sec-fetch-site': 'same-origin' }), allowed)).toBe(true);
    expect(isAllowedOrigin(request({ 'sec-fetch-site': 'none' }), allowed)).toBe(false);
    expect(isAllowedOrigin(request({ origin: 'https://shop.example' }), null)).toBe(true);
    expect(isAllowedOrigin(request({ origin: 'https://other.example' }), null)).toBe(false);
    expect(normalizeOrigin('javascript:alert(1)')).toBeNull();
  });
});

describe('offer rules validation', () => {
  it('accepts the guide’s rules and names the first problem of a broken config', () => {
    expect(validateOfferRules(GUIDE_OFFER_RULES)).toBe(GUIDE_OFFER_RULES);
    const offers = [...GUIDE_OFFER_RULES.offers];
    expect(() => validateOfferRules({ ...GUIDE_OFFER_RULES, offers: [...offers, { ...offers[0]!, id: 'basic_to_pro' }] })).toThrow(/used twice/);
    expect(() => validateOfferRules({ ...GUIDE_OFFER_RULES, offers: offers.map((rule) => (rule.id === 'starter_to_bundle' ? { ...rule, declineTo: 'nope' } : rule)) })).toThrow(/declineTo "nope"/);
    expect(() => validateOfferRules({ ...GUIDE_OFFER_RULES, offers: offers.map((rule) => (rule.id === 'starter_to_module' ? { ...rule, declineTo: 'starter_to_bundle' } : rule)) })).toThrow(/loops/);
    expect(() => validateOfferRules({ ...GUIDE_OFFER_RULES, planLadder: null })).toThrow(/planLadder/);
    expect(() => validateOfferRules({ ...GUIDE_OFFER_RULES, crossSells: [{ productId: 'prod_x', offerIds: ['starter_to_bundle'] }] })).toThrow(/not a cross_sell/);
  });
});

describe('node:crypto fast paths agree with their edge-runtime fallbacks', () => {
  it('sha256Hex (node:crypto) and webCryptoSha256Hex give the same hex, so stored idempotency fingerprints keep matching', async () => {
    for (const text of ['', 'basic_to_pro\nprod_pro_monthly\n5000\nUSD\n1\nsub_1\npm_1', 'héllo 🙂 ₹ दिस॰', 'x'.repeat(10_000)]) {
      const fast = await sha256Hex(text);
      expect(fast).toMatch(/^[0-9a-f]{64}$/);
      expect(await webCryptoSha256Hex(text)).toBe(fast);
    }
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('the node:crypto webhook verifier gives the standardwebhooks package’s verdict on every kind of delivery', () => {
    const secret = `whsec_${Buffer.from('webhook-test-secret-0123456789abcdef').toString('base64')}`;
    const signer = new Webhook(secret);
    const body = JSON.stringify({ type: 'payment.succeeded', data: { payment_id: 'pay_1', note: 'héllo 🙂' } });
    const now = new Date();
    const headers = (id: string, at: Date, signature: string, timestamp = String(Math.floor(at.getTime() / 1000))) =>
      new Headers({ 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature });
    const good = signer.sign('msg_1', now, body);
    const cases: Array<[string, string, Headers, string]> = [
      ['valid', body, headers('msg_1', now, good), 'ok'],
      ['valid among other versions and signatures', body, headers('msg_1', now, `v0,abc v1,Zm9v ${good}`), 'ok'],
      ['body changed', `${body} `, headers('msg_1', now, good), 'bad_signature'],
      ['another id', body, headers('msg_2', now, good), 'bad_signature'],
      ['signature of another secret', body, headers('msg_1', now, new Webhook(`whsec_${Buffer.from('another-secret-0123456789abcdef').toString('base64')}`).sign('msg_1', now, body)), 'bad_signature'],
      ['v0 only', body, headers('msg_1', now, good.replace('v1,', 'v0,')), 'bad_signature'],
      ['empty signature', body, headers('msg_1', now, 'v1,'), 'bad_signature'],
      ['stale', body, headers('msg_1', new Date(now.getTime() - 10 * 60_000), signer.sign('msg_1', new Date(now.getTime() - 10 * 60_000), body)), 'stale_timestamp'],
      ['from the future', body, headers('msg_1', new Date(now.getTime() + 10 * 60_000), signer.sign('msg_1', new Date(now.getTime() + 10 * 60_000), body)), 'stale_timestamp'],
      ['timestamp not a number', body, headers('msg_1', now, good, 'soon'), 'bad_signature'],
      ['headers missing', body, new Headers({ 'webhook-id': 'msg_1' }), 'missing_headers'],
    ];
    const node = createWebhookVerifier(secret, { backend: 'node' });
    const reference = createWebhookVerifier(secret, { backend: 'standardwebhooks' });
    for (const [name, text, sent, expected] of cases) {
      const verdict = (result: ReturnType<typeof node.verify>) => (result.ok ? 'ok' : result.reason);
      expect({ name, verdict: verdict(reference.verify(text, sent)) }).toEqual({ name, verdict: expected });
      expect({ name, verdict: verdict(node.verify(text, sent)) }).toEqual({ name, verdict: expected });
    }
  });
});
