import { AccountId, CourierId, derivedId } from "@courier-station/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  accountKindOf,
  CourierAccountId,
  courierAccountId,
  systemAccountId,
  systemAccountKinds,
} from "./accounts.js";

const courierIdArbitrary = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/);

describe("account ids", () => {
  it("give every courier an account id that is a valid, courier kind id", () => {
    fc.assert(
      fc.property(courierIdArbitrary, (id) => {
        const account = courierAccountId(CourierId.parse(id));
        expect(AccountId.safeParse(account).success).toBe(true);
        expect(CourierAccountId.safeParse(account).success).toBe(true);
        expect(accountKindOf(account)).toEqual({ kind: "courier" });
      }),
    );
    expect(courierAccountId(CourierId.parse("c-1"))).toBe("courier-c-1");
    // The longest courier ids are shortened with the one scheme of derived ids, and stay apart.
    const long = courierAccountId(CourierId.parse("a".repeat(64)));
    expect(long).toBe(`courier-${derivedId("courier-account", "a".repeat(64))}`);
    expect(courierAccountId(CourierId.parse(`${"a".repeat(63)}b`))).not.toBe(long);
  });

  it("give distinct couriers distinct accounts", () => {
    fc.assert(
      fc.property(courierIdArbitrary, courierIdArbitrary, (a, b) => {
        fc.pre(a !== b);
        expect(courierAccountId(CourierId.parse(a))).not.toBe(courierAccountId(CourierId.parse(b)));
      }),
    );
  });

  it("name the four system accounts, and nothing else is an account", () => {
    expect(systemAccountKinds.map(systemAccountId)).toEqual([
      "system-issuance",
      "system-redemption",
      "system-expiry",
      "system-adjustment",
    ]);
    for (const kind of systemAccountKinds) {
      expect(accountKindOf(systemAccountId(kind))).toEqual({ kind: "system", system: kind });
      expect(CourierAccountId.safeParse(systemAccountId(kind)).success).toBe(false);
    }
    expect(accountKindOf("system-bank")).toBeUndefined();
    expect(accountKindOf("courier-")).toBeUndefined();
    expect(accountKindOf("alice")).toBeUndefined();
  });
});
