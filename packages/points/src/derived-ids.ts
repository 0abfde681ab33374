import { identifierPattern } from "@courier-station/core";

const MAX_IDENTIFIER_LENGTH = 64;
const HASH_LENGTH = 13;
const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = 0xffffffffffffffffn;

/** FNV-1a, 64 bits, over the UTF-16 code units: small, pure and the same on every platform. */
const fnv1a64 = (text: string): bigint => {
  let hash = FNV_OFFSET;
  for (let index = 0; index < text.length; index++) {
    hash ^= BigInt(text.charCodeAt(index));
    hash = (hash * FNV_PRIME) & MASK_64;
  }
  return hash;
};

/**
 * An identifier made from parts joined by `-`, always valid for
 * {@link identifierPattern} (at most 64 characters). Derived ids are how the ledger
 * stays idempotent across retries: the same parts always give the same id.
 *
 * When the joined text is too long (ids of up to 64 characters plus a suffix), it is
 * shortened to a prefix and a 64-bit FNV-1a hash of the whole text, so it stays
 * deterministic and distinct ids stay distinct (barring a 64-bit hash collision).
 *
 * @example
 * derivedId("courier", "c-1"); // "courier-c-1"
 * derivedId("019ac9a2-3b1e-7c4d-8f00-1a2b3c4d5e6f", "welcome"); // "019ac9a2-…-welcome"
 */
export const derivedId = (...parts: ReadonlyArray<string>): string => {
  const joined = parts.join("-");
  if (joined.length <= MAX_IDENTIFIER_LENGTH && identifierPattern.test(joined)) return joined;
  const hash = fnv1a64(joined).toString(36).padStart(HASH_LENGTH, "0");
  const prefix = joined
    .slice(0, MAX_IDENTIFIER_LENGTH - HASH_LENGTH - 1)
    .replace(/[^A-Za-z0-9_-]/g, "_");
  // The pattern wants a letter or digit first; a prefix of derived parts always has one,
  // but a stray leading symbol is replaced rather than trusted.
  const safePrefix = /^[A-Za-z0-9]/.test(prefix) ? prefix : `x${prefix.slice(1)}`;
  return `${safePrefix}-${hash}`;
};
