import { derivedId, RedemptionId, WishId } from "@courier-station/core";
import { PointsAccountCommand } from "@courier-station/points";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CatalogueItemCommand } from "./catalogue-items/commands.js";
import type { CatalogueItemReserved } from "./catalogue-items/events.js";
import { CatalogueRedemptionCommand } from "./catalogue-redemptions/commands.js";
import { decideCatalogueRedemption } from "./catalogue-redemptions/decide.js";
import type {
  CatalogueRedemptionEvent,
  CatalogueRedemptionOpened,
} from "./catalogue-redemptions/events.js";
import { evolveCatalogueRedemption } from "./catalogue-redemptions/evolve.js";
import {
  type CatalogueRedemptionState,
  initialCatalogueRedemptionState,
} from "./catalogue-redemptions/state.js";
import {
  catalogueItemCommandsFor,
  catalogueRedemptionCommandsFor,
  nextCatalogueRedemptionTimer,
  nextWishTimer,
  reservationCompensationFor,
  sponsorCommandsFor,
} from "./flows.js";
import {
  catalogueHoldTransferId,
  catalogueTransferReference,
  pointsPriceOf,
  postingOf,
  voidingOf,
  wishHoldTransferId,
  wishTransferReference,
} from "./holds.js";
import { holdOutcomeCommandFor, pointsCommandsFor } from "./points-commands.js";
import { SponsorCommand } from "./sponsors/commands.js";
import {
  itemEventsAfter,
  listItem,
  onItem,
  onRedemption,
  openRedemption,
  redemptionContextOf,
} from "./testing/catalogue.js";
import {
  asWish,
  courierActor,
  daysAfterNow,
  eventsOf,
  NOW,
  onWish,
  POLICY,
  policyWith,
  STAFF,
  SYSTEM,
  sponsorActor,
  stepsTo,
  wishAfter,
  wishEventsAfter,
} from "./testing/fixtures.js";
import {
  CATALOGUE_HOLD,
  CATALOGUE_HOLD_VOID,
  WISH_HOLD,
  WISH_HOLD_POST,
  WISH_HOLD_VOID,
} from "./testing/hold-ids.js";
import { WishCommand } from "./wishes/commands.js";
import type { WishEvent, WishRedeemed } from "./wishes/events.js";

const lastOf = <Event extends { type: string }, Type extends Event["type"]>(
  events: ReadonlyArray<Event>,
  type: Type,
): Extract<Event, { type: Type }> => {
  const found = events.filter((event) => event.type === type).at(-1);
  if (found === undefined) throw new Error(`expected a ${type}`);
  return found as Extract<Event, { type: Type }>;
};

/** Every points command a list of events asks for, each checked against the ledger's schema. */
const pointsOf = (events: ReadonlyArray<WishEvent | CatalogueRedemptionEvent>) =>
  events.flatMap((event) =>
    pointsCommandsFor(event).map((command) => PointsAccountCommand.parse(command)),
  );

describe("the ids of holds", () => {
  it("derive from the wish and its attempt, or from the redemption", () => {
    const wishId = WishId.parse("w-1");
    expect(wishHoldTransferId(wishId, 1)).toBe(WISH_HOLD);
    // One scheme of derived ids, each with a purpose of its own.
    expect(wishHoldTransferId(wishId, 1)).toBe(derivedId("wish-hold", "w-1", "1"));
    expect(wishHoldTransferId(wishId, 2)).not.toBe(WISH_HOLD);
    expect(wishTransferReference(wishId)).toBe("wish-w-1");
    const redemptionId = RedemptionId.parse("r-1");
    expect(catalogueHoldTransferId(redemptionId)).toBe(derivedId("catalogue-hold", "r-1"));
    expect(catalogueTransferReference(redemptionId)).toBe("catalogue-r-1");
  });

  it("are distinct for distinct wishes and attempts, and valid transfer ids even for long wish ids", () => {
    const wishId = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,63}$/).map((id) => WishId.parse(id));
    fc.assert(
      fc.property(wishId, wishId, fc.integer({ min: 1, max: 99 }), (first, second, attempt) => {
        const one = wishHoldTransferId(first, attempt);
        expect(one).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/);
        expect(wishHoldTransferId(first, attempt)).toBe(one);
        expect(wishHoldTransferId(first, attempt + 1)).not.toBe(one);
        if (first !== second) expect(wishHoldTransferId(second, attempt)).not.toBe(one);
      }),
    );
  });
});

