import { Store } from "@courier-station/kit";
import { Effect } from "effect";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { wallRows } from "./read-models.js";
import {
  ask,
  auditor,
  courierActor,
  draftOf,
  expectRefusal,
  handler,
  refusalOf,
  registerSponsor,
  send,
  sponsorActor,
  staff,
  startWishes,
  type WishesStation,
  wishOnTheWall,
} from "./test-station.js";

/** A phone number a courier typed into their wish, which no public view may show. */
const typedPhone = "13912345678";

describe("queries", () => {
  let station: WishesStation;
  beforeEach(async () => {
    station = await startWishes();
  });
  afterEach(async () => station.close());

  it("shows each reader their view of a wish: staff and its courier all, a sponsor theirs, others the wall's", async () => {
    await wishOnTheWall(station, "w-1", "c-1", {
      description: `头盔摔坏了，急需，联系我 ${typedPhone}`,
    });
    await registerSponsor(station, "wanda-cafe");
    await send(station, sponsorActor("wanda-cafe"), { type: "ClaimWish", data: { wishId: "w-1" } });

    const byStaff = await ask(station, "GetWish", { actor: staff, wishId: "w-1" });
    expect(byStaff).toMatchObject({ view: "staff", courierId: "c-1", pointsPrice: 99 });
    const byOwner = await ask(station, "GetWish", { actor: courierActor("c-1"), wishId: "w-1" });
    expect(byOwner.view).toBe("staff");
    const bySponsor = await ask(station, "GetWish", {
      actor: sponsorActor("wanda-cafe"),
      wishId: "w-1",
    });
    expect(bySponsor).toMatchObject({
      view: "sponsor",
      pledge: { shareFen: 9_900 },
      contact: "through-station",
    });
    const byOtherSponsor = await ask(station, "GetWish", {
      actor: sponsorActor("someone-else"),
      wishId: "w-1",
    });
    expect(byOtherSponsor).not.toHaveProperty("pledge");
    for (const actor of [courierActor("c-2"), handler, sponsorActor("wanda-cafe")]) {
      const view = await ask(station, "GetWish", { actor, wishId: "w-1" });
      expect(view).not.toHaveProperty("courierId");
      expect(JSON.stringify(view)).not.toContain(typedPhone);
      expect(JSON.stringify(view)).not.toContain("c-1");
    }
  });

  it("keeps a wish off the wall out of sight of anyone but staff and its courier", async () => {
    await send(station, courierActor("c-1"), draftOf("w-1"));
    expectRefusal(
      await refusalOf(ask(station, "GetWish", { actor: courierActor("c-2"), wishId: "w-1" })),
      "wish.not_found",
      404,
    );
    expectRefusal(
      await refusalOf(
        ask(station, "GetWish", { actor: sponsorActor("wanda-cafe"), wishId: "w-1" }),
      ),
      "wish.not_found",
      404,
    );
    expect(
      await ask(station, "GetWish", { actor: courierActor("c-1"), wishId: "w-1" }),
    ).toMatchObject({ view: "staff", status: "draft" });
  });

  it("builds the wall from public views only: no courier id and no typed phone number in its rows", async () => {
    await wishOnTheWall(station, "w-1", "c-1", { description: `联系我 ${typedPhone}` });
    await wishOnTheWall(station, "w-2", "c-2", { category: "learning", title: "驾照培训" });
    await send(station, courierActor("c-3"), draftOf("w-3"));
    const wall = await ask(station, "ListWishWall", { actor: handler });
    expect(wall.items.map((card) => card.wishId).sort()).toEqual(["w-1", "w-2"]);
    const learning = await ask(station, "ListWishWall", { actor: handler, category: "learning" });
    expect(learning.items.map((card) => card.wishId)).toEqual(["w-2"]);
    const rows = await station.run(
      Effect.gen(function* () {
        const store = yield* Store;
        const found = yield* (yield* store.readModel(wallRows)).find({ limit: 100 });
        return found.items.map((item) => item.document);
      }),
    );
    const text = JSON.stringify(rows);
    for (const courierId of ["c-1", "c-2", "c-3"]) expect(text).not.toContain(`"${courierId}"`);
    expect(text).not.toContain("courierId");
    expect(text).not.toContain(typedPhone);
    // Rejected, it leaves the wall.
    await send(station, staff, { type: "RejectWish", data: { wishId: "w-2", reason: "超出范围" } });
    const after = await ask(station, "ListWishWall", { actor: handler });
    expect(after.items.map((card) => card.wishId)).toEqual(["w-1"]);
  });

  it("pages the wall with the kit's cursors", async () => {
    for (const [index, courierId] of ["c-1", "c-2", "c-3"].entries()) {
      await wishOnTheWall(station, `w-${index}`, courierId);
    }
    const first = await ask(station, "ListWishWall", { actor: handler, limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.next).toBeDefined();
    const second = await ask(station, "ListWishWall", {
      actor: handler,
      limit: 2,
      after: first.next,
    });
    expect(second.items).toHaveLength(1);
    const seen = [...first.items, ...second.items].map((card) => card.wishId).sort();
    expect(seen).toEqual(["w-0", "w-1", "w-2"]);
  });

  it("lists a courier's own wishes for them, and refuses them another courier's", async () => {
    await send(station, courierActor("c-1"), draftOf("w-1"));
    await send(station, courierActor("c-2"), draftOf("w-2"));
    const own = await ask(station, "ListCourierWishes", { actor: courierActor("c-1") });
    expect(own.items.map((wish) => wish.wishId)).toEqual(["w-1"]);
    expectRefusal(
      await refusalOf(
        ask(station, "ListCourierWishes", { actor: courierActor("c-1"), courierId: "c-2" }),
      ),
      "courier.not_yourself",
      403,
    );
    const byStaff = await ask(station, "ListCourierWishes", { actor: staff, courierId: "c-2" });
    expect(byStaff.items.map((wish) => wish.wishId)).toEqual(["w-2"]);
  });

  it("shows moderators the queue, oldest submission first", async () => {
    const drafts: ReadonlyArray<readonly [string, string]> = [
      ["w-1", "c-1"],
      ["w-2", "c-2"],
    ];
    for (const [wishId, courierId] of drafts) {
      await send(station, courierActor(courierId), draftOf(wishId));
      await send(station, courierActor(courierId), { type: "SubmitWish", data: { wishId } });
    }
    await send(station, courierActor("c-3"), draftOf("w-3"));
    const queue = await ask(station, "ListModerationQueue", { actor: staff });
    expect(queue.items.map((wish) => wish.wishId)).toEqual(["w-1", "w-2"]);
    await send(station, staff, { type: "ApproveWish", data: { wishId: "w-1" } });
    const after = await ask(station, "ListModerationQueue", { actor: auditor });
    expect(after.items.map((wish) => wish.wishId)).toEqual(["w-2"]);
  });

  it("lists a sponsor's claims for them and refuses them another sponsor's", async () => {
    await registerSponsor(station, "wanda-cafe");
    await wishOnTheWall(station, "w-1", "c-1");
    await send(station, sponsorActor("wanda-cafe"), { type: "ClaimWish", data: { wishId: "w-1" } });
    const own = await ask(station, "ListSponsorClaims", { actor: sponsorActor("wanda-cafe") });
    expect(own.items).toMatchObject([{ wishId: "w-1", status: "claimed" }]);
    expect(JSON.stringify(own)).not.toContain("c-1");
    expectRefusal(
      await refusalOf(
        ask(station, "ListSponsorClaims", {
          actor: sponsorActor("other"),
          sponsorId: "wanda-cafe",
        }),
      ),
      "sponsor.not_yourself",
      403,
    );
    // Staff name the sponsor whose claims they read.
    expectRefusal(
      await refusalOf(ask(station, "ListSponsorClaims", { actor: staff })),
      "input.invalid",
      400,
    );
    const byStaff = await ask(station, "ListSponsorClaims", {
      actor: staff,
      sponsorId: "wanda-cafe",
    });
    expect(byStaff.items.map((wish) => wish.wishId)).toEqual(["w-1"]);
  });

  it("shows a sponsor's contact to staff and the sponsor only", async () => {
    await registerSponsor(station, "wanda-cafe");
    const byStaff = await ask(station, "GetSponsor", { actor: staff, sponsorId: "wanda-cafe" });
    expect(byStaff).toMatchObject({ view: "staff", contact: { phone: "13800138000" } });
    const bySelf = await ask(station, "GetSponsor", {
      actor: sponsorActor("wanda-cafe"),
      sponsorId: "wanda-cafe",
    });
    expect(bySelf.view).toBe("staff");
    const byCourier = await ask(station, "GetSponsor", {
      actor: courierActor("c-1"),
      sponsorId: "wanda-cafe",
    });
    expect(byCourier.view).toBe("public");
    expect(JSON.stringify(byCourier)).not.toContain("13800138000");
    const list = await ask(station, "ListSponsors", { actor: handler });
    expect(JSON.stringify(list)).not.toContain("13800138000");
    expect(list.items.map((sponsor) => sponsor.sponsorId)).toEqual(["wanda-cafe"]);
  });

  it("shows the catalogue with stock to everyone and a redemption to its courier only", async () => {
    await send(station, staff, {
      type: "ListCatalogueItem",
      data: {
        itemId: "helmet-2026",
        title: "骑行头盔",
        pointsPrice: 89,
        stock: 3,
        stationId: "wanda",
        donor: { kind: "community" },
      },
    });
    const shelf = await ask(station, "ListCatalogue", { actor: handler, stationId: "wanda" });
    expect(shelf.items).toMatchObject([{ itemId: "helmet-2026", stock: 3, available: true }]);
    expectRefusal(
      await refusalOf(
        ask(station, "GetCatalogueRedemption", { actor: courierActor("c-2"), redemptionId: "r-x" }),
      ),
      "redemption.not_found",
      404,
    );
    await send(station, staff, {
      type: "WithdrawCatalogueItem",
      data: { itemId: "helmet-2026" },
    });
    const after = await ask(station, "ListCatalogue", { actor: handler });
    expect(after.items).toEqual([]);
  });
});
