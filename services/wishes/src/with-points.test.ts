import { call, pointsContract } from "@courier-station/contracts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ask,
  community,
  courierActor,
  eventually,
  grantPoints,
  pointsOf,
  registerSponsor,
  send,
  sponsorActor,
  staff,
  startWishes,
  type WishesStation,
  wishOnTheWall,
} from "./test-station.js";

/*
 * The redeem-with-points flow with the real points service: the wishes service decides a
 * redemption, the points service holds the points from its event and reports the hold
 * back through the wishes contract; the hand-over posts the hold, a cancellation voids it;
 * and the ledger balances throughout.
 */

const ledgerSum = (station: WishesStation) =>
  station.run(call(pointsContract, "GetLedgerTotals", community, { actor: staff }));

const wishOf = (station: WishesStation, wishId: string) =>
  ask(station, "GetWish", { actor: staff, wishId });

describe("redeeming a wish with points, beside the points service", () => {
  let station: WishesStation;
  beforeEach(async () => {
    station = await startWishes();
  });
  afterEach(async () => station.close());

  it("holds the points, confirms the hold, and posts it at the hand-over", async () => {
    await wishOnTheWall(station, "w-1", "c-1", { funding: { mode: "points" } });
    await grantPoints(station, "c-1", 200);
    await send(station, courierActor("c-1"), {
      type: "RedeemWish",
      data: { wishId: "w-1", expectedPoints: 99 },
    });
    await eventually(
      () => wishOf(station, "w-1"),
      (wish) => wish.view === "staff" && wish.redemption?.confirmedAt !== undefined,
    );
    expect(await pointsOf(station, "c-1")).toMatchObject({ balance: 200, held: 99 });
    await send(station, courierActor("c-1"), {
      type: "ConfirmWishFulfilled",
      data: { wishId: "w-1" },
    });
    await eventually(
      () => pointsOf(station, "c-1"),
      (points) => points.balance === 101 && points.held === 0,
    );
    const totals = await ledgerSum(station);
    expect(totals.sum).toEqual({ balance: 0, pending: 0 });
    expect(totals.systemAccounts.redemption.balance).toBe(99);
    const wall = await ask(station, "ListWishWall", { actor: courierActor("c-2") });
    expect(wall.items).toMatchObject([{ wishId: "w-1", status: "fulfilled", fundedBy: "points" }]);
  });

  it("voids the hold when the courier cancels, and the points are theirs again", async () => {
    await wishOnTheWall(station, "w-1", "c-1", { funding: { mode: "points" } });
    await grantPoints(station, "c-1", 120);
    await send(station, courierActor("c-1"), {
      type: "RedeemWish",
      data: { wishId: "w-1", expectedPoints: 99 },
    });
    await eventually(
      () => pointsOf(station, "c-1"),
      (points) => points.held === 99,
    );
    await send(station, courierActor("c-1"), { type: "CancelWish", data: { wishId: "w-1" } });
    await eventually(
      () => pointsOf(station, "c-1"),
      (points) => points.held === 0 && points.balance === 120,
    );
    expect((await ledgerSum(station)).sum).toEqual({ balance: 0, pending: 0 });
  });

  it("holds one of two redemptions racing on points for one; the other ends back on the wall", async () => {
    await wishOnTheWall(station, "w-1", "c-1", { funding: { mode: "points" } });
    await wishOnTheWall(station, "w-2", "c-1", { funding: { mode: "points" } });
    await grantPoints(station, "c-1", 120);
    // Decided at once on 120 available points, the ledger refuses the second hold (and
    // the wish hears it); decided after the first hold, the second is refused at once.
    await Promise.allSettled(
      ["w-1", "w-2"].map((wishId) =>
        send(station, courierActor("c-1"), {
          type: "RedeemWish",
          data: { wishId, expectedPoints: 99 },
        }),
      ),
    );
    const settled = async () => {
      const wishes = await Promise.all(["w-1", "w-2"].map((wishId) => wishOf(station, wishId)));
      return wishes.map((wish) => ({
        status: wish.status,
        confirmed: wish.view === "staff" && wish.redemption?.confirmedAt !== undefined,
      }));
    };
    const [first, second] = await eventually(settled, (wishes) =>
      wishes.every((wish) => wish.status === "published" || wish.confirmed),
    );
    expect([first?.status, second?.status].sort()).toEqual(["published", "redeemed"]);
    expect(await pointsOf(station, "c-1")).toMatchObject({ balance: 120, held: 99 });
    expect((await ledgerSum(station)).sum).toEqual({ balance: 0, pending: 0 });
  });

  it("posts the points part and credits the sponsor for a wish funded by both", async () => {
    await registerSponsor(station, "wanda-cafe");
    await wishOnTheWall(station, "w-1", "c-1", {
      estimatedValueFen: 20_000,
      funding: { mode: "both", pointsShareFen: 5_000 },
    });
    await grantPoints(station, "c-1", 80);
    await send(station, courierActor("c-1"), {
      type: "RedeemWish",
      data: { wishId: "w-1", expectedPoints: 50 },
    });
    await send(station, sponsorActor("wanda-cafe"), { type: "ClaimWish", data: { wishId: "w-1" } });
    await eventually(
      () => wishOf(station, "w-1"),
      (wish) => wish.view === "staff" && wish.redemption?.confirmedAt !== undefined,
    );
    await send(station, staff, { type: "ConfirmWishFulfilled", data: { wishId: "w-1" } });
    await eventually(
      () => pointsOf(station, "c-1"),
      (points) => points.balance === 30 && points.held === 0,
    );
    await eventually(
      () => ask(station, "GetSponsor", { actor: courierActor("c-1"), sponsorId: "wanda-cafe" }),
      (sponsor) => sponsor.view === "public" && sponsor.fulfilledValueFen === 15_000,
    );
  });
});
