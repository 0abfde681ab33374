import { CourierId } from "@courier-station/core";
import { describe, expect, it } from "vitest";
import {
  asItem,
  type ItemStep,
  itemAfter,
  itemContextOf,
  listItem,
  onItem,
} from "../testing/catalogue.js";
import {
  courierActor,
  eventsOf,
  expectRefusal,
  NOW,
  policyWith,
  STAFF,
  SYSTEM,
} from "../testing/fixtures.js";
import { decideCatalogueItem } from "./decide.js";
import type { CatalogueItemEvent } from "./events.js";
import { evolveCatalogueItem } from "./evolve.js";
import { type CatalogueItemState, initialCatalogueItemState } from "./state.js";
import { catalogueItemPublicView, catalogueItemStaffView } from "./views.js";

const listed: ItemStep = { command: listItem(), actor: STAFF };
const redeem = (redemptionId = "r-1", changes: Record<string, unknown> = {}) =>
  onItem("RedeemCatalogueItem", { redemptionId, ...changes });
const reservedBy = (courier = "c-1", redemptionId = "r-1"): ItemStep => ({
  command: redeem(redemptionId),
  actor: courierActor(courier),
});
const after = (state: CatalogueItemState, events: ReadonlyArray<CatalogueItemEvent>) =>
  events.reduce(evolveCatalogueItem, state);

describe("ListCatalogueItem", () => {
  it("lists an item with its stock", () => {
    const item = asItem(itemAfter([listed]));
    expect(item).toMatchObject({ status: "listed", stock: 5, received: 5, pointsPrice: 200 });
    expect(catalogueItemPublicView(itemAfter([listed]))?.available).toBe(true);
  });

  it("refuses an id already listed and prohibited items", () => {
    expectRefusal(
      decideCatalogueItem(listItem(), itemAfter([listed]), itemContextOf(STAFF)),
      "catalogue.item_already_listed",
    );
    expectRefusal(
      decideCatalogueItem(
        listItem({ title: "超市购物卡" }),
        initialCatalogueItemState(),
        itemContextOf(STAFF),
      ),
      "catalogue.prohibited_item",
    );
  });

  it("refuses commands for an item never listed", () => {
    expectRefusal(
      decideCatalogueItem(
        onItem("RelistCatalogueItem"),
        initialCatalogueItemState(),
        itemContextOf(STAFF),
      ),
      "catalogue.item_not_found",
    );
  });
});

describe("ReviseCatalogueItem", () => {
  it("changes the fields given; reservations keep their price", () => {
    const state = itemAfter([
      listed,
      reservedBy(),
      { command: onItem("ReviseCatalogueItem", { pointsPrice: 250 }), actor: STAFF },
    ]);
    const item = asItem(state);
    expect(item.pointsPrice).toBe(250);
    expect(item.reservations["r-1"]?.unitPoints).toBe(200);
  });

  it("refuses an empty revision and a prohibited title", () => {
    const state = itemAfter([listed]);
    expectRefusal(
      decideCatalogueItem(onItem("ReviseCatalogueItem"), state, itemContextOf(STAFF)),
      "catalogue.nothing_to_revise",
    );
    expectRefusal(
      decideCatalogueItem(
        onItem("ReviseCatalogueItem", { title: "啤酒一箱" }),
        state,
        itemContextOf(STAFF),
      ),
      "catalogue.prohibited_item",
    );
  });
});

describe("RestockCatalogueItem and WriteOffCatalogueStock", () => {
  it("adds units and writes units off, never below zero", () => {
    const state = itemAfter([
      listed,
      { command: onItem("RestockCatalogueItem", { quantity: 3 }), actor: STAFF },
      { command: onItem("WriteOffCatalogueStock", { quantity: 8, reason: "受潮" }), actor: STAFF },
    ]);
    expect(asItem(state)).toMatchObject({ stock: 0, received: 8, writtenOff: 8 });
    expectRefusal(
      decideCatalogueItem(
        onItem("WriteOffCatalogueStock", { quantity: 1, reason: "x" }),
        state,
        itemContextOf(STAFF),
      ),
      "catalogue.not_enough_stock",
    );
  });

  it("refuses a restock beyond what can be counted", () => {
    const big = itemAfter([{ command: listItem({ stock: 1_000_000 }), actor: STAFF }]);
    let state = big;
    for (let round = 0; round < 9; round++) {
      state = after(
        state,
        eventsOf(
          decideCatalogueItem(
            onItem("RestockCatalogueItem", { quantity: 100_000 }),
            state,
            itemContextOf(STAFF),
          ),
        ),
      );
    }
    expect(asItem(state).received).toBe(1_900_000);
    const nearlyFull = { ...asItem(state), received: 999_950_000 };
    expectRefusal(
      decideCatalogueItem(
        onItem("RestockCatalogueItem", { quantity: 100_000 }),
        nearlyFull,
        itemContextOf(STAFF),
      ),
      "catalogue.stock_overflow",
    );
  });
});

