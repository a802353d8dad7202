/** Small `node:http` helpers for the demo server: JSON answers, bounded bodies, same-origin checks. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Headers every answer carries. */
export const BASE_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

/** An error whose message is safe to show the customer. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Sends `body` as JSON. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    ...BASE_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(payload);
}

/** Sends `{ error: { code, message } }`. */
export function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { code, message } });
}

/** Reads a JSON body of at most `limit` bytes (→ 413), or `{}` when empty. */
export async function readJson(req: IncomingMessage, limit = 8_192): Promise<unknown> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    total += buffer.length;
    if (total > limit) throw new HttpError(413, 'payload_too_large', 'The request body is too large.');
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'invalid_json', 'The request body is not valid JSON.');
  }
}

/**
 * CSRF defence for the shop's POST routes, like the kit's: a browser's `Origin` must be one of
 * the shop's origins; without it, `Sec-Fetch-Site` must not say the request came from elsewhere.
 */
export function assertSameOrigin(req: IncomingMessage, allowedOrigins: readonly string[]): void {
  const origin = req.headers.origin;
  if (origin !== undefined) {
    if (!allowedOrigins.includes(origin)) throw new HttpError(403, 'forbidden_origin', 'Cross-origin requests are not allowed.');
    return;
  }
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') throw new HttpError(403, 'forbidden_origin', 'Cross-site requests are not allowed.');
}

/** A plain object, or an `invalid_request` error. */
export function asRecord(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpError(400, 'invalid_request', 'Expected a JSON object.');
  return value as Record<string, unknown>;
}
