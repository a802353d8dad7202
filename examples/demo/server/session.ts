/**
 * The demo's sign-in: a signed, HttpOnly, SameSite=Lax session cookie naming the Dodo
 * customer. This is where a real shop would look up its own session; the kit's handler only
 * ever learns the customer id through `authenticate`, never from the browser.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'uk_demo_session';

/** How long a sign-in lasts, in seconds. */
const SESSION_MAX_AGE_S = 8 * 60 * 60;

/** Signs and reads session cookies with one secret. */
export interface SessionCodec {
  /** `Set-Cookie` value that signs `customerId` in. */
  signIn(customerId: string): string;
  /** `Set-Cookie` value that signs out. */
  signOut(): string;
  /** The customer id of a valid, unexpired session in a `Cookie` header, or null. */
  customerFrom(cookieHeader: string | null | undefined): string | null;
}

function sign(secret: Buffer, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

/** Reads one cookie from a `Cookie` header. */
export function readCookie(header: string | null | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return null;
}

/**
 * A codec keyed by `secret` (`SESSION_SECRET`), or by a random key made now, so a restart
 * signs everybody out. `isKnownCustomer` rejects a validly signed cookie for a customer the
 * shop no longer lists.
 */
export function createSessionCodec(
  secret: string | undefined,
  isKnownCustomer: (customerId: string) => boolean,
  options: { secure?: boolean; now?: () => number } = {},
): SessionCodec {
  const now = options.now ?? (() => Date.now());
  const key = secret ? createHmac('sha256', 'upsell-kit-demo-session').update(secret).digest() : randomBytes(32);
  // `Secure` whenever the shop is served over HTTPS (behind a proxy, PUBLIC_URL says so).
  const attributes = `Path=/; HttpOnly; SameSite=Lax${options.secure ? '; Secure' : ''}`;
  return {
    signIn(customerId) {
      const payload = `v1.${Buffer.from(customerId).toString('base64url')}.${Math.floor(now() / 1000) + SESSION_MAX_AGE_S}`;
      return `${SESSION_COOKIE}=${payload}.${sign(key, payload)}; ${attributes}; Max-Age=${SESSION_MAX_AGE_S}`;
    },
    signOut() {
      return `${SESSION_COOKIE}=; ${attributes}; Max-Age=0`;
    },
    customerFrom(cookieHeader) {
      const value = readCookie(cookieHeader, SESSION_COOKIE);
      if (!value) return null;
      const parts = value.split('.');
      if (parts.length !== 4 || parts[0] !== 'v1') return null;
      const [version, encodedId, expires, signature] = parts as [string, string, string, string];
      const expected = Buffer.from(sign(key, `${version}.${encodedId}.${expires}`));
      const given = Buffer.from(signature);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      if (!/^\d+$/.test(expires) || Number(expires) * 1000 <= now()) return null;
      const customerId = Buffer.from(encodedId, 'base64url').toString('utf8');
      return isKnownCustomer(customerId) ? customerId : null;
    },
  };
}
