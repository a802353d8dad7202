/**
 * Helpers for play functions. Radix portals the dialog into document.body, so they query with
 * `screen`. Axe runs right after a play function: waiting for entrance animations first means
 * it measures final colours, not a half-faded dialog.
 */
import { expect, screen, waitFor } from 'storybook/test';
import { createTranslator, resolveMessages } from '../../src/core/i18n/index';
import type { Translate } from '../../src/core/i18n/index';
import type { Offer } from '../../src/core/types';
import { hi } from '../../src/locales/hi';

/** Waits until every finite CSS animation (dialog entrance) has finished; spinners run forever and are skipped. */
export async function finishAnimations(): Promise<void> {
  const finite = document.getAnimations().filter((animation) => {
    const end = animation.effect?.getComputedTiming().endTime;
    return typeof end === 'number' && Number.isFinite(end);
  });
  await Promise.all(finite.map((animation) => animation.finished.catch(() => undefined)));
}

/** The open dialog, once its entrance animation has finished and the saved cards (which fill in after the offer) are there. */
export async function findDialog(): Promise<HTMLElement> {
  const dialog = await screen.findByRole('dialog', {}, { timeout: 5000 });
  await waitFor(() => expect(dialog.querySelector('[data-slot="payment"][data-state="loading"]')).toBeNull());
  await finishAnimations();
  return dialog;
}

/** A `filter` option that keeps only the offer with `id` (the memory adapter's guide offers). */
export function onlyOffer(id: string): (offer: Offer) => boolean {
  return (offer) => offer.id === id;
}

/** The translator a story renders with (its `locale` global), so play functions pass in every toolbar locale. */
export function translatorFor(globals: Record<string, unknown>): Translate {
  return createTranslator(resolveMessages(globals.locale === 'hi-IN' ? hi : undefined));
}
