import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A fresh id shaped like Dodo's: a prefix, `_`, then 21 base-62 characters (e.g. `pay_4f9Qm…`). */
export function newId(prefix: string): string {
  const bytes = randomBytes(21);
  let suffix = '';
  // 62 does not divide 256, so this is slightly biased; uniqueness is all an id needs.
  for (const byte of bytes) suffix += ALPHABET[byte % ALPHABET.length] ?? '0';
  return `${prefix}_${suffix}`;
}
