/** Small statistics helpers for the benchmarks (nearest-rank percentiles on sorted copies). */

/** The `p`-th percentile (0–100) of `values`, nearest rank; NaN for an empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

/** The median (p50). */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** p50, p90, p99, mean and count of a latency sample, in the sample's unit. */
export interface LatencySummary {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  mean: number;
}

/** Summarises a sample. */
export function summarize(values: readonly number[]): LatencySummary {
  const mean = values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
  return { n: values.length, p50: percentile(values, 50), p90: percentile(values, 90), p99: percentile(values, 99), mean };
}

/** Rounds to `digits` decimals (for JSON and tables). */
export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
