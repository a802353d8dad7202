/**
 * JSON responses of the handler. Errors always have the shape
 * `{ "error": { "code", "message", "retryable" } }` and the status the core assigns to the
 * code, and never carry a stack trace or an upstream message.
 */
import { httpStatusForCode, UpsellError } from '../core/errors';
import type { UpsellErrorCode } from '../core/errors';

const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  // Answers are per customer and often about money: never cache them anywhere.
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

/** A JSON response. */
export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}

/** 204 with no body. */
export function noContentResponse(): Response {
  return new Response(null, { status: 204, headers: { 'cache-control': 'no-store' } });
}

/** The error response for `error`, with the status of its code. */
export function errorResponse(error: UpsellError, status?: number, headers: Record<string, string> = {}): Response {
  return jsonResponse({ error: error.toJSON() }, status ?? httpStatusForCode(error.code), headers);
}

/** Shorthand for an error response from a code and a safe message. */
export function errorResponseFor(code: UpsellErrorCode, message: string, status?: number, headers?: Record<string, string>): Response {
  return errorResponse(new UpsellError(code, message), status, headers);
}