describe("pointsPriceOf", () => {
  it("is the value at the policy's rate, rounded up to a whole point, never less than one", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000_000 }),
        fc.integer({ min: 1, max: 10_000 }),
        (valueFen, pointsPerYuan) => {
          const policy = policyWith({ wishes: { pointsPerYuan } }).wishes;
          const price = pointsPriceOf(valueFen, policy);
          expect(Number.isSafeInteger(price)).toBe(true);
          expect(price).toBeGreaterThanOrEqual(1);
          // Never less than the value, and less than a point more.
          expect(price * 100).toBeGreaterThanOrEqual(valueFen * pointsPerYuan);
          expect((price - 1) * 100).toBeLessThan(Math.max(100, valueFen * pointsPerYuan));
        },
      ),
    );
    expect(pointsPriceOf(3_550, POLICY.wishes)).toBe(36); // ¥35.50 at one point per yuan
    expect(pointsPriceOf(1, POLICY.wishes)).toBe(1);
  });
});

describe("pointsCommandsFor", () => {
  it("asks the ledger to hold a redeemed wish's points and to post them at the hand-over", () => {
    const events = wishEventsAfter(stepsTo.fulfilledWithPoints());
    const commands = pointsOf(events);
    expect(commands.map((command) => command.type)).toEqual([
      "CreateTransfer",
      "PostPendingTransfer",
    ]);
    expect(commands[0]).toEqual({
      type: "CreateTransfer",
      data: {
        transferId: WISH_HOLD,
        debitAccount: "courier-c-1",
        creditAccount: "system-redemption",
        amount: 150,
        reason: "wish_redemption",
        reference: "wish-w-1",
        pending: { timeoutAt: lastOf(events, "WishRedeemed").data.hold.timeoutAt },
      },
    });
    expect(commands[1]).toEqual({
      type: "PostPendingTransfer",
      data: {
        transferId: WISH_HOLD_POST,
        pendingTransferId: WISH_HOLD,
        amount: 150,
        account: "courier-c-1",
      },
    });
  });

  it("voids the hold when a redeemed wish is cancelled, rejected, expired or released", () => {
    const voidOf = (steps: Parameters<typeof wishEventsAfter>[0]) =>
      pointsOf(wishEventsAfter(steps)).slice(1);
    const expected = [
      {
        type: "VoidPendingTransfer",
        data: {
          transferId: WISH_HOLD_VOID,
          pendingTransferId: WISH_HOLD,
          account: "courier-c-1",
        },
      },
    ];
    const redeemed = stepsTo.redeemed();
    expect(voidOf([...redeemed, { command: onWish("CancelWish"), actor: courierActor() }])).toEqual(
      expected,
    );
    expect(
      voidOf([...redeemed, { command: onWish("RejectWish", { reason: "违规" }), actor: STAFF }]),
    ).toEqual(expected);
    expect(
      voidOf([...redeemed, { command: onWish("ReleaseWishClaim"), actor: courierActor() }]),
    ).toEqual(expected);
    expect(
      voidOf([
        ...stepsTo.redeemed({ funding: { mode: "both", pointsShareFen: 5_000 } }),
        { command: onWish("ExpireWish"), actor: SYSTEM, facts: { now: daysAfterNow(30) } },
      ]),
    ).toEqual(expected);
  });

  it("asks nothing of the ledger for a wish a sponsor funded", () => {
    expect(pointsOf(wishEventsAfter(stepsTo.fulfilledBySponsor()))).toEqual([]);
    expect(
      pointsOf(
        wishEventsAfter([
          ...stepsTo.claimed(),
          { command: onWish("CancelWish"), actor: courierActor() },
        ]),
      ),
    ).toEqual([]);
  });

  it("holds, posts and voids a catalogue redemption's points", () => {
    const opened = eventsOf(
      decideCatalogueRedemption(
        openRedemption(),
        initialCatalogueRedemptionState(),
        redemptionContextOf(SYSTEM),
      ),
    );
    const [hold] = pointsOf(opened);
    expect(hold).toMatchObject({
      type: "CreateTransfer",
      data: {
        transferId: CATALOGUE_HOLD,
        debitAccount: "courier-c-1",
        creditAccount: "system-redemption",
        amount: 200,
        reason: "catalogue_redemption",
        reference: "catalogue-r-1",
      },
    });
    const state = opened.reduce(evolveCatalogueRedemption, initialCatalogueRedemptionState());
    const confirmedEvents = eventsOf(
      decideCatalogueRedemption(
        onRedemption("ConfirmCatalogueRedemptionHold", { transferId: CATALOGUE_HOLD }),
        state,
        redemptionContextOf(SYSTEM),
      ),
    );
    expect(pointsOf(confirmedEvents)).toEqual([]);
    const ready: CatalogueRedemptionState = confirmedEvents.reduce(
      evolveCatalogueRedemption,
      state,
    );
    const handedOver = eventsOf(
      decideCatalogueRedemption(
        onRedemption("HandOverCatalogueRedemption"),
        ready,
        redemptionContextOf(STAFF),
      ),
    );
    expect(pointsOf(handedOver).map((command) => command.type)).toEqual(["PostPendingTransfer"]);
    const cancelled = eventsOf(
      decideCatalogueRedemption(
        onRedemption("CancelCatalogueRedemption"),
        ready,
        redemptionContextOf(courierActor()),
      ),
    );
    expect(pointsOf(cancelled)).toEqual([
      {
        type: "VoidPendingTransfer",
        data: {
          transferId: CATALOGUE_HOLD_VOID,
          pendingTransferId: CATALOGUE_HOLD,
          account: "courier-c-1",
        },
      },
    ]);
  });

  it("asks for the same transfers when an event is handled twice", () => {
    const events = wishEventsAfter(stepsTo.fulfilledWithPoints());
    expect(pointsOf(events)).toEqual(pointsOf(events));
    const redeemed = lastOf(events, "WishRedeemed");
    expect(postingOf(redeemed.data.hold).transferId).toBe(WISH_HOLD_POST);
    expect(voidingOf(redeemed.data.hold).transferId).toBe(WISH_HOLD_VOID);
  });
});

