import { Either } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseInput } from "../kernel/validation.js";
import {
  MobileKey,
  MobileNumber,
  maskMobileNumber,
  mobileNumberKey,
  normaliseMobileNumber,
} from "./mobile-number.js";
import { hexOf, hmacSha256 } from "./sha-256.js";

const SECRET = "a-deployment-secret-of-enough-bytes";

const mobileNumbers = fc
  .tuple(fc.integer({ min: 3, max: 9 }), fc.stringMatching(/^\d{9}$/))
  .map(([second, rest]) => `1${second}${rest}`);

describe("normaliseMobileNumber", () => {
  it.each([
    ["13800138000", "13800138000"],
    ["138 0013 8000", "13800138000"],
    ["138-0013-8000", "13800138000"],
    ["+86 138 0013 8000", "13800138000"],
    ["+86-13800138000", "13800138000"],
    ["0086 13800138000", "13800138000"],
    ["86 13800138000", "13800138000"],
    ["（138）0013.8000", "13800138000"],
    ["＋８６ １３８ ００１３ ８０００", "13800138000"],
  ])("%s → %s", (written, normalised) => {
    expect(normaliseMobileNumber(written)).toBe(normalised);
  });

  it("leaves what is not a prefixed number for the schema to refuse", () => {
    expect(normaliseMobileNumber("86138")).toBe("86138");
    expect(normaliseMobileNumber("+1 415 555 0100")).toBe("+14155550100");
  });

  it("is idempotent, and every way of writing a number normalises to it", () => {
    fc.assert(
      fc.property(
        mobileNumbers,
        fc.constantFrom("", "+86", "0086", "86", "+86 "),
        fc.constantFrom(" ", "-", ""),
        (number, prefix, separator) => {
          const written = `${prefix}${number.slice(0, 3)}${separator}${number.slice(3, 7)}${separator}${number.slice(7)}`;
          expect(normaliseMobileNumber(written)).toBe(number);
          expect(normaliseMobileNumber(number)).toBe(number);
        },
      ),
    );
  });
});

describe("MobileNumber", () => {
  it("accepts every 1[3-9] number of 11 digits", () => {
    fc.assert(
      fc.property(mobileNumbers, (number) => {
        expect(MobileNumber.parse(number)).toBe(number);
      }),
    );
  });

  it.each(["10012345678", "12012345678", "1380013800", "138001380000", "", "mobile"])(
    "refuses %j with a message in both languages",
    (written) => {
      const result = parseInput(MobileNumber, written);
      if (Either.isRight(result)) throw new Error("expected a refusal");
      expect(result.left.code).toBe("input.invalid");
      expect(result.left.issues[0]?.message["zh-CN"]).toContain("手机号码");
      expect(result.left.issues[0]?.message.en).toContain("mobile number");
    },
  );

  it("refuses an overlong input before normalising it", () => {
    expect(MobileNumber.safeParse("1".repeat(41)).success).toBe(false);
  });
});

describe("mobileNumberKey", () => {
  it("is the HMAC-SHA-256 of the normalised number under the secret, in hex", () => {
    const number = MobileNumber.parse("+86 138 0013 8000");
    const key = mobileNumberKey(number, SECRET);
    expect(key).toBe(hexOf(hmacSha256(SECRET, "13800138000")));
    expect(MobileKey.safeParse(key).success).toBe(true);
  });

  it("gives one key per number, and another key under another secret", () => {
    fc.assert(
      fc.property(mobileNumbers, mobileNumbers, (a, b) => {
        const keyA = mobileNumberKey(MobileNumber.parse(a), SECRET);
        const keyB = mobileNumberKey(MobileNumber.parse(b), SECRET);
        expect(keyA === keyB).toBe(a === b);
        expect(mobileNumberKey(MobileNumber.parse(a), `${SECRET}-rotated`)).not.toBe(keyA);
      }),
      { numRuns: 50 },
    );
  });

  it("never contains the number", () => {
    const number = MobileNumber.parse("13800138000");
    expect(mobileNumberKey(number, SECRET)).not.toContain("13800138000");
  });

  it("accepts a secret as bytes", () => {
    const number = MobileNumber.parse("13800138000");
    const secret = new Uint8Array(32).fill(7);
    expect(mobileNumberKey(number, secret)).toBe(hexOf(hmacSha256(secret, "13800138000")));
  });

  it("refuses a secret too short to protect the numbers", () => {
    const number = MobileNumber.parse("13800138000");
    expect(() => mobileNumberKey(number, "short")).toThrow(RangeError);
    expect(() => mobileNumberKey(number, "")).toThrow(RangeError);
  });
});

describe("maskMobileNumber", () => {
  it("hides the middle four digits", () => {
    expect(maskMobileNumber(MobileNumber.parse("13800138000"))).toBe("138****8000");
  });
});
