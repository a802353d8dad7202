'use client';
/** `useControllableOpen`: `open` / `defaultOpen` / `onOpenChange`, controlled or not (Radix's useControllableState). */
import { useCallback, useState } from 'react';
import { useLatest } from '../../hooks/use-latest';

/** Options of {@link useControllableOpen}. */
export interface ControllableOpenOptions {
  /** Controlled value; undefined leaves the state to the component. */
  open: boolean | undefined;
  /** Starting value when uncontrolled. */
  defaultOpen: boolean;
  /** Called with every requested change (also when controlled). */
  onOpenChange: ((open: boolean) => void) | undefined;
}

/** The current open state and a setter that only reports real changes. */
export function useControllableOpen({ open, defaultOpen, onOpenChange }: ControllableOpenOptions): [boolean, (next: boolean) => void] {
  const [uncontrolled, setUncontrolled] = useState(defaultOpen);
  const controlled = open !== undefined;
  const value = controlled ? open : uncontrolled;
  const latest = useLatest({ value, controlled, onOpenChange });
  const setOpen = useCallback(
    (next: boolean) => {
      const { value: current, controlled: isControlled, onOpenChange: notify } = latest.current;
      if (next === current) return;
      if (!isControlled) setUncontrolled(next);
      notify?.(next);
    },
    [latest],
  );
  return [value, setOpen];
}
