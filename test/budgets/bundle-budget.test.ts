// @vitest-environment node
/**
 * Bundle sizes on every `npm test`: the same builds as `npm run bench` (bench/lib/bundle.ts:
 * Vite library build, react / react-dom / Radix external, minified, gzip level 9). The
 * ceilings stop growth; the issue-9 targets are printed beside them until they are met.
 * Sizes only: no timings are asserted anywhere.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BUDGETS, CEILINGS, checkBudgets, explainBudget, kb } from '../../bench/lib/budgets';
import { kitTargets, measureTargets, shortModuleId } from '../../bench/lib/bundle';
import type { BundleMeasurement } from '../../bench/lib/bundle';

let measured: BundleMeasurement[] = [];

beforeAll(async () => {
  measured = await measureTargets(kitTargets());
}, 180_000);

describe('bundle budgets', () => {
  for (const ceiling of CEILINGS) {
    it(ceiling.label, () => {
      const check = checkBudgets(measured, 8, [ceiling]).find((candidate) => candidate.target === ceiling.target);
      expect(check, `${ceiling.target} was not built`).toBeDefined();
      if (!check) return;
      const target = checkBudgets(measured, 0).find((candidate) => candidate.target === ceiling.target);
      if (target) console.log(`${target.label}: ${kb(target.gzip)} gz, ${target.ok ? 'target met' : `target missed by ${kb(target.overBy)}`}`);
      expect(check.gzip, explainBudget(check)).toBeLessThanOrEqual(ceiling.maxGzip);
    });
  }

  it('bundles 0 bytes of the dodopayments SDK into any client entry (checked on module ids)', () => {
    const clients = measured.filter((entry) => entry.client);
    expect(clients.map((entry) => entry.id)).toEqual(expect.arrayContaining(['client', 'hooks']));
    for (const entry of clients) {
      expect(entry.dodopaymentsModules.map(shortModuleId), `${entry.name} bundles dodopayments`).toEqual([]);
    }
  });
});
