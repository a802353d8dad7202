'use client';
/** `UpsellProvider`: the adapter, locale, messages, decline policy and analytics for every hook below it. */
import { useEffect, useMemo, useRef } from 'react';
import type { ReactNode } from 'react';
import type { UpsellAdapter } from '../core/adapter';
import { DEFAULT_DECLINE_POLICY, evaluateDeclinePolicy } from '../core/decline-policy';
import type { DeclinePolicy } from '../core/decline-policy';
import type { Messages } from '../core/i18n/index';
import { createDeclineStore, DEFAULT_STORAGE_KEY } from './decline-store';
import type { UpsellStorage } from './decline-store';
import { UpsellContext } from './upsell-context';
import type { UpsellContextValue } from './upsell-context';
import type { UpsellAnalyticsEvent } from './upsell-event';
import { useLatest } from './use-latest';

/** Props of {@link UpsellProvider}. */
export interface UpsellProviderProps {
  /** The backend every hook talks to (`createHttpAdapter()`, `createMemoryAdapter()` or your own). */
  adapter: UpsellAdapter;
  /** BCP 47 locale for numbers, money and dates. @default 'en-US' */
  locale?: string;
  /** Message overrides (or a whole locale catalog) on top of the built-in English. @default {} */
  messages?: Partial<Messages>;
  /** Decline-policy overrides, merged on the core `DEFAULT_DECLINE_POLICY`. @default {} */
  declinePolicy?: Partial<DeclinePolicy>;
  /** Analytics callback, called once per real transition (never per render). */
  onEvent?: (event: UpsellAnalyticsEvent) => void;
  /** Where offer events persist; null keeps them in memory only. @default window.localStorage when present */
  storage?: UpsellStorage | null;
  /** Storage key of the persisted offer events. @default 'upsell-kit:offer-events' */
  storageKey?: string;
  /** Clock for decline decisions and event times (tests, stories). @default () => new Date() */
  now?: () => Date;
  /** The part of the app that shows offers. */
  children?: ReactNode;
}

const systemNow = (): Date => new Date();

/** Makes an adapter and shared settings available to every upsell hook and component below it. */
export function UpsellProvider(props: UpsellProviderProps): ReactNode {
  const { adapter, locale = 'en-US', messages, declinePolicy, storage, storageKey = DEFAULT_STORAGE_KEY, children } = props;

  const store = useMemo(() => createDeclineStore({ storage, storageKey }), [storage, storageKey]);
  if (process.env.NODE_ENV !== 'production') {
    // A build-time constant, so the hooks below run in every render of a given build.
    // eslint-disable-next-line react-hooks/rules-of-hooks
    const firstStore = useRef(store);
    // eslint-disable-next-line react-hooks/rules-of-hooks
    useEffect(() => {
      if (store !== firstStore.current) {
        console.warn('upsell-kit: <UpsellProvider> got a new `storage` or `storageKey`; pass a stable storage object, or this session’s offer history starts over.');
        firstStore.current = store;
      }
    }, [store]);
  }

  const { neverReshowDeclined, cooldownDays, maxImpressions, maxOffersPerSession } = declinePolicy ?? {};
  const policy = useMemo<DeclinePolicy>(
    () => ({
      neverReshowDeclined: neverReshowDeclined ?? DEFAULT_DECLINE_POLICY.neverReshowDeclined,
      cooldownDays: cooldownDays ?? DEFAULT_DECLINE_POLICY.cooldownDays,
      maxImpressions: maxImpressions ?? DEFAULT_DECLINE_POLICY.maxImpressions,
      maxOffersPerSession: maxOffersPerSession ?? DEFAULT_DECLINE_POLICY.maxOffersPerSession,
    }),
    [neverReshowDeclined, cooldownDays, maxImpressions, maxOffersPerSession],
  );

  // Hosts often pass an inline object; key the overrides by content so consumers do not re-render for nothing.
  const messagesKey = JSON.stringify(messages ?? {});
  const overrides = useMemo<Partial<Messages>>(() => messages ?? {}, [messagesKey]);

  // The latest callback and clock without re-creating the context value when a host passes inline functions.
  const latest = useLatest(props);

  // Read persisted events after mount: never during render, never on the server.
  useEffect(() => store.hydrate(), [store]);

  const value = useMemo<UpsellContextValue>(() => {
    const emit = (event: UpsellAnalyticsEvent): void => {
      try {
        latest.current.onEvent?.(event);
      } catch (error) {
        // A broken analytics callback must never break a purchase.
        if (process.env.NODE_ENV !== 'production') console.error('upsell-kit: onEvent threw', error);
      }
    };
    const now = (): Date => (latest.current.now ?? systemNow)();
    return {
      adapter,
      locale,
      messages: overrides,
      declinePolicy: policy,
      now,
      store,
      emit,
      track(offerId, event) {
        const entry = store.record(offerId, event, now());
        // Fire and forget: the local record already protects the customer from a re-show.
        adapter.recordOfferEvent({ offerId, event }).catch((error: unknown) => {
          if (process.env.NODE_ENV !== 'production') console.warn('upsell-kit: recordOfferEvent failed', error);
        });
        emit({ type: `offer_${event}`, offerId, at: entry.at });
      },
      decide(offerId, planChange) {
        store.hydrate();
        return evaluateDeclinePolicy({ offerId, ...store.getSnapshot(), policy, now: now(), planChange });
      },
    };
  }, [adapter, locale, overrides, policy, store, latest]);

  return <UpsellContext.Provider value={value}>{children}</UpsellContext.Provider>;
}
