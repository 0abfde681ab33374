import { type CourierId, DAY, type WishId } from "@courier-station/core";
import { courierAccountId, systemAccountId } from "@courier-station/points";
import { type PointsHold, wishHoldTransferId } from "@courier-station/wishes";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ask,
  eventOf,
  eventually,
  flow,
  grantPoints,
  instantAt,
  type PointsStation,
  publish,
  refusalOf,
  send,
  staff,
  startPoints,
} from "./test-station.js";

/*
 * TESTING.md's redemption race: 100 concurrent redemptions on a balance that covers k of
 * them → exactly k held, the rest refused, and no balance ever below zero. Every hold of
 * one courier lands on one account aggregate, so the racers meet at its version.
 */

const redemptions = 100;
const price = 7;
const covered = 37;
const courierId = "c-racer" as CourierId;

const everyLineNonNegative = async (station: PointsStation) => {
  // The statement of the month holds every transfer with the position after it.
  const now = new Date(station.clock.now());
  let after: string | undefined;
  const available: number[] = [];
  for (;;) {
    const page = await ask(station, "GetPointsStatement", {
      actor: staff,
      courierId,
      year: now.getUTCFullYear(),
      month: now.getUTCMonth() + 1,
      limit: 200,
      ...(after === undefined ? {} : { after }),
    });
    available.push(...page.items.map((line) => line.available));
    if (page.next === undefined) return available;
    after = page.next;
  }
};

describe("the redemption race", () => {
  let station: PointsStation;
  beforeEach(async () => {
    station = await startPoints();
    // Covers `covered` holds and a few points more, but not one hold more.
    await grantPoints(station, courierId, covered * price + price - 1);
  });
  afterEach(async () => station.close());

  it("through the endpoint: 100 concurrent holds on a balance that covers k → exactly k held", async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: redemptions }, (_, index) => {
        const transferId = `race-${index}`;
        return send(
          station,
          "CreateTransfer",
          flow,
          {
            type: "CreateTransfer",
            data: {
              transferId,
              debitAccount: courierAccountId(courierId),
              creditAccount: systemAccountId("redemption"),
              amount: price,
              reason: "catalogue_redemption",
              reference: `catalogue-${transferId}`,
              pending: { timeoutAt: instantAt(station, DAY) },
            },
          },
          transferId,
        );
      }),
    );
    const applied = outcomes.filter((outcome) => outcome.status === "fulfilled");
    expect(applied).toHaveLength(covered);
    for (const outcome of outcomes) {
      if (outcome.status === "rejected") {
        const refusal = await refusalOf(Promise.reject(outcome.reason));
        expect(refusal.code).toBe("points.insufficient_points");
      }
    }
    const balance = await ask(station, "GetPointsBalance", { actor: staff, courierId });
    expect(balance).toMatchObject({
      held: covered * price,
      available: price - 1,
      openHolds: covered,
    });
    expect(Math.min(...(await everyLineNonNegative(station)))).toBeGreaterThanOrEqual(0);
    const totals = await ask(station, "GetLedgerTotals", { actor: staff });
    expect(totals.sum).toEqual({ balance: 0, pending: 0 });
  });

  it("through the flow: 100 wishes redeemed at once → exactly k confirmed, the rest told they failed", async () => {
    for (let index = 0; index < redemptions; index++) {
      const wishId = `w-${index}`;
      const hold: PointsHold = {
        transferId: wishHoldTransferId(wishId as WishId, 1) as PointsHold["transferId"],
        account: courierAccountId(courierId),
        amount: price as PointsHold["amount"],
        timeoutAt: instantAt(station, 20 * DAY),
        reference: `wish-${wishId}`,
      };
      await publish(
        station,
        eventOf(
          "wish",
          "WishRedeemed",
          {
            wishId,
            courierId,
            shareFen: price * 100,
            points: price,
            hold,
            attempt: 1,
            redeemedAt: instantAt(station),
            fullyFunded: true,
            dueAt: instantAt(station, 14 * DAY),
          },
          instantAt(station),
        ),
      );
    }
    const told = await eventually(
      async () => [...station.wishes.received.values()].map((envelope) => envelope.command.type),
      (types) => types.length === redemptions,
      1_000,
    );
    expect(told.filter((type) => type === "ConfirmWishHold")).toHaveLength(covered);
    expect(told.filter((type) => type === "RecordWishRedemptionFailed")).toHaveLength(
      redemptions - covered,
    );
    const balance = await ask(station, "GetPointsBalance", { actor: staff, courierId });
    expect(balance).toMatchObject({ held: covered * price, available: price - 1 });
    expect(Math.min(...(await everyLineNonNegative(station)))).toBeGreaterThanOrEqual(0);
  });
});
