/**
 * Errors as plain data for machine states: a state must stay serialisable and comparable,
 * so it holds the code, message and retryability of an `UpsellError`, not the instance.
 */
import { isUpsellError } from '../errors';
import type { UpsellErrorCode } from '../errors';

/** What a machine state keeps of an error. */
export interface UpsellErrorInfo {
  /** Machine-readable code. */
  code: UpsellErrorCode;
  /** Plain-language message, safe to show. */
  message: string;
  /** Whether repeating the same request may succeed. */
  retryable: boolean;
}

/**
 * The error info of anything an adapter call threw: an `UpsellError` keeps its code; any
 * other throw (a `TypeError` from `fetch`, a host adapter's own error) counts as `network`,
 * because the request's outcome is unknown and trying again is the safe answer.
 */
export function toUpsellErrorInfo(error: unknown): UpsellErrorInfo {
  if (isUpsellError(error)) return { code: error.code, message: error.message, retryable: error.retryable };
  return { code: 'network', message: 'The connection failed.', retryable: true };
}
