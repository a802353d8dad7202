/**
 * Browser navigation used by actions (never during render): the customer goes to a bank's
 * 3-D Secure page or a fallback checkout because they clicked something.
 */

/** The part of `window` navigation needs (a parameter so it can be tested without a browser). */
export type NavigationTarget = Pick<Window, 'open'> & { location: Pick<Location, 'assign'> };

/** Sends the whole tab to `url` (the fallback checkout redirects back to the host's `return_url`). */
export function navigateTo(url: string, target: NavigationTarget = window): void {
  target.location.assign(url);
}

/**
 * Opens `url` in a new window so the offer stays on screen while the customer confirms with
 * the bank; when a popup blocker refuses, the tab itself goes there.
 */
export function openInNewWindow(url: string, target: NavigationTarget = window): void {
  const opened = target.open(url, '_blank');
  if (opened) {
    // The bank's page must not be able to script the shop (reverse tabnabbing).
    opened.opener = null;
  } else {
    navigateTo(url, target);
  }
}

/**
 * The `openAction` of a flow: in `requires_action`, opens the bank's page (with the host's
 * `openActionUrl`, else a new window) and returns what `opened()` (the machine's answer to
 * `ACTION_OPENED`) returns; in any other state does nothing and returns null. Call from a click.
 */
export function openBankStep<S extends { status: string }>(state: S, openActionUrl: ((url: string) => void) | undefined, opened: () => S): S | null {
  if (state.status !== 'requires_action' || !('actionUrl' in state) || typeof state.actionUrl !== 'string') return null;
  (openActionUrl ?? openInNewWindow)(state.actionUrl);
  return opened();
}