describe("holdOutcomeCommandFor", () => {
  const redeemed = (): WishRedeemed => lastOf(wishEventsAfter(stepsTo.redeemed()), "WishRedeemed");
  const opened = (): CatalogueRedemptionOpened => {
    const events = eventsOf(
      decideCatalogueRedemption(
        openRedemption(),
        initialCatalogueRedemptionState(),
        redemptionContextOf(SYSTEM),
      ),
    );
    return lastOf(events, "CatalogueRedemptionOpened");
  };

  it("confirms a hold the ledger created", () => {
    expect(WishCommand.parse(holdOutcomeCommandFor(redeemed(), { ok: true }))).toEqual({
      type: "ConfirmWishHold",
      data: { wishId: "w-1", transferId: WISH_HOLD },
    });
    expect(CatalogueRedemptionCommand.parse(holdOutcomeCommandFor(opened(), { ok: true }))).toEqual(
      {
        type: "ConfirmCatalogueRedemptionHold",
        data: { redemptionId: "r-1", transferId: CATALOGUE_HOLD },
      },
    );
  });

  it("records a hold the ledger refused, with the ledger's code", () => {
    const refused = { ok: false, code: "points.insufficient_points" } as const;
    expect(WishCommand.parse(holdOutcomeCommandFor(redeemed(), refused))).toEqual({
      type: "RecordWishRedemptionFailed",
      data: { wishId: "w-1", transferId: WISH_HOLD, reason: "points.insufficient_points" },
    });
    const long = { ok: false, code: `points.${"x".repeat(200)}` } as const;
    const command = CatalogueRedemptionCommand.parse(holdOutcomeCommandFor(opened(), long));
    expect(command.type === "RecordCatalogueRedemptionFailed" && command.data.reason).toHaveLength(
      80,
    );
  });
});

