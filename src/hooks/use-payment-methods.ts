'use client';
/** `usePaymentMethods`: the customer's saved methods, judged for one-click use, and the default choice. */
import { useCallback, useMemo, useState } from 'react';
import { pickDefaultPaymentMethod } from '../core/eligibility';
import { toUpsellErrorInfo } from '../core/machines/error-info';
import type { UpsellErrorInfo } from '../core/machines/error-info';
import type { Offer, SavedPaymentMethod } from '../core/types';
import type { UpsellContextValue } from './upsell-context';
import { identityKey, useKeyedTask } from './use-keyed-task';
import { useUpsellContext } from './use-upsell-context';

/** Options of {@link usePaymentMethods}. */
export interface UsePaymentMethodsOptions {
  /** Judge the methods for this offer (its currency) and prefer its suggested method. @default null */
  offer?: Offer | null;
  /** Judge for this currency instead of the offer's. @default the offer's currency, else none */
  currency?: string | null;
  /** Load only when true (e.g. once the offer is known). @default true */
  enabled?: boolean;
}

/** Where the list of saved methods is. */
export type PaymentMethodsStatus = 'idle' | 'loading' | 'ready' | 'error';

/** Result of {@link usePaymentMethods}. */
export interface UsePaymentMethodsResult {
  /** `idle` (disabled or on the server), `loading`, `ready` or `error`. */
  status: PaymentMethodsStatus;
  /** Every saved method with `usable` and `unusableReason` (expired, currency_mismatch, not_reusable). */
  methods: SavedPaymentMethod[];
  /** The methods that can be charged one-click. */
  usableMethods: SavedPaymentMethod[];
  /** The method to suggest: the offer's suggestion when usable, else the most recently used usable one. */
  defaultMethod: SavedPaymentMethod | null;
  /** The customer's choice, or `defaultMethod` until they choose. */
  selectedMethod: SavedPaymentMethod | null;
  /** Chooses a usable method by id; an unusable or unknown id is ignored. */
  select: (paymentMethodId: string) => void;
  /** Why loading failed. */
  error: UpsellErrorInfo | null;
  /** Loads the list again. */
  reload: () => void;
}

interface ListState {
  status: PaymentMethodsStatus;
  methods: SavedPaymentMethod[];
  error: UpsellErrorInfo | null;
}

const IDLE: ListState = { status: 'idle', methods: [], error: null };

/** The implementation, given a context (shared with `useCrossSell`). */
export function usePaymentMethodsWith(context: UpsellContextValue, options: UsePaymentMethodsOptions = {}): UsePaymentMethodsResult {
  const { adapter } = context;
  const offer = options.offer ?? null;
  const currency = options.currency ?? offer?.price.currency ?? null;
  const enabled = options.enabled ?? true;
  const [list, setList] = useState<ListState>(IDLE);
  const [selectedId, setSelectedId] = useState<string | null>(null);

  const key = enabled ? JSON.stringify([identityKey(adapter), currency]) : null;
  const { restart } = useKeyedTask(key, (signal) => {
    setList((previous) => ({ status: 'loading', methods: previous.methods, error: null }));
    adapter.listPaymentMethods(currency ? { currency } : undefined, { signal }).then(
      (methods) => {
        if (!signal.aborted) setList({ status: 'ready', methods, error: null });
      },
      (error: unknown) => {
        if (!signal.aborted) setList({ status: 'error', methods: [], error: toUpsellErrorInfo(error) });
      },
    );
  });

  const usableMethods = useMemo(() => list.methods.filter((method) => method.usable), [list.methods]);
  const defaultMethod = useMemo(() => {
    const suggested = offer?.suggestedPaymentMethodId;
    return usableMethods.find((method) => method.id === suggested) ?? pickDefaultPaymentMethod(usableMethods);
  }, [offer?.suggestedPaymentMethodId, usableMethods]);
  const selectedMethod = usableMethods.find((method) => method.id === selectedId) ?? defaultMethod;

  const select = useCallback(
    (paymentMethodId: string) => {
      if (!usableMethods.some((method) => method.id === paymentMethodId)) {
        if (process.env.NODE_ENV !== 'production') {
          console.warn(`upsell-kit: payment method "${paymentMethodId}" is not usable for this offer; selection ignored.`);
        }
        return;
      }
      setSelectedId(paymentMethodId);
    },
    [usableMethods],
  );

  return { ...list, usableMethods, defaultMethod, selectedMethod, select, reload: restart };
}

/** The signed-in customer's saved payment methods, judged for an offer, with the default one-click choice. */
export function usePaymentMethods(options: UsePaymentMethodsOptions = {}): UsePaymentMethodsResult {
  return usePaymentMethodsWith(useUpsellContext('usePaymentMethods'), options);
}
