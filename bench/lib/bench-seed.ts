/**
 * A sandbox seed for load: the guide's catalogue and customers (DEFAULT_SEED) plus `count`
 * synthetic customers, each owning the always-succeeding Visa 4242, so thousands of one-click
 * purchases can run without one customer's history (already bought, declined) getting in the way.
 */
import { DEFAULT_SEED, PM_VISA_4242 } from '../../src/sandbox/index';
import type { SandboxCustomer, SandboxSeed } from '../../src/sandbox/index';

/** Id of the `index`-th synthetic customer of `pool`. */
export function benchCustomerId(pool: string, index: number): string {
  return `cus_bench_${pool}_${index}`;
}

/** DEFAULT_SEED plus `pools[name]` customers per pool. */
export function createBenchSeed(pools: Readonly<Record<string, number>>): SandboxSeed {
  const customers: SandboxCustomer[] = DEFAULT_SEED.customers.map((customer) => structuredClone(customer));
  for (const [pool, count] of Object.entries(pools)) {
    for (let i = 0; i < count; i += 1) {
      const id = benchCustomerId(pool, i);
      customers.push({
        customer_id: id,
        name: `Bench ${pool} ${i}`,
        email: `${id}@bench.example`,
        phone_number: null,
        country: 'US',
        created_at: '2026-03-02T08:00:00.000Z',
        payment_methods: [{ payment_method_id: PM_VISA_4242, last_used_at: '2026-11-20T10:00:00.000Z' }],
      });
    }
  }
  return {
    business_id: DEFAULT_SEED.business_id,
    brand_id: DEFAULT_SEED.brand_id,
    products: DEFAULT_SEED.products.map((product) => structuredClone(product)),
    payment_methods: DEFAULT_SEED.payment_methods.map((method) => structuredClone(method)),
    customers,
    subscriptions: DEFAULT_SEED.subscriptions.map((subscription) => structuredClone(subscription)),
  };
}
