import { aessiv } from "@noble/ciphers/aes.js";
import { bytesToUtf8 } from "@noble/ciphers/utils.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, hexToBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import { Either } from "effect";
import { z } from "zod";
import type { CommunityId, CourierId } from "../kernel/ids.js";
import { PersonalDataUnreadable, type PersonalDataUnreadableReason } from "./errors.js";
import { MobileNumber } from "./mobile-number.js";
import { openVersion1, VERSION_1_PREFIX } from "./sealed-personal-data-v1.js";
import {
  RealName,
  type RecordedPersonalData,
  SEALED_PERSONAL_DATA_PATTERN,
  type SealedPersonalData,
  SealKeyId,
} from "./values.js";

/*
 * Why personal data is sealed: events travel (the outbox, JetStream, other services,
 * the audit trail, backups) much further than the courier's own document, and the rule
 * is that no raw mobile number or real name is ever in an event.
 *
 * How: AES-SIV (RFC 5297, @noble/ciphers' `aessiv`, AES-256 in SIV mode with a 64-byte
 * key derived from the secret by HKDF-SHA-256). SIV is deterministic authenticated
 * encryption: no random nonce, so `decide` stays pure and the same data seals the same
 * way for the same courier. The community and the courier id are its associated data,
 * two separate components of the S2V vector: they are not stored in the seal but must
 * be given again to open it, so a seal copied into another courier's record, or another
 * community's, does not open. The cost of determinism is that one courier's unchanged
 * data seals to the same value twice, which reveals nothing the mobile key does not.
 *
 * Format: `v2:<key id>:<hex of the 16-byte synthetic IV, then the ciphertext>`. The key
 * id says which secret sealed it, so a deployment can rotate: seal with the current
 * key, open with it or any previous one. `v1:<hex>` values (the format before AES-SIV,
 * see sealed-personal-data-v1.ts) are still opened, with every key held, and never
 * written.
 */

const VERSION_2 = "v2";

/** The fewest bytes a seal secret for {@link personalDataSeal} may have. */
export const PERSONAL_DATA_SECRET_MIN_BYTES = 16;

/** The key id of the one-key form `personalDataSeal(secret)`. */
export const DEFAULT_SEAL_KEY_ID = "default";

/** One secret of the personal-data seal and its id (what travels with each value). */
export interface PersonalDataSealKey {
  /** 1 to 32 letters, digits, `_` or `-`, e.g. `"2026-11"`; never reused for another secret. */
  readonly id: string;
  /** At least {@link PERSONAL_DATA_SECRET_MIN_BYTES} bytes; kept out of the store. */
  readonly secret: string | Uint8Array;
}

/**
 * The secrets a deployment seals with: the `current` one seals, it and every
 * `previous` one open. Rotate by making the current key previous and adding a new one.
 */
export interface PersonalDataSealKeys {
  readonly current: PersonalDataSealKey;
  readonly previous?: ReadonlyArray<PersonalDataSealKey>;
}

/**
 * Whose personal data a seal holds: bound into the seal as associated data, so it opens
 * only for the same courier of the same community.
 */
export interface PersonalDataOwner {
  readonly community: CommunityId;
  readonly courierId: CourierId;
}

/**
 * Seals and opens couriers' personal data under a deployment's seal keys. The service
 * makes one with {@link personalDataSeal} and passes it in the couriers' decision
 * context (`personalData`), as it passes `mobileKeyOf`: the secrets never enter the
 * domain, events or the store.
 */
export interface PersonalDataSeal {
  /** The id of the key that seals (travels in every new value). */
  readonly currentKeyId: string;
  /**
   * The sealed form of a courier's data under the current key; the same data of the
   * same owner always seals the same way.
   */
  readonly seal: (
    data: Omit<RecordedPersonalData, "kind">,
    owner: PersonalDataOwner,
  ) => SealedPersonalData;
  /**
   * The data in the clear, or {@link PersonalDataUnreadable} saying why not: its key is
   * not held (`unknown-key`), it was changed or belongs to another owner
   * (`not-authentic`), or it is not a seal at all (`malformed`).
   */
  readonly open: (
    sealed: SealedPersonalData,
    owner: PersonalDataOwner,
  ) => Either.Either<RecordedPersonalData, PersonalDataUnreadable>;
  /**
   * Whether a value is in the current format under the current key; when every stored
   * value is, the previous keys can be retired.
   */
  readonly isCurrent: (sealed: SealedPersonalData) => boolean;
  /**
   * The value opened and sealed again under the current key (and format), for a store
   * that rewrites old values during a rotation; a current value that opens is returned
   * as it is.
   */
  readonly reseal: (
    sealed: SealedPersonalData,
    owner: PersonalDataOwner,
  ) => Either.Either<SealedPersonalData, PersonalDataUnreadable>;
}