describe("sponsorCommandsFor", () => {
  it("records a wish a sponsor fulfilled, and the courier's thanks after it", () => {
    const events = wishEventsAfter([
      ...stepsTo.fulfilledBySponsor(),
      {
        command: onWish("ThankWishSponsor", { note: "谢谢老板", public: true }),
        actor: courierActor(),
      },
    ]);
    const commands = events.flatMap((event) =>
      sponsorCommandsFor(event).map((command) => SponsorCommand.parse(command)),
    );
    expect(commands).toEqual([
      {
        type: "RecordSponsoredWish",
        data: {
          sponsorId: "wanda-cafe",
          wishId: "w-1",
          title: "蓝牙耳机",
          category: "work-equipment",
          shareFen: 15_000,
          fulfilledAt: NOW,
        },
      },
      {
        type: "RecordSponsorThanks",
        data: {
          sponsorId: "wanda-cafe",
          wishId: "w-1",
          note: "谢谢老板",
          public: true,
          thankedAt: NOW,
        },
      },
    ]);
  });

  it("records nothing for a wish funded by points or the community's donations", () => {
    const thank = { command: onWish("ThankWishSponsor"), actor: courierActor() };
    const byPoints = wishEventsAfter([...stepsTo.fulfilledWithPoints(), thank]);
    const byCommunity = wishEventsAfter([
      ...stepsTo.published(),
      { command: onWish("FundWishFromDonations"), actor: STAFF },
      { command: onWish("ConfirmWishFulfilled"), actor: STAFF },
      thank,
    ]);
    for (const events of [byPoints, byCommunity]) {
      expect(events.flatMap((event) => sponsorCommandsFor(event))).toEqual([]);
    }
  });
});

describe("the catalogue flows", () => {
  const reserved = (): CatalogueItemReserved =>
    lastOf(
      itemEventsAfter([
        { command: listItem(), actor: STAFF },
        {
          command: onItem("RedeemCatalogueItem", { redemptionId: "r-1" }),
          actor: courierActor(),
        },
      ]),
      "CatalogueItemReserved",
    );

  it("open a redemption for the units an item reserved, at the item's price", () => {
    const commands = catalogueRedemptionCommandsFor(reserved()).map((command) =>
      CatalogueRedemptionCommand.parse(command),
    );
    expect(commands).toEqual([openRedemption()]);
  });

  it("return the units when the redemption cannot be opened, fails, is cancelled or expires", () => {
    expect(CatalogueItemCommand.parse(reservationCompensationFor(reserved()))).toEqual(
      onItem("ReleaseCatalogueReservation", { redemptionId: "r-1", reason: "not-opened" }),
    );
    const settled = { redemptionId: "r-1", itemId: "raincoat", courierId: "c-1", quantity: 1 };
    const hold = {
      transferId: CATALOGUE_HOLD_VOID,
      pendingTransferId: CATALOGUE_HOLD,
      account: "courier-c-1",
    };
    const cases: ReadonlyArray<readonly [CatalogueRedemptionEvent, string]> = [
      [
        {
          type: "CatalogueRedemptionFailed",
          data: { ...settled, transferId: CATALOGUE_HOLD, reason: "x", failedAt: NOW },
        } as CatalogueRedemptionEvent,
        "failed",
      ],
      [
        {
          type: "CatalogueRedemptionCancelled",
          data: {
            ...settled,
            voidedHold: hold,
            by: { role: "courier", id: "c-1" },
            cancelledAt: NOW,
          },
        } as CatalogueRedemptionEvent,
        "cancelled",
      ],
      [
        {
          type: "CatalogueRedemptionExpired",
          data: { ...settled, voidedHold: hold, expiredAt: NOW },
        } as CatalogueRedemptionEvent,
        "expired",
      ],
    ];
    for (const [event, reason] of cases) {
      expect(catalogueItemCommandsFor(event)).toEqual([
        onItem("ReleaseCatalogueReservation", { redemptionId: "r-1", reason }),
      ]);
    }
  });

  it("record the units handed over when the redemption is fulfilled", () => {
    const state = [
      ...eventsOf(
        decideCatalogueRedemption(
          openRedemption(),
          initialCatalogueRedemptionState(),
          redemptionContextOf(SYSTEM),
        ),
      ),
    ].reduce(evolveCatalogueRedemption, initialCatalogueRedemptionState());
    const ready = eventsOf(
      decideCatalogueRedemption(
        onRedemption("ConfirmCatalogueRedemptionHold", { transferId: CATALOGUE_HOLD }),
        state,
        redemptionContextOf(SYSTEM),
      ),
    ).reduce(evolveCatalogueRedemption, state);
    const fulfilled = eventsOf(
      decideCatalogueRedemption(
        onRedemption("HandOverCatalogueRedemption"),
        ready,
        redemptionContextOf(STAFF),
      ),
    );
    expect(fulfilled.flatMap((event) => catalogueItemCommandsFor(event))).toEqual([
      onItem("CompleteCatalogueReservation", { redemptionId: "r-1" }),
    ]);
  });
});

