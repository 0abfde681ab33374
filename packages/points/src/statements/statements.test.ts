import { monthPeriod, periodSince, quarterPeriod } from "@courier-station/core";
import { describe, expect, it } from "vitest";
import type { TransferRequest } from "../account/rules.js";
import { createLedger, type Ledger } from "../ledger/ledger.js";
import {
  ADJUSTMENT,
  accountOf,
  EXPIRY,
  earnRequest,
  expireRequest,
  instant,
  postRequest,
  spendRequest,
  tid,
} from "../testing/fixtures.js";
import { courierPositionAfter, courierStatement } from "./courier-statement.js";
import { monthlySummary, pointsSummary } from "./monthly-summary.js";

const alice = accountOf("alice");
const bob = accountOf("bob");

const ledgerOf = (steps: ReadonlyArray<readonly [string, TransferRequest]>): Ledger => {
  const ledger = createLedger();
  for (const [at, request] of steps)
    expect(ledger.applyOne(request, instant(at)).status).toBe("created");
  return ledger;
};

const adjustment = (
  id: string,
  account: typeof alice,
  amount: number,
  grant: boolean,
): TransferRequest => ({
  kind: "create",
  id: tid(id),
  debitAccount: grant ? ADJUSTMENT : account,
  creditAccount: grant ? account : ADJUSTMENT,
  amount,
  reason: "adjustment",
  reference: id,
  actor: "staff-1",
  note: "correction",
});

const expiryOf = (id: string, account: typeof alice, amount: number): TransferRequest => ({
  kind: "create",
  id: tid(id),
  debitAccount: account,
  creditAccount: EXPIRY,
  amount,
  reason: "expiry",
  reference: "t1",
  actor: "system:expiry",
});

const history = (): Ledger =>
  ledgerOf([
    ["2026-10-05T10:00:00+08:00", earnRequest("t1", "alice", 30)],
    ["2026-10-31T23:30:00+08:00", earnRequest("t2", "bob", 8, "welcome")],
    ["2026-11-01T09:00:00+08:00", earnRequest("t3", "alice", 12, "report")],
    ["2026-11-02T09:00:00+08:00", spendRequest("h1", "alice", 20, instant("2026-12-31T00:00:00Z"))],
    ["2026-11-03T09:00:00+08:00", postRequest("p1", "h1", 15)],
    ["2026-11-04T09:00:00+08:00", spendRequest("h2", "alice", 5, instant("2026-11-10T00:00:00Z"))],
    ["2026-11-05T09:00:00+08:00", adjustment("a1", bob, 3, true)],
    ["2026-11-06T09:00:00+08:00", adjustment("a2", alice, 2, false)],
    ["2026-11-07T09:00:00+08:00", expiryOf("x1", alice, 4)],
    ["2026-11-30T16:30:00Z", earnRequest("t4", "alice", 9, "patrol")], // 1 December in Shanghai
  ]);

describe("a courier's statement", () => {
  it("lists every transfer of the account with the running balance, held and available points", () => {
    const statement = courierStatement(alice, history().historyOf(alice));
    expect(statement.opening).toEqual({ balance: 0, held: 0, available: 0 });
    expect(
      statement.lines.map((line) => [
        line.transfer.id,
        line.balanceChange,
        line.heldChange,
        line.balance,
        line.held,
        line.available,
      ]),
    ).toEqual([
      ["t1", 30, 0, 30, 0, 30],
      ["t3", 12, 0, 42, 0, 42],
      ["h1", 0, 20, 42, 20, 22],
      ["p1", -15, -20, 27, 0, 27],
      ["h2", 0, 5, 27, 5, 22],
      ["a2", -2, 0, 25, 5, 20],
      ["x1", -4, 0, 21, 5, 16],
      ["t4", 9, 0, 30, 5, 25],
    ]);
    expect(statement.closing).toEqual({ balance: 30, held: 5, available: 25 });
    expect(statement.totals).toEqual({
      earned: 51,
      spent: 15,
      expired: 4,
      granted: 0,
      deducted: 2,
    });
  });

  it("starts a period from the position before it", () => {
    const statement = courierStatement(alice, history().historyOf(alice), {
      from: instant("2026-11-03T00:00:00+08:00"),
      to: instant("2026-11-07T00:00:00+08:00"),
    });
    expect(statement.opening).toEqual({ balance: 42, held: 20, available: 22 });
    expect(statement.lines.map((line) => line.transfer.id)).toEqual(["p1", "h2", "a2"]);
    expect(statement.closing).toEqual({ balance: 25, held: 5, available: 20 });
  });

  it("shows a hold's expiry releasing its points", () => {
    const ledger = history();
    ledger.applyOne(expireRequest("h2"), instant("2026-12-02T00:00:00Z"));
    const last = courierStatement(alice, ledger.historyOf(alice)).lines.at(-1);
    expect(last).toMatchObject({ balanceChange: 0, heldChange: -5, held: 0, available: 30 });
  });
});

