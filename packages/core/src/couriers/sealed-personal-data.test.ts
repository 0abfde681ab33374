import { bytesToHex, hexToBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import { Either } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CommunityId, CourierId } from "../kernel/ids.js";
import { parseInput } from "../kernel/validation.js";
import type { PersonalDataUnreadable } from "./errors.js";
import { MobileNumber } from "./mobile-number.js";
import {
  DEFAULT_SEAL_KEY_ID,
  PERSONAL_DATA_SECRET_MIN_BYTES,
  type PersonalDataOwner,
  personalDataSeal,
  sealAssociatedDataOf,
  sealKeyOfSecret,
  sivDecrypt,
  sivEncrypt,
} from "./sealed-personal-data.js";
import { RealName, type RecordedPersonalData, SealedPersonalData } from "./values.js";

const SECRET = "test-secret-0123456789abcdef";
const seal = personalDataSeal(SECRET);
const data = {
  realName: RealName.parse("王小明"),
  mobileNumber: MobileNumber.parse("13800138000"),
};
const owner: PersonalDataOwner = {
  community: CommunityId.parse("jinshan-wanda"),
  courierId: CourierId.parse("c-1"),
};

/*
 * Values sealed in the v1 format (before AES-SIV) by the release before it, under the
 * test secret: stores hold such values, so they must keep opening.
 */
const V1_SEALS: ReadonlyArray<{ readonly sealed: string; readonly data: RecordedPersonalData }> = [
  {
    sealed:
      "v1:03040ac8caf8c6b72ea9ce8197365705acb2053921c391be485af322202f37ae41105a4c1d07b78244fe49",
    data: { kind: "recorded", ...data },
  },
  {
    sealed:
      "v1:5c45379630b3f260bce633ea085f0d32a81921d6968f8405a00c1a5968803bc0d5def6a823a05104b1b322770bd50642e54fb1",
    data: {
      kind: "recorded",
      realName: RealName.parse(`Zoë O'Neil "Z"`),
      mobileNumber: MobileNumber.parse("19912345678"),
    },
  },
];

const opened = (
  result: Either.Either<RecordedPersonalData, { readonly code: string }>,
): RecordedPersonalData | undefined => Either.getOrUndefined(result);

/** Asserts a value does not open, with the typed error, its reason and both languages. */
const expectUnreadable = (
  result: Either.Either<unknown, PersonalDataUnreadable>,
  reason: string,
  courierId = "c-1",
) => {
  if (Either.isRight(result)) throw new Error("expected the seal not to open");
  expect(result.left._tag).toBe("PersonalDataUnreadable");
  expect(result.left.code).toBe("courier.personal_data_unreadable");
  expect(result.left).toMatchObject({ reason, courierId });
  expect(result.left.text["zh-CN"]).toContain("无法解密");
  expect(result.left.text.en).toContain("cannot be opened");
  return result.left;
};

const hex = (text: string): Uint8Array => hexToBytes(text.replace(/\s+/g, ""));

const mobileNumber = fc
  .tuple(fc.integer({ min: 3, max: 9 }), fc.integer({ min: 0, max: 999_999_999 }))
  .map(([second, rest]) => MobileNumber.parse(`1${second}${String(rest).padStart(9, "0")}`));
const realName = fc
  .string({ unit: "grapheme", minLength: 1, maxLength: 20 })
  .map((text) => text.trim())
  .filter((text) => RealName.safeParse(text).success)
  .map((text) => RealName.parse(text));
const identifier = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,11}$/);

