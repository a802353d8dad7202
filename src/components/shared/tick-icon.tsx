'use client';
/** `TickIcon`: the decorative check mark of a feature list and of an "Added" confirmation. */
import type { ReactNode } from 'react';

/** A 16 px check mark in `currentColor`, hidden from assistive technology (the text beside it says it). */
export function TickIcon({ className }: { className?: string }): ReactNode {
  return (
    <svg className={className} viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <path d="M3 8.5l3.2 3L13 4.5" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" fill="none" />
    </svg>
  );
}
