import {
  type CourierId,
  type EventId,
  HOUR,
  type Instant,
  jinshanPolicy,
} from "@courier-station/core";
import {
  courierAccountId,
  earningCommandIdOf,
  expiryTransferIdOf,
  systemAccountId,
} from "@courier-station/points";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ask,
  expectRefusal,
  flow,
  grantPoints,
  instantAt,
  log,
  type PointsStation,
  refusalOf,
  send,
  staff,
  startPoints,
} from "./test-station.js";
import { expireEarnedPoints, expireTimedOutHolds, holdTimeoutActor } from "./timers.js";

const courier = (id: string) => id as CourierId;

const hold = (transferId: string, courierId: string, amount: number, timeoutAt: string) => ({
  type: "CreateTransfer",
  data: {
    transferId,
    debitAccount: courierAccountId(courier(courierId)),
    creditAccount: systemAccountId("redemption"),
    amount,
    reason: "wish_redemption",
    reference: `wish-${transferId}`,
    pending: { timeoutAt },
  },
});

const balanceOf = (station: PointsStation, courierId: string) =>
  ask(station, "GetPointsBalance", { actor: staff, courierId: courier(courierId) });

describe("the hold-timeout timer", () => {
  let station: PointsStation;
  beforeEach(async () => {
    station = await startPoints();
    await grantPoints(station, "c-1", 100);
    await grantPoints(station, "c-2", 100);
    for (const [id, courierId, hours] of [
      ["h-1", "c-1", 1],
      ["h-2", "c-2", 2],
      ["h-3", "c-1", 30],
    ] as const) {
      await send(
        station,
        "CreateTransfer",
        flow,
        hold(id, courierId, 10, instantAt(station, hours * HOUR)),
        id,
      );
    }
  });
  afterEach(async () => station.close());

  it("expires the holds past their timeout, soonest first, each once however often it runs", async () => {
    station.clock.advance(3 * HOUR);
    // Two instances running it at once (a lease handed over mid-run), then again.
    await Promise.all([
      station.run(expireTimedOutHolds(log)),
      station.run(expireTimedOutHolds(log)),
    ]);
    await station.run(expireTimedOutHolds(log));
    expect(await balanceOf(station, "c-1")).toMatchObject({ held: 10, version: 4 });
    expect(await balanceOf(station, "c-2")).toMatchObject({ held: 0, version: 3 });
    const open = await ask(station, "ListOpenHolds", { actor: staff });
    expect(open.items.map((item) => item.holdId)).toEqual(["h-3"]);
  });

  it("resolves a hold once when its void and its timeout race", async () => {
    station.clock.advance(3 * HOUR);
    const voiding = send(
      station,
      "VoidPendingTransfer",
      flow,
      { type: "VoidPendingTransfer", data: { transferId: "v-1", pendingTransferId: "h-1" } },
      "v-1",
    ).catch((error: unknown) => error);
    await Promise.all([voiding, station.run(expireTimedOutHolds(log))]);
    const balance = await balanceOf(station, "c-1");
    // The grant, two holds, and exactly one resolution of h-1.
    expect(balance).toMatchObject({ balance: 100, held: 10, version: 4 });
    const post = await refusalOf(
      send(
        station,
        "PostPendingTransfer",
        flow,
        { type: "PostPendingTransfer", data: { transferId: "p-1", pendingTransferId: "h-1" } },
        "p-1",
      ),
    );
    // Resolved and past its timeout, the hold is no longer one the account can post.
    expect([
      "points.pending_transfer_already_voided",
      "points.pending_transfer_already_expired",
      "points.pending_transfer_not_found",
    ]).toContain(post.code);
  });

  it("refuses a post after the timeout, and the timer then releases the points", async () => {
    station.clock.advance(3 * HOUR);
    const late = await refusalOf(
      send(
        station,
        "PostPendingTransfer",
        flow,
        { type: "PostPendingTransfer", data: { transferId: "p-2", pendingTransferId: "h-2" } },
        "p-2",
      ),
    );
    expectRefusal(late, "points.pending_transfer_expired", 422);
    await station.run(expireTimedOutHolds(log));
    expect(await balanceOf(station, "c-2")).toMatchObject({ balance: 100, held: 0 });
    // The expiry's own id sent again is the same command.
    const again = await send(
      station,
      "ExpirePendingTransfer",
      holdTimeoutActor,
      {
        type: "ExpirePendingTransfer",
        data: { pendingTransferId: "h-2", account: courierAccountId(courier("c-2")) },
      },
      expiryTransferIdOf("h-2" as never),
    );
    expect(again.outcome).toBe("duplicate");
  });
});

const earning = (eventId: string, courierId: string, confirmedAt: Instant) => ({
  type: "EarnPoints",
  data: {
    trigger: {
      id: eventId,
      type: "ParticipationConfirmed",
      time: confirmedAt,
      data: { activityId: "act-1", courierId, activityKind: "volunteering", hours: 2, confirmedAt },
    },
  },
});

const earn = (station: PointsStation, eventId: string, courierId: string, at: Instant) =>
  send(
    station,
    "EarnPoints",
    flow,
    earning(eventId, courierId, at),
    earningCommandIdOf(eventId as EventId),
  );

describe("the points-expiry timer", () => {
  it("expires what was earned more than the policy's months ago, once, and keeps the rest", async () => {
    const policy = jinshanPolicy();
    const station = await startPoints({
      policy: { ...policy, points: { ...policy.points, expiryMonths: 1 } },
    });
    try {
      await earn(station, "evt-sep", "c-1", "2026-09-20T02:00:00.000Z" as Instant);
      await earn(station, "evt-nov", "c-1", instantAt(station, -HOUR));
      await earn(station, "evt-nov-2", "c-2", instantAt(station, -HOUR));
      await station.run(expireEarnedPoints(log));
      await station.run(expireEarnedPoints(log));
      expect(await balanceOf(station, "c-1")).toMatchObject({ balance: 10, version: 3 });
      expect(await balanceOf(station, "c-2")).toMatchObject({ balance: 10, version: 1 });
      const totals = await ask(station, "GetLedgerTotals", { actor: staff });
      expect(totals.systemAccounts.expiry.balance).toBe(10);
      expect(totals.sum).toEqual({ balance: 0, pending: 0 });
    } finally {
      await station.close();
    }
  });

  it("expires nothing under a policy without expiry", async () => {
    const station = await startPoints();
    try {
      await earn(station, "evt-sep", "c-1", "2026-09-20T02:00:00.000Z" as Instant);
      await station.run(expireEarnedPoints(log));
      expect(await balanceOf(station, "c-1")).toMatchObject({ balance: 10, version: 1 });
    } finally {
      await station.close();
    }
  });
});
