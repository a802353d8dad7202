/**
 * At least 1,000 generated malformed or hostile requests (seeded, reproducible): wrong types,
 * missing and extra fields, huge bodies, other customers' ids, tampered and expired tokens,
 * no session, foreign origins, forged webhooks. Every one must get a 4xx, none a 5xx, and
 * none may reach a mutating Dodo endpoint.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buyAtDodo, grantOwnership, mulberry32, obj, offersOf, SHOP_ORIGIN, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

interface Attack {
  category: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** Raw body text. */
  body?: string;
  /** Send over HTTP through toNodeListener instead of calling the handler directly. */
  overHttp?: boolean;
}

const TOTAL = 1_200;

it(`answers ${TOTAL} hostile requests with 4xx only, and makes no mutating Dodo call`, async () => {
  const rng = mulberry32(0xdeadbeef);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
  const int = (max: number): number => Math.floor(rng() * max);
  const junk = (length: number): string => Array.from({ length }, () => String.fromCharCode(32 + int(0x2ff))).join('');
  // Header values must be ByteStrings, so header junk stays in printable ASCII.
  const asciiJunk = (length: number): string => Array.from({ length }, () => String.fromCharCode(33 + int(94))).join('');

  // Genuine material to tamper with: Alice's offers, quote, payment and purchase.
  await grantOwnership(h.store, 'cus_alice', 'prod_starter_course');
  const alicePayment = await buyAtDodo(h, 'cus_alice', 'prod_templates_pack');
  const offers = offersOf((await h.call('GET', '/offers?placement=post_purchase')).body);
  const offerToken = String(offers.find((offer) => offer['id'] === 'starter_to_bundle')?.['token']);
  const crossToken = String(offers.find((offer) => offer['id'] === 'cross_priority_support')?.['token']);
  const quoteToken = String(
    obj(
      (
        await h.call('POST', '/plan-changes/preview', {
          body: { subscriptionId: 'sub_alice_basic', productId: 'prod_pro_monthly', quantity: 1, prorationMode: 'difference_immediately' },
        })
      ).body,
    )['quoteToken'],
  );
  h.clock.offsetMs = -60 * 60_000;
  const expiredOffer = String(offersOf((await h.call('GET', '/offers?placement=post_purchase')).body).find((offer) => offer['id'] === 'starter_to_bundle')?.['token']);
  const expiredQuote = String(
    obj(
      (
        await h.call('POST', '/plan-changes/preview', {
          body: { subscriptionId: 'sub_alice_basic', productId: 'prod_pro_monthly', quantity: 1, prorationMode: 'full_immediately' },
        })
      ).body,
    )['quoteToken'],
  );
  h.clock.offsetMs = 0;
  // A purchase of Alice's that fails (no usable method is chosen) leaves no purchase id; make a real one with a 3-D Secure card.
  const alicePurchase = String(
    obj((await h.call('POST', '/purchases', { body: { offerToken, paymentMethodId: 'pm_mc_3ds_3155', idempotencyKey: 'setup-3ds-0001' } })).body)['purchaseId'],
  );
  const mutatingBefore = h.mutatingCalls();
  const reportedBefore = h.reported.length;

  const tamper = (token: string): string => {
    const i = int(token.length);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let replacement = pick([...alphabet]);
    if (replacement === token[i]) replacement = replacement === 'A' ? 'B' : 'A';
    return token.slice(0, i) + replacement + token.slice(i + 1);
  };
  const reforge = (token: string, change: Record<string, unknown>): string => {
    // Rewrite the payload (e.g. another customer, a lower price) and keep the old signature.
    const [payload = '', signature = ''] = token.split('.');
    const json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    return `${Buffer.from(JSON.stringify({ ...json, ...change })).toString('base64url')}.${signature}`;
  };
  const badTokens = (): unknown =>
    pick([
      () => tamper(offerToken),
      () => tamper(quoteToken),
      () => reforge(offerToken, { amt: 1 }),
      () => reforge(offerToken, { cid: 'cus_bob' }),
      () => reforge(offerToken, { exp: Date.now() + 86_400_000 }),
      () => reforge(quoteToken, { chg: 0 }),
      () => `${offerToken}.extra`,
      () => offerToken.split('.')[0],
      () => quoteToken, // a quote where an offer token belongs (and vice versa below)
      () => 'x'.repeat(5000),
      () => junk(40),
      () => '',
      () => 12345,
      () => null,
      () => ['a'],
      () => ({ token: offerToken }),
    ])();
  const wrongType = (): unknown => pick([123, -1, 1.5, true, false, null, [], {}, [1, 2], { a: 1 }, '', 'x'.repeat(300), junk(20), '../../etc/passwd', '<script>', 'pm_visa_4242 OR 1=1']);
  const goodKey = (): string => `hostile-${int(1e9)}-${int(1e9)}`;
  const badKey = (): unknown => pick(['short', '', 'has space here', 'ü'.repeat(20), 'x'.repeat(129), 42, null, ['k'], 'key/with/slash!']);

  type Generator = () => Attack;
  const json = (value: unknown): string => JSON.stringify(value);
  const generators: Array<[string, Generator]> = [
    ['no session', () => ({ category: 'no session', method: pick(['GET', 'POST']), path: pick(['/payment-methods', '/offers?placement=checkout', '/purchases', '/purchases/pur_abc', '/plan-changes', '/plan-changes/preview', '/checkouts', '/events', '/stats']), headers: { 'x-session': pick(['', 'mallory', 'alice_', 'ALICE']), 'content-type': 'application/json' }, body: '{}' })],
    ['wrong method', () => ({ category: 'wrong method', method: pick(['PUT', 'DELETE', 'PATCH', 'OPTIONS']), path: pick(['/offers', '/purchases', '/stats', '/webhooks', '/checkouts', '/payment-methods']) })],
    ['unknown path', () => ({ category: 'unknown path', method: pick(['GET', 'POST']), path: pick(['/', '/admin', '/purchases/pur_1/refund', '/../secrets', '/%2e%2e/etc', '/offers/../stats/x', `/${encodeURIComponent(junk(12))}`, `/${'a/'.repeat(60)}`, '/purchases/%E0%A4%A']) })],
    ['bad offers query', () => ({ category: 'bad offers query', method: 'GET', path: `/offers?${pick([`placement=${encodeURIComponent(junk(8))}`, 'placement=checkout&placement=account', 'placement=checkout&subscriptionId=sub;DROP', `placement=post_purchase&productId=${'p'.repeat(200)}`, 'placement=', 'productId=prod_basic_monthly', `placement=checkout&${Array.from({ length: 25 }, (_, i) => `k${i}=1`).join('&')}`])}` })],
    ['bad currency', () => ({ category: 'bad currency', method: 'GET', path: `/payment-methods?currency=${encodeURIComponent(pick(['usd', 'US', 'XYZ', 'DOLLARS', junk(3), '']))}` })],
    ['foreign ids', () =>
      pick<Attack>([
        { category: 'foreign ids', method: 'GET', path: `/offers?placement=plan_limit&subscriptionId=sub_alice_basic`, headers: { 'x-session': 'bob' } },
        { category: 'foreign ids', method: 'GET', path: `/offers?placement=post_purchase&paymentId=${alicePayment}`, headers: { 'x-session': pick(['bob', 'carol', 'dave']) } },
        { category: 'foreign ids', method: 'GET', path: `/purchases/${alicePurchase}`, headers: { 'x-session': pick(['bob', 'erin']) } },
        { category: 'foreign ids', method: 'POST', path: '/plan-changes/preview', headers: { 'x-session': 'bob' }, body: json({ subscriptionId: 'sub_alice_basic', productId: 'prod_pro_monthly', quantity: 1, prorationMode: 'difference_immediately' }) },
        { category: 'foreign ids', method: 'POST', path: '/purchases', headers: { 'x-session': pick(['bob', 'carol', 'priya']) }, body: json({ offerToken, idempotencyKey: goodKey() }) },
        { category: 'foreign ids', method: 'POST', path: '/purchases', body: json({ offerToken, paymentMethodId: pick(['pm_visa_declined_0002', 'pm_rupay_in_6011', 'pm_does_not_exist']), idempotencyKey: goodKey() }) },
        { category: 'foreign ids', method: 'POST', path: '/plan-changes', headers: { 'x-session': 'bob' }, body: json({ quoteToken, idempotencyKey: goodKey() }) },
        { category: 'foreign ids', method: 'POST', path: '/checkouts', headers: { 'x-session': 'dave' }, body: json({ offerToken }) },
        { category: 'foreign ids', method: 'GET', path: `/offers?placement=plan_limit&subscriptionId=sub_${int(1e6)}` },
        { category: 'foreign ids', method: 'POST', path: '/plan-changes/preview', body: json({ subscriptionId: `sub_${int(1e6)}`, productId: 'prod_pro_monthly', quantity: 1, prorationMode: 'full_immediately' }) },
      ])],
    ['tampered token', () =>
      pick<Attack>([
        { category: 'tampered token', method: 'POST', path: '/purchases', body: json({ offerToken: badTokens(), idempotencyKey: goodKey() }) },
        { category: 'tampered token', method: 'POST', path: '/checkouts', body: json({ offerToken: badTokens() }) },
        { category: 'tampered token', method: 'POST', path: '/plan-changes', body: json({ quoteToken: pick([badTokens(), offerToken, crossToken]), idempotencyKey: goodKey() }) },
      ])],
    ['expired token', () =>
      pick<Attack>([
        { category: 'expired token', method: 'POST', path: '/purchases', body: json({ offerToken: expiredOffer, idempotencyKey: goodKey() }) },
        { category: 'expired token', method: 'POST', path: '/checkouts', body: json({ offerToken: expiredOffer }) },
        { category: 'expired token', method: 'POST', path: '/plan-changes', body: json({ quoteToken: expiredQuote, idempotencyKey: goodKey() }) },
      ])],
    ['wrong types', () => {
      const route = pick(['/purchases', '/plan-changes/preview', '/plan-changes', '/checkouts', '/events']);
      const valid: Record<string, Record<string, unknown>> = {
        '/purchases': { offerToken, idempotencyKey: goodKey() },
        '/plan-changes/preview': { subscriptionId: 'sub_alice_basic', productId: 'prod_pro_monthly', quantity: 1, prorationMode: 'difference_immediately' },
        '/plan-changes': { quoteToken, idempotencyKey: goodKey() },
        '/checkouts': { offerToken: crossToken },
        '/events': { offerId: 'starter_to_bundle', event: 'shown' },
      };
      const body = { ...valid[route] };
      const field = pick(Object.keys(body));
      body[field] = field === 'idempotencyKey' ? badKey() : field === 'quantity' ? pick([0, -1, 1.5, '1', 1001, 1e300, true, null]) : wrongType();
      return { category: 'wrong types', method: 'POST', path: route, body: json(body) };
    }],
    ['missing fields', () => {
      const route = pick(['/purchases', '/plan-changes/preview', '/plan-changes', '/checkouts', '/events']);
      const bodies: Record<string, Record<string, unknown>> = {
        '/purchases': { offerToken, idempotencyKey: goodKey() },
        '/plan-changes/preview': { subscriptionId: 'sub_alice_basic', productId: 'prod_pro_monthly', quantity: 1, prorationMode: 'difference_immediately' },
        '/plan-changes': { quoteToken, idempotencyKey: goodKey() },
        '/checkouts': { offerToken: crossToken },
        '/events': { offerId: 'starter_to_bundle', event: 'shown' },
      };
      const body = { ...bodies[route] };
      delete body[pick(Object.keys(body))];
      return { category: 'missing fields', method: 'POST', path: route, body: json(body) };
    }],
    ['extra fields', () => ({
      category: 'extra fields',
      method: 'POST',
      path: '/purchases',
      body: pick([
        `{"offerToken":${json(offerToken)},"idempotencyKey":"${goodKey()}","__proto__":{"admin":true}}`,
        json({ offerToken, idempotencyKey: goodKey(), customerId: 'cus_bob' }),
        json({ offerToken, idempotencyKey: goodKey(), price: 1 }),
        json({ offerToken, idempotencyKey: goodKey(), constructor: { prototype: { x: 1 } } }),
      ]),
    })],
    ['not json', () => ({ category: 'not json', method: 'POST', path: pick(['/purchases', '/events', '/checkouts', '/plan-changes']), body: pick(['', 'null', '[]', '"text"', '42', '{', '{"offerToken":', junk(64), '\u0000\u0001', '{"a":1}{"b":2}']) })],
    ['wrong content type', () => ({ category: 'wrong content type', method: 'POST', path: '/events', headers: { 'content-type': pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp', 'text/json']) }, body: json({ offerId: 'starter_to_bundle', event: 'shown' }) })],
    ['huge body', () => ({ category: 'huge body', method: 'POST', path: pick(['/purchases', '/events', '/webhooks']), body: json({ offerToken: 'x'.repeat(16_500 + int(300_000)), idempotencyKey: goodKey() }), overHttp: rng() < 0.5 })],
    ['foreign origin', () => ({ category: 'foreign origin', method: 'POST', path: pick(['/purchases', '/checkouts', '/events', '/plan-changes']), headers: pick([{ origin: 'https://evil.example' }, { origin: 'null' }, { origin: `${SHOP_ORIGIN}.evil.example` }, { origin: 'http://shop.example' }, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }]), body: json({ offerToken, idempotencyKey: goodKey() }) })],
    ['bad purchase id', () => ({ category: 'bad purchase id', method: 'GET', path: `/purchases/${pick([encodeURIComponent(junk(10)), 'pur_', `pur_${'a'.repeat(100)}`, 'pay_123', '%00', 'pur_doesnotexist', encodeURIComponent('pur_../x')])}` })],
    ['forged webhook', () => ({
      category: 'forged webhook',
      method: 'POST',
      path: '/webhooks',
      headers: pick([
        {},
        { 'webhook-id': 'msg_x', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,Zm9yZ2Vk' },
        { 'webhook-id': 'msg_x', 'webhook-timestamp': 'yesterday', 'webhook-signature': 'v1,Zm9yZ2Vk' },
        { 'webhook-id': 'x'.repeat(300), 'webhook-timestamp': '0', 'webhook-signature': asciiJunk(10) },
      ]),
      body: json({ type: 'payment.succeeded', data: { payment_id: 'pay_x', metadata: { upsell_purchase_id: alicePurchase } } }),
    })],
    ['bad event', () => ({ category: 'bad event', method: 'POST', path: '/events', body: json({ offerId: pick(['nope', junk(10), 'x'.repeat(100)]), event: pick(['shown', 'purchased', junk(5)]) }) })],
  ];

  const attacks: Attack[] = Array.from({ length: TOTAL }, (_, i) => {
    // Every category at least once, then at random.
    const [, generate] = i < generators.length ? (generators[i] as [string, Generator]) : pick(generators);
    const attack = generate();
    return { ...attack, overHttp: attack.overHttp ?? rng() < 0.2 };
  });

  const byStatus = new Map<number, number>();
  const byCategory = new Map<string, number>();
  const failures: string[] = [];
  const send = async (attack: Attack): Promise<number> => {
    const headers: Record<string, string> = { 'x-session': 'alice', ...(attack.body !== undefined ? { 'content-type': 'application/json' } : {}), ...attack.headers };
    if (headers['x-session'] === '') delete headers['x-session'];
    const init: RequestInit = { method: attack.method, headers, body: attack.body === undefined || attack.method === 'GET' ? undefined : attack.body };
    const response = attack.overHttp
      ? await fetch(`${h.serverUrl}/api/upsell${attack.path}`, init)
      : await h.handler(new Request(`http://shop.internal/api/upsell${attack.path}`, init));
    const text = await response.text();
    if (/at \w+ \(|node:internal|Error:|SANDBOX_FAULT|stack/i.test(text)) failures.push(`${attack.category} leaked internals: ${text.slice(0, 120)}`);
    return response.status;
  };
  for (let i = 0; i < attacks.length; i += 40) {
    const batch = attacks.slice(i, i + 40);
    const statuses = await Promise.all(batch.map(send));
    statuses.forEach((status, j) => {
      const attack = batch[j] as Attack;
      byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
      byCategory.set(attack.category, (byCategory.get(attack.category) ?? 0) + 1);
      if (status < 400 || status >= 500) failures.push(`${attack.category}: ${attack.method} ${attack.path.slice(0, 80)} → ${status}`);
    });
  }

  const fiveXx = [...byStatus].filter(([status]) => status >= 500).reduce((sum, [, count]) => sum + count, 0);
  const fourXx = [...byStatus].filter(([status]) => status >= 400 && status < 500).reduce((sum, [, count]) => sum + count, 0);
  const mutating = h.mutatingCalls() - mutatingBefore;
  console.log(
    `[figures] ${attacks.length} hostile requests (${attacks.filter((a) => a.overHttp).length} over HTTP) → ${fourXx} 4xx, ${fiveXx} 5xx, ${mutating} mutating Dodo calls; ` +
      `by status ${JSON.stringify(Object.fromEntries([...byStatus].sort()))}; by category ${JSON.stringify(Object.fromEntries(byCategory))}`,
  );
  expect(failures.slice(0, 10)).toEqual([]);
  expect(attacks.length).toBeGreaterThanOrEqual(1_000);
  expect(fourXx).toBe(attacks.length);
  expect(fiveXx).toBe(0);
  expect(mutating).toBe(0);
  expect(h.reported.slice(reportedBefore)).toEqual([]);
  // And the genuine token still works afterwards: hostile traffic claimed nothing.
  const genuine = await h.call('POST', '/purchases', { body: { offerToken: crossToken, idempotencyKey: 'after-the-storm-1' } });
  expect(obj(genuine.body)['status']).toBe('succeeded');
});