interface HeldKey {
  readonly id: string;
  readonly secret: Uint8Array;
  readonly sivKey: Uint8Array;
}

const KEY_DERIVATION_SALT = utf8ToBytes("courier-station personal data seal");
const KEY_DERIVATION_INFO = utf8ToBytes("aes-256-siv v2");

/**
 * The AES-256-SIV key (64 bytes: the S2V/CMAC half, then the CTR half) of a secret:
 * HKDF-SHA-256 (RFC 5869), so a passphrase-like secret still gives a uniform key.
 */
const sivKeyOf = (secret: Uint8Array): Uint8Array =>
  hkdf(sha256, secret, KEY_DERIVATION_SALT, KEY_DERIVATION_INFO, 64);

/**
 * The associated data of an owner, in the order of the S2V vector: the community, then
 * the courier id (separate components, so no two owners run together into one string).
 */
const associatedDataOf = (owner: PersonalDataOwner): Uint8Array[] => [
  utf8ToBytes(owner.community),
  utf8ToBytes(owner.courierId),
];

/**
 * Encrypts deterministically with AES-SIV (RFC 5297): the synthetic IV, then the
 * ciphertext. Internal; exported for the RFC's known-answer tests.
 */
export const sivEncrypt = (
  key: Uint8Array,
  associatedData: ReadonlyArray<Uint8Array>,
  plaintext: Uint8Array,
): Uint8Array => aessiv(key, ...associatedData).encrypt(plaintext);

/**
 * Decrypts and authenticates with AES-SIV (RFC 5297), or `undefined` when the value, the
 * key or the associated data differ from the sealing. Internal; exported for the
 * RFC's known-answer tests.
 */
export const sivDecrypt = (
  key: Uint8Array,
  associatedData: ReadonlyArray<Uint8Array>,
  sealed: Uint8Array,
): Uint8Array | undefined => {
  try {
    return aessiv(key, ...associatedData).decrypt(sealed);
  } catch {
    // noble throws on a failed authentication (and on a value shorter than the tag).
    return undefined;
  }
};

/** Internal: the derived AES-SIV key of a secret, for tests that check the format. */
export const sealKeyOfSecret = (secret: string | Uint8Array): Uint8Array =>
  sivKeyOf(typeof secret === "string" ? utf8ToBytes(secret) : secret);

/** Internal: the associated data of an owner, for tests that check the format. */
export const sealAssociatedDataOf = associatedDataOf;

const Opened = z.tuple([RealName, MobileNumber]);

const recordedOf = (plaintext: Uint8Array): RecordedPersonalData | undefined => {
  let value: unknown;
  try {
    value = JSON.parse(bytesToUtf8(plaintext));
  } catch {
    return undefined;
  }
  const parsed = Opened.safeParse(value);
  if (!parsed.success) return undefined;
  const [realName, mobileNumber] = parsed.data;
  return { kind: "recorded", realName, mobileNumber };
};

const heldKeyOf = (key: PersonalDataSealKey): HeldKey => {
  if (!SealKeyId.safeParse(key.id).success) {
    throw new RangeError(
      `A personal data seal key id must be 1 to 32 letters, digits, '_' or '-': ${JSON.stringify(key.id).slice(0, 40)}`,
    );
  }
  const secret = typeof key.secret === "string" ? utf8ToBytes(key.secret) : key.secret;
  if (secret.length < PERSONAL_DATA_SECRET_MIN_BYTES) {
    throw new RangeError(
      `The personal data secret of key "${key.id}" must have at least ${PERSONAL_DATA_SECRET_MIN_BYTES} bytes`,
    );
  }
  return { id: key.id, secret, sivKey: sivKeyOf(secret) };
};

const keysOf = (keys: string | Uint8Array | PersonalDataSealKeys): PersonalDataSealKeys =>
  typeof keys === "string" || keys instanceof Uint8Array
    ? { current: { id: DEFAULT_SEAL_KEY_ID, secret: keys } }
    : keys;

