import { Either } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { derivedId } from "./derived-id.js";
import {
  CommunityId,
  CourierId,
  DerivedTransferId,
  formatUuidV7,
  identifierPattern,
  RecordedTransferId,
  sequentialIds,
  TransferId,
  uuidV7Ids,
} from "./ids.js";
import { parseInput } from "./validation.js";

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("formatUuidV7 (RFC 9562)", () => {
  it("lays out the timestamp, version and variant", () => {
    const random = Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    // RFC 9562 appendix A.6 uses 0x017F22E279B0 = 2022-02-22T19:22:22Z.
    const id = formatUuidV7(0x017f22e279b0, random);
    expect(id).toBe("017f22e2-79b0-7fff-bfff-ffffffffffff");
    expect(id).toMatch(UUID_V7);
    expect(formatUuidV7(0, new Uint8Array(10))).toBe("00000000-0000-7000-8000-000000000000");
  });

  it("always has the v7 layout and fits the identifier pattern", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 48 - 1 }),
        fc.uint8Array({ minLength: 10, maxLength: 10 }),
        (millis, random) => {
          const id = formatUuidV7(millis, random);
          expect(id).toMatch(UUID_V7);
          expect(id).toMatch(identifierPattern);
          expect(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(millis);
        },
      ),
    );
  });

  it("sorts as text in time order", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 48 - 2 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.uint8Array({ minLength: 10, maxLength: 10 }),
        fc.uint8Array({ minLength: 10, maxLength: 10 }),
        (millis, gap, first, second) => {
          const earlier = formatUuidV7(millis, first);
          const later = formatUuidV7(Math.min(millis + gap, 2 ** 48 - 1), second);
          expect(earlier < later).toBe(true);
        },
      ),
    );
  });
});

describe("uuidV7Ids", () => {
  it("makes distinct ids from the given clock and random source", () => {
    let counter = 0;
    const ids = uuidV7Ids(() => 1_764_295_200_000, {
      getRandomValues: <T extends Uint8Array>(array: T) => {
        counter += 1;
        array.fill(counter);
        return array;
      },
    });
    const first = ids.next();
    const second = ids.next();
    expect(first).toMatch(UUID_V7);
    expect(first).not.toBe(second);
    expect(first.slice(0, 13)).toBe(second.slice(0, 13));
  });

  it("uses the platform's crypto by default", () => {
    const ids = uuidV7Ids();
    const made = new Set(Array.from({ length: 100 }, () => ids.next()));
    expect(made.size).toBe(100);
  });
});

describe("sequentialIds", () => {
  it("counts from the start with a prefix", () => {
    const ids = sequentialIds("evt");
    expect([ids.next(), ids.next()]).toEqual(["evt-000001", "evt-000002"]);
    expect(sequentialIds("cmd", 42).next()).toBe("cmd-000042");
    expect(sequentialIds().next()).toBe("id-000001");
  });

  it("is deterministic: two generators give the same ids", () => {
    const a = sequentialIds("x");
    const b = sequentialIds("x");
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(
      Array.from({ length: 5 }, () => b.next()),
    );
  });
});

describe("id schemas", () => {
  it.each(["c-1", "courier_2", "019ac9a2-3b1e-7c4d-8f00-1a2b3c4d5e6f", "A"])("accept %s", (id) => {
    expect(CourierId.safeParse(id).success).toBe(true);
  });

  it.each(["", "-c", "a.b", "a b", "a*", "a>", "$a", "a".repeat(65), "小哥"])("refuse %j", (id) => {
    expect(CourierId.safeParse(id).success).toBe(false);
  });

  it("keep community ids to lower-case letters, digits and dashes", () => {
    expect(CommunityId.safeParse("jinshan-wanda").success).toBe(true);
    expect(CommunityId.safeParse("Jinshan").success).toBe(false);
    expect(CommunityId.safeParse("jin_shan").success).toBe(false);
  });

  it("keep the derived namespace out of the transfer ids callers choose, in both languages", () => {
    const derived = derivedId("points-hold-expiry", "wish-hold-1");
    expect(TransferId.safeParse("adjustment-2026-001").success).toBe(true);
    for (const taken of [derived, "d-anything"]) {
      const result = parseInput(TransferId, taken);
      if (Either.isRight(result)) throw new Error(`expected ${taken} to be refused`);
      expect(result.left.issues[0]?.message["zh-CN"]).toContain("系统派生");
      expect(result.left.issues[0]?.message.en).toContain("kept for ids the system derives");
    }
    // Records and the system's own commands name either kind; derived ones have one form.
    expect(RecordedTransferId.safeParse(derived).success).toBe(true);
    expect(RecordedTransferId.safeParse("adjustment-2026-001").success).toBe(true);
    expect(DerivedTransferId.safeParse(derived).success).toBe(true);
    expect(DerivedTransferId.safeParse("adjustment-2026-001").success).toBe(false);
    expect(DerivedTransferId.safeParse("d-anything").success).toBe(false);
  });
});
