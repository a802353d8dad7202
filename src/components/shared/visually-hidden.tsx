'use client';
/** `VisuallyHidden`: text for screen readers only. */
import type { CSSProperties, ReactNode } from 'react';

// Inline on purpose (as Radix's VisuallyHidden does): the text must stay hidden when the host
// imports no stylesheet, or an unstyled component would show its screen-reader text twice.
const HIDDEN: CSSProperties = {
  position: 'absolute',
  border: 0,
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: 'hidden',
  clip: 'rect(0, 0, 0, 0)',
  whiteSpace: 'nowrap',
  overflowWrap: 'normal',
};

/** Props of {@link VisuallyHidden}. */
export interface VisuallyHiddenProps {
  /** The text a screen reader reads. */
  children?: ReactNode;
}

/** Renders text that screen readers read and sighted users do not see, with or without CSS. */
export function VisuallyHidden({ children }: VisuallyHiddenProps): ReactNode {
  return (
    <span data-slot="visually-hidden" style={HIDDEN}>
      {children}
    </span>
  );
}
