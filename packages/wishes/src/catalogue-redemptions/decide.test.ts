import { RedemptionId } from "@courier-station/core";
import { describe, expect, it } from "vitest";
import { catalogueHoldTransferId } from "../holds.js";
import {
  asRedemption,
  onRedemption,
  openRedemption,
  type RedemptionStep,
  redemptionAfter,
  redemptionContextOf,
} from "../testing/catalogue.js";
import {
  courierActor,
  daysAfterNow,
  eventsOf,
  expectRefusal,
  hoursAfterNow,
  NOW,
  STAFF,
  SYSTEM,
} from "../testing/fixtures.js";
import { CATALOGUE_HOLD, CATALOGUE_HOLD_POST, CATALOGUE_HOLD_VOID } from "../testing/hold-ids.js";
import { decideCatalogueRedemption } from "./decide.js";
import { initialCatalogueRedemptionState } from "./state.js";

const opened: RedemptionStep = { command: openRedemption(), actor: SYSTEM };
const confirmed: RedemptionStep = {
  command: onRedemption("ConfirmCatalogueRedemptionHold", { transferId: CATALOGUE_HOLD }),
  actor: SYSTEM,
};
const failed = onRedemption("RecordCatalogueRedemptionFailed", {
  transferId: CATALOGUE_HOLD,
  reason: "points.insufficient_points",
});
const handOver = onRedemption("HandOverCatalogueRedemption");
const cancel = onRedemption("CancelCatalogueRedemption", { reason: "不需要了" });
const expire = onRedemption("ExpireCatalogueRedemption");

describe("OpenCatalogueRedemption", () => {
  it("holds the points until the pickup deadline and the policy's grace", () => {
    const events = eventsOf(
      decideCatalogueRedemption(
        openRedemption(),
        initialCatalogueRedemptionState(),
        redemptionContextOf(SYSTEM),
      ),
    );
    expect(events).toEqual([
      {
        type: "CatalogueRedemptionOpened",
        data: {
          redemptionId: "r-1",
          itemId: "raincoat",
          courierId: "c-1",
          quantity: 1,
          itemTitle: "骑手雨衣",
          stationId: "wanda",
          hold: {
            transferId: CATALOGUE_HOLD,
            account: "courier-c-1",
            amount: 200,
            timeoutAt: hoursAfterNow(14 * 24 + 48),
            reference: "catalogue-r-1",
          },
          dueAt: daysAfterNow(14),
          openedAt: NOW,
        },
      },
    ]);
  });

  it("changes nothing when opened again alike, and refuses a different redemption under its id", () => {
    const state = redemptionAfter([opened]);
    expect(
      eventsOf(decideCatalogueRedemption(openRedemption(), state, redemptionContextOf(SYSTEM))),
    ).toEqual([]);
    expectRefusal(
      decideCatalogueRedemption(
        openRedemption({ quantity: 2, points: 400 }),
        state,
        redemptionContextOf(SYSTEM),
      ),
      "redemption.conflict",
    );
  });

  it("refuses commands for a redemption never opened", () => {
    expectRefusal(
      decideCatalogueRedemption(
        handOver,
        initialCatalogueRedemptionState(),
        redemptionContextOf(STAFF),
      ),
      "redemption.not_found",
    );
  });
});

describe("the hold's outcome", () => {
  it("makes the redemption ready once the ledger holds the points, once", () => {
    const state = redemptionAfter([opened, confirmed]);
    expect(asRedemption(state).status).toBe("ready");
    expect(
      eventsOf(decideCatalogueRedemption(confirmed.command, state, redemptionContextOf(SYSTEM))),
    ).toEqual([]);
  });

  it("fails the redemption when the ledger refuses the hold", () => {
    const events = eventsOf(
      decideCatalogueRedemption(failed, redemptionAfter([opened]), redemptionContextOf(SYSTEM)),
    );
    expect(events.map((event) => event.type)).toEqual(["CatalogueRedemptionFailed"]);
  });

  it("refuses to fail a confirmed hold, and reports about another hold", () => {
    expectRefusal(
      decideCatalogueRedemption(
        failed,
        redemptionAfter([opened, confirmed]),
        redemptionContextOf(SYSTEM),
      ),
      "redemption.hold_already_confirmed",
    );
    expectRefusal(
      decideCatalogueRedemption(
        onRedemption("ConfirmCatalogueRedemptionHold", {
          transferId: catalogueHoldTransferId(RedemptionId.parse("r-2")),
        }),
        redemptionAfter([opened]),
        redemptionContextOf(SYSTEM),
      ),
      "redemption.unknown_hold",
    );
  });

  it("ignores a late report on a redemption already cancelled", () => {
    const cancelled = redemptionAfter([opened, { command: cancel, actor: courierActor() }]);
    expect(
      eventsOf(
        decideCatalogueRedemption(confirmed.command, cancelled, redemptionContextOf(SYSTEM)),
      ),
    ).toEqual([]);
    expect(
      eventsOf(decideCatalogueRedemption(failed, cancelled, redemptionContextOf(SYSTEM))),
    ).toEqual([]);
  });
});

