'use client';
/**
 * `UpsellModal`: `useUpsellOffer` rendered in a Radix Dialog. Every decision (what may happen
 * next, idempotency, polling) is the hook's; this file only decides what the customer sees.
 */
import * as Dialog from '@radix-ui/react-dialog';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { ReactElement, ReactNode } from 'react';
import type { OfferMachineStatus } from '../../core/machines/offer-machine';
import { usePaymentMethods } from '../../hooks/use-payment-methods';
import { useUpsellOffer } from '../../hooks/use-upsell-offer';
import type { UseUpsellOfferOptions } from '../../hooks/use-upsell-offer';
import { OfferBadges } from '../shared/offer-badges';
import { cx } from '../shared/class-names';
import { focusableButtonProps } from '../shared/focusable-button';
import { FlowButton, FlowLink, OpenActionButton } from '../shared/flow-buttons';
import { FailedActions, flowStatus, useBankStep, useOutcome } from '../shared/offer-flow';
import { StatusRegion } from '../shared/status-region';
import { useControllableOpen } from '../shared/use-controllable-open';
import { useFormatters } from '../shared/use-formatters';
import { modalResultOf } from './modal-result';
import type { UpsellModalResult } from './modal-result';
import { OfferSummary } from './offer-summary';
import { PaymentSection } from './payment-section';

/** Props of {@link UpsellModal}: the dialog's own plus every option of `useUpsellOffer`. */
export interface UpsellModalProps extends UseUpsellOfferOptions {
  /** Whether the dialog is open (controlled); pair with `onOpenChange`. @default undefined */
  open?: boolean;
  /** Open state to start with when uncontrolled; leave unset to open as soon as an offer is ready. @default undefined (opens when ready) */
  defaultOpen?: boolean;
  /** Called when the dialog asks to open or close (Escape, overlay, close button, an outcome). @default undefined */
  onOpenChange?: (open: boolean) => void;
  /** An element that opens the dialog (wrapped in Radix `Dialog.Trigger`); focus returns to it on close. @default undefined */
  trigger?: ReactElement;
  /** Where the customer can update their saved card; shown after a card failure or when no card is usable. @default undefined */
  updateCardUrl?: string;
  /** Called once per outcome: accepted, declined, dismissed or sent to checkout. @default undefined */
  onResult?: (result: UpsellModalResult) => void;
  /** Extra class on the dialog content, after the kit's. @default undefined */
  className?: string;
}

/** What the dialog body shows. */
type View = 'loading' | 'error' | 'empty' | 'offer' | 'action' | 'failed' | 'fallback' | 'succeeded' | 'closed';

/** Statuses whose view has another name; the rest (loading, error, empty, failed, fallback, succeeded) share theirs. */
const VIEW_OF: { [S in OfferMachineStatus]?: View } = {
  idle: 'loading',
  ready: 'offer',
  confirming: 'offer',
  retrying: 'offer',
  declined: 'offer',
  requires_action: 'action',
  polling: 'action',
  done: 'closed',
  dismissed: 'closed',
};

// The portal's container: none while rendering on the server or hydrating (Radix then finds
// `document.body` after mount, as before), `document.body` from the first client render.
const subscribeNever = (): (() => void) => () => undefined;

/**
 * A post-purchase offer in an accessible dialog: product, price, saved card, one-click
 * "Add to my order" and an equally easy "No thanks" (which may lead to a downsell), 3-D Secure
 * in a new window, failure with a checkout fallback, and success. Escape, the overlay and the
 * close button dismiss it.
 */
