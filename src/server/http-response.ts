/**
 * The handler's answers. Routes build a {@link Reply} (plain data: status, headers, JSON
 * text); `createUpsellHandler` turns it into a web `Response` at the edge, and
 * `toNodeListener` writes it straight to the socket, skipping the `Response` object and the
 * stream read of its body (about a tenth of `GET /offers`' own cost on Node). Both carry
 * the same status, headers and bytes.
 *
 * Errors always have the shape `{ "error": { "code", "message", "retryable" } }` and the
 * status the core assigns to the code, and never carry a stack trace or an upstream message.
 */
import { httpStatusForCode, UpsellError } from '../core/errors';
import type { UpsellErrorCode } from '../core/errors';

/** An answer before it becomes a `Response`. */
export interface Reply {
  /** HTTP status. */
  readonly status: number;
  /** Response headers, lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** UTF-8 body text, or null for none. */
  readonly body: string | null;
}

const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  // Answers are per customer and often about money: never cache them anywhere.
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

/** A JSON reply. */
export function jsonReply(body: unknown, status = 200, headers: Record<string, string> = {}): Reply {
  return { status, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

/** 204 with no body. */
export function noContentReply(): Reply {
  return { status: 204, headers: { 'cache-control': 'no-store' }, body: null };
}

/** The error reply for `error`, with the status of its code. */
export function errorReply(error: UpsellError, status?: number, headers: Record<string, string> = {}): Reply {
  return jsonReply({ error: error.toJSON() }, status ?? httpStatusForCode(error.code), headers);
}

/** Shorthand for an error reply from a code and a safe message. */
export function errorReplyFor(code: UpsellErrorCode, message: string, status?: number, headers?: Record<string, string>): Reply {
  return errorReply(new UpsellError(code, message), status, headers);
}

/** The web `Response` of `reply`. */
export function toResponse(reply: Reply): Response {
  return new Response(reply.body, { status: reply.status, headers: reply.headers });
}

/**
 * Where a handler made by `createUpsellHandler` keeps its `Request → Reply` function, for
 * `toNodeListener` (which also hands over the URL it parsed to build the request and the body
 * it buffered, so neither is parsed or read twice). A wrapped
 * or foreign handler lacks it and is served through its `Response`.
 */
export const REPLY_FUNCTION: unique symbol = Symbol('upsell-kit.reply');

/** A handler that can also answer with a {@link Reply}. */
export interface ReplyingHandler {
  (request: Request): Promise<Response>;
  readonly [REPLY_FUNCTION]?: (request: Request, url?: URL, body?: Uint8Array) => Promise<Reply>;
}
