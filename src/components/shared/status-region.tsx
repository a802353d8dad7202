'use client';
/** `StatusRegion`: the polite live region every component announces its status changes in. */
import type { ReactNode } from 'react';
import { cx } from './class-names';

/** Colour of a status message. */
export type StatusTone = 'neutral' | 'success' | 'danger' | 'warning';

/** Props of {@link StatusRegion}. */
export interface StatusRegionProps {
  /** The current status text; empty when there is nothing to say. @default undefined */
  children?: ReactNode;
  /** Colour of the message. @default 'neutral' */
  tone?: StatusTone;
  /** Shows a spinner: something is under way. @default false */
  busy?: boolean;
  /** Extra class, last. @default undefined */
  className?: string;
}

/**
 * A `role="status"` / `aria-live="polite"` region. It stays mounted while its text changes:
 * screen readers announce changes to a region that already exists, not a newly inserted one.
 */
export function StatusRegion({ children, tone = 'neutral', busy = false, className }: StatusRegionProps): ReactNode {
  const empty = children === undefined || children === null || children === false || children === '';
  return (
    <div
      role="status"
      aria-live="polite"
      aria-atomic="true"
      className={cx('uk-status', className)}
      data-slot="status"
      data-tone={tone}
      data-busy={busy ? '' : undefined}
      data-empty={empty ? '' : undefined}
    >
      {busy && !empty && <span className="uk-spinner" data-slot="spinner" aria-hidden="true" />}
      {empty ? null : <span data-slot="status-text">{children}</span>}
    </div>
  );
}
