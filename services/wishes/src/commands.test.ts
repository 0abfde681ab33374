import { DAY, HOUR } from "@courier-station/core";
import { Store } from "@courier-station/kit";
import { Effect } from "effect";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { handOverCommandId } from "./commands.js";
import { sponsorKey } from "./read-models.js";
import {
  ask,
  courierActor,
  draftOf,
  eventually,
  expectRefusal,
  grantPoints,
  instantAt,
  newId,
  pointsOf,
  refusalOf,
  registerSponsor,
  send,
  sponsorActor,
  staff,
  startWishes,
  type WishesStation,
  wishOnTheWall,
} from "./test-station.js";

const getWish = (station: WishesStation, wishId: string) =>
  ask(station, "GetWish", { actor: staff, wishId });

describe("wish commands", () => {
  let station: WishesStation;
  beforeEach(async () => {
    station = await startWishes();
  });
  afterEach(async () => station.close());

  it("takes a wish from draft to the wall, answering a command sent again with its first outcome", async () => {
    const courier = courierActor("c-1");
    const draft = await send(station, courier, draftOf("w-1"), "draft-w-1");
    expect(draft).toMatchObject({ outcome: "applied", aggregate: "wish", id: "w-1", version: 1 });
    const again = await send(station, courier, draftOf("w-1"), "draft-w-1");
    expect(again).toEqual({ ...draft, outcome: "duplicate" });
    const conflict = await refusalOf(
      send(station, courier, draftOf("w-1", { title: "头盔" }), "draft-w-1"),
    );
    expectRefusal(conflict, "command.id_conflict", 409);
    await send(station, courier, { type: "SubmitWish", data: { wishId: "w-1" } });
    await send(station, staff, { type: "ApproveWish", data: { wishId: "w-1" } });
    const wish = await getWish(station, "w-1");
    expect(wish).toMatchObject({ view: "staff", status: "published", courierId: "c-1" });
    // The wall shows it at once: the endpoint wrote its row.
    const wall = await ask(station, "ListWishWall", { actor: courier });
    expect(wall.items.map((card) => card.wishId)).toEqual(["w-1"]);
  });

  it("decides a draft on the courier's open wishes, counted from the service's rows", async () => {
    const courier = courierActor("c-1");
    await send(station, courier, draftOf("w-1"));
    await send(station, courier, draftOf("w-2"));
    // Jinshan's policy allows two open wishes per courier.
    expectRefusal(await refusalOf(send(station, courier, draftOf("w-3"))), "wish.too_many_open");
    await send(station, courier, { type: "CancelWish", data: { wishId: "w-1" } });
    expect(await send(station, courier, draftOf("w-3"))).toMatchObject({ outcome: "applied" });
  });

  it("decides a draft on the courier's facts from the registry", async () => {
    station.facts.couriers.set("c-9", {
      courierId: "c-9" as never,
      status: "suspended",
      volunteerTeamMember: false,
    });
    expectRefusal(
      await refusalOf(send(station, courierActor("c-9"), draftOf("w-9"))),
      "wish.courier_not_active",
    );
    // A courier the registry does not know has no facts to draft with.
    const unknown = await refusalOf(send(station, courierActor("c-404"), draftOf("w-404")));
    expectRefusal(unknown, "wish.courier_not_active");
  });

  it("lets a registered sponsor claim a wish and refuses one nobody registered", async () => {
    await wishOnTheWall(station, "w-1", "c-1");
    expectRefusal(
      await refusalOf(
        send(station, sponsorActor("nobody"), { type: "ClaimWish", data: { wishId: "w-1" } }),
      ),
      "wish.sponsor_not_active",
    );
    await registerSponsor(station, "wanda-cafe");
    await send(station, sponsorActor("wanda-cafe"), { type: "ClaimWish", data: { wishId: "w-1" } });
    expect(await getWish(station, "w-1")).toMatchObject({ status: "claimed" });
    const claims = await ask(station, "ListSponsorClaims", { actor: sponsorActor("wanda-cafe") });
    expect(claims.items).toMatchObject([{ wishId: "w-1", pledge: { shareFen: 9_900 } }]);
  });

  it("lets the sponsor who claimed a wish mark it handed over, once, and refuses another sponsor", async () => {
    await registerSponsor(station, "wanda-cafe");
    await registerSponsor(station, "other-shop");
    await wishOnTheWall(station, "w-1", "c-1");
    await send(station, sponsorActor("wanda-cafe"), { type: "ClaimWish", data: { wishId: "w-1" } });
    const handOver = { type: "ConfirmWishFulfilled", data: { wishId: "w-1" } };
    expectRefusal(
      await refusalOf(send(station, sponsorActor("other-shop"), handOver)),
      "wish.not_a_party",
      403,
    );
    const claimsOf = () => ask(station, "ListSponsorClaims", { actor: sponsorActor("wanda-cafe") });
    expect((await claimsOf()).items).toMatchObject([{ wishId: "w-1", status: "claimed" }]);
    const done = await send(station, sponsorActor("wanda-cafe"), handOver, "hand-over-w-1");
    expect(done).toMatchObject({ outcome: "applied", id: "w-1" });
    // Tapped again after a lost reply: the first outcome, nothing new.
    const again = await send(station, sponsorActor("wanda-cafe"), handOver, "hand-over-w-1");
    expect(again).toEqual({ ...done, outcome: "duplicate" });
    expect((await claimsOf()).items).toMatchObject([{ wishId: "w-1", status: "fulfilled" }]);
    // A new hand-over of the same wish is refused.
    expectRefusal(
      await refusalOf(send(station, sponsorActor("wanda-cafe"), handOver)),
      "wish.already_fulfilled",
    );
  });

  it("decides a redemption on the courier's available points from the points service", async () => {
    await wishOnTheWall(station, "w-1", "c-1");
    const redeem = { type: "RedeemWish", data: { wishId: "w-1", expectedPoints: 99 } };
    expectRefusal(
      await refusalOf(send(station, courierActor("c-1"), redeem)),
      "wish.insufficient_points",
    );
    await grantPoints(station, "c-1", 120);
    await send(station, courierActor("c-1"), redeem);
    // The points service holds the points and tells the wish.
    await eventually(
      () => getWish(station, "w-1"),
      (wish) => wish.view === "staff" && wish.redemption?.confirmedAt !== undefined,
    );
    expect(await pointsOf(station, "c-1")).toMatchObject({ balance: 120, held: 99 });
  });

  it("links wishes to a wish-lighting event and records their hand-overs in bulk, once", async () => {
    station.facts.activities.set("lighting-1", {
      activityId: "lighting-1" as never,
      kind: "wish-lighting",
      status: "published",
      stationId: "wanda" as never,
      startsAt: instantAt(station, DAY),
      endsAt: instantAt(station, DAY + 2 * HOUR),
    });
    await registerSponsor(station, "wanda-cafe");
    for (const wishId of ["w-1", "w-2"]) {
      await wishOnTheWall(station, wishId, wishId === "w-1" ? "c-1" : "c-2");
      await send(station, sponsorActor("wanda-cafe"), { type: "ClaimWish", data: { wishId } });
      await send(station, staff, {
        type: "LinkWishToActivity",
        data: { wishId, activityId: "lighting-1" },
      });
    }
    expectRefusal(
      await refusalOf(
        send(station, staff, {
          type: "LinkWishToActivity",
          data: { wishId: "w-1", activityId: "no-such-event" },
        }),
      ),
      "activity.not_found",
    );
    const linked = await ask(station, "ListActivityWishes", {
      actor: staff,
      activityId: "lighting-1",
    });
    expect(linked.items.map((wish) => wish.wishId).sort()).toEqual(["w-1", "w-2"]);
    // The event starts; staff record both hand-overs at once.
    station.clock.advance(DAY + HOUR);
    const planned = station.facts.activities.get("lighting-1");
    if (planned === undefined) throw new Error("the event's facts are gone");
    station.facts.activities.set("lighting-1", { ...planned, status: "started" });
    const record = {
      type: "RecordWishHandOvers",
      data: { activityId: "lighting-1", wishIds: ["w-1", "w-2"], note: "点亮微心愿活动现场交付" },
    };
    const first = await send(station, staff, record, "lighting-record-1");
    expect(first.outcome).toBe("applied");
    expect(first.eventIds.length).toBeGreaterThanOrEqual(2);
    expect(await getWish(station, "w-2")).toMatchObject({ status: "fulfilled" });
    const again = await send(station, staff, record, "lighting-record-1");
    expect(again).toMatchObject({ outcome: "duplicate", eventIds: [] });
    // Each wish got its own command, under an id made from the record's.
    expect(handOverCommandId("lighting-record-1", "w-1")).toMatch(/^h-[0-9a-f]{40}$/);
    // A courier may not record hand-overs.
    expectRefusal(
      await refusalOf(send(station, courierActor("c-1"), record, newId())),
      "access.forbidden",
      403,
    );
    // The sponsor's page counts both, through the wish flow.
    await eventually(
      () => ask(station, "GetSponsor", { actor: staff, sponsorId: "wanda-cafe" }),
      (sponsor) => sponsor.view === "staff" && sponsor.fulfilled.length === 2,
    );
  });

  it("erases a sponsor's contact from their state, their history and their receipts", async () => {
    await registerSponsor(station, "wanda-cafe");
    await send(station, sponsorActor("wanda-cafe"), {
      type: "EraseSponsorContact",
      data: { sponsorId: "wanda-cafe" },
    });
    const view = await ask(station, "GetSponsor", { actor: staff, sponsorId: "wanda-cafe" });
    expect(view).not.toHaveProperty("contact");
    await eventually(
      () =>
        station.run(
          Effect.flatMap(Store, (store) =>
            store.readStream(sponsorKey("jinshan-wanda", "wanda-cafe")),
          ),
        ),
      (events) => !JSON.stringify(events).includes("13800138000"),
    );
  });
});

