/**
 * Polling an outcome that is not known yet (a purchase after the bank's page, a plan change
 * Dodo has not confirmed), shared by `useUpsellOffer` and `usePlanChange`.
 */
import { useEffect, useRef } from 'react';
import { toUpsellErrorInfo } from '../core/machines/error-info';
import type { UpsellErrorInfo } from '../core/machines/error-info';
import { wait } from './wait';

/** How an outcome that is not known yet is polled. */
export interface PollingOptions {
  /** Wait before the first poll, in ms; each later wait doubles. @default 1000 */
  initialDelayMs?: number;
  /** Longest wait between two polls, in ms. @default 8000 */
  maxDelayMs?: number;
  /** Most polls before giving up with a retryable `in_progress` failure. @default 10 */
  maxAttempts?: number;
}

/** What one poll learned: an answer, a failure that ends polling, or `null` when the cap was hit. */
export type PollReport<T> = { result: T } | { error: UpsellErrorInfo } | null;

/**
 * Asks `check` with doubling waits while `active()` holds (each answer is reported; the caller's
 * machine decides whether it was the outcome) until `signal` aborts or the cap is hit. A
 * retryable failure keeps asking (a dropped poll says nothing about the payment); any other is
 * reported and ends polling. Hitting the cap while still active reports `null`.
 */
export async function pollUntilSettled<T>(
  polling: PollingOptions = {},
  signal: AbortSignal,
  active: () => boolean,
  check: (signal: AbortSignal) => Promise<T>,
  report: (answer: PollReport<T>) => void,
): Promise<void> {
  const { initialDelayMs = 1000, maxDelayMs = 8000, maxAttempts = 10 } = polling;
  const stillActive = () => active() && !signal.aborted;
  for (let attempt = 0, delay = initialDelayMs; attempt < maxAttempts; attempt += 1, delay = Math.min(delay * 2, maxDelayMs)) {
    try {
      await wait(delay, signal);
    } catch {
      return;
    }
    if (!stillActive()) return;
    let result: T;
    try {
      result = await check(signal);
    } catch (error) {
      if (!stillActive()) return;
      const info = toUpsellErrorInfo(error);
      if (info.retryable) continue;
      report({ error: info });
      return;
    }
    report({ result });
    if (!stillActive()) return;
  }
  if (stillActive()) report(null);
}

/** What {@link usePoller} returns. */
export interface Poller {
  /** Stops the running poll (if any) and runs {@link pollUntilSettled} with a fresh signal; does nothing after unmount. */
  poll: <T>(polling: PollingOptions | undefined, active: () => boolean, check: (signal: AbortSignal) => Promise<T>, report: (answer: PollReport<T>) => void) => Promise<void>;
  /** Stops the running poll. */
  stop: () => void;
}

/**
 * One poll at a time per component. Polling stops with the component: nobody is left to watch,
 * and the purchase or change itself is already at the backend.
 */
export function usePoller(): Poller {
  const controller = useRef<AbortController | null>(null);
  useEffect(() => {
    controller.current = new AbortController();
    return () => {
      controller.current?.abort();
      controller.current = null;
    };
  }, []);
  const poller = useRef<Poller>({
    poll: async (polling, active, check, report) => {
      if (!controller.current) return;
      controller.current.abort();
      const { signal } = (controller.current = new AbortController());
      await pollUntilSettled(polling, signal, active, check, report);
    },
    stop: () => controller.current?.abort(),
  });
  return poller.current;
}
