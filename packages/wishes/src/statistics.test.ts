import {
  type ActivityFacts,
  ActivityId,
  monthPeriod,
  periodSince,
  RedemptionId,
  StationId,
} from "@courier-station/core";
import { describe, expect, it } from "vitest";
import { catalogueHoldTransferId } from "./holds.js";
import { catalogueFigures, wishFigures } from "./statistics.js";
import {
  asRedemption,
  onRedemption,
  openRedemption,
  type RedemptionStep,
  redemptionAfter,
} from "./testing/catalogue.js";
import {
  courierActor,
  daysAfterNow,
  draftWish,
  hoursAfterNow,
  onWish,
  POLICY,
  STAFF,
  SYSTEM,
  sponsorActor,
  stepsTo,
  type WishTestStep,
  wishAfter,
} from "./testing/fixtures.js";

const timeZone = POLICY.general.timeZone;
const november = monthPeriod(2026, 11, timeZone);
const december = monthPeriod(2026, 12, timeZone);
const wanda = StationId.parse("wanda");
const longsheng = StationId.parse("longsheng");
const EVENT = ActivityId.parse("wish-lighting-1129");
const event = (status: ActivityFacts["status"]): ActivityFacts => ({
  activityId: EVENT,
  kind: "wish-lighting",
  status,
  stationId: wanda,
  startsAt: hoursAfterNow(24),
  endsAt: hoursAfterNow(26),
});

/** Wish `wishId` claimed by a sponsor, handed over at the event on 29 November. */
const litAtEvent = (wishId: string, sponsor = "wanda-cafe"): WishTestStep[] => [
  { command: draftWish({ wishId }), actor: courierActor() },
  { command: onWish("SubmitWish", { wishId }), actor: courierActor() },
  { command: onWish("ApproveWish", { wishId }), actor: STAFF },
  { command: onWish("ClaimWish", { wishId }), actor: sponsorActor(sponsor) },
  {
    command: onWish("LinkWishToActivity", { wishId, activityId: EVENT }),
    actor: STAFF,
    facts: { activity: event("published") },
  },
  {
    command: onWish("ConfirmWishFulfilled", { wishId, activityId: EVENT }),
    actor: STAFF,
    facts: { activity: event("started"), now: hoursAfterNow(25) },
  },
];

// NOW is 28 November 2026, 10:00 in Shanghai.
const states = [
  wishAfter(litAtEvent("w-1")),
  wishAfter(litAtEvent("w-2", "wanda-cinema")),
  wishAfter(litAtEvent("w-3")),
  // Linked to the event, its courier did not come: still claimed.
  wishAfter(litAtEvent("w-4").slice(0, 5)),
  wishAfter(stepsTo.fulfilledWithPoints({ wishId: "w-1", estimatedValueFen: 9_900 })),
  wishAfter([
    ...stepsTo.published({ stationId: "longsheng" }),
    { command: onWish("FundWishFromDonations"), actor: STAFF },
    { command: onWish("ConfirmWishFulfilled"), actor: STAFF, facts: { now: daysAfterNow(5) } },
  ]),
  wishAfter(stepsTo.draft({ stationId: "longsheng" })),
];

describe("wishFigures", () => {
  it("counts a station's month: handed over by funding, value, points, sponsors and the wish-lighting event", () => {
    const figures = wishFigures(states, { period: november, stationId: wanda });
    expect(figures).toMatchObject({
      submitted: 5,
      fulfilled: 4,
      byPoints: 1,
      bySponsor: 3,
      byCommunity: 0,
      valueFulfilledFen: 3 * 15_000 + 9_900,
      pointsSpent: 99,
      sponsors: 2,
      wishLighting: { events: 1, wishes: 3, sponsors: 2 },
      open: 1,
      awaitingHandOverAtEvents: 1,
    });
  });

  it("counts each wish at its station and in the period it was handed over in", () => {
    expect(wishFigures(states, { period: november, stationId: longsheng })).toMatchObject({
      submitted: 1,
      fulfilled: 0,
      open: 1,
    });
    expect(wishFigures(states, { period: december, stationId: longsheng })).toMatchObject({
      submitted: 0,
      fulfilled: 1,
      byCommunity: 1,
    });
    const all = wishFigures(states, { period: periodSince(november.from, december.to) });
    expect(all).toMatchObject({ fulfilled: 5, submitted: 6, open: 2 });
    expect(all.wishLighting.wishes).toBe(3);
  });
});

describe("wishFigures by how a wish was funded", () => {
  it("counts a wish paid partly in points and partly by a sponsor in both, and as both", () => {
    const shared = wishAfter([
      ...stepsTo.redeemedAndHeld({ funding: { mode: "both", pointsShareFen: 5_000 } }),
      { command: onWish("ClaimWish"), actor: sponsorActor() },
      { command: onWish("ConfirmWishFulfilled"), actor: STAFF },
    ]);
    const bySponsorOnly = wishAfter(stepsTo.fulfilledBySponsor({ wishId: "w-2" }));
    const byPointsOnly = wishAfter(stepsTo.fulfilledWithPoints());
    const figures = wishFigures([shared, bySponsorOnly, byPointsOnly], { period: november });
    expect(figures).toMatchObject({
      fulfilled: 3,
      byPoints: 2,
      bySponsor: 2,
      byPointsAndSponsor: 1,
    });
  });
});

describe("catalogueFigures", () => {
  it("counts redemptions opened and picked up, units and points by item, at the item's station", () => {
    const ready: RedemptionStep[] = [
      { command: openRedemption(), actor: SYSTEM },
      {
        command: onRedemption("ConfirmCatalogueRedemptionHold", {
          transferId: catalogueHoldTransferId(RedemptionId.parse("r-1")),
        }),
        actor: SYSTEM,
      },
    ];
    const pickedUp = redemptionAfter([
      ...ready,
      { command: onRedemption("HandOverCatalogueRedemption"), actor: STAFF },
    ]);
    const waiting = redemptionAfter(ready);
    const redemption = asRedemption(pickedUp);
    const figures = catalogueFigures([pickedUp, waiting, { status: "none" }], {
      period: november,
      stationId: redemption.stationId,
    });
    expect(figures).toMatchObject({
      redeemed: 2,
      pickedUp: 1,
      unitsPickedUp: redemption.quantity,
      pointsSpent: redemption.hold.amount,
      unitsByItem: { [redemption.itemTitle]: redemption.quantity },
    });
    expect(catalogueFigures([pickedUp], { period: november, stationId: longsheng }).redeemed).toBe(
      0,
    );
    expect(catalogueFigures([pickedUp], { period: december }).pickedUp).toBe(0);
  });
});