describe("AES-SIV as the seal calls it: RFC 5297 appendix A", () => {
  it("A.1, deterministic authenticated encryption", () => {
    const key = hex(`fffefdfc fbfaf9f8 f7f6f5f4 f3f2f1f0
                     f0f1f2f3 f4f5f6f7 f8f9fafb fcfdfeff`);
    const associatedData = [hex("10111213 14151617 18191a1b 1c1d1e1f 20212223 24252627")];
    const plaintext = hex("11223344 55667788 99aabbcc ddee");
    const output = sivEncrypt(key, associatedData, plaintext);
    expect(bytesToHex(output)).toBe(
      "85632d07c6e8f37f950acd320a2ecc93" + "40c02b9690c4dc04daef7f6afe5c",
    );
    expect(sivDecrypt(key, associatedData, output)).toEqual(plaintext);
  });

  it("A.2, several associated-data components (the nonce the last)", () => {
    const key = hex(`7f7e7d7c 7b7a7978 77767574 73727170
                     40414243 44454647 48494a4b 4c4d4e4f`);
    const associatedData = [
      hex(`00112233 44556677 8899aabb ccddeeff
           deaddada deaddada ffeeddcc bbaa9988
           77665544 33221100`),
      hex("10203040 50607080 90a0"),
      hex("09f91102 9d74e35b d84156c5 635688c0"),
    ];
    const plaintext = hex(`74686973 20697320 736f6d65 20706c61
                           696e7465 78742074 6f20656e 63727970
                           74207573 696e6720 5349562d 414553`);
    const output = sivEncrypt(key, associatedData, plaintext);
    expect(bytesToHex(output)).toBe(
      [
        "7bdb6e3b432667eb06f4d14bff2fbd0f",
        "cb900f2fddbe404326601965c889bf17",
        "dba77ceb094fa663b7a3f748ba8af829",
        "ea64ad544a272e9c485b62a3fd5c0d",
      ].join(""),
    );
    expect(sivDecrypt(key, associatedData, output)).toEqual(plaintext);
    // The same value with one component changed or missing does not open.
    expect(sivDecrypt(key, associatedData.slice(0, 2), output)).toBeUndefined();
    expect(sivDecrypt(key, [...associatedData].reverse(), output)).toBeUndefined();
  });

  it("a v2 seal is exactly AES-SIV of the data under the secret's key, bound to its owner", () => {
    const sealed = seal.seal(data, owner).sealed;
    const plaintext = utf8ToBytes(JSON.stringify([data.realName, data.mobileNumber]));
    const expected = sivEncrypt(sealKeyOfSecret(SECRET), sealAssociatedDataOf(owner), plaintext);
    expect(sealed).toBe(`v2:${DEFAULT_SEAL_KEY_ID}:${bytesToHex(expected)}`);
    expect(sealAssociatedDataOf(owner)).toEqual([utf8ToBytes("jinshan-wanda"), utf8ToBytes("c-1")]);
  });
});

