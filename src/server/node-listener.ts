/**
 * `toNodeListener`: serves an `UpsellHandler` from `node:http` or Express.
 *
 * Mount it before any body parser (`express.json()` would consume the stream, and webhooks
 * need the exact raw body to verify their signature):
 * `app.use('/api/upsell', toNodeListener(handler))` works because the handler reads
 * `req.originalUrl` when Express has rewritten `req.url`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { REPLY_FUNCTION } from './http-response';
import type { ReplyingHandler } from './http-response';
import { DEFAULT_MAX_WEBHOOK_BYTES } from './request-body';

/** Options of {@link toNodeListener}. */
export interface NodeListenerOptions {
  /**
   * Hard cap on a request body read from the socket, in bytes; beyond it the listener
   * answers 413 itself. The handler applies its own, smaller limits per route.
   * @default 262144 (256 KiB)
   */
  maxBodyBytes?: number;
  /** Scheme used to rebuild the request URL (behind a TLS-terminating proxy, pass 'https'). @default 'http' unless the socket is TLS */
  protocol?: 'http' | 'https';
}

/** A `node:http` request listener. */
export type NodeListener = (req: IncomingMessage, res: ServerResponse) => void;

const DRAIN_LIMIT_FACTOR = 8;

/**
 * Node's parsed headers as `[name, value]` pairs for `new Request`, without the framing
 * headers: the body is buffered, so its real length replaces whatever the client claimed.
 * Handing pairs to `Request` copies them once (a `Headers` built first is copied twice).
 */
function requestHeaders(req: IncomingMessage): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  const headers = req.headers;
  for (const name in headers) {
    if (name === 'content-length' || name === 'transfer-encoding') continue;
    const value = headers[name];
    if (value === undefined) continue;
    if (typeof value === 'string') pairs.push([name, value]);
    else for (const item of value) pairs.push([name, item]);
  }
  return pairs;
}

/** As {@link requestHeaders}, dropping each header that `Headers` refuses instead of failing. */
function tolerantHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of requestHeaders(req)) {
    try {
      headers.append(name, value);
    } catch {
      // Dropped.
    }
  }
  return headers;
}

function sendJson(res: ServerResponse, status: number, code: string, message: string, close = false): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({ error: { code, message, retryable: false } });
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(body);
}

/**
 * Reads the body up to `limit` bytes. Beyond it, keeps draining (so the client can read the
 * 413 instead of a reset connection) up to a multiple of the limit, then gives up on the socket.
 */
function readBody(req: IncomingMessage, limit: number): Promise<{ bytes: Uint8Array<ArrayBuffer>; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) {
        tooLarge = true;
        if (total > limit * DRAIN_LIMIT_FACTOR) {
          req.removeAllListeners('data');
          resolve({ bytes: new Uint8Array(0), tooLarge: true });
          req.pause();
        }
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve({ bytes: tooLarge ? new Uint8Array(0) : new Uint8Array(Buffer.concat(chunks)), tooLarge }));
    req.on('error', reject);
  });
}

/** Adapts a web-standard handler to `node:http` / Express. */
export function toNodeListener(handler: (request: Request) => Promise<Response>, options: NodeListenerOptions = {}): NodeListener {
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_WEBHOOK_BYTES;

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const declared = req.headers['content-length'];
    if (declared !== undefined && /^\d+$/.test(declared) && Number(declared) > limit * DRAIN_LIMIT_FACTOR) {
      sendJson(res, 413, 'payload_too_large', `The request body is larger than ${limit} bytes.`, true);
      req.resume();
      return;
    }
    const { bytes, tooLarge } = method === 'GET' || method === 'HEAD' ? { bytes: new Uint8Array(0), tooLarge: false } : await readBody(req, limit);
    if (tooLarge) {
      sendJson(res, 413, 'payload_too_large', `The request body is larger than ${limit} bytes.`, true);
      return;
    }

    const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
    const protocol = options.protocol ?? (encrypted ? 'https' : 'http');
    const host = req.headers.host ?? 'localhost';
    // Express strips the mount path from req.url; originalUrl keeps the full path.
    const path = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/';
    let url: URL;
    try {
      url = new URL(path, `${protocol}://${host}`);
    } catch {
      sendJson(res, 400, 'invalid_request', 'Malformed request URL.');
      return;
    }

    const bodyInit = method === 'GET' || method === 'HEAD' ? null : bytes;
    let request: Request;
    try {
      request = new Request(url.href, { method, headers: requestHeaders(req), body: bodyInit });
    } catch {
      try {
        // A header value Headers refuses (Node is laxer): drop that header rather than fail.
        request = new Request(url.href, { method, headers: tolerantHeaders(req), body: bodyInit });
      } catch {
        sendJson(res, 405, 'invalid_request', 'Method not allowed.');
        return;
      }
    }

    const replyFunction = (handler as ReplyingHandler)[REPLY_FUNCTION];
    if (replyFunction) {
      // The kit's own handler: write its reply directly, no Response object to build and drain.
      // It also gets the buffered body, so it need not drain the request's stream again.
      const reply = await replyFunction(request, url, bodyInit ?? undefined);
      const outHeaders: Record<string, string | number> = { ...reply.headers, 'content-length': reply.body === null ? 0 : Buffer.byteLength(reply.body) };
      res.writeHead(reply.status, outHeaders);
      res.end(method === 'HEAD' || reply.body === null ? undefined : reply.body);
      return;
    }

    const response = await handler(request);
    const payload = Buffer.from(await response.arrayBuffer());
    const outHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      outHeaders[name] = value;
    });
    outHeaders['content-length'] = String(payload.length);
    res.writeHead(response.status, outHeaders);
    res.end(method === 'HEAD' ? undefined : payload);
  }

  return (req, res) => {
    serve(req, res).catch(() => {
      sendJson(res, 500, 'unavailable', 'Something went wrong on our side.');
    });
  };
}
