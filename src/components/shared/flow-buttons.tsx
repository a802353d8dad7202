'use client';
/**
 * The buttons and button-links of the offer flows, in one shape (`.uk-button` with
 * `data-variant` and `data-slot`), including "Confirm with your bank" in the same words
 * everywhere. One definition, so the modal and the card cannot drift apart.
 */
import type { ReactNode } from 'react';
import type { Translate } from '../../core/i18n/format';
import { cx } from './class-names';
import { VisuallyHidden } from './visually-hidden';

/** Props of {@link FlowButton}. */
export interface FlowButtonProps {
  /** `data-slot`, for styling and tests. */
  slot: string;
  /** `data-variant` of `.uk-button`. */
  variant: 'primary' | 'secondary';
  /** Called on click. */
  onClick: () => void;
  /** The label. */
  children: ReactNode;
  /** `aria-describedby` (e.g. the product name on a card). @default undefined */
  describedBy?: string | undefined;
  /** Extra class, after `uk-button`. @default undefined */
  className?: string;
}

/** A `.uk-button` `<button>` of an offer flow. */
export function FlowButton({ slot, variant, onClick, children, describedBy, className }: FlowButtonProps): ReactNode {
  return (
    <button type="button" className={cx('uk-button', className)} data-variant={variant} data-slot={slot} onClick={onClick} aria-describedby={describedBy}>
      {children}
    </button>
  );
}

/** Props of {@link FlowLink}. */
export interface FlowLinkProps extends Omit<FlowButtonProps, 'onClick' | 'variant' | 'className'> {
  /** `data-variant` of `.uk-button`. */
  variant: 'primary' | 'link';
  /** Where it goes (the checkout page, the host's card settings). */
  href: string;
}

/** A `.uk-button` link: to the checkout page, or to update the saved card. */
export function FlowLink({ slot, variant, href, children, describedBy }: FlowLinkProps): ReactNode {
  return (
    <a className="uk-button" data-variant={variant} data-slot={slot} href={href} aria-describedby={describedBy}>
      {children}
    </a>
  );
}

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
    <FlowButton slot="open-action" variant="primary" onClick={onOpen}>
      {t('status.requiresActionOpen')} <VisuallyHidden>{t('common.newWindow')}</VisuallyHidden>
    </FlowButton>
  );
}