describe("personalDataSeal", () => {
  it("opens what it sealed, for any name, number and owner", () => {
    fc.assert(
      fc.property(
        realName,
        mobileNumber,
        identifier,
        identifier,
        (name, number, community, courierId) => {
          const someone = {
            community: CommunityId.parse(community),
            courierId: CourierId.parse(courierId),
          };
          const sealed = seal.seal({ realName: name, mobileNumber: number }, someone);
          expect(SealedPersonalData.parse(sealed)).toEqual(sealed);
          expect(opened(seal.open(sealed, someone))).toEqual({
            kind: "recorded",
            realName: name,
            mobileNumber: number,
          });
          // The number is not readable in the seal (a name could share letters with hex).
          expect(sealed.sealed.split(":")[2]).not.toContain(number);
        },
      ),
    );
  });

  it("seals the same data of the same owner the same way (decide stays pure), other data otherwise", () => {
    expect(seal.seal(data, owner)).toEqual(seal.seal(data, owner));
    expect(personalDataSeal(SECRET).seal(data, owner)).toEqual(seal.seal(data, owner));
    const other = seal.seal({ ...data, mobileNumber: MobileNumber.parse("13800138001") }, owner);
    expect(other.sealed).not.toBe(seal.seal(data, owner).sealed);
  });

  it("does not open a value moved to another courier or another community", () => {
    const sealed = seal.seal(data, owner);
    const anotherCourier = { ...owner, courierId: CourierId.parse("c-2") };
    const error = expectUnreadable(seal.open(sealed, anotherCourier), "not-authentic", "c-2");
    expect(error.text["zh-CN"]).toContain("另一位小哥或另一社区");
    expect(error.text.en).toContain("another courier or community");
    const anotherCommunity = { ...owner, community: CommunityId.parse("shanyang-town") };
    expectUnreadable(seal.open(sealed, anotherCommunity), "not-authentic");
    // Nor when the owner's parts run together differently ("a" + "bc" vs "ab" + "c").
    const split = { community: CommunityId.parse("ab"), courierId: CourierId.parse("c") };
    const joined = { community: CommunityId.parse("a"), courierId: CourierId.parse("bc") };
    expectUnreadable(seal.open(seal.seal(data, split), joined), "not-authentic", "bc");
  });

  it("does not open a seal of another secret under the same key id", () => {
    const foreign = personalDataSeal("another-secret-0123456789").seal(data, owner);
    expectUnreadable(seal.open(foreign, owner), "not-authentic");
  });

  it("does not open a seal changed in any one hex digit", () => {
    const sealed = seal.seal(data, owner).sealed;
    const start = `v2:${DEFAULT_SEAL_KEY_ID}:`.length;
    fc.assert(
      fc.property(
        fc.integer({ min: start, max: sealed.length - 1 }),
        fc.constantFrom(..."0123456789abcdef"),
        (position, digit) => {
          fc.pre(sealed[position] !== digit);
          const changed = `${sealed.slice(0, position)}${digit}${sealed.slice(position + 1)}`;
          expectUnreadable(seal.open({ kind: "sealed", sealed: changed }, owner), "not-authentic");
        },
      ),
    );
    expectUnreadable(
      seal.open({ kind: "sealed", sealed: sealed.slice(0, -2) }, owner),
      "not-authentic",
    );
    expectUnreadable(seal.open({ kind: "sealed", sealed: `${sealed}0` }, owner), "malformed");
    expectUnreadable(seal.open({ kind: "sealed", sealed: "13800138000" }, owner), "malformed");
  });

  it("refuses a secret too short to protect the data, a bad key id and an id used twice", () => {
    const short = "x".repeat(PERSONAL_DATA_SECRET_MIN_BYTES - 1);
    expect(() => personalDataSeal(short)).toThrow(RangeError);
    expect(() => personalDataSeal(new Uint8Array(PERSONAL_DATA_SECRET_MIN_BYTES))).not.toThrow();
    expect(() => personalDataSeal({ current: { id: "k:1", secret: SECRET } })).toThrow(RangeError);
    expect(() => personalDataSeal({ current: { id: "", secret: SECRET } })).toThrow(RangeError);
    expect(() =>
      personalDataSeal({
        current: { id: "k1", secret: SECRET },
        previous: [{ id: "k1", secret: SECRET }],
      }),
    ).toThrow(RangeError);
    expect(() =>
      personalDataSeal({
        current: { id: "k2", secret: SECRET },
        previous: [{ id: "k1", secret: short }],
      }),
    ).toThrow(RangeError);
  });

  it("refuses anything but a v1 or v2 seal in the schema, in both languages", () => {
    const result = parseInput(SealedPersonalData, { kind: "sealed", sealed: "13800138000" });
    if (Either.isRight(result)) throw new Error("expected a refusal");
    expect(result.left.issues.map((issue) => issue.field)).toEqual(["sealed"]);
    expect(result.left.issues[0]?.message["zh-CN"]).toContain("加密");
    expect(result.left.issues[0]?.message.en).toContain("sealed personal data");
    expect(SealedPersonalData.safeParse(seal.seal(data, owner)).success).toBe(true);
    expect(
      SealedPersonalData.safeParse({ kind: "sealed", sealed: V1_SEALS[0]?.sealed }).success,
    ).toBe(true);
  });
});