describe("WithdrawCatalogueItem and RelistCatalogueItem", () => {
  it("takes an item off the catalogue and puts it back", () => {
    const withdrawn = itemAfter([
      listed,
      { command: onItem("WithdrawCatalogueItem", { reason: "换季" }), actor: STAFF },
    ]);
    expect(catalogueItemPublicView(withdrawn)).toBeUndefined();
    expectRefusal(
      decideCatalogueItem(redeem(), withdrawn, itemContextOf(courierActor())),
      "catalogue.item_status",
    );
    expectRefusal(
      decideCatalogueItem(onItem("WithdrawCatalogueItem"), withdrawn, itemContextOf(STAFF)),
      "catalogue.item_status",
    );
    const back = after(
      withdrawn,
      eventsOf(decideCatalogueItem(onItem("RelistCatalogueItem"), withdrawn, itemContextOf(STAFF))),
    );
    expect(asItem(back).status).toBe("listed");
    expectRefusal(
      decideCatalogueItem(onItem("RelistCatalogueItem"), back, itemContextOf(STAFF)),
      "catalogue.item_status",
    );
  });
});

describe("RedeemCatalogueItem", () => {
  it("reserves units for the redemption at the item's price", () => {
    const events = eventsOf(
      decideCatalogueItem(redeem(), itemAfter([listed]), itemContextOf(courierActor())),
    );
    expect(events).toEqual([
      {
        type: "CatalogueItemReserved",
        data: {
          itemId: "raincoat",
          redemptionId: "r-1",
          courierId: "c-1",
          quantity: 1,
          unitPoints: 200,
          points: 200,
          itemTitle: "骑手雨衣",
          stationId: "wanda",
          stock: 4,
          reservedAt: NOW,
        },
      },
    ]);
    const item = asItem(after(itemAfter([listed]), events));
    expect(item).toMatchObject({ stock: 4, reserved: 1 });
  });

  it("changes nothing when the same redemption comes again, and refuses its id for another", () => {
    const state = itemAfter([listed, reservedBy()]);
    expect(eventsOf(decideCatalogueItem(redeem(), state, itemContextOf(courierActor())))).toEqual(
      [],
    );
    expectRefusal(
      decideCatalogueItem(redeem(), state, itemContextOf(courierActor("c-2"))),
      "catalogue.redemption_id_taken",
    );
  });

  it("refuses more units than are in stock: stock never goes below zero", () => {
    const steps: ItemStep[] = [{ command: listItem({ stock: 2 }), actor: STAFF }];
    steps.push(reservedBy("c-1", "r-1"), reservedBy("c-2", "r-2"));
    const state = itemAfter(steps);
    expect(asItem(state).stock).toBe(0);
    expect(catalogueItemPublicView(state)?.available).toBe(false);
    expectRefusal(
      decideCatalogueItem(redeem("r-3"), state, itemContextOf(courierActor("c-3"))),
      "catalogue.not_enough_stock",
    );
  });

  it("holds a redemption to the policy's quantity and the item's limit per courier", () => {
    const state = itemAfter([{ command: listItem({ limitPerCourier: 2 }), actor: STAFF }]);
    expectRefusal(
      decideCatalogueItem(redeem("r-1", { quantity: 2 }), state, itemContextOf(courierActor())),
      "catalogue.quantity_over_limit",
    );
    const policy = policyWith({ wishes: { catalogue: { maxQuantityPerRedemption: 3 } } });
    eventsOf(
      decideCatalogueItem(
        redeem("r-1", { quantity: 2 }),
        state,
        itemContextOf(courierActor(), { policy }),
      ),
    );
    const twice = itemAfter([
      { command: listItem({ limitPerCourier: 2 }), actor: STAFF },
      reservedBy("c-1", "r-1"),
      reservedBy("c-1", "r-2"),
    ]);
    expectRefusal(
      decideCatalogueItem(redeem("r-3"), twice, itemContextOf(courierActor())),
      "catalogue.courier_limit_reached",
    );
    eventsOf(decideCatalogueItem(redeem("r-3"), twice, itemContextOf(courierActor("c-2"))));
  });

  it("gives a courier's units back to their limit when a reservation is released", () => {
    const state = itemAfter([
      { command: listItem({ limitPerCourier: 1 }), actor: STAFF },
      reservedBy("c-1", "r-1"),
      {
        command: onItem("ReleaseCatalogueReservation", {
          redemptionId: "r-1",
          reason: "cancelled",
        }),
        actor: SYSTEM,
      },
    ]);
    eventsOf(decideCatalogueItem(redeem("r-2"), state, itemContextOf(courierActor())));
  });

  it("needs an active courier and the points to cover the total", () => {
    const state = itemAfter([listed]);
    expectRefusal(
      decideCatalogueItem(
        redeem(),
        state,
        itemContextOf(courierActor(), {
          courier: { courierId: CourierId.parse("c-1"), status: "left" },
        }),
      ),
      "catalogue.courier_not_active",
    );
    eventsOf(
      decideCatalogueItem(redeem(), state, itemContextOf(courierActor(), { availablePoints: 200 })),
    );
    expectRefusal(
      decideCatalogueItem(redeem(), state, itemContextOf(courierActor(), { availablePoints: 199 })),
      "catalogue.insufficient_points",
    );
    const { availablePoints: _points, ...withoutPoints } = itemContextOf(courierActor());
    expectRefusal(decideCatalogueItem(redeem(), state, withoutPoints), "catalogue.facts_missing");
    const { courier: _courier, ...withoutCourier } = itemContextOf(courierActor());
    expectRefusal(decideCatalogueItem(redeem(), state, withoutCourier), "catalogue.facts_missing");
  });

  it("refuses a total other than the one the courier was shown", () => {
    const state = itemAfter([listed]);
    eventsOf(
      decideCatalogueItem(
        redeem("r-1", { expectedPoints: 200 }),
        state,
        itemContextOf(courierActor()),
      ),
    );
    expectRefusal(
      decideCatalogueItem(
        redeem("r-1", { expectedPoints: 150 }),
        state,
        itemContextOf(courierActor()),
      ),
      "catalogue.points_price_changed",
    );
  });
});