export function UpsellModal(props: UpsellModalProps): ReactNode {
  const { open: openProp, defaultOpen, onOpenChange, trigger, updateCardUrl, onResult, className, ...options } = props;
  const format = useFormatters('UpsellModal');
  const { t } = format;
  const flow = useUpsellOffer(options);
  const { state, status, offer } = flow;
  const methods = usePaymentMethods({ offer, enabled: offer !== null });
  const autoOpen = openProp === undefined && defaultOpen === undefined;
  // Uncontrolled and no defaultOpen: open once per load, in the render where the offer is ready,
  // so the customer can act on the very commit that shows the offer.
  const [armed, setArmed] = useState(true);
  if (status === 'loading' && !armed) setArmed(true);
  const openNow = autoOpen && armed && status === 'ready';
  if (openNow) setArmed(false);
  const [open, setOpen] = useControllableOpen({ open: openProp, defaultOpen: defaultOpen ?? false, onOpenChange, openNow });
  const view = VIEW_OF[status] ?? (status as View);
  // Radix brings a portal that opens on screen over two more commits (its Presence, then the
  // portal's own mounted flag); a fresh one per opening, given its container, renders at once.
  const [opening, setOpening] = useState({ open, count: 0 });
  if (opening.open !== open) setOpening({ open, count: opening.count + (open ? 1 : 0) });
  const container = useSyncExternalStore(subscribeNever, () => document.body, () => undefined);

  const titleRef = useRef<HTMLHeadingElement>(null);
  const returnFocusRef = useRef<HTMLElement | null>(null);
  const bank = useBankStep(flow);

  // Nothing left to show after the last "No thanks": close, unless a close was already asked for
  // (Escape): a controlled host must hear `onOpenChange(false)` once, not twice.
  const closeRequested = useRef(false);
  useEffect(() => {
    if (open) closeRequested.current = false;
  }, [open]);
  // Only when the view becomes 'closed' (`setOpen` is new each render and must not re-run this).
  useEffect(() => {
    if (view !== 'closed' || closeRequested.current) return;
    closeRequested.current = true;
    setOpen(false);
  }, [view]); // eslint-disable-line react-hooks/exhaustive-deps

  useOutcome(state, modalResultOf, onResult);

  // A new step (downsell, bank, failure, success) moves focus to its heading, so a screen reader
  // reads where the customer is and a repeated Enter cannot act on the next step unseen.
  const viewKey = `${view}:${offer?.id ?? ''}`;
  const lastViewKey = useRef(viewKey);
  useEffect(() => {
    if (lastViewKey.current === viewKey) return;
    lastViewKey.current = viewKey;
    if (open) titleRef.current?.focus();
  }, [viewKey, open]);

  const handleOpenChange = (next: boolean): void => {
    if (next) {
      if (status === 'dismissed' || status === 'done') flow.reload();
      setOpen(true);
      return;
    }
    closeRequested.current = true;
    flow.dismiss();
    setOpen(false);
  };

  const selected = methods.selectedMethod;
  const methodsSettled = methods.status === 'ready' || methods.status === 'error';
  // One click with the offer's suggested card until the list says which cards are usable: the
  // accept button works at once (the backend re-checks the card), the list only fills in the choice.
  const oneClick = methods.status === 'ready' ? selected !== null : offer?.suggestedPaymentMethodId != null;
  const message = flowStatus(state, t, bank.opened);
  const title =
    offer === null || view === 'loading' || view === 'error' || view === 'empty'
      ? t('offer.dialogLabel')
      : flow.isDownsell
        ? t('offer.title.downsell')
        : t(`offer.title.${offer.kind}`);

  // Named apart from the "Close" (×) button, so no two controls share a name.
  const closeButton = (variant: 'primary' | 'secondary', label: string): ReactNode => (
    <Dialog.Close className="uk-button" data-variant={variant} data-slot="done">
      {label}
    </Dialog.Close>
  );

  let actions: ReactNode = null;
  switch (view) {
    case 'error':
      actions = (
        <>
          <FlowButton slot="retry" variant="primary" onClick={() => void flow.retry()}>
            {t('common.retry')}
          </FlowButton>
          {closeButton('secondary', t('offer.decline'))}
        </>
      );
      break;
    case 'empty':
      actions = closeButton('primary', t('common.continue'));
      break;
    case 'offer': {
      const accept = oneClick
        ? focusableButtonProps(
            flow.getAcceptButtonProps({ paymentMethodId: selected?.id ?? null }),
          )
        : null;
      const acceptLabel = flow.isConfirming ? t('offer.accepting') : offer?.kind === 'plan_change' ? t('offer.acceptPlan') : t('offer.accept');
      actions = (
        <>
          {accept ? (
            <button {...accept} className="uk-button" data-variant="primary" data-slot="accept">
              {acceptLabel}
            </button>
          ) : (
            <button
              type="button"
              className="uk-button"
              data-variant="primary"
              data-slot="checkout"
              aria-disabled={status !== 'ready' || !methodsSettled ? true : undefined}
              onClick={status === 'ready' && methodsSettled ? () => void flow.startCheckout() : undefined}
            >
              {t('offer.checkout')}
            </button>
          )}
          <button {...focusableButtonProps(flow.getDeclineButtonProps())} className="uk-button" data-variant="secondary" data-slot="decline">
            {t('offer.decline')}
          </button>
        </>
      );
      break;
    }
    case 'action':
      actions = status === 'requires_action' ? <OpenActionButton t={t} onOpen={bank.open} /> : null;
      break;
    case 'failed':
      actions = <FailedActions flow={flow} methods={methods} t={t} checkoutLabel={t('error.fallback')} updateCardUrl={updateCardUrl} />;
      break;
    case 'fallback':
      actions =
        state.status === 'fallback' && state.checkoutUrl !== null ? (
          <FlowLink slot="checkout-link" variant="primary" href={state.checkoutUrl}>
            {t('offer.checkout')}
          </FlowLink>
        ) : null;
      break;
    case 'succeeded':
      actions = closeButton('primary', t('common.continue'));
      break;
    default:
      actions = null;
  }

  return (
    <Dialog.Root open={open} onOpenChange={handleOpenChange}>
      {trigger && <Dialog.Trigger asChild>{trigger}</Dialog.Trigger>}
      <Dialog.Portal key={opening.count} container={container}>
        <Dialog.Overlay className="uk-root uk-upsell-modal__overlay" data-slot="overlay" />
        <Dialog.Content
          className={cx('uk-root', 'uk-upsell-modal', className)}
          data-state={status}
          data-view={view}
          data-downsell={flow.isDownsell ? '' : undefined}
          onOpenAutoFocus={(event) => {
            // Focus the heading, not "Add to my order": one stray Enter must never buy anything.
            event.preventDefault();
            const active = document.activeElement;
            returnFocusRef.current = active instanceof HTMLElement && active !== document.body ? active : null;
            titleRef.current?.focus();
          }}
          onCloseAutoFocus={(event) => {
            // Radix returns focus only to its own Dialog.Trigger; a host's button or an
            // auto-opened dialog gets focus back on whatever had it before.
            if (trigger) return;
            event.preventDefault();
            const target = returnFocusRef.current;
            if (target?.isConnected) target.focus();
          }}
        >
          <div className="uk-upsell-modal__header" data-slot="header">
            {offer && view !== 'loading' && <OfferBadges badges={offer.badges} t={t} />}
            <Dialog.Title ref={titleRef} tabIndex={-1} className="uk-upsell-modal__title" data-slot="title">
              {title}
            </Dialog.Title>
          </div>

          <div className="uk-upsell-modal__body" data-slot="body">
            {view === 'loading' && (
              <div className="uk-upsell-modal__skeleton" data-slot="skeleton" aria-hidden="true">
                <span />
                <span />
                <span />
              </div>
            )}
            {view === 'empty' && <Dialog.Description className="uk-upsell-modal__description">{t('offer.empty')}</Dialog.Description>}
            {offer && (view === 'offer' || view === 'action' || view === 'failed' || view === 'fallback' || view === 'succeeded') && (
              <OfferSummary offer={offer} format={format} detailed={view === 'offer'} />
            )}
            {offer && view === 'offer' && (
              <PaymentSection offer={offer} methods={methods} format={format} updateCardUrl={updateCardUrl} disabled={status !== 'ready'} />
            )}
          </div>

          <StatusRegion className="uk-upsell-modal__status" tone={message.tone} busy={message.busy}>
            {view === 'closed' ? '' : message.text}
          </StatusRegion>

          {actions && (
            <div className="uk-upsell-modal__actions" data-slot="actions">
              {actions}
            </div>
          )}

          <Dialog.Close className="uk-upsell-modal__close" data-slot="close" aria-label={t('common.close')}>
            <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
              <path d="M3.5 3.5l9 9m0-9l-9 9" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round" fill="none" />
            </svg>
          </Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
