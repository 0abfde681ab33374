import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import { z } from "zod";
import { bilingual } from "../kernel/validation.js";

const MOBILE_PATTERN = /^1[3-9]\d{9}$/;

/**
 * A mobile number as people write it, reduced to its 11 digits: full-width characters
 * become ASCII (NFKC), spaces, dashes, dots and brackets go, and a `+86`, `0086` or
 * `86` country prefix is removed. The result is not checked; see {@link MobileNumber}.
 *
 * @example
 * normaliseMobileNumber("+86 138-0013-8000"); // "13800138000"
 * normaliseMobileNumber("０086 13800138000"); // "13800138000"
 */
export const normaliseMobileNumber = (text: string): string => {
  const compact = text.normalize("NFKC").replace(/[\s\-.()（）]/g, "");
  const prefixed = /^(?:\+86|0086|86)(\d{11})$/.exec(compact);
  return prefixed?.[1] ?? compact;
};

/**
 * A mainland China mobile number (中国大陆手机号): 11 digits, `1[3-9]xxxxxxxxx`. The
 * schema normalises what people type (spaces, dashes, `+86` / `0086` / `86`) first.
 * It is personal data: it appears only in the `personal` part of courier events and
 * state, and uniqueness is checked through its {@link mobileNumberKey}.
 *
 * @example
 * MobileNumber.parse("+86 138 0013 8000"); // "13800138000"
 */
export const MobileNumber = z
  .string()
  .max(40, bilingual("手机号码过长", "the mobile number is too long"))
  .transform(normaliseMobileNumber)
  .pipe(
    z
      .string()
      .regex(
        MOBILE_PATTERN,
        bilingual(
          "须为 11 位中国大陆手机号码（1 开头，第二位为 3 至 9）",
          "a mainland China mobile number: 11 digits, starting with 1 and then 3 to 9",
        ),
      ),
  )
  .brand<"MobileNumber">();
/** A normalised mainland China mobile number. */
export type MobileNumber = z.infer<typeof MobileNumber>;

/**
 * The keyed hash of a normalised mobile number: 64 lower-case hex digits. Stores keep a
 * unique index on it (per community), so one number registers once per community
 * without the number itself ever being compared or indexed.
 */
export const MobileKey = z
  .string()
  .regex(/^[0-9a-f]{64}$/, bilingual("须为 64 位十六进制摘要", "a 64-digit hexadecimal digest"))
  .brand<"MobileKey">();
/** The keyed hash of a normalised mobile number. */
export type MobileKey = z.infer<typeof MobileKey>;

/** The fewest bytes a deployment secret for {@link mobileNumberKey} may have. */
export const MOBILE_KEY_SECRET_MIN_BYTES = 16;

/**
 * The keyed hash (HMAC-SHA-256, RFC 2104 and 4231, from @noble/hashes) of a normalised
 * mobile number under the deployment's mobile-key secret. Without the secret, the key
 * cannot be reversed by trying every one of the few billion mobile numbers, as a plain
 * hash could. Keep the secret out of the store. It is not the personal-data seal's
 * secret: seal keys rotate, this one stays, since changing it means re-keying every
 * courier's entry in the unique index.
 *
 * Throws a `RangeError` for a secret shorter than {@link MOBILE_KEY_SECRET_MIN_BYTES}
 * bytes: that is a deployment mistake, not a user's.
 *
 * @example
 * const key = mobileNumberKey(MobileNumber.parse("13800138000"), secret);
 * // "5f0c…" (64 hex digits)
 */
export const mobileNumberKey = (
  normalisedMobile: MobileNumber,
  secret: string | Uint8Array,
): MobileKey => {
  const secretBytes = typeof secret === "string" ? utf8ToBytes(secret) : secret;
  if (secretBytes.length < MOBILE_KEY_SECRET_MIN_BYTES) {
    throw new RangeError(
      `The mobile key secret must have at least ${MOBILE_KEY_SECRET_MIN_BYTES} bytes`,
    );
  }
  return bytesToHex(hmac(sha256, secretBytes, utf8ToBytes(normalisedMobile))) as MobileKey;
};

/**
 * A mobile number for people to read with the middle digits hidden, for staff lists
 * where the full number is not needed.
 *
 * @example
 * maskMobileNumber(MobileNumber.parse("13800138000")); // "138****8000"
 */
export const maskMobileNumber = (mobile: MobileNumber): string =>
  `${mobile.slice(0, 3)}****${mobile.slice(7)}`;
