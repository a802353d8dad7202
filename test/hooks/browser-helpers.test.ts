import { afterEach, describe, expect, it, vi } from 'vitest';
import { createIdempotencyKey } from '../../src/hooks/idempotency-key';
import { navigateTo, openInNewWindow } from '../../src/hooks/navigation';
import type { NavigationTarget } from '../../src/hooks/navigation';
import { wait } from '../../src/hooks/wait';

function fakeWindow(popup: { opener: unknown } | null) {
  const assign = vi.fn();
  const open = vi.fn(() => popup as Window | null);
  const target: NavigationTarget = { open, location: { assign } };
  return { target, open, assign };
}

describe('navigation', () => {
  it('opens the bank’s page in a new window and cuts it off from the shop', () => {
    const popup = { opener: {} as unknown };
    const { target, open, assign } = fakeWindow(popup);
    openInNewWindow('https://bank.example/3ds', target);
    expect(open).toHaveBeenCalledWith('https://bank.example/3ds', '_blank');
    expect(popup.opener).toBeNull();
    expect(assign).not.toHaveBeenCalled();
  });

  it('goes there in this tab when a popup blocker refuses', () => {
    const { target, assign } = fakeWindow(null);
    openInNewWindow('https://bank.example/3ds', target);
    expect(assign).toHaveBeenCalledWith('https://bank.example/3ds');
  });

  it('navigates the tab to a checkout', () => {
    const { target, assign } = fakeWindow(null);
    navigateTo('https://checkout.example/x', target);
    expect(assign).toHaveBeenCalledWith('https://checkout.example/x');
  });
});

describe('wait', () => {
  it('resolves after the delay', async () => {
    await expect(wait(1, new AbortController().signal)).resolves.toBeUndefined();
  });

  it('rejects at once for an aborted signal, and on abort while waiting', async () => {
    const aborted = new AbortController();
    aborted.abort(new Error('gone'));
    await expect(wait(10_000, aborted.signal)).rejects.toThrow('gone');
    const later = new AbortController();
    const pending = wait(10_000, later.signal);
    later.abort(new Error('unmounted'));
    await expect(pending).rejects.toThrow('unmounted');
  });
});

describe('createIdempotencyKey', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('makes a fresh UUID-based key each time', () => {
    const a = createIdempotencyKey();
    const b = createIdempotencyKey();
    expect(a).toMatch(/^uk_[0-9a-f-]{36}$/);
    expect(a).not.toBe(b);
  });

  it('falls back to getRandomValues, then to Math.random, with keys long enough for the backend (8–128 chars)', () => {
    vi.stubGlobal('crypto', { getRandomValues: (bytes: Uint8Array) => bytes.fill(171) });
    expect(createIdempotencyKey()).toBe(`uk_${'ab'.repeat(16)}`);
    vi.stubGlobal('crypto', undefined);
    const key = createIdempotencyKey();
    expect(key).toMatch(/^uk_[0-9a-f]{32}$/);
  });
});