/**
 * The {@link PersonalDataSeal} of a deployment's seal keys: one secret (its key id is
 * {@link DEFAULT_SEAL_KEY_ID}), or the current key and the previous ones still read.
 * Secrets have at least {@link PERSONAL_DATA_SECRET_MIN_BYTES} bytes and stay out of the
 * store. The seal secret is not the mobile-number key's secret: rotating it changes no
 * mobile key. AES-SIV from @noble/ciphers: synchronous, and it runs in browsers too.
 *
 * Throws a `RangeError` for a short secret, a malformed key id or an id used twice:
 * those are deployment mistakes, not a user's.
 *
 * @example
 * const personalData = personalDataSeal({
 *   current: { id: "2026-11", secret: process.env.SEAL_SECRET_2026_11 },
 *   previous: [{ id: "default", secret: process.env.SEAL_SECRET }],
 * });
 * const owner = { community, courierId };
 * const sealed = personalData.seal({ realName, mobileNumber }, owner);
 * // { kind: "sealed", sealed: "v2:2026-11:…" }
 * personalData.open(sealed, owner); // Either.right({ kind: "recorded", realName, mobileNumber })
 * personalData.open(sealed, { community, courierId: otherCourier });
 * // Either.left(PersonalDataUnreadable { reason: "not-authentic" })
 */
export const personalDataSeal = (
  keys: string | Uint8Array | PersonalDataSealKeys,
): PersonalDataSeal => {
  const { current, previous = [] } = keysOf(keys);
  const held = [current, ...previous].map(heldKeyOf);
  const byId = new Map<string, HeldKey>();
  for (const key of held) {
    if (byId.has(key.id)) {
      throw new RangeError(`The personal data seal key id "${key.id}" is used twice`);
    }
    byId.set(key.id, key);
  }
  const currentKey = held[0] as HeldKey;
  const currentPrefix = `${VERSION_2}:${currentKey.id}:`;

  const unreadable = (owner: PersonalDataOwner, reason: PersonalDataUnreadableReason) =>
    Either.left(new PersonalDataUnreadable({ courierId: owner.courierId, reason }));

  const seal: PersonalDataSeal["seal"] = (data, owner) => {
    const plaintext = utf8ToBytes(JSON.stringify([data.realName, data.mobileNumber]));
    const sealed = sivEncrypt(currentKey.sivKey, associatedDataOf(owner), plaintext);
    return { kind: "sealed", sealed: `${currentPrefix}${bytesToHex(sealed)}` };
  };

  const open: PersonalDataSeal["open"] = (sealed, owner) => {
    const text = sealed.sealed;
    if (!SEALED_PERSONAL_DATA_PATTERN.test(text)) return unreadable(owner, "malformed");
    let plaintext: Uint8Array | undefined;
    if (text.startsWith(VERSION_1_PREFIX)) {
      // The old format names no key: try each one held, the current first.
      const body = text.slice(VERSION_1_PREFIX.length);
      if (body.length % 2 !== 0) return unreadable(owner, "malformed");
      for (const key of held) {
        plaintext = openVersion1(key.secret, body);
        if (plaintext !== undefined) break;
      }
    } else {
      const [, keyId = "", body = ""] = text.split(":");
      const key = byId.get(keyId);
      if (key === undefined) {
        return Either.left(
          new PersonalDataUnreadable({ courierId: owner.courierId, reason: "unknown-key", keyId }),
        );
      }
      if (body.length % 2 !== 0) return unreadable(owner, "malformed");
      plaintext = sivDecrypt(key.sivKey, associatedDataOf(owner), hexToBytes(body));
    }
    if (plaintext === undefined) return unreadable(owner, "not-authentic");
    const recorded = recordedOf(plaintext);
    return recorded === undefined ? unreadable(owner, "malformed") : Either.right(recorded);
  };

  const isCurrent: PersonalDataSeal["isCurrent"] = (sealed) =>
    sealed.sealed.startsWith(currentPrefix);

  return {
    currentKeyId: currentKey.id,
    seal,
    open,
    isCurrent,
    reseal: (sealed, owner) =>
      Either.map(open(sealed, owner), (recorded) =>
        isCurrent(sealed) ? sealed : seal(recorded, owner),
      ),
  };
};
