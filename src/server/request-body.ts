/**
 * Reads a request body with a hard size limit, before any parsing: a body larger than the
 * limit is refused with 413 as soon as the limit is crossed, whatever `Content-Length` says.
 */
import { UpsellError } from '../core/errors';

/** Default limit for JSON bodies of the API routes (16 KiB). */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024;

/** Default limit for webhook bodies, which carry whole Dodo objects (256 KiB). */
export const DEFAULT_MAX_WEBHOOK_BYTES = 256 * 1024;

/**
 * The body as UTF-8 text; throws `payload_too_large` beyond `limit` bytes and `invalid_request`
 * for invalid UTF-8. `buffered` is the same body already read by `toNodeListener`: decoded
 * directly, it spares draining the request's stream chunk by chunk.
 */
export async function readBodyText(request: Request, limit: number, buffered?: Uint8Array): Promise<string> {
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > limit) throw tooLarge(limit);
  if (buffered) {
    if (buffered.byteLength > limit) throw tooLarge(limit);
    return decodeUtf8(buffered);
  }
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return decodeUtf8(bytes);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new UpsellError('invalid_request', 'The request body is not valid UTF-8.');
  }
}

/**
 * The body parsed as JSON. Requires `Content-Type: application/json`: besides being honest,
 * it makes a cross-site `fetch` need a CORS preflight, and HTML forms cannot send it.
 */
export async function readJsonBody(request: Request, limit: number, buffered?: Uint8Array): Promise<unknown> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new UpsellError('invalid_request', 'Send the body as application/json.');
  }
  const text = await readBodyText(request, limit, buffered);
  if (text.trim() === '') throw new UpsellError('invalid_request', 'The request body is empty.');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UpsellError('invalid_request', 'The request body is not valid JSON.');
  }
}

function tooLarge(limit: number): UpsellError {
  return new UpsellError('payload_too_large', `The request body is larger than ${limit} bytes.`);
}
