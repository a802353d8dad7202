/**
 * The one store failure the handler treats specially: the database cannot be reached (refused
 * or dropped connection, server shutting down, pool ended, PGlite closed, out of connections).
 * The handler answers it with 503 `unavailable`; since every mutating route claims its
 * idempotency key (or webhook id) before calling Dodo, nothing is charged without a record.
 *
 * Host stores can throw it too; it is recognised by name across bundle copies.
 */

/** Thrown by a store when its database cannot be reached. */
export class StoreUnavailableError extends Error {
  constructor(message = 'The upsell store cannot reach its database.', options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StoreUnavailableError';
  }
}

/** True for a {@link StoreUnavailableError}, also from another copy of the kit. */
export function isStoreUnavailableError(value: unknown): value is StoreUnavailableError {
  return value instanceof StoreUnavailableError || (value instanceof Error && value.name === 'StoreUnavailableError');
}

/** Node socket errors that mean "no database there". */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENOENT', // a unix socket that is not there
]);

/**
 * SQLSTATEs that mean the server is unreachable, going away or out of capacity:
 * class 08 (connection exception), 53 (insufficient resources), 57P01–57P05 (shutdown,
 * cannot connect now, idle timeouts), 57014 (statement timeout) and 58 (system error).
 * https://www.postgresql.org/docs/current/errcodes-appendix.html
 */
const UNAVAILABLE_SQLSTATE = /^(08|53|58)[0-9A-Z]{3}$|^57P0[1-5]$|^57014$/;

/** Messages of `pg` and PGlite for a client that is closed or lost its connection. */
const UNAVAILABLE_MESSAGES = [
  'connection terminated',
  'timeout exceeded when trying to connect',
  'cannot use a pool after calling end',
  'client has encountered a connection error',
  'client was closed and is not queryable',
  'pglite is closed',
  'connection refused',
];

function codeOf(value: unknown): string | null {
  const code = typeof value === 'object' && value !== null ? (value as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : null;
}

/**
 * True when `error` (from a SQL client) means the database cannot be reached, as opposed
 * to a bug or a constraint violation, which stay ordinary errors.
 */
export function isConnectionFailure(error: unknown, depth = 0): boolean {
  if (depth > 4) return false;
  if (isStoreUnavailableError(error)) return true;
  const code = codeOf(error);
  if (code !== null && (SOCKET_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
  // Node's happy-eyeballs connect reports an AggregateError of the attempts.
  if (error instanceof AggregateError && error.errors.some((inner) => isConnectionFailure(inner, depth + 1))) return true;
  if (error instanceof Error) {
    const message = error.message.toLowerCase();
    if (UNAVAILABLE_MESSAGES.some((fragment) => message.includes(fragment))) return true;
    if (error.cause !== undefined && error.cause !== error) return isConnectionFailure(error.cause, depth + 1);
  }
  return false;
}

/** `error` as a {@link StoreUnavailableError} when it is a connection failure, unchanged otherwise. */
export function toStoreError(error: unknown): unknown {
  if (isStoreUnavailableError(error) || !isConnectionFailure(error)) return error;
  return new StoreUnavailableError(undefined, { cause: error });
}
