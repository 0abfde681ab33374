import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";

/**
 * The prefix of every derived id. Ids that callers choose never start with it (the
 * caller-facing id schemas refuse it, see `TransferId`), so no caller can take an id
 * that the system will derive later.
 */
export const derivedIdPrefix = "d-";

/** The exact form of a derived id: `d-` and 40 lower-case hex digits. */
export const derivedIdPattern = /^d-[0-9a-f]{40}$/;

const DIGEST_HEX_DIGITS = 40;

/**
 * A deterministic identifier made from parts (a purpose and the ids it derives from):
 * `d-` and the first 40 hex digits (160 bits) of the SHA-256 of the parts joined by NUL.
 * The one way the system derives ids: the idempotency keys of flows (a consumer, a
 * purpose, an event id), the points ledger's transfers (an earning, an expiry, a hold of
 * a wish and its post or void), patrols.
 *
 * - The same parts always give the same id, on every platform, so a retried flow asks
 *   for the same thing twice and it is recorded once.
 * - Parts are kept apart (NUL never occurs in an id), so `("a-b", "c")` and
 *   `("a", "b-c")` differ; distinct parts give distinct ids barring a 160-bit collision.
 * - It fits every identifier pattern (42 characters) and lives in a namespace of its own
 *   (`d-…`) that caller-chosen ids are refused from.
 *
 * Pure (`@noble/hashes`, no Node built-ins), so it runs in a browser too. Start the parts
 * with a purpose of the owning package (`"points-hold-expiry"`, `"wish-hold"`), so two
 * derivations never meet.
 *
 * @example
 * derivedId("points-hold-expiry", holdId); // "d-3f9a…" (42 characters)
 */
export const derivedId = (...parts: ReadonlyArray<string>): string =>
  `${derivedIdPrefix}${bytesToHex(sha256(utf8ToBytes(parts.join("\u0000")))).slice(0, DIGEST_HEX_DIGITS)}`;

/**
 * Whether an id is in the namespace reserved for derived ids (it starts with `d-`),
 * whether or not it was derived: what caller-facing schemas refuse.
 *
 * @example
 * isDerivedId(derivedId("wish-hold", "w-1", "1")); // true
 * isDerivedId("adjustment-2026-001"); // false
 */
export const isDerivedId = (id: string): boolean => id.startsWith(derivedIdPrefix);
