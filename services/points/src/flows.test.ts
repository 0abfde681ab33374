import {
  type CommunityPolicy,
  type CourierId,
  DAY,
  HOUR,
  type Instant,
  jinshanPolicy,
  MINUTE,
  type RedemptionId,
  type WishId,
} from "@courier-station/core";
import { Store } from "@courier-station/kit";
import { courierAccountId } from "@courier-station/points";
import {
  catalogueHoldTransferId,
  type PointsHold,
  postingOf,
  voidingOf,
  wishHoldTransferId,
} from "@courier-station/wishes";
import { Effect, Exit } from "effect";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyWishPoints, earnFromEvent, followAccount } from "./flows.js";
import { accountRows } from "./read-models.js";
import {
  ask,
  consumerContextFor,
  eventOf,
  eventually,
  grantPoints,
  instantAt,
  log,
  type PointsStation,
  publish,
  staff,
  startPoints,
} from "./test-station.js";
import { expireTimedOutHolds } from "./timers.js";

const courier = (id: string) => id as CourierId;

const balanceOf = (station: PointsStation, courierId: string) =>
  ask(station, "GetPointsBalance", { actor: staff, courierId: courier(courierId) });

const participationConfirmed = (
  courierId: string,
  confirmedAt: Instant,
  time: Instant,
  id?: string,
) =>
  eventOf(
    "activity",
    "ParticipationConfirmed",
    { activityId: "act-1", courierId, activityKind: "volunteering", hours: 2, confirmedAt },
    time,
    id,
  );

const earnByHand = (station: PointsStation, event: ReturnType<typeof eventOf>) =>
  station.run(earnFromEvent(event, consumerContextFor("earning", event)));

const wishPointsByHand = (station: PointsStation, event: ReturnType<typeof eventOf>) =>
  station.runExit(applyWishPoints(event, consumerContextFor("wish-points", event)));

describe("the earning flow", () => {
  let station: PointsStation;
  beforeEach(async () => {
    station = await startPoints();
  });
  afterEach(async () => station.close());

  it("earns by the policy for an event it consumes, and once for an event delivered twice", async () => {
    const at = instantAt(station, -HOUR);
    const event = participationConfirmed("c-1", at, at);
    await publish(station, event);
    await eventually(
      () => balanceOf(station, "c-1"),
      (balance) => balance.balance === 10,
    );
    // Redelivered after the bus's duplicate window, or after a crash before the ack.
    await earnByHand(station, event);
    await earnByHand(station, event);
    const balance = await balanceOf(station, "c-1");
    expect(balance).toMatchObject({ balance: 10, version: 1 });
  });

  it("earns nothing for what a courier does after withdrawing consent", async () => {
    station.registry.couriers.set("c-1", {
      courierId: courier("c-1"),
      status: "active",
      volunteerTeamMember: false,
      consentWithdrawnAt: instantAt(station, -DAY),
    });
    const at = instantAt(station, -HOUR);
    await earnByHand(station, participationConfirmed("c-1", at, at));
    const balance = await balanceOf(station, "c-1");
    expect(balance).toMatchObject({ balance: 0, version: 1 });
  });

  it("skips an event it cannot read as an earning, without failing", async () => {
    const broken = eventOf(
      "activity",
      "ParticipationConfirmed",
      { courierId: "c-1" },
      instantAt(station),
    );
    await earnByHand(station, broken);
    expect((await balanceOf(station, "c-1")).version).toBe(0);
  });
});

describe("a late event", () => {
  const configured = jinshanPolicy();
  // From 10 November, participation earns 30 instead of 10.
  const richer: CommunityPolicy = {
    ...configured,
    points: {
      ...configured.points,
      participation: { ...configured.points.participation, flat: 30 },
    },
  };
  let station: PointsStation;
  beforeEach(async () => {
    station = await startPoints({
      policy: configured,
      versions: [
        {
          policyVersion: "2026-01" as never,
          effectiveFrom: "2026-01-01T00:00:00.000Z" as Instant,
          publishedAt: "2026-01-01T00:00:00.000Z" as Instant,
          publishedBy: "system:setup",
        },
        {
          policyVersion: "2026-11" as never,
          effectiveFrom: "2026-11-09T16:00:00.000Z" as Instant,
          publishedAt: "2026-11-01T00:00:00.000Z" as Instant,
          publishedBy: "staff-wang",
          policy: richer,
        },
      ],
    });
  });
  afterEach(async () => station.close());

  it("earns by the policy version in force at its fact's time, not when it arrives", async () => {
    const now = instantAt(station);
    await earnByHand(
      station,
      participationConfirmed("c-1", "2026-11-05T02:00:00.000Z" as Instant, now),
    );
    expect((await balanceOf(station, "c-1")).balance).toBe(10);
    await earnByHand(
      station,
      participationConfirmed("c-2", "2026-11-12T02:00:00.000Z" as Instant, now),
    );
    expect((await balanceOf(station, "c-2")).balance).toBe(30);
  });
});

