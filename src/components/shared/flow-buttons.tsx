'use client';
/**
 * Buttons every offer flow shows in the same words and shape: continue with the bank in a
 * new window, and try again. One definition, so the modal and the card cannot drift apart.
 */
import type { ReactNode } from 'react';
import type { Translate } from '../../core/i18n/format';
import { VisuallyHidden } from './visually-hidden';

/** Props of {@link OpenActionButton}. */
export interface OpenActionButtonProps {
  /** The catalog translator of the surrounding component. */
  t: Translate;
  /** Opens the bank's page (the hook's `openAction`, plus any bookkeeping of the caller). */
  onOpen: () => void;
}

/** "Confirm with your bank", announced as opening a new window. */
export function OpenActionButton({ t, onOpen }: OpenActionButtonProps): ReactNode {
  return (
    <button type="button" className="uk-button" data-variant="primary" data-slot="open-action" onClick={onOpen}>
      {t('status.requiresActionOpen')} <VisuallyHidden>{t('common.newWindow')}</VisuallyHidden>
    </button>
  );
}

/** Props of {@link RetryButton}. */
export interface RetryButtonProps {
  /** The catalog translator of the surrounding component. */
  t: Translate;
  /** Sends the same intent again (the hook's `retry`). */
  onRetry: () => void;
}

/** "Try again" as a secondary action. */
export function RetryButton({ t, onRetry }: RetryButtonProps): ReactNode {
  return (
    <button type="button" className="uk-button" data-variant="secondary" data-slot="retry" onClick={onRetry}>
      {t('common.retry')}
    </button>
  );
}
