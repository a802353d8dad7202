/**
 * Cross-site request forgery defence for the mutating routes (every POST except webhooks).
 *
 * - An `Origin` header must be one of `allowedOrigins` (default: the handler's own origin).
 *   `Origin: null` (sandboxed frames, `file:`) is never allowed.
 * - Without `Origin`, `Sec-Fetch-Site` decides: `same-origin` or absent passes, anything else
 *   (`same-site`, `cross-site`, `none`) is refused. Every current browser sends `Origin` on a
 *   POST, so a request with neither header comes from a non-browser client (a server, curl,
 *   a test), which cannot ride on a victim's cookies and is allowed; `authenticate` still
 *   decides who it is.
 */

/** Normalises an origin (`https://Shop.example:443` → `https://shop.example`); null if it is not one. */
export function normalizeOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.origin;
  } catch {
    return null;
  }
}

/** True when a mutating request may proceed. */
export function isAllowedOrigin(request: Request, allowedOrigins: ReadonlySet<string> | null): boolean {
  const origin = request.headers.get('origin');
  if (origin !== null) {
    const normalized = normalizeOrigin(origin);
    if (normalized === null) return false;
    if (allowedOrigins) return allowedOrigins.has(normalized);
    return normalized === new URL(request.url).origin;
  }
  const site = request.headers.get('sec-fetch-site');
  return site === null || site === 'same-origin';
}