const holdOf = (
  station: PointsStation,
  wishId: string,
  courierId: string,
  amount: number,
): PointsHold => ({
  transferId: wishHoldTransferId(wishId as WishId, 1) as PointsHold["transferId"],
  account: courierAccountId(courier(courierId)),
  amount: amount as PointsHold["amount"],
  timeoutAt: instantAt(station, 20 * DAY),
  reference: `wish-${wishId}`,
});

const wishRedeemed = (
  station: PointsStation,
  hold: PointsHold,
  wishId: string,
  courierId: string,
) =>
  eventOf(
    "wish",
    "WishRedeemed",
    {
      wishId,
      courierId,
      shareFen: hold.amount * 100,
      points: hold.amount,
      hold,
      attempt: 1,
      redeemedAt: instantAt(station),
      fullyFunded: true,
      dueAt: instantAt(station, 14 * DAY),
    },
    instantAt(station),
  );

const wishFulfilled = (
  station: PointsStation,
  hold: PointsHold,
  wishId: string,
  courierId: string,
) =>
  eventOf(
    "wish",
    "WishFulfilled",
    {
      wishId,
      courierId,
      by: { role: "staff", id: "staff-wang" },
      title: "充电宝",
      category: "work-equipment",
      estimatedValueFen: hold.amount * 100,
      postedHold: postingOf(hold),
      fulfilledAt: instantAt(station),
    },
    instantAt(station),
  );

const wishCancelled = (
  station: PointsStation,
  hold: PointsHold,
  wishId: string,
  courierId: string,
) =>
  eventOf(
    "wish",
    "WishCancelled",
    { wishId, courierId, voidedHold: voidingOf(hold), cancelledAt: instantAt(station) },
    instantAt(station),
  );

const told = (station: PointsStation) =>
  [...station.wishes.received.values()].map((envelope) => envelope.command);

