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

/** Test data of RFC 4231 given as the "number": mobileNumberKey hashes any text it is given. */
const asNumber = (text: string): MobileNumber => text as MobileNumber;
const bytes = (length: number, byte: number): Uint8Array => new Uint8Array(length).fill(byte);

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
  it("is HMAC-SHA-256: RFC 4231 test cases 1, 6 and 7", () => {
    // Test case 1: a 20-byte key and "Hi There".
    expect(mobileNumberKey(asNumber("Hi There"), bytes(20, 0x0b))).toBe(
      "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
    );
    // Test case 6: a key larger than the block, hashed first.
    expect(
      mobileNumberKey(
        asNumber("Test Using Larger Than Block-Size Key - Hash Key First"),
        bytes(131, 0xaa),
      ),
    ).toBe("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    // Test case 7: a key and data larger than the block.
    expect(
      mobileNumberKey(
        asNumber(
          "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.",
        ),
        bytes(131, 0xaa),
      ),
    ).toBe("9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
  });

  it("keeps the keys already in stores: the same key for the same number and secret as before", () => {
    // Computed by the release before @noble/hashes; a different key would let a
    // registered number register again.
    const number = MobileNumber.parse("+86 138 0013 8000");
    const key = mobileNumberKey(number, "test-secret-0123456789abcdef");
    expect(key).toBe("18ca69fc237c8d2a4798163c27fa67f7eed925258fa9cf0ef7140c72937403b8");
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

  it("accepts a secret as bytes, the same as its text", () => {
    const number = MobileNumber.parse("13800138000");
    const secret = "test-secret-0123456789abcdef";
    const secretBytes = Uint8Array.from(secret, (character) => character.charCodeAt(0));
    expect(mobileNumberKey(number, secretBytes)).toBe(mobileNumberKey(number, secret));
  });

  it("refuses a secret too short to protect the numbers", () => {
    const number = MobileNumber.parse("13800138000");
    // RFC 4231 test case 2's key, "Jefe", is far too short for a deployment.
    expect(() => mobileNumberKey(number, "Jefe")).toThrow(RangeError);
    expect(() => mobileNumberKey(number, "")).toThrow(RangeError);
  });
});

describe("maskMobileNumber", () => {
  it("hides the middle four digits", () => {
    expect(maskMobileNumber(MobileNumber.parse("13800138000"))).toBe("138****8000");
  });
});
