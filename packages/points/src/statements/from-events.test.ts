import { Points } from "@courier-station/core";
import { describe, expect, it } from "vitest";
import { type PointsAccountEvent, transferEventOf } from "../account/events.js";
import type { TransferRequest } from "../account/rules.js";
import { createLedger } from "../ledger/ledger.js";
import {
  accountOf,
  courier,
  earnRequest,
  eid,
  instant,
  postRequest,
  spendRequest,
} from "../testing/fixtures.js";
import {
  accountTransfersOf,
  courierMonthlyStatement,
  courierStatement,
} from "./courier-statement.js";

const alice = accountOf("alice");
const ZONE = "Asia/Shanghai";

/** Alice's account's events over October to December, with one event that earned nothing. */
const eventsOfAlice = (): ReadonlyArray<PointsAccountEvent> => {
  const ledger = createLedger();
  const steps: ReadonlyArray<readonly [string, TransferRequest]> = [
    ["2026-10-05T10:00:00+08:00", earnRequest("t1", "alice", 30)],
    ["2026-11-01T09:00:00+08:00", earnRequest("t3", "alice", 12, "report")],
    ["2026-11-02T09:00:00+08:00", spendRequest("h1", "alice", 20, instant("2026-12-31T00:00:00Z"))],
    ["2026-11-03T09:00:00+08:00", postRequest("p1", "h1", 15)],
    ["2026-11-30T16:30:00Z", earnRequest("t4", "alice", 9, "patrol")], // 1 December in Shanghai
  ];
  const events: PointsAccountEvent[] = [];
  for (const [at, request] of steps) {
    const result = ledger.applyOne(request, instant(at));
    const transfer = ledger.transferById(result.id);
    if (result.status !== "created" || transfer === undefined) throw new Error("not created");
    events.push(transferEventOf(transfer, ZONE));
    if (request.kind === "create" && request.id === "t3") {
      events.push({
        type: "PointsNotEarned",
        data: {
          triggerId: eid("evt-capped"),
          triggerType: "ReportVerified",
          courierId: courier("alice"),
          reason: "capped",
          requested: Points.parse(5),
          cappedBy: "day",
          earnedAt: instant("2026-11-01T09:30:00+08:00"),
        },
      });
    }
  }
  return events;
};

describe("history and statements from an account's events", () => {
  it("read the transfers out of the events, bare or in envelopes", () => {
    const events = eventsOfAlice();
    const transfers = accountTransfersOf(events);
    expect(transfers.map((transfer) => transfer.id)).toEqual(["t1", "t3", "h1", "p1", "t4"]);
    const envelopes = events.map((event, index) => ({
      ...event,
      id: `e-${index}`,
      version: index + 1,
    }));
    expect(accountTransfersOf(envelopes)).toEqual(transfers);
  });

  it("give a month's statement in the community's time zone, with what earned nothing", () => {
    const events = eventsOfAlice();
    const november = courierMonthlyStatement(alice, events, { year: 2026, month: 11 }, ZONE);
    // The same as a statement over the local month's instants.
    const { notEarned, year, month, ...statement } = november;
    expect(statement).toEqual(
      courierStatement(alice, accountTransfersOf(events), {
        from: instant("2026-11-01T00:00:00+08:00"),
        to: instant("2026-12-01T00:00:00+08:00"),
      }),
    );
    expect([year, month]).toEqual([2026, 11]);
    expect(november.opening).toEqual({ balance: 30, held: 0, available: 30 });
    expect(november.lines.map((line) => line.transfer.id)).toEqual(["t3", "h1", "p1"]);
    expect(november.closing).toEqual({ balance: 27, held: 0, available: 27 });
    expect(notEarned).toMatchObject([{ triggerId: "evt-capped", reason: "capped" }]);
    const december = courierMonthlyStatement(alice, events, { year: 2026, month: 12 }, ZONE);
    expect(december.lines.map((line) => line.transfer.id)).toEqual(["t4"]);
    expect(december.notEarned).toEqual([]);
  });
});