describe("a community's monthly summary", () => {
  it("sums what was earned by reason, spent, expired and adjusted in the local month", () => {
    const summary = monthlySummary(
      history().transfers(),
      { year: 2026, month: 11 },
      "Asia/Shanghai",
    );
    expect(summary).toEqual({
      year: 2026,
      month: 11,
      timeZone: "Asia/Shanghai",
      period: { from: "2026-10-31T16:00:00.000Z", to: "2026-11-30T16:00:00.000Z" },
      earnedByReason: {
        participation: 0,
        report: 12,
        suggestion: 0,
        patrol: 0,
        welcome: 0,
        campaign_bonus: 0,
      },
      earned: 12,
      spentByReason: { wish_redemption: 15, catalogue_redemption: 0 },
      spent: 15,
      expired: 4,
      granted: 3,
      deducted: 2,
      openingOutstanding: 38,
      closingOutstanding: 32,
      heldAtClose: 5,
      couriersEarning: 1,
      couriersSpending: 1,
      transferCount: 7,
    });
  });

  it("counts the month before and after by the community's time zone", () => {
    const october = monthlySummary(
      history().transfers(),
      { year: 2026, month: 10 },
      "Asia/Shanghai",
    );
    expect(october).toMatchObject({
      earned: 38,
      openingOutstanding: 0,
      closingOutstanding: 38,
      couriersEarning: 2,
    });
    const december = monthlySummary(
      history().transfers(),
      { year: 2026, month: 12 },
      "Asia/Shanghai",
    );
    expect(december).toMatchObject({
      earned: 9,
      earnedByReason: { patrol: 9 },
      openingOutstanding: 32,
    });
    // In UTC the patrol of 1 December 00:30 in Shanghai is still November's.
    expect(monthlySummary(history().transfers(), { year: 2026, month: 11 }, "UTC")).toMatchObject({
      earned: 21,
      openingOutstanding: 38,
      closingOutstanding: 41,
    });
  });
});

describe("a community's points over any period", () => {
  const months = [10, 11, 12].map((month) =>
    monthlySummary(history().transfers(), { year: 2026, month }, "Asia/Shanghai"),
  );

  it("over a quarter, is its months added up, opening with the first and closing with the last", () => {
    const quarter = pointsSummary(history().transfers(), quarterPeriod(2026, 4, "Asia/Shanghai"));
    expect(quarter.earned).toBe(months.reduce((sum, month) => sum + month.earned, 0));
    expect(quarter.spent).toBe(months.reduce((sum, month) => sum + month.spent, 0));
    expect(quarter.transferCount).toBe(months.reduce((sum, month) => sum + month.transferCount, 0));
    expect(quarter.openingOutstanding).toBe(months[0]?.openingOutstanding);
    expect(quarter.closingOutstanding).toBe(months.at(-1)?.closingOutstanding);
    expect(quarter.couriersEarning).toBe(2);
  });

  it("since the station opened, counts everything up to now and nothing after", () => {
    const opened = monthPeriod(2026, 10, "Asia/Shanghai").from;
    const sinceOpening = pointsSummary(
      history().transfers(),
      periodSince(opened, monthPeriod(2026, 11, "Asia/Shanghai").to),
    );
    expect(sinceOpening).toMatchObject({
      earned: 50,
      openingOutstanding: 0,
      closingOutstanding: months[1]?.closingOutstanding,
      heldAtClose: 5,
    });
    expect(sinceOpening.earnedByReason.patrol).toBe(0);
  });
});

describe("a community's points from an opening", () => {
  const all = [...history().transfers()];

  it("carries the couriers' position over transfers as their statements do", () => {
    const { closing } = courierStatement(alice, all);
    const aliceOnly = all.filter((t) => t.debitAccount === alice || t.creditAccount === alice);
    expect(courierPositionAfter({ balance: 0, held: 0 }, aliceOnly)).toEqual(closing);
    const half = Math.floor(aliceOnly.length / 2);
    const carried = courierPositionAfter(
      courierPositionAfter({ balance: 0, held: 0 }, aliceOnly.slice(0, half)),
      aliceOnly.slice(half),
    );
    expect(carried).toEqual(closing);
  });

  it("from the position at any transfer and the transfers after it, is the summary of them all", () => {
    for (const month of [10, 11, 12]) {
      const period = monthPeriod(2026, month, "Asia/Shanghai");
      const whole = pointsSummary(all, period);
      for (let cut = 0; cut <= all.length; cut++) {
        const before = all.slice(0, cut);
        if (before.some((t) => Date.parse(t.at) >= Date.parse(period.from))) break;
        const opening = courierPositionAfter({ balance: 0, held: 0 }, before);
        expect(pointsSummary(all.slice(cut), period, opening)).toEqual(whole);
      }
    }
  });
});
