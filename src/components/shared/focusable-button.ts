/** Turns a prop getter's `disabled` into `aria-disabled`, so a button keeps focus while its action is unavailable. */
import type { ButtonHTMLAttributes } from 'react';
import type { ButtonGetterProps } from '../../hooks/button-props';

/**
 * A natively disabled button drops keyboard focus (to `<body>`, or Radix's focus trap sends
 * it to the dialog) the moment a purchase starts. `aria-disabled` keeps it focused and still
 * tells assistive technology it is unavailable; the click handler is removed meanwhile.
 */
export function focusableButtonProps(props: ButtonGetterProps): ButtonHTMLAttributes<HTMLButtonElement> & { 'data-state'?: string } {
  const { disabled, onClick, ...rest } = props;
  return { ...rest, 'aria-disabled': disabled ? true : undefined, onClick: disabled ? undefined : onClick };
}
