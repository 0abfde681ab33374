import { DAY, HOUR } from "@courier-station/core";
import { Store } from "@courier-station/kit";
import { Effect } from "effect";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ask,
  courierActor,
  eventually,
  grantPoints,
  log,
  pointsOf,
  registerSponsor,
  send,
  sponsorActor,
  staff,
  startWishes,
  type WishesStation,
  wishOnTheWall,
} from "./test-station.js";
import { runPickupTimers, runWishTimers } from "./timers.js";

const eventCount = (station: WishesStation) =>
  station.run(
    Effect.gen(function* () {
      const store = yield* Store;
      return (yield* store.readLog({ after: 0, limit: 10_000 })).length;
    }),
  );

const statusOf = async (station: WishesStation, wishId: string) =>
  (await ask(station, "GetWish", { actor: staff, wishId })).status;

describe("the timers, at the station's time", () => {
  let station: WishesStation;
  beforeEach(async () => {
    station = await startWishes();
  });
  afterEach(async () => station.close());

  it("expires a wish nobody funded once its days on the wall are over, once however often it runs", async () => {
    await wishOnTheWall(station, "w-1", "c-1");
    // Jinshan keeps a wish on the wall for 30 days.
    station.clock.advance(29 * DAY);
    await station.run(runWishTimers(log));
    expect(await statusOf(station, "w-1")).toBe("published");
    station.clock.advance(DAY + HOUR);
    // Two instances' runs racing, then a run repeated after a crash.
    await Promise.all([station.run(runWishTimers(log)), station.run(runWishTimers(log))]);
    expect(await statusOf(station, "w-1")).toBe("expired");
    const events = await eventCount(station);
    await station.run(runWishTimers(log));
    expect(await eventCount(station)).toBe(events);
    const wall = await ask(station, "ListWishWall", { actor: courierActor("c-2") });
    expect(wall.items).toEqual([]);
  });

  it("releases a sponsor's claim past its hand-over deadline back to the wall", async () => {
    await registerSponsor(station, "wanda-cafe");
    await wishOnTheWall(station, "w-1", "c-1");
    await send(station, sponsorActor("wanda-cafe"), { type: "ClaimWish", data: { wishId: "w-1" } });
    station.clock.advance(13 * DAY);
    await station.run(runWishTimers(log));
    expect(await statusOf(station, "w-1")).toBe("claimed");
    // Jinshan gives a sponsor 14 days to hand over.
    station.clock.advance(DAY + HOUR);
    await station.run(runWishTimers(log));
    expect(await statusOf(station, "w-1")).toBe("published");
    const wall = await ask(station, "ListWishWall", { actor: sponsorActor("other") });
    expect(wall.items).toMatchObject([{ wishId: "w-1", openToSponsors: true }]);
  });

  it("releases a redemption past its deadline and the points service voids its hold", async () => {
    await wishOnTheWall(station, "w-1", "c-1", { funding: { mode: "points" } });
    await grantPoints(station, "c-1", 150);
    await send(station, courierActor("c-1"), {
      type: "RedeemWish",
      data: { wishId: "w-1", expectedPoints: 99 },
    });
    await eventually(
      () => pointsOf(station, "c-1"),
      (points) => points.held === 99,
    );
    station.clock.advance(15 * DAY);
    await station.run(runWishTimers(log));
    expect(await statusOf(station, "w-1")).toBe("published");
    await eventually(
      () => pointsOf(station, "c-1"),
      (points) => points.held === 0 && points.balance === 150,
    );
  });

  it("expires a catalogue redemption not picked up by its deadline: hold voided, units back", async () => {
    await send(station, staff, {
      type: "ListCatalogueItem",
      data: {
        itemId: "towel-2026",
        title: "毛巾套装",
        pointsPrice: 15,
        stock: 4,
        stationId: "wanda",
        donor: { kind: "community" },
      },
    });
    await grantPoints(station, "c-1", 50);
    await send(station, courierActor("c-1"), {
      type: "RedeemCatalogueItem",
      data: { itemId: "towel-2026", redemptionId: "r-1", expectedPoints: 15 },
    });
    await eventually(
      () => pointsOf(station, "c-1"),
      (points) => points.held === 15,
    );
    station.clock.advance(13 * DAY);
    await station.run(runPickupTimers(log));
    const waiting = await ask(station, "GetCatalogueRedemption", {
      actor: staff,
      redemptionId: "r-1",
    });
    expect(waiting.status).toBe("ready");
    // Jinshan keeps catalogue units for 14 days.
    station.clock.advance(DAY + HOUR);
    await Promise.all([station.run(runPickupTimers(log)), station.run(runPickupTimers(log))]);
    const expired = await ask(station, "GetCatalogueRedemption", {
      actor: courierActor("c-1"),
      redemptionId: "r-1",
    });
    expect(expired.status).toBe("expired");
    await eventually(
      () => pointsOf(station, "c-1"),
      (points) => points.held === 0 && points.balance === 50,
    );
    await eventually(
      () => ask(station, "GetCatalogueItemStock", { actor: staff, itemId: "towel-2026" }),
      (stock) => stock.stock === 4 && stock.reserved === 0,
    );
  });
});
