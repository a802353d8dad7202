'use client';
/** The React context `UpsellProvider` fills and every hook reads. */
import { createContext } from 'react';
import type { UpsellAdapter } from '../core/adapter';
import type { DeclineDecision, DeclinePolicy } from '../core/decline-policy';
import type { Messages } from '../core/i18n/index';
import type { OfferEventType } from '../core/types';
import type { DeclineStore } from './decline-store';
import type { UpsellAnalyticsEvent } from './upsell-event';

/** What `UpsellProvider` shares with the hooks. */
export interface UpsellContextValue {
  /** The backend. */
  adapter: UpsellAdapter;
  /** BCP 47 locale for `Intl` formatting. */
  locale: string;
  /**
   * The host's message overrides (or a whole locale catalog), as passed to the provider; `{}` when none.
   * The hooks never translate, so the built-in English is not here: components resolve it on top
   * of these (`createTranslator(resolveMessages(messages))`), and a hooks-only app ships no catalog.
   */
  messages: Partial<Messages>;
  /** The decline policy: the core default merged with the provider's overrides. */
  declinePolicy: DeclinePolicy;
  /** The clock used for decline decisions and recorded events. */
  now: () => Date;
  /** Offer events in storage and this session. */
  store: DeclineStore;
  /** Sends an analytics event to the provider's `onEvent`. */
  emit(event: UpsellAnalyticsEvent): void;
  /** Records an offer event locally, at the adapter (`recordOfferEvent`) and as analytics. */
  track(offerId: string, event: OfferEventType): void;
  /** Whether the decline policy lets `offerId` be shown now (reads storage on first use); `planChange` for a plan-change offer (see `DeclinePolicyInput.planChange`). */
  decide(offerId: string, planChange?: boolean): DeclineDecision;
}

/** The context object; null outside a provider. */
export const UpsellContext = createContext<UpsellContextValue | null>(null);
// The name React DevTools shows; only development builds need it.
if (process.env.NODE_ENV !== 'production') UpsellContext.displayName = 'UpsellContext';
