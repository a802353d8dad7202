'use client';
/** `useLoaded`: data a component loads itself, after mount (never on the server), with a reload. */
import { useEffect, useState } from 'react';
import { toUpsellErrorInfo } from '../../core/machines/error-info';
import type { UpsellErrorInfo } from '../../core/machines/error-info';

/** Where loading stands. */
export type LoadedState<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'failed'; error: UpsellErrorInfo };

/** Result of {@link useLoaded}. */
export interface UseLoadedResult<T> {
  /** Loading, ready with the value, or failed with the reason. */
  state: LoadedState<T>;
  /** Loads again (after a failure). */
  reload: () => void;
}

/**
 * Runs `load` after mount and again whenever `key` changes or `reload()` is called, aborting
 * the previous run (and the last one on unmount). A null `key` loads nothing. `load` is read
 * at the time of each run, so it may be a new function every render.
 */
export function useLoaded<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): UseLoadedResult<T> {
  const [state, setState] = useState<LoadedState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (key === null) return undefined;
    const controller = new AbortController();
    const { signal } = controller;
    setState({ status: 'loading' });
    load(signal).then(
      (value) => {
        if (!signal.aborted) setState({ status: 'ready', value });
      },
      (error: unknown) => {
        if (!signal.aborted) setState({ status: 'failed', error: toUpsellErrorInfo(error) });
      },
    );
    return () => controller.abort();
    // `load` is read per run on purpose: `key` says when the data changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, attempt]);
  return { state, reload: () => setAttempt((n) => n + 1) };
}
