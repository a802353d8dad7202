/**
 * Prop getters in the downshift style: the caller's props are merged in, the caller's
 * `onClick` runs first, and calling `event.preventDefault()` in it skips the kit's action.
 */
import type { ButtonHTMLAttributes, MouseEvent } from 'react';

/** Props a prop getter accepts and returns for a `<button>`. */
export type ButtonGetterProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  /** The flow's state, for styling (`[data-state="confirming"]`). */
  'data-state'?: string;
};

/** What the kit contributes to a button. */
export interface OwnButtonBehaviour {
  /** Whether the action is unavailable in the current state. */
  disabled: boolean;
  /** Whether the action is under way (sets `aria-busy`). */
  busy: boolean;
  /** The flow's state name. */
  state: string;
  /** The kit's action. */
  action: () => void;
}

/** Merges the caller's button props with the kit's behaviour. */
export function mergeButtonProps(user: ButtonGetterProps, own: OwnButtonBehaviour): ButtonGetterProps {
  const { onClick, disabled, ...rest } = user;
  return {
    type: 'button',
    'data-state': own.state,
    ...rest,
    disabled: Boolean(disabled) || own.disabled,
    'aria-busy': own.busy,
    onClick(event: MouseEvent<HTMLButtonElement>) {
      onClick?.(event);
      if (event.defaultPrevented) return;
      own.action();
    },
  };
}