describe("HandOverCatalogueRedemption", () => {
  it("posts the hold when the units are handed over, once", () => {
    const ready = redemptionAfter([opened, confirmed]);
    const events = eventsOf(
      decideCatalogueRedemption(handOver, ready, redemptionContextOf(courierActor())),
    );
    const [event] = events;
    expect(event?.type === "CatalogueRedemptionFulfilled" && event.data.postedHold).toEqual({
      transferId: CATALOGUE_HOLD_POST,
      pendingTransferId: CATALOGUE_HOLD,
      account: "courier-c-1",
      amount: 200,
    });
    const done = redemptionAfter([opened, confirmed, { command: handOver, actor: STAFF }]);
    expectRefusal(
      decideCatalogueRedemption(handOver, done, redemptionContextOf(STAFF)),
      "redemption.already_fulfilled",
    );
  });

  it("waits for the hold, refuses another courier, and refuses once the hold has timed out", () => {
    expectRefusal(
      decideCatalogueRedemption(handOver, redemptionAfter([opened]), redemptionContextOf(STAFF)),
      "redemption.hold_not_confirmed",
    );
    const ready = redemptionAfter([opened, confirmed]);
    expectRefusal(
      decideCatalogueRedemption(handOver, ready, redemptionContextOf(courierActor("c-2"))),
      "redemption.not_the_courier",
    );
    expectRefusal(
      decideCatalogueRedemption(
        handOver,
        ready,
        redemptionContextOf(STAFF, { now: hoursAfterNow(14 * 24 + 48) }),
      ),
      "redemption.hold_timed_out",
    );
    const cancelled = redemptionAfter([opened, { command: cancel, actor: STAFF }]);
    expectRefusal(
      decideCatalogueRedemption(handOver, cancelled, redemptionContextOf(STAFF)),
      "redemption.transition_not_allowed",
    );
  });
});

describe("CancelCatalogueRedemption and ExpireCatalogueRedemption", () => {
  it("voids the hold when the courier cancels", () => {
    const [event] = eventsOf(
      decideCatalogueRedemption(
        cancel,
        redemptionAfter([opened, confirmed]),
        redemptionContextOf(courierActor()),
      ),
    );
    expect(event?.type === "CatalogueRedemptionCancelled" && event.data.voidedHold).toEqual({
      transferId: CATALOGUE_HOLD_VOID,
      pendingTransferId: CATALOGUE_HOLD,
      account: "courier-c-1",
    });
  });

  it("refuses another courier and a settled redemption", () => {
    expectRefusal(
      decideCatalogueRedemption(
        cancel,
        redemptionAfter([opened]),
        redemptionContextOf(courierActor("c-2")),
      ),
      "redemption.not_the_courier",
    );
    const done = redemptionAfter([opened, confirmed, { command: handOver, actor: STAFF }]);
    expectRefusal(
      decideCatalogueRedemption(cancel, done, redemptionContextOf(courierActor())),
      "redemption.transition_not_allowed",
    );
  });

  it("expires a redemption not picked up by its deadline", () => {
    const ready = redemptionAfter([opened, confirmed]);
    expectRefusal(
      decideCatalogueRedemption(
        expire,
        ready,
        redemptionContextOf(SYSTEM, { now: hoursAfterNow(14 * 24 - 1) }),
      ),
      "redemption.deadline_not_reached",
    );
    const [event] = eventsOf(
      decideCatalogueRedemption(
        expire,
        ready,
        redemptionContextOf(SYSTEM, { now: daysAfterNow(14) }),
      ),
    );
    expect(event?.type).toBe("CatalogueRedemptionExpired");
    const failedState = redemptionAfter([opened, { command: failed, actor: SYSTEM }]);
    expectRefusal(
      decideCatalogueRedemption(
        expire,
        failedState,
        redemptionContextOf(SYSTEM, { now: daysAfterNow(30) }),
      ),
      "redemption.transition_not_allowed",
    );
  });
});
