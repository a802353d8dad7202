'use client';
import { useEffect, useLayoutEffect, useRef } from 'react';
import type { RefObject } from 'react';

/** `useLayoutEffect` in the browser, `useEffect` on the server (where neither runs, but React 18 warns about the first). */
export const useIsomorphicLayoutEffect = typeof document !== 'undefined' ? useLayoutEffect : useEffect;

/**
 * A ref that always holds the latest committed `value`, so stable callbacks read fresh
 * options without re-subscribing. Updated in a layout effect, never during render.
 */
export function useLatest<T>(value: T): RefObject<T> {
  const ref = useRef(value);
  useIsomorphicLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}
