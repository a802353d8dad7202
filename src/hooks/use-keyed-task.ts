'use client';
import { useCallback, useEffect, useRef } from 'react';
import { useLatest } from './use-latest';

const objectIds = new WeakMap<object, number>();
let nextObjectId = 0;

/** A stable number per object identity, for building task keys (a new adapter → a new key). */
export function identityKey(value: object): number {
  let id = objectIds.get(value);
  if (id === undefined) {
    id = ++nextObjectId;
    objectIds.set(value, id);
  }
  return id;
}

/** Result of {@link useKeyedTask}. */
export interface UseKeyedTaskResult {
  /** Aborts the running task and starts it again (a manual reload). */
  restart: () => void;
}

/**
 * Runs `task` once per distinct `key` after mount (null: run nothing), aborting the previous
 * run's signal when the key changes or the component unmounts. React StrictMode runs every
 * effect twice on mount; the second run sees the same key and does nothing, and the
 * simulated unmount in between is told apart from a real one by waiting a microtask — so a
 * load happens once, not twice, and is not aborted by the simulation.
 */
export function useKeyedTask(key: string | null, task: (signal: AbortSignal) => void): UseKeyedTaskResult {
  const taskRef = useLatest(task);
  const lastKeyRef = useRef<string | null>(null);
  const controllerRef = useRef<AbortController | null>(null);
  const activeRef = useRef(false);

  const start = useCallback(
    (nextKey: string | null) => {
      controllerRef.current?.abort();
      controllerRef.current = null;
      lastKeyRef.current = nextKey;
      if (nextKey === null) return;
      const controller = new AbortController();
      controllerRef.current = controller;
      taskRef.current(controller.signal);
    },
    [taskRef],
  );

  useEffect(() => {
    activeRef.current = true;
    if (key !== lastKeyRef.current) start(key);
    return () => {
      activeRef.current = false;
      queueMicrotask(() => {
        if (activeRef.current) return;
        controllerRef.current?.abort();
        controllerRef.current = null;
        lastKeyRef.current = null;
      });
    };
  }, [key, start]);

  const restart = useCallback(() => {
    if (activeRef.current) start(lastKeyRef.current);
  }, [start]);

  return { restart };
}
