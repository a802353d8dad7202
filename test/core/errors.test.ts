import { describe, expect, it } from 'vitest';
import {
  UPSELL_ERROR_CODES,
  UpsellError,
  httpStatusForCode,
  isRetryableCode,
  isUpsellError,
  isUpsellErrorCode,
} from '../../src/core/errors';
import type { UpsellErrorCode } from '../../src/core/errors';

describe('error codes', () => {
  it('include every code the foundation issue asks for, each once', () => {
    const required: UpsellErrorCode[] = [
      'unauthenticated',
      'offer_not_eligible',
      'offer_expired',
      'payment_method_unusable',
      'payment_declined',
      'requires_action',
      'plan_change_pending',
      'quote_expired',
      'price_changed',
      'already_purchased',
      'in_progress',
      'invalid_request',
      'not_found',
      'rate_limited',
      'network',
      'upstream',
      'currency_mismatch',
    ];
    expect(UPSELL_ERROR_CODES).toEqual(expect.arrayContaining(required));
    expect(new Set(UPSELL_ERROR_CODES).size).toBe(UPSELL_ERROR_CODES.length);
  });

  it.each(UPSELL_ERROR_CODES.map((code) => [code]))('%s has an HTTP status and a retryability', (code) => {
    const status = httpStatusForCode(code);
    expect(Number.isInteger(status)).toBe(true);
    // 0 marks a client-only code (no response at all); everything else is a 4xx or 5xx.
    expect(status === 0 || (status >= 400 && status <= 599)).toBe(true);
    expect(typeof isRetryableCode(code)).toBe('boolean');
    expect(new UpsellError(code, 'x').retryable).toBe(isRetryableCode(code));
  });

  it.each<[UpsellErrorCode, number]>([
    ['unauthenticated', 401],
    ['forbidden', 403],
    ['not_found', 404],
    ['invalid_request', 400],
    ['payload_too_large', 413],
    ['plan_change_pending', 409], // Dodo answers 409 while another change is pending
    ['in_progress', 409],
    ['rate_limited', 429],
    ['upstream', 502],
    ['unavailable', 503],
    ['network', 0],
  ])('%s maps to HTTP %i', (code, status) => {
    expect(httpStatusForCode(code)).toBe(status);
  });

  it('marks only transient conditions as retryable', () => {
    for (const code of ['in_progress', 'rate_limited', 'network', 'upstream', 'unavailable', 'plan_change_pending'] as const) {
      expect(isRetryableCode(code), code).toBe(true);
    }
    // The guide: never retry a failed charge again and again.
    for (const code of [
      'payment_declined',
      'requires_action',
      'payment_method_unusable',
      'price_changed',
      'already_purchased',
      'offer_expired',
      'invalid_request',
      'unauthenticated',
      'not_found',
      'currency_mismatch',
    ] as const) {
      expect(isRetryableCode(code), code).toBe(false);
    }
  });

  it('isUpsellErrorCode accepts known codes only', () => {
    expect(isUpsellErrorCode('network')).toBe(true);
    expect(isUpsellErrorCode('NETWORK')).toBe(false);
    expect(isUpsellErrorCode('teapot')).toBe(false);
    expect(isUpsellErrorCode(402)).toBe(false);
    expect(isUpsellErrorCode(undefined)).toBe(false);
  });
});

describe('UpsellError', () => {
  it('is an Error with a name, a code, a message and the code’s retryability', () => {
    const error = new UpsellError('rate_limited', 'Slow down.');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('UpsellError');
    expect(error.code).toBe('rate_limited');
    expect(error.message).toBe('Slow down.');
    expect(error.retryable).toBe(true);
  });

  it('lets the thrower override retryability and keeps the cause for logs', () => {
    const cause = new Error('socket hang up');
    const error = new UpsellError('upstream', 'Dodo did not answer.', { retryable: false, cause });
    expect(error.retryable).toBe(false);
    expect(error.cause).toBe(cause);
  });

  it('serialises to code, message and retryable only: no cause, no stack', () => {
    const error = new UpsellError('upstream', 'Dodo did not answer.', { cause: new Error('secret internal detail') });
    expect(error.toJSON()).toEqual({ code: 'upstream', message: 'Dodo did not answer.', retryable: true });
    expect(Object.keys(error.toJSON()).sort()).toEqual(['code', 'message', 'retryable']);
    const wire = JSON.stringify(error);
    expect(JSON.parse(wire)).toEqual({ code: 'upstream', message: 'Dodo did not answer.', retryable: true });
    expect(wire).not.toContain('secret internal detail');
    expect(wire).not.toContain('stack');
  });
});

describe('isUpsellError', () => {
  it('recognises an instance of the class', () => {
    expect(isUpsellError(new UpsellError('network', 'offline'))).toBe(true);
  });

  it('recognises an UpsellError from another copy of the bundle by its shape', () => {
    class ForeignUpsellError extends Error {
      readonly code = 'payment_declined';
      readonly retryable = false;
      constructor(message: string) {
        super(message);
        this.name = 'UpsellError';
      }
    }
    const foreign = new ForeignUpsellError('declined');
    expect(foreign).not.toBeInstanceOf(UpsellError);
    expect(isUpsellError(foreign)).toBe(true);
  });

  it('rejects look-alikes', () => {
    // Not an Error at all, just the JSON body.
    expect(isUpsellError({ name: 'UpsellError', code: 'network', message: 'x', retryable: true })).toBe(false);
    // An Error named UpsellError with a code outside the union.
    expect(isUpsellError(Object.assign(new Error('x'), { name: 'UpsellError', code: 'teapot' }))).toBe(false);
    // An ordinary Error carrying a valid code.
    expect(isUpsellError(Object.assign(new Error('x'), { code: 'network' }))).toBe(false);
    expect(isUpsellError(new TypeError('x'))).toBe(false);
    expect(isUpsellError(null)).toBe(false);
    expect(isUpsellError('network')).toBe(false);
  });
});
