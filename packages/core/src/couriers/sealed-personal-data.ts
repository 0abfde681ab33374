import { z } from "zod";
import { MobileNumber } from "./mobile-number.js";
import { hexOf, hmacSha256, utf8Bytes } from "./sha-256.js";
import {
  RealName,
  type RecordedPersonalData,
  SEALED_PERSONAL_DATA_PATTERN,
  type SealedPersonalData,
} from "./values.js";

/*
 * Why personal data is sealed: events travel (the outbox, JetStream, other services,
 * the audit trail, backups) much further than the courier's own document, and the rule
 * is that no raw mobile number or real name is ever in an event. Sealing is
 * deterministic authenticated encryption after SIV (RFC 5297's construction, with
 * HMAC-SHA-256 as both the MAC and the key stream): the synthetic IV is the MAC of the
 * plaintext, the key stream is HMAC(encryption key, IV ‖ counter). Deterministic, so
 * `decide` stays pure (no random nonce); authenticated, so a changed or foreign seal
 * does not open. The cost is that two couriers with the same name and number would
 * have the same seal, which the mobile key already reveals anyway.
 */

const SEAL_PREFIX = "v1:";
const IV_BYTES = 16;

/** The fewest bytes a deployment secret for {@link personalDataSeal} may have. */
export const PERSONAL_DATA_SECRET_MIN_BYTES = 16;

/**
 * Seals and opens couriers' personal data under one deployment secret. The service
 * makes one with {@link personalDataSeal} and passes it in the couriers' decision
 * context (`personalData`), as it passes `mobileKeyOf`: the secret never enters the
 * domain, events or the store.
 */
export interface PersonalDataSeal {
  /** The sealed form of the data; the same data always seals the same way. */
  readonly seal: (data: Omit<RecordedPersonalData, "kind">) => SealedPersonalData;
  /**
   * The data in the clear, or `undefined` when the seal was not made with this secret or
   * was changed.
   */
  readonly open: (sealed: SealedPersonalData) => RecordedPersonalData | undefined;
}

const hexBytes = (text: string): Uint8Array => {
  const bytes = new Uint8Array(text.length / 2);
  for (let index = 0; index < bytes.length; index++) {
    bytes[index] = Number.parseInt(text.slice(index * 2, index * 2 + 2), 16);
  }
  return bytes;
};

const decodeUtf8 = (bytes: Uint8Array): string | undefined => {
  let text = "";
  for (const byte of bytes) text += `%${byte.toString(16).padStart(2, "0")}`;
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
};

const keyStream = (key: Uint8Array, iv: Uint8Array, length: number): Uint8Array => {
  const stream = new Uint8Array(length);
  const input = new Uint8Array(IV_BYTES + 4);
  input.set(iv);
  for (let block = 0; block * 32 < length; block++) {
    input[IV_BYTES] = (block >>> 24) & 0xff;
    input[IV_BYTES + 1] = (block >>> 16) & 0xff;
    input[IV_BYTES + 2] = (block >>> 8) & 0xff;
    input[IV_BYTES + 3] = block & 0xff;
    const bytes = hmacSha256(key, input);
    stream.set(bytes.subarray(0, Math.min(32, length - block * 32)), block * 32);
  }
  return stream;
};

const xor = (left: Uint8Array, right: Uint8Array): Uint8Array =>
  left.map((byte, index) => byte ^ (right[index] ?? 0));

const sameBytes = (left: Uint8Array, right: Uint8Array): boolean => {
  if (left.length !== right.length) return false;
  let difference = 0;
  for (let index = 0; index < left.length; index++) {
    difference |= (left[index] ?? 0) ^ (right[index] ?? 0);
  }
  return difference === 0;
};

const Opened = z.tuple([RealName, MobileNumber]);

/**
 * The {@link PersonalDataSeal} of a deployment secret (at least
 * {@link PERSONAL_DATA_SECRET_MIN_BYTES} bytes; keep it out of the store, like the
 * mobile key's secret; one secret may serve both, the keys are derived apart). Pure
 * TypeScript (HMAC-SHA-256), so it is synchronous and runs in browsers too.
 *
 * Throws a `RangeError` for a short secret: that is a deployment mistake, not a user's.
 *
 * @example
 * const personalData = personalDataSeal(process.env.PERSONAL_DATA_SECRET);
 * const sealed = personalData.seal({ realName, mobileNumber }); // { kind: "sealed", sealed: "v1:…" }
 * personalData.open(sealed); // { realName, mobileNumber }
 */
export const personalDataSeal = (secret: string | Uint8Array): PersonalDataSeal => {
  const secretBytes = typeof secret === "string" ? utf8Bytes(secret) : secret;
  if (secretBytes.length < PERSONAL_DATA_SECRET_MIN_BYTES) {
    throw new RangeError(
      `The personal data secret must have at least ${PERSONAL_DATA_SECRET_MIN_BYTES} bytes`,
    );
  }
  const macKey = hmacSha256(secretBytes, "courier-station personal data: synthetic iv v1");
  const encryptionKey = hmacSha256(secretBytes, "courier-station personal data: key stream v1");
  const ivOf = (plaintext: Uint8Array) => hmacSha256(macKey, plaintext).subarray(0, IV_BYTES);
  return {
    seal: (data) => {
      const plaintext = utf8Bytes(JSON.stringify([data.realName, data.mobileNumber]));
      const iv = ivOf(plaintext);
      const ciphertext = xor(plaintext, keyStream(encryptionKey, iv, plaintext.length));
      return { kind: "sealed", sealed: `${SEAL_PREFIX}${hexOf(iv)}${hexOf(ciphertext)}` };
    },
    open: (sealed) => {
      if (!SEALED_PERSONAL_DATA_PATTERN.test(sealed.sealed) || sealed.sealed.length % 2 === 0)
        return undefined;
      const bytes = hexBytes(sealed.sealed.slice(SEAL_PREFIX.length));
      const iv = bytes.subarray(0, IV_BYTES);
      const ciphertext = bytes.subarray(IV_BYTES);
      const plaintext = xor(ciphertext, keyStream(encryptionKey, iv, ciphertext.length));
      if (!sameBytes(ivOf(plaintext), iv)) return undefined;
      const text = decodeUtf8(plaintext);
      if (text === undefined) return undefined;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        return undefined;
      }
      const parsed = Opened.safeParse(value);
      if (!parsed.success) return undefined;
      const [realName, mobileNumber] = parsed.data;
      return { kind: "recorded", realName, mobileNumber };
    },
  };
};
