/** The feature comparison of two plans: what stays, what is added, what goes. */

/** One feature of the new plan, or one the new plan drops. */
export interface FeatureChange {
  /** The feature text as the plan lists it. */
  feature: string;
  /** `kept`: on both plans; `added`: new plan only; `removed`: current plan only. */
  change: 'kept' | 'added' | 'removed';
}

/** The new plan's features in its own order (kept or added), then the current plan's features it drops. */
export function diffFeatures(current: readonly string[], next: readonly string[]): FeatureChange[] {
  const before = new Set(current);
  const after = new Set(next);
  return [
    ...next.map((feature): FeatureChange => ({ feature, change: before.has(feature) ? 'kept' : 'added' })),
    ...current.filter((feature) => !after.has(feature)).map((feature): FeatureChange => ({ feature, change: 'removed' })),
  ];
}