describe("rotating the seal key", () => {
  const OLD = { id: "2026-01", secret: "the-old-seal-secret-0123456789" };
  const NEW = { id: "2026-11", secret: "the-new-seal-secret-0123456789" };
  const before = personalDataSeal({ current: OLD });
  const during = personalDataSeal({ current: NEW, previous: [OLD] });
  const after = personalDataSeal({ current: NEW });

  it("the key id travels with the value; new values are sealed with the current key", () => {
    expect(before.seal(data, owner).sealed.startsWith("v2:2026-01:")).toBe(true);
    expect(during.seal(data, owner).sealed.startsWith("v2:2026-11:")).toBe(true);
    expect(during.currentKeyId).toBe("2026-11");
  });

  it("values of the previous key still open; of a key not held, they fail with unknown-key", () => {
    const old = before.seal(data, owner);
    expect(opened(during.open(old, owner))).toEqual({ kind: "recorded", ...data });
    const error = expectUnreadable(after.open(old, owner), "unknown-key");
    expect(error).toMatchObject({ keyId: "2026-01" });
    expect(error.text["zh-CN"]).toContain("2026-01");
    expect(error.text.en).toContain('"2026-01"');
  });

  it("the one-key form is the key id `default`, so it can become a previous key", () => {
    const old = personalDataSeal(SECRET).seal(data, owner);
    const rotated = personalDataSeal({
      current: NEW,
      previous: [{ id: DEFAULT_SEAL_KEY_ID, secret: SECRET }],
    });
    expect(opened(rotated.open(old, owner))).toEqual({ kind: "recorded", ...data });
  });

  it("reseal moves a value to the current key; isCurrent says which values still need it", () => {
    const old = before.seal(data, owner);
    expect(during.isCurrent(old)).toBe(false);
    const moved = Either.getOrThrow(during.reseal(old, owner));
    expect(during.isCurrent(moved)).toBe(true);
    expect(moved).toEqual(during.seal(data, owner));
    expect(Either.getOrThrow(during.reseal(moved, owner))).toBe(moved);
    expect(opened(after.open(moved, owner))).toEqual({ kind: "recorded", ...data });
    const stranger = { ...owner, courierId: CourierId.parse("c-2") };
    expectUnreadable(during.reseal(old, stranger), "not-authentic", "c-2");
  });
});

describe("the v1 format", () => {
  it("values sealed the old way still open, with the secret as the current or a previous key", () => {
    const rotated = personalDataSeal({
      current: { id: "2026-11", secret: "the-new-seal-secret-0123456789" },
      previous: [{ id: DEFAULT_SEAL_KEY_ID, secret: SECRET }],
    });
    for (const { sealed, data: expected } of V1_SEALS) {
      expect(opened(seal.open({ kind: "sealed", sealed }, owner))).toEqual(expected);
      expect(opened(rotated.open({ kind: "sealed", sealed }, owner))).toEqual(expected);
    }
  });

  it("is never written: sealing again gives v2, and reseal moves a v1 value to v2", () => {
    const old = { kind: "sealed" as const, sealed: V1_SEALS[0]?.sealed ?? "" };
    expect(seal.isCurrent(old)).toBe(false);
    expect(Either.getOrThrow(seal.reseal(old, owner))).toEqual(seal.seal(data, owner));
  });

  it("a changed v1 value, or one under a secret not held, does not open", () => {
    const sealed = V1_SEALS[0]?.sealed ?? "";
    const flipped = `${sealed.slice(0, -1)}${sealed.endsWith("0") ? "1" : "0"}`;
    expectUnreadable(seal.open({ kind: "sealed", sealed: flipped }, owner), "not-authentic");
    expectUnreadable(
      personalDataSeal("another-secret-0123456789").open({ kind: "sealed", sealed }, owner),
      "not-authentic",
    );
  });
});