describe("nextWishTimer", () => {
  it("expires a published wish at the end of the policy's days on the wall", () => {
    const policy = policyWith({ wishes: { publishedExpiryDays: 7 } });
    const state = wishAfter([
      ...stepsTo.submitted(),
      { command: onWish("ApproveWish"), actor: STAFF, facts: { policy } },
    ]);
    expect(nextWishTimer(state)).toEqual({
      at: daysAfterNow(7),
      command: { type: "ExpireWish", data: { wishId: "w-1" } },
    });
  });

  it("releases a claim or a redemption at its hand-over deadline", () => {
    const release = { type: "ReleaseWishClaim", data: { wishId: "w-1" } };
    expect(nextWishTimer(wishAfter(stepsTo.claimed()))).toEqual({
      at: daysAfterNow(14),
      command: release,
    });
    expect(nextWishTimer(wishAfter(stepsTo.redeemed()))).toEqual({
      at: daysAfterNow(14),
      command: release,
    });
  });

  it("releases a lone pledge of a `both` wish when it is due before the wall's end", () => {
    const both = { funding: { mode: "both", pointsShareFen: 5_000 } };
    const pledged = wishAfter([
      ...stepsTo.published(both),
      { command: onWish("ClaimWish"), actor: sponsorActor() },
    ]);
    expect(asWish(pledged).status).toBe("published");
    expect(nextWishTimer(pledged)?.at).toBe(daysAfterNow(14));
    expect(nextWishTimer(pledged)?.command.type).toBe("ReleaseWishClaim");
    // A pledge made on day 20 is due after the wall's end (day 30): the wall ends first.
    const late = wishAfter([
      ...stepsTo.published(both),
      {
        command: onWish("ClaimWish"),
        actor: sponsorActor(),
        facts: { now: daysAfterNow(20) },
      },
    ]);
    expect(nextWishTimer(late)).toEqual({
      at: daysAfterNow(30),
      command: { type: "ExpireWish", data: { wishId: "w-1" } },
    });
  });

  it("needs no timer for a wish in review, handed over or ended", () => {
    for (const steps of [
      stepsTo.draft(),
      stepsTo.submitted(),
      stepsTo.fulfilledBySponsor(),
      [...stepsTo.published(), { command: onWish("CancelWish"), actor: courierActor() }],
    ]) {
      expect(nextWishTimer(wishAfter(steps))).toBeUndefined();
    }
    expect(nextWishTimer({ status: "none" })).toBeUndefined();
  });
});

describe("nextCatalogueRedemptionTimer", () => {
  it("expires an open redemption at its pickup deadline, and nothing once it ended", () => {
    const opened = eventsOf(
      decideCatalogueRedemption(
        openRedemption(),
        initialCatalogueRedemptionState(),
        redemptionContextOf(SYSTEM),
      ),
    ).reduce(evolveCatalogueRedemption, initialCatalogueRedemptionState());
    expect(nextCatalogueRedemptionTimer(opened)).toEqual({
      at: daysAfterNow(POLICY.wishes.catalogue.pickupDays),
      command: { type: "ExpireCatalogueRedemption", data: { redemptionId: "r-1" } },
    });
    const cancelled = eventsOf(
      decideCatalogueRedemption(
        onRedemption("CancelCatalogueRedemption"),
        opened,
        redemptionContextOf(courierActor()),
      ),
    ).reduce(evolveCatalogueRedemption, opened);
    expect(nextCatalogueRedemptionTimer(cancelled)).toBeUndefined();
    expect(nextCatalogueRedemptionTimer(initialCatalogueRedemptionState())).toBeUndefined();
  });
});
