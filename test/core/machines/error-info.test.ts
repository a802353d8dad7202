import { describe, expect, it } from 'vitest';
import { UpsellError } from '../../../src/core/errors';
import { toUpsellErrorInfo } from '../../../src/core/machines/error-info';

describe('toUpsellErrorInfo', () => {
  it('keeps the code, message and retryability of an UpsellError', () => {
    expect(toUpsellErrorInfo(new UpsellError('price_changed', 'The price changed.'))).toEqual({
      code: 'price_changed',
      message: 'The price changed.',
      retryable: false,
    });
  });

  it('treats any other throw as a retryable network failure (the outcome is unknown)', () => {
    expect(toUpsellErrorInfo(new TypeError('Failed to fetch'))).toEqual({
      code: 'network',
      message: 'The connection failed.',
      retryable: true,
    });
  });
});