describe("the wishes' points flow", () => {
  let station: PointsStation;
  beforeEach(async () => {
    station = await startPoints();
    await grantPoints(station, "c-1", 100);
  });
  afterEach(async () => station.close());

  it("holds a redeemed wish's points, tells the wish once, and posts them at the hand-over", async () => {
    const hold = holdOf(station, "w-1", "c-1", 60);
    await publish(station, wishRedeemed(station, hold, "w-1", "c-1"));
    await eventually(
      async () => told(station),
      (commands) => commands.length === 1,
    );
    expect(told(station)).toEqual([
      { type: "ConfirmWishHold", data: { wishId: "w-1", transferId: hold.transferId } },
    ]);
    expect(await balanceOf(station, "c-1")).toMatchObject({ held: 60, available: 40 });

    await publish(station, wishFulfilled(station, hold, "w-1", "c-1"));
    await eventually(
      () => balanceOf(station, "c-1"),
      (balance) => balance.balance === 40 && balance.held === 0,
    );
  });

  it("applies a redelivered redemption, hand-over and cancellation once", async () => {
    const hold = holdOf(station, "w-2", "c-1", 30);
    const redeemed = wishRedeemed(station, hold, "w-2", "c-1");
    for (let delivery = 0; delivery < 3; delivery++) {
      expect(Exit.isSuccess(await wishPointsByHand(station, redeemed))).toBe(true);
    }
    expect(told(station)).toHaveLength(1);
    expect(await balanceOf(station, "c-1")).toMatchObject({ held: 30, version: 2 });
    const cancelled = wishCancelled(station, hold, "w-2", "c-1");
    for (let delivery = 0; delivery < 3; delivery++) {
      expect(Exit.isSuccess(await wishPointsByHand(station, cancelled))).toBe(true);
    }
    expect(await balanceOf(station, "c-1")).toMatchObject({ balance: 100, held: 0, version: 3 });
  });

  it("survives a crash between placing the hold and telling the wish: the next delivery tells it once", async () => {
    const hold = holdOf(station, "w-3", "c-1", 30);
    const redeemed = wishRedeemed(station, hold, "w-3", "c-1");
    station.wishes.answering = false;
    expect(Exit.isFailure(await wishPointsByHand(station, redeemed))).toBe(true);
    expect(await balanceOf(station, "c-1")).toMatchObject({ held: 30 });
    expect(told(station)).toEqual([]);
    station.wishes.answering = true;
    expect(Exit.isSuccess(await wishPointsByHand(station, redeemed))).toBe(true);
    expect(Exit.isSuccess(await wishPointsByHand(station, redeemed))).toBe(true);
    expect(told(station)).toHaveLength(1);
    expect(await balanceOf(station, "c-1")).toMatchObject({ held: 30, version: 2 });
  });

  it("tells the wish its redemption failed when the points do not cover it", async () => {
    const hold = holdOf(station, "w-4", "c-1", 500);
    expect(
      Exit.isSuccess(await wishPointsByHand(station, wishRedeemed(station, hold, "w-4", "c-1"))),
    ).toBe(true);
    expect(told(station)).toEqual([
      {
        type: "RecordWishRedemptionFailed",
        data: { wishId: "w-4", transferId: hold.transferId, reason: "points.insufficient_points" },
      },
    ]);
    // The wish is cancelled before it heard: its void finds no hold, which counts as done.
    const cancelled = wishCancelled(station, hold, "w-4", "c-1");
    expect(Exit.isSuccess(await wishPointsByHand(station, cancelled))).toBe(true);
    expect(await balanceOf(station, "c-1")).toMatchObject({ balance: 100, held: 0 });
  });

  it("voids a hold placed after an earlier delivery reported it refused", async () => {
    const hold = holdOf(station, "w-5", "c-1", 150);
    const redeemed = wishRedeemed(station, hold, "w-5", "c-1");
    await wishPointsByHand(station, redeemed);
    expect(told(station).map((command) => command.type)).toEqual(["RecordWishRedemptionFailed"]);
    // Points came in before the event was delivered again (its ack was lost).
    await grantPoints(station, "c-1", 100);
    expect(Exit.isSuccess(await wishPointsByHand(station, redeemed))).toBe(true);
    expect(told(station)).toHaveLength(1);
    expect(await balanceOf(station, "c-1")).toMatchObject({ balance: 200, held: 0 });
  });

  it("counts a void of a hold that timed out already as done", async () => {
    const hold = { ...holdOf(station, "w-6", "c-1", 20), timeoutAt: instantAt(station, HOUR) };
    await wishPointsByHand(station, wishRedeemed(station, hold, "w-6", "c-1"));
    station.clock.advance(2 * HOUR);
    await station.run(expireTimedOutHolds(log));
    expect(await balanceOf(station, "c-1")).toMatchObject({ held: 0 });
    const exit = await wishPointsByHand(station, wishCancelled(station, hold, "w-6", "c-1"));
    expect(Exit.isSuccess(exit)).toBe(true);
  });

  it("holds a catalogue redemption's points, confirms it, and posts them at pickup", async () => {
    const redemptionId = "r-1";
    const hold: PointsHold = {
      transferId: catalogueHoldTransferId(redemptionId as RedemptionId) as PointsHold["transferId"],
      account: courierAccountId(courier("c-1")),
      amount: 25 as PointsHold["amount"],
      timeoutAt: instantAt(station, 10 * DAY),
      reference: `catalogue-${redemptionId}`,
    };
    const common = { redemptionId, itemId: "wanda-raincoat", courierId: "c-1", quantity: 1 };
    const opened = eventOf(
      "catalogueRedemption",
      "CatalogueRedemptionOpened",
      {
        ...common,
        itemTitle: "骑手雨衣",
        stationId: "wanda",
        hold,
        dueAt: instantAt(station, 7 * DAY),
        openedAt: instantAt(station),
      },
      instantAt(station),
    );
    await publish(station, opened);
    await eventually(
      async () => told(station),
      (commands) => commands.length === 1,
    );
    expect(told(station)).toEqual([
      {
        type: "ConfirmCatalogueRedemptionHold",
        data: { redemptionId, transferId: hold.transferId },
      },
    ]);
    await publish(
      station,
      eventOf(
        "catalogueRedemption",
        "CatalogueRedemptionFulfilled",
        {
          ...common,
          postedHold: postingOf(hold),
          by: { role: "staff", id: "staff-wang" },
          fulfilledAt: instantAt(station, MINUTE),
        },
        instantAt(station, MINUTE),
      ),
    );
    await eventually(
      () => balanceOf(station, "c-1"),
      (balance) => balance.balance === 75 && balance.held === 0,
    );
  });
});

describe("the service's own events", () => {
  it("bring a row a crash missed up to date from the stored account", async () => {
    const station = await startPoints();
    try {
      await grantPoints(station, "c-1", 10);
      // A crash after the write and before the endpoint's projection: the row is missing.
      const event = await station.run(
        Effect.gen(function* () {
          const store = yield* Store;
          const rows = yield* store.readModel(accountRows);
          yield* rows.delete(`jinshan-wanda:${courierAccountId(courier("c-1"))}`);
          const logged = yield* store.readLog({ after: 0, limit: 10 });
          return logged
            .map((entry) => entry.event)
            .find((candidate) => candidate.aggregate === "pointsAccount");
        }),
      );
      expect((await ask(station, "GetLedgerTotals", { actor: staff })).courierAccounts).toBe(0);
      if (event === undefined) return expect.fail("no points account event");
      await station.run(followAccount(event));
      await station.run(followAccount(event));
      const totals = await ask(station, "GetLedgerTotals", { actor: staff });
      expect(totals.couriers.balance).toBe(10);
      expect(totals.sum).toEqual({ balance: 0, pending: 0 });
    } finally {
      await station.close();
    }
  });
});
