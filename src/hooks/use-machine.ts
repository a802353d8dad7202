'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useLatest } from './use-latest';

/** Downshift-style hook for intercepting transitions: return `changes`, `state` (veto) or anything else. */
export type MachineStateReducer<S, E> = (state: S, actionAndChanges: { event: E; changes: S }) => S;

/** Options of {@link useMachine}. */
export interface UseMachineOptions<S, E> {
  /** The host's escape hatch, applied after the reducer. */
  stateReducer?: MachineStateReducer<S, E> | undefined;
  /** Called once per real transition (never for an ignored event), also after unmount. */
  onTransition?: (previous: S, next: S, event: E) => void;
}

/** Result of {@link useMachine}. */
export interface UseMachineResult<S, E> {
  /** The rendered state. */
  state: S;
  /** Applies `event` now and returns the resulting state (the same object when ignored). */
  send: (event: E) => S;
  /** The current state, possibly newer than the rendered one. */
  getState: () => S;
}

/**
 * Runs a pure reducer with a synchronously readable current state, so an action can tell
 * at once whether its event was accepted (a second `accept()` in the same tick sees
 * `confirming` and is ignored). Transitions after unmount still happen and still call
 * `onTransition` (a purchase that settles late is recorded), but never set React state.
 */
export function useMachine<S, E>(
  reducer: (state: S, event: E) => S,
  initialState: () => S,
  options: UseMachineOptions<S, E> = {},
): UseMachineResult<S, E> {
  const [state, setState] = useState(initialState);
  const stateRef = useRef(state);
  const mountedRef = useRef(false);
  const optionsRef = useLatest(options);

  useEffect(() => {
    mountedRef.current = true;
    // Catch up with transitions sent before this effect ran (a child's mount effect runs first).
    setState(stateRef.current);
    return () => {
      mountedRef.current = false;
    };
  }, []);

  const send = useCallback(
    (event: E): S => {
      const previous = stateRef.current;
      const changes = reducer(previous, event);
      const { stateReducer, onTransition } = optionsRef.current;
      const next = stateReducer ? stateReducer(previous, { event, changes }) : changes;
      if (Object.is(next, previous)) return previous;
      stateRef.current = next;
      if (mountedRef.current) setState(next);
      onTransition?.(previous, next, event);
      return next;
    },
    [reducer, optionsRef],
  );

  const getState = useCallback(() => stateRef.current, []);
  return { state, send, getState };
}
