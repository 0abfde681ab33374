import {
  type CommunityPolicy,
  derivedId,
  CommunityPolicy as PolicySchema,
} from "@courier-station/core";
import { describe, expect, it } from "vitest";
import type { TransferRequest } from "../account/rules.js";
import { createLedger, type Ledger } from "../ledger/ledger.js";
import {
  accountOf,
  EXPIRY,
  earnRequest,
  instant,
  postRequest,
  SYSTEM_ACTOR,
  spendRequest,
  voidRequest,
} from "../testing/fixtures.js";
import { expiryTransfers, pointsLotsOf } from "./expiry.js";

const policy = (expiryMonths?: number): CommunityPolicy =>
  PolicySchema.parse(expiryMonths === undefined ? {} : { points: { expiryMonths } });

const alice = accountOf("alice");

/** Applies requests at given local times. */
const ledgerOf = (steps: ReadonlyArray<readonly [string, TransferRequest]>): Ledger => {
  const ledger = createLedger();
  for (const [at, request] of steps) {
    const result = ledger.applyOne(request, instant(at));
    expect(result.status).toBe("created");
  }
  return ledger;
};

/** Runs expiry at `now` and applies what it yields. */
const expire = (ledger: Ledger, now: string, months: number) => {
  const transfers = expiryTransfers(alice, ledger.historyOf(alice), instant(now), policy(months));
  for (const transfer of transfers) {
    const result = ledger.applyOne(
      {
        kind: "create",
        id: transfer.transferId,
        debitAccount: transfer.debitAccount,
        creditAccount: transfer.creditAccount,
        amount: transfer.amount,
        reason: transfer.reason,
        reference: transfer.reference,
        actor: SYSTEM_ACTOR,
      },
      instant(now),
    );
    expect(result.status).toBe("created");
  }
  return transfers;
};

describe("expiry of earned points", () => {
  it("expires nothing without an expiry policy", () => {
    const ledger = ledgerOf([["2020-01-10T10:00:00+08:00", earnRequest("t1", "alice", 10)]]);
    expect(
      expiryTransfers(alice, ledger.historyOf(alice), instant("2030-01-01T00:00:00Z"), policy()),
    ).toEqual([]);
  });

  it("expires points at the end of the N-th month after the month they were earned in", () => {
    const ledger = ledgerOf([["2026-01-31T23:00:00+08:00", earnRequest("t1", "alice", 10)]]);
    // Earned on 31 January (Shanghai time): with 3 months, they last until the end of April.
    expect(
      expiryTransfers(
        alice,
        ledger.historyOf(alice),
        instant("2026-04-30T23:59:00+08:00"),
        policy(3),
      ),
    ).toEqual([]);
    expect(
      expiryTransfers(
        alice,
        ledger.historyOf(alice),
        instant("2026-05-01T00:00:00+08:00"),
        policy(3),
      ),
    ).toEqual([
      {
        // Derived from the account, the month and the posted debits so far.
        transferId: derivedId("points-expiry", alice, "2026-01", "0"),
        debitAccount: alice,
        creditAccount: EXPIRY,
        amount: 10,
        reason: "expiry",
        reference: "earned-2026-01",
        earnedIn: "2026-01",
      },
    ]);
  });

  it("counts months in the community's time zone", () => {
    // 1 February 00:30 in Shanghai is still 31 January in UTC: the points are February's.
    const ledger = ledgerOf([["2026-02-01T00:30:00+08:00", earnRequest("t1", "alice", 10)]]);
    expect(
      expiryTransfers(
        alice,
        ledger.historyOf(alice),
        instant("2026-03-01T00:00:00+08:00"),
        policy(1),
      ),
    ).toEqual([]);
    expect(
      expiryTransfers(
        alice,
        ledger.historyOf(alice),
        instant("2026-04-01T00:00:00+08:00"),
        policy(1),
      ),
    ).toHaveLength(1);
  });

  it("lets spending consume the oldest points first", () => {
    const ledger = ledgerOf([
      ["2026-01-10T10:00:00+08:00", earnRequest("t1", "alice", 10)],
      ["2026-02-10T10:00:00+08:00", earnRequest("t2", "alice", 10)],
      ["2026-02-20T10:00:00+08:00", spendRequest("s1", "alice", 12)],
    ]);
    // January is wholly spent, and settled; February has 8 left.
    expect(pointsLotsOf(alice, ledger.historyOf(alice), "Asia/Shanghai")).toEqual([
      { month: "2026-02", credited: 10, remaining: 8 },
    ]);
    expect(expire(ledger, "2026-03-01T00:00:00+08:00", 1)).toEqual([]);
    expect(expire(ledger, "2026-04-01T00:00:00+08:00", 1)).toMatchObject([
      { reference: "earned-2026-02", amount: 8 },
    ]);
    expect(ledger.availableOf(alice)).toBe(0);
  });

  it("expires once, and only the points not held; held points expire once their hold is voided", () => {
    const ledger = ledgerOf([
      ["2026-01-10T10:00:00+08:00", earnRequest("t1", "alice", 10)],
      [
        "2026-01-20T10:00:00+08:00",
        spendRequest("h1", "alice", 6, instant("2027-01-01T00:00:00Z")),
      ],
    ]);
    const [first] = expire(ledger, "2026-03-01T00:00:00+08:00", 1);
    expect(first).toMatchObject({ reference: "earned-2026-01", amount: 4 });
    expect(expire(ledger, "2026-03-01T00:00:00+08:00", 1)).toEqual([]);
    expect(ledger.availableOf(alice)).toBe(0);
    ledger.applyOne(voidRequest("v1", "h1"), instant("2026-03-02T00:00:00+08:00"));
    const [second] = expire(ledger, "2026-03-03T00:00:00+08:00", 1);
    expect(second).toMatchObject({ reference: "earned-2026-01", amount: 6 });
    expect(second?.transferId).not.toBe(first?.transferId);
    expect(ledger.availableOf(alice)).toBe(0);
    expect(ledger.balancesOf(EXPIRY).creditsPosted).toBe(10);
  });

  it("keeps newer points when older ones expire", () => {
    const ledger = ledgerOf([
      ["2026-01-10T10:00:00+08:00", earnRequest("t1", "alice", 10)],
      [
        "2026-01-11T10:00:00+08:00",
        spendRequest("h1", "alice", 3, instant("2027-01-01T00:00:00Z")),
      ],
      ["2026-01-12T10:00:00+08:00", postRequest("p1", "h1")],
      ["2026-03-10T10:00:00+08:00", earnRequest("t2", "alice", 5)],
    ]);
    expect(expire(ledger, "2026-03-15T00:00:00+08:00", 1)).toMatchObject([
      { reference: "earned-2026-01", amount: 7 },
    ]);
    expect(ledger.availableOf(alice)).toBe(5);
  });
});