describe("catalogue commands", () => {
  let station: WishesStation;
  beforeEach(async () => {
    station = await startWishes();
  });
  afterEach(async () => station.close());

  const listRaincoats = () =>
    send(station, staff, {
      type: "ListCatalogueItem",
      data: {
        itemId: "raincoat-2026",
        title: "骑手雨衣",
        pointsPrice: 60,
        stock: 2,
        stationId: "wanda",
        donor: { kind: "sponsor", sponsorId: "wanda-cafe" },
      },
    });

  it("reserves units, opens the redemption, holds the points and posts them at pickup", async () => {
    await listRaincoats();
    await grantPoints(station, "c-1", 100);
    await send(station, courierActor("c-1"), {
      type: "RedeemCatalogueItem",
      data: { itemId: "raincoat-2026", redemptionId: "r-1", expectedPoints: 60 },
    });
    const ready = await eventually(
      () =>
        ask(station, "GetCatalogueRedemption", {
          actor: courierActor("c-1"),
          redemptionId: "r-1",
        }).catch(() => undefined),
      (redemption) => redemption?.status === "ready",
    );
    expect(ready).toMatchObject({ quantity: 1, itemTitle: "骑手雨衣" });
    expect(await pointsOf(station, "c-1")).toMatchObject({ balance: 100, held: 60 });
    const shelf = await ask(station, "ListCatalogue", { actor: courierActor("c-2") });
    expect(shelf.items).toMatchObject([{ itemId: "raincoat-2026", stock: 1, available: true }]);
    await send(station, staff, {
      type: "HandOverCatalogueRedemption",
      data: { redemptionId: "r-1" },
    });
    await eventually(
      () => pointsOf(station, "c-1"),
      (points) => points.balance === 40 && points.held === 0,
    );
    await eventually(
      () => ask(station, "GetCatalogueItemStock", { actor: staff, itemId: "raincoat-2026" }),
      (stock) => stock.handedOver === 1 && stock.reserved === 0 && stock.stock === 1,
    );
  });

  it("voids the hold and returns the units when the courier cancels before pickup", async () => {
    await listRaincoats();
    await grantPoints(station, "c-1", 100);
    await send(station, courierActor("c-1"), {
      type: "RedeemCatalogueItem",
      data: { itemId: "raincoat-2026", redemptionId: "r-1", expectedPoints: 60 },
    });
    await eventually(
      () =>
        ask(station, "GetCatalogueRedemption", { actor: staff, redemptionId: "r-1" }).catch(
          () => undefined,
        ),
      (redemption) => redemption?.status === "ready",
    );
    await send(station, courierActor("c-1"), {
      type: "CancelCatalogueRedemption",
      data: { redemptionId: "r-1" },
    });
    await eventually(
      () => pointsOf(station, "c-1"),
      (points) => points.balance === 100 && points.held === 0,
    );
    await eventually(
      () => ask(station, "GetCatalogueItemStock", { actor: staff, itemId: "raincoat-2026" }),
      (stock) => stock.stock === 2 && stock.reserved === 0,
    );
  });
});