describe("ReleaseCatalogueReservation and CompleteCatalogueReservation", () => {
  const release = onItem("ReleaseCatalogueReservation", { redemptionId: "r-1", reason: "expired" });
  const complete = onItem("CompleteCatalogueReservation", { redemptionId: "r-1" });

  it("returns the units to stock once", () => {
    const reserved = itemAfter([listed, reservedBy()]);
    const released = after(
      reserved,
      eventsOf(decideCatalogueItem(release, reserved, itemContextOf(SYSTEM))),
    );
    expect(asItem(released)).toMatchObject({ stock: 5, reserved: 0 });
    expect(eventsOf(decideCatalogueItem(release, released, itemContextOf(SYSTEM)))).toEqual([]);
    expectRefusal(
      decideCatalogueItem(complete, released, itemContextOf(SYSTEM)),
      "catalogue.reservation_settled",
    );
  });

  it("records the units handed over once, and never returns them", () => {
    const reserved = itemAfter([listed, reservedBy()]);
    const done = after(
      reserved,
      eventsOf(decideCatalogueItem(complete, reserved, itemContextOf(SYSTEM))),
    );
    expect(asItem(done)).toMatchObject({ stock: 4, reserved: 0, handedOver: 1 });
    expect(eventsOf(decideCatalogueItem(complete, done, itemContextOf(SYSTEM)))).toEqual([]);
    expectRefusal(
      decideCatalogueItem(release, done, itemContextOf(SYSTEM)),
      "catalogue.reservation_settled",
    );
  });

  it("refuses a redemption the item never reserved, even one named like an object key", () => {
    const state = itemAfter([listed]);
    for (const redemptionId of ["r-9", "constructor", "toString"]) {
      expectRefusal(
        decideCatalogueItem(
          onItem("CompleteCatalogueReservation", { redemptionId }),
          state,
          itemContextOf(SYSTEM),
        ),
        "catalogue.reservation_not_found",
      );
    }
  });
});

describe("the views of a catalogue item", () => {
  it("show the public no courier, and staff every redemption", () => {
    const state = itemAfter([listed, reservedBy("c-7", "r-1")]);
    expect(JSON.stringify(catalogueItemPublicView(state))).not.toContain("c-7");
    expect(catalogueItemStaffView(state)?.reservations["r-1"]?.courierId).toBe("c-7");
  });
});

describe("the policy and the facts of a redemption", () => {
  it("refuses what the policy adds to the prohibited items, in a listing or a revision", () => {
    const policy = policyWith({ wishes: { prohibitedItems: ["电动车电池"] } });
    expectRefusal(
      decideCatalogueItem(
        listItem({ description: "赠送电动车电池一块" }),
        initialCatalogueItemState(),
        itemContextOf(STAFF, { policy }),
      ),
      "catalogue.prohibited_item",
    );
    eventsOf(
      decideCatalogueItem(
        listItem(),
        initialCatalogueItemState(),
        itemContextOf(STAFF, { policy }),
      ),
    );
    expectRefusal(
      decideCatalogueItem(
        onItem("ReviseCatalogueItem", { title: "电动车电池" }),
        itemAfter([listed]),
        itemContextOf(STAFF, { policy }),
      ),
      "catalogue.prohibited_item",
    );
  });

  it("refuses courier facts about someone other than the courier redeeming", () => {
    expectRefusal(
      decideCatalogueItem(
        redeem(),
        itemAfter([listed]),
        itemContextOf(courierActor("c-1"), {
          courier: { courierId: CourierId.parse("c-2"), status: "active" },
        }),
      ),
      "catalogue.courier_not_active",
    );
  });

  it("returns the units of a redemption that could not be opened", () => {
    const reserved = itemAfter([listed, reservedBy()]);
    const notOpened = onItem("ReleaseCatalogueReservation", {
      redemptionId: "r-1",
      reason: "not-opened",
    });
    const released = after(
      reserved,
      eventsOf(decideCatalogueItem(notOpened, reserved, itemContextOf(SYSTEM))),
    );
    expect(asItem(released)).toMatchObject({ stock: 5, reserved: 0, handedOver: 0 });
    expect(asItem(released).reservations["r-1"]?.status).toBe("released");
  });
});
