'use client';
import { useContext } from 'react';
import { UpsellContext } from './upsell-context';
import type { UpsellContextValue } from './upsell-context';

/**
 * The provider's value; throws "`hookName` must be used inside <UpsellProvider>" outside one,
 * naming the hook the host called so the mistake is found at once.
 */
export function useUpsellContext(hookName = 'useUpsellContext'): UpsellContextValue {
  const value = useContext(UpsellContext);
  if (value === null) throw new Error(`${hookName} must be used inside <UpsellProvider>`);
  return value;
}
