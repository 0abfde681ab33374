import type { EventEnvelope } from "@courier-station/core";
import { Store } from "@courier-station/kit";
import { Effect, Option } from "effect";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  eraseCourierFromWishes,
  followCatalogueItem,
  followCatalogueRedemption,
  followWish,
  maskTypedContactDetails,
} from "./flows.js";
import { rowId, wallRows, wishKey, wishRows } from "./read-models.js";
import {
  ask,
  community,
  consumerContextFor,
  courierActor,
  draftOf,
  eventually,
  flow,
  grantPoints,
  instantAt,
  pointsOf,
  publish,
  registerSponsor,
  send,
  sponsorActor,
  staff,
  startWishes,
  type WishesStation,
  wishOnTheWall,
} from "./test-station.js";

/** Every event in the station's log. */
const logged = (station: WishesStation) =>
  station.run(
    Effect.gen(function* () {
      const store = yield* Store;
      const found = yield* store.readLog({ after: 0, limit: 10_000 });
      return found.map((entry) => entry.event);
    }),
  );

const eventOfType = async (station: WishesStation, type: string): Promise<EventEnvelope> => {
  const found = (await logged(station)).find((event) => event.type === type);
  if (found === undefined) throw new Error(`no ${type} in the log`);
  return found;
};

describe("the wishes service's flows", () => {
  let station: WishesStation;
  beforeEach(async () => {
    station = await startWishes();
  });
  afterEach(async () => station.close());

  it("credits a sponsor once for a wish they fulfilled, however often its event comes", async () => {
    await registerSponsor(station, "wanda-cafe");
    await wishOnTheWall(station, "w-1", "c-1");
    await send(station, sponsorActor("wanda-cafe"), { type: "ClaimWish", data: { wishId: "w-1" } });
    await send(station, staff, { type: "ConfirmWishFulfilled", data: { wishId: "w-1" } });
    const sponsorOf = () => ask(station, "GetSponsor", { actor: staff, sponsorId: "wanda-cafe" });
    const fulfilledOf = async () => {
      const sponsor = await sponsorOf();
      return sponsor.view === "staff" ? sponsor.fulfilled.length : -1;
    };
    await eventually(fulfilledOf, (count) => count === 1);
    const fulfilled = await eventOfType(station, "WishFulfilled");
    const before = (await logged(station)).length;
    // Redelivered after a lost acknowledgement, twice.
    for (let delivery = 0; delivery < 2; delivery++) {
      await station.run(followWish(fulfilled, consumerContextFor("wishes", fulfilled)));
    }
    expect(await fulfilledOf()).toBe(1);
    expect((await logged(station)).length).toBe(before);
  });

  it("credits the sponsor when a hand-over's event comes again after a crash before the credit", async () => {
    await registerSponsor(station, "wanda-cafe");
    // The wish was handed over and stored; the service stopped before its flow credited
    // the sponsor, so the event was never acknowledged and comes again.
    const handedOver: EventEnvelope = {
      id: "evt-lost-ack",
      type: "WishFulfilled",
      aggregate: "wish",
      stream: "wish-w-lost",
      version: 5,
      community,
      actor: staff,
      time: instantAt(station),
      causationId: "evt-lost-ack",
      correlationId: "evt-lost-ack",
      data: {
        wishId: "w-lost",
        courierId: "c-1",
        by: { role: "staff", id: "staff-wang" },
        title: "蓝牙耳机",
        category: "work-equipment",
        estimatedValueFen: 15_000,
        funder: { kind: "sponsor", sponsorId: "wanda-cafe" },
        sponsorShareFen: 15_000,
        fulfilledAt: instantAt(station),
      },
    } as EventEnvelope;
    for (let delivery = 0; delivery < 2; delivery++) {
      await station.run(followWish(handedOver, consumerContextFor("wishes", handedOver)));
    }
    const sponsor = await ask(station, "GetSponsor", {
      actor: courierActor("c-2"),
      sponsorId: "wanda-cafe",
    });
    expect(sponsor).toMatchObject({ view: "public", fulfilledCount: 1, fulfilledValueFen: 15_000 });
  });

  it("opens one redemption and one hold for reserved units, however often the reservation comes", async () => {
    await send(station, staff, {
      type: "ListCatalogueItem",
      data: {
        itemId: "mount-2026",
        title: "手机支架",
        pointsPrice: 25,
        stock: 5,
        stationId: "wanda",
        donor: { kind: "community" },
      },
    });
    await grantPoints(station, "c-1", 100);
    await send(station, courierActor("c-1"), {
      type: "RedeemCatalogueItem",
      data: { itemId: "mount-2026", redemptionId: "r-1", expectedPoints: 25 },
    });
    await eventually(
      () => pointsOf(station, "c-1"),
      (points) => points.held === 25,
    );
    const reserved = await eventOfType(station, "CatalogueItemReserved");
    const opened = await eventOfType(station, "CatalogueRedemptionOpened");
    const before = (await logged(station)).length;
    await station.run(
      followCatalogueItem(reserved, consumerContextFor("catalogue-items", reserved)),
    );
    await station.run(
      followCatalogueRedemption(opened, consumerContextFor("catalogue-redemptions", opened)),
    );
    expect((await logged(station)).length).toBe(before);
    expect(await pointsOf(station, "c-1")).toMatchObject({ held: 25, openHolds: 1 });
  });

  it("returns reserved units when their redemption cannot be opened (its id is another's)", async () => {
    for (const itemId of ["mount-2026", "towel-2026"]) {
      await send(station, staff, {
        type: "ListCatalogueItem",
        data: {
          itemId,
          title: itemId === "mount-2026" ? "手机支架" : "毛巾套装",
          pointsPrice: 20,
          stock: 3,
          stationId: "wanda",
          donor: { kind: "community" },
        },
      });
    }
    await grantPoints(station, "c-1", 100);
    await send(station, courierActor("c-1"), {
      type: "RedeemCatalogueItem",
      data: { itemId: "mount-2026", redemptionId: "r-1", expectedPoints: 20 },
    });
    await eventually(
      () => pointsOf(station, "c-1"),
      (points) => points.held === 20,
    );
    // The same redemption id at another item: the item reserves, the redemption refuses.
    await send(station, courierActor("c-1"), {
      type: "RedeemCatalogueItem",
      data: { itemId: "towel-2026", redemptionId: "r-1", expectedPoints: 20 },
    });
    await eventually(
      () => ask(station, "GetCatalogueItemStock", { actor: staff, itemId: "towel-2026" }),
      (stock) => stock.stock === 3 && stock.reserved === 0,
    );
    expect(await pointsOf(station, "c-1")).toMatchObject({ held: 20, openHolds: 1 });
  });

  it("writes a wish's rows a crash missed from the stored wish when its event comes", async () => {
    await wishOnTheWall(station, "w-1", "c-1");
    // The endpoint stopped between the command and its rows: they are gone.
    await station.run(
      Effect.gen(function* () {
        const store = yield* Store;
        yield* (yield* store.readModel(wishRows)).delete(rowId(community, "w-1"));
        yield* (yield* store.readModel(wallRows)).delete(rowId(community, "w-1"));
      }),
    );
    expect((await ask(station, "ListWishWall", { actor: staff })).items).toEqual([]);
    const approved = await eventOfType(station, "WishApproved");
    await station.run(followWish(approved, consumerContextFor("wishes", approved)));
    const wall = await ask(station, "ListWishWall", { actor: staff });
    expect(wall.items.map((card) => card.wishId)).toEqual(["w-1"]);
    const own = await ask(station, "ListCourierWishes", { actor: courierActor("c-1") });
    expect(own.items).toMatchObject([{ wishId: "w-1", status: "published" }]);
  });

  it("masks the contact details a courier typed into their wishes when they are erased", async () => {
    const typed = "微信 wxid_rider2026 电话 13912345678";
    await send(station, courierActor("c-1"), draftOf("w-1", { description: `急需，${typed}` }));
    await send(station, courierActor("c-1"), {
      type: "CancelWish",
      data: { wishId: "w-1", reason: `不用了，有事打 13912345678` },
    });
    const erased: EventEnvelope = {
      id: "evt-erased-c-1",
      type: "CourierPersonalDataErased",
      aggregate: "courier",
      stream: "courier-c-1",
      version: 9,
      community,
      actor: flow,
      time: instantAt(station),
      causationId: "evt-erased-c-1",
      correlationId: "evt-erased-c-1",
      data: {
        courierId: "c-1",
        pseudonym: "erased-1a2b3c4d",
        erasedBy: "staff-wang",
        erasedAt: instantAt(station),
      },
    } as EventEnvelope;
    await publish(station, erased);
    const stream = () =>
      station.run(Effect.flatMap(Store, (store) => store.readStream(wishKey(community, "w-1"))));
    await eventually(stream, (events) => !JSON.stringify(events).includes("13912345678"));
    const text = JSON.stringify(await stream());
    expect(text).not.toContain("wxid_rider2026");
    // The wish keeps its courier, as their points ledger does.
    expect(text).toContain('"courierId":"c-1"');
    // The receipts' bodies (the commands as sent) are erased too.
    const receipts = await station.run(
      Effect.gen(function* () {
        const store = yield* Store;
        const record = yield* store.load(wishKey(community, "w-1"));
        return Option.match(record, { onNone: () => [], onSome: (found) => found.receipts });
      }),
    );
    expect(JSON.stringify(receipts)).not.toContain("13912345678");
    // Erased again (a redelivery), nothing changes.
    await station.run(
      eraseCourierFromWishes(erased, consumerContextFor("courier-erasure", erased)),
    );
    expect(JSON.stringify(await stream())).toBe(text);
    // The wish's state is masked too: staff and its courier no longer see the number.
    const view = await ask(station, "GetWish", { actor: staff, wishId: "w-1" });
    expect(JSON.stringify(view)).not.toContain("13912345678");
    expect(view).toMatchObject({ courierId: "c-1", status: "cancelled" });
    expect(view.view === "staff" && view.courierTextErasedAt).toBeTruthy();
    // The lists never showed the number.
    const own = await ask(station, "ListCourierWishes", { actor: staff, courierId: "c-1" });
    expect(JSON.stringify(own)).not.toContain("13912345678");
  });

  it("masks typed text of an event without changing anything else", () => {
    const event = {
      type: "WishDrafted",
      data: { title: "充电宝 13912345678", category: "work-equipment", estimatedValueFen: 9_900 },
    };
    expect(maskTypedContactDetails(event)).toEqual({
      type: "WishDrafted",
      data: { title: "充电宝 ***", category: "work-equipment", estimatedValueFen: 9_900 },
    });
    expect(event.data.title).toContain("13912345678");
  });
});
