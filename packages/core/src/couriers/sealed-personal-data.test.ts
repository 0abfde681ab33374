import { Either } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseInput } from "../kernel/validation.js";
import { MobileNumber } from "./mobile-number.js";
import { PERSONAL_DATA_SECRET_MIN_BYTES, personalDataSeal } from "./sealed-personal-data.js";
import { RealName, SealedPersonalData } from "./values.js";

const SECRET = "test-secret-0123456789abcdef";
const seal = personalDataSeal(SECRET);
const data = {
  realName: RealName.parse("王小明"),
  mobileNumber: MobileNumber.parse("13800138000"),
};

const mobileNumber = fc
  .tuple(fc.integer({ min: 3, max: 9 }), fc.integer({ min: 0, max: 999_999_999 }))
  .map(([second, rest]) => MobileNumber.parse(`1${second}${String(rest).padStart(9, "0")}`));
const realName = fc
  .string({ unit: "grapheme", minLength: 1, maxLength: 20 })
  .map((text) => text.trim())
  .filter((text) => RealName.safeParse(text).success)
  .map((text) => RealName.parse(text));

describe("personalDataSeal", () => {
  it("opens what it sealed, for any name and number", () => {
    fc.assert(
      fc.property(realName, mobileNumber, (name, number) => {
        const sealed = seal.seal({ realName: name, mobileNumber: number });
        expect(SealedPersonalData.parse(sealed)).toEqual(sealed);
        expect(seal.open(sealed)).toEqual({
          kind: "recorded",
          realName: name,
          mobileNumber: number,
        });
        // The number is not readable in the seal (a name could share letters with hex).
        expect(sealed.sealed).not.toContain(number);
      }),
    );
  });

  it("seals the same data the same way (decide stays pure) and other data otherwise", () => {
    expect(seal.seal(data)).toEqual(seal.seal(data));
    expect(personalDataSeal(SECRET).seal(data)).toEqual(seal.seal(data));
    const other = seal.seal({ ...data, mobileNumber: MobileNumber.parse("13800138001") });
    expect(other.sealed).not.toBe(seal.seal(data).sealed);
  });

  it("does not open a seal of another secret", () => {
    const foreign = personalDataSeal("another-secret-0123456789").seal(data);
    expect(seal.open(foreign)).toBeUndefined();
  });

  it("does not open a seal changed in any one character", () => {
    const sealed = seal.seal(data).sealed;
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: sealed.length - 1 }),
        fc.constantFrom(..."0123456789abcdef"),
        (position, digit) => {
          fc.pre(sealed[position] !== digit);
          const changed = `${sealed.slice(0, position)}${digit}${sealed.slice(position + 1)}`;
          expect(seal.open({ kind: "sealed", sealed: changed })).toBeUndefined();
        },
      ),
    );
    expect(seal.open({ kind: "sealed", sealed: sealed.slice(0, -2) })).toBeUndefined();
    expect(seal.open({ kind: "sealed", sealed: `${sealed}0` })).toBeUndefined();
  });

  it("refuses a secret too short to protect the data", () => {
    const short = "x".repeat(PERSONAL_DATA_SECRET_MIN_BYTES - 1);
    expect(() => personalDataSeal(short)).toThrow(RangeError);
    expect(() => personalDataSeal(new Uint8Array(PERSONAL_DATA_SECRET_MIN_BYTES))).not.toThrow();
  });

  it("refuses anything but a v1 seal in the schema, in both languages", () => {
    const result = parseInput(SealedPersonalData, { kind: "sealed", sealed: "13800138000" });
    if (Either.isRight(result)) throw new Error("expected a refusal");
    expect(result.left.issues.map((issue) => issue.field)).toEqual(["sealed"]);
    expect(result.left.issues[0]?.message["zh-CN"]).toContain("加密");
    expect(result.left.issues[0]?.message.en).toContain("sealed personal data");
  });
});
