'use client';
/** `useControllableOpen`: `open` / `defaultOpen` / `onOpenChange`, controlled or not (Radix's useControllableState). */
import { useEffect, useRef, useState } from 'react';

/** Options of {@link useControllableOpen}. */
export interface ControllableOpenOptions {
  /** Controlled value; undefined leaves the state to the component. */
  open: boolean | undefined;
  /** Starting value when uncontrolled. */
  defaultOpen: boolean;
  /** Called with every requested change (also when controlled). */
  onOpenChange: ((open: boolean) => void) | undefined;
  /** Uncontrolled: open in this very render (from an effect, opening would cost another commit). @default false */
  openNow?: boolean;
}

/**
 * The current open state and a setter that only reports real changes. A controlled host hears
 * a request at once (it decides); an uncontrolled one hears each change once it is committed,
 * which also covers an `openNow` made while rendering.
 */
export function useControllableOpen({ open, defaultOpen, onOpenChange, openNow = false }: ControllableOpenOptions): [boolean, (next: boolean) => void] {
  const [uncontrolled, setUncontrolled] = useState(defaultOpen);
  const controlled = open !== undefined;
  if (openNow && !controlled && !uncontrolled) setUncontrolled(true);
  const value = controlled ? open : uncontrolled;
  const reported = useRef(uncontrolled);
  useEffect(() => {
    if (reported.current === uncontrolled) return;
    reported.current = uncontrolled;
    if (!controlled) onOpenChange?.(uncontrolled);
  });
  return [
    value,
    (next) => {
      if (next === value) return;
      if (controlled) onOpenChange?.(next);
      else setUncontrolled(next);
    },
  ];
}
