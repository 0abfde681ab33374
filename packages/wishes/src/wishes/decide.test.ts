import { SponsorId, WishId } from "@courier-station/core";
import { describe, expect, it } from "vitest";
import { wishHoldTransferId } from "../holds.js";
import {
  asWish,
  contextOf,
  courierActor,
  daysAfterNow,
  draftWish,
  eventsOf,
  expectRefusal,
  hoursAfterNow,
  NOW,
  onWish,
  policyWith,
  STAFF,
  SYSTEM,
  sponsorActor,
  staffActor,
  stepsTo,
  type WishTestStep,
  wishAfter,
} from "../testing/fixtures.js";
import { WISH_HOLD, WISH_HOLD_POST, WISH_HOLD_VOID } from "../testing/hold-ids.js";
import { decideWish } from "./decide.js";
import type { WishEvent } from "./events.js";
import { evolveWish } from "./evolve.js";
import { initialWishState, type WishState } from "./state.js";

const only = <Type extends WishEvent["type"]>(
  events: ReadonlyArray<WishEvent>,
  type: Type,
): Extract<WishEvent, { type: Type }> => {
  expect(events.map((event) => event.type)).toEqual([type]);
  return events[0] as Extract<WishEvent, { type: Type }>;
};

const after = (state: WishState, events: ReadonlyArray<WishEvent>): WishState =>
  events.reduce(evolveWish, state);

const fail = (): never => {
  throw new Error("unreachable");
};
const asCourier = (id: string) => contextOf(courierActor(id)).courier ?? fail();

const addDays = (instant: string, days: number) =>
  new Date(Date.parse(instant) + days * 86_400_000).toISOString();

const both = (pointsShareFen = 5_000) => ({ funding: { mode: "both", pointsShareFen } });

describe("DraftWish", () => {
  it("records the draft for the acting courier", () => {
    const event = only(
      eventsOf(decideWish(draftWish(), initialWishState(), contextOf(courierActor()))),
      "WishDrafted",
    );
    expect(event.data).toEqual({
      wishId: "w-1",
      courierId: "c-1",
      stationId: "wanda",
      title: "蓝牙耳机",
      description: "骑车时不用手拿手机接单",
      category: "work-equipment",
      estimatedValueFen: 15_000,
      funding: { mode: "either" },
      draftedAt: NOW,
    });
    expect(asWish(wishAfter(stepsTo.draft())).status).toBe("draft");
  });

  it("refuses a wish id that already exists", () => {
    expectRefusal(
      decideWish(draftWish(), wishAfter(stepsTo.draft()), contextOf(courierActor())),
      "wish.already_exists",
    );
  });

  it("refuses a courier who is not active", () => {
    for (const status of ["registered", "suspended", "left"]) {
      expectRefusal(
        decideWish(
          draftWish(),
          initialWishState(),
          contextOf(courierActor(), { courier: { ...asCourier("c-1"), status } }),
        ),
        "wish.courier_not_active",
      );
    }
  });

  it("refuses facts about another courier than the actor", () => {
    expectRefusal(
      decideWish(
        draftWish(),
        initialWishState(),
        contextOf(courierActor("c-1"), { courier: asCourier("c-2") }),
      ),
      "wish.courier_not_active",
    );
  });

  it("refuses when the service gave no courier facts or no open-wish count", () => {
    const noCourier = { ...contextOf(courierActor()), courier: undefined };
    const { courier: _courier, ...withoutCourier } = noCourier;
    expectRefusal(
      decideWish(draftWish(), initialWishState(), withoutCourier),
      "wish.facts_missing",
    );
    const { openWishCount: _count, ...withoutCount } = contextOf(courierActor());
    expectRefusal(decideWish(draftWish(), initialWishState(), withoutCount), "wish.facts_missing");
  });

  it("allows at most the policy's open wishes per courier", () => {
    eventsOf(
      decideWish(draftWish(), initialWishState(), contextOf(courierActor(), { openWishCount: 1 })),
    );
    expectRefusal(
      decideWish(draftWish(), initialWishState(), contextOf(courierActor(), { openWishCount: 2 })),
      "wish.too_many_open",
    );
    const policy = policyWith({ wishes: { maxOpenWishesPerCourier: 3 } });
    eventsOf(
      decideWish(
        draftWish(),
        initialWishState(),
        contextOf(courierActor(), { openWishCount: 2, policy }),
      ),
    );
  });

  it("holds the value to the policy's cap", () => {
    eventsOf(
      decideWish(
        draftWish({ estimatedValueFen: 30_000 }),
        initialWishState(),
        contextOf(courierActor()),
      ),
    );
    expectRefusal(
      decideWish(
        draftWish({ estimatedValueFen: 30_001 }),
        initialWishState(),
        contextOf(courierActor()),
      ),
      "wish.value_over_cap",
    );
    const policy = policyWith({ wishes: { valueCapFen: 10_000 } });
    expectRefusal(
      decideWish(draftWish(), initialWishState(), contextOf(courierActor(), { policy })),
      "wish.value_over_cap",
    );
  });

  it("refuses cash, cards and vouchers, alcohol and tobacco, in the title or the description", () => {
    for (const [title, description] of [
      ["现金 200 元", ""],
      ["超市购物卡", ""],
      ["给父亲买两瓶白酒", ""],
      ["一条香烟", ""],
      ["Gift card", ""],
      ["A crate of BEER", ""],
      ["生日礼物", "想要一张代金券"],
    ] as const) {
      expectRefusal(
        decideWish(
          draftWish({ title, description }),
          initialWishState(),
          contextOf(courierActor()),
        ),
        "wish.prohibited_item",
      );
    }
  });

  it("accepts items that only look like prohibited words", () => {
    for (const title of ["烟雾报警器", "酒精湿巾", "A bag of cashews", "Swine-flu mask"]) {
      eventsOf(decideWish(draftWish({ title }), initialWishState(), contextOf(courierActor())));
    }
  });

  it("refuses what the policy adds to the prohibited items", () => {
    const policy = policyWith({ wishes: { prohibitedItems: ["电动车电池", "lottery"] } });
    for (const title of ["电动车电池", "Lottery tickets"]) {
      expectRefusal(
        decideWish(draftWish({ title }), initialWishState(), contextOf(courierActor(), { policy })),
        "wish.prohibited_item",
      );
      eventsOf(decideWish(draftWish({ title }), initialWishState(), contextOf(courierActor())));
    }
  });

  it("needs the points part of a `both` wish to be less than its value", () => {
    eventsOf(decideWish(draftWish(both(14_999)), initialWishState(), contextOf(courierActor())));
    expectRefusal(
      decideWish(draftWish(both(15_000)), initialWishState(), contextOf(courierActor())),
      "wish.points_share_invalid",
    );
  });
});

describe("ReviseWish", () => {
  const revise = (changes: Record<string, unknown> = {}) =>
    onWish("ReviseWish", {
      title: "手机支架",
      category: "work-equipment",
      estimatedValueFen: 4_000,
      funding: { mode: "points" },
      ...changes,
    });

  it("rewrites the courier's draft, dropping a photo not given again", () => {
    const state = wishAfter(stepsTo.draft({ photo: "headset.jpg" }));
    const events = eventsOf(decideWish(revise(), state, contextOf(courierActor())));
    const wish = asWish(after(state, events));
    expect(wish.title).toBe("手机支架");
    expect(wish.funding).toEqual({ mode: "points" });
    expect(wish.photo).toBeUndefined();
    expect(wish.description).toBe("");
  });

  it("refuses another courier, a submitted wish and content the rules refuse", () => {
    const draft = wishAfter(stepsTo.draft());
    expectRefusal(
      decideWish(revise(), draft, contextOf(courierActor("c-2"))),
      "wish.not_the_courier",
    );
    expectRefusal(
      decideWish(revise(), wishAfter(stepsTo.submitted()), contextOf(courierActor())),
      "wish.transition_not_allowed",
    );
    expectRefusal(
      decideWish(revise({ estimatedValueFen: 40_000 }), draft, contextOf(courierActor())),
      "wish.value_over_cap",
    );
    expectRefusal(
      decideWish(revise({ title: "香烟" }), draft, contextOf(courierActor())),
      "wish.prohibited_item",
    );
  });
});

describe("SubmitWish", () => {
  it("submits the courier's draft", () => {
    const event = only(
      eventsOf(
        decideWish(onWish("SubmitWish"), wishAfter(stepsTo.draft()), contextOf(courierActor())),
      ),
      "WishSubmitted",
    );
    expect(event.data).toEqual({ wishId: "w-1", courierId: "c-1", submittedAt: NOW });
  });

  it("refuses another courier, a wish already submitted and an inactive courier", () => {
    expectRefusal(
      decideWish(onWish("SubmitWish"), wishAfter(stepsTo.draft()), contextOf(courierActor("c-2"))),
      "wish.not_the_courier",
    );
    expectRefusal(
      decideWish(onWish("SubmitWish"), wishAfter(stepsTo.submitted()), contextOf(courierActor())),
      "wish.transition_not_allowed",
    );
    expectRefusal(
      decideWish(
        onWish("SubmitWish"),
        wishAfter(stepsTo.draft()),
        contextOf(courierActor(), { courier: { ...asCourier("c-1"), status: "suspended" } }),
      ),
      "wish.courier_not_active",
    );
  });

  it("checks the draft again against the policy as it is now", () => {
    const policy = policyWith({ wishes: { valueCapFen: 10_000 } });
    expectRefusal(
      decideWish(
        onWish("SubmitWish"),
        wishAfter(stepsTo.draft()),
        contextOf(courierActor(), { policy }),
      ),
      "wish.value_over_cap",
    );
  });

  it("refuses a command on a wish that does not exist", () => {
    expectRefusal(
      decideWish(onWish("SubmitWish"), initialWishState(), contextOf(courierActor())),
      "wish.not_found",
    );
  });
});

describe("ApproveWish and PublishWish", () => {
  it("approves and publishes at once, expiring after the policy's days", () => {
    const events = eventsOf(
      decideWish(onWish("ApproveWish"), wishAfter(stepsTo.submitted()), contextOf(STAFF)),
    );
    expect(events.map((event) => event.type)).toEqual(["WishApproved", "WishPublished"]);
    const published = events[1];
    expect(published?.type === "WishPublished" && published.data.expiresAt).toBe(daysAfterNow(30));
  });

  it("approves without publishing, then publishes", () => {
    const approved = wishAfter(stepsTo.approved());
    expect(asWish(approved).status).toBe("approved");
    const event = only(
      eventsOf(
        decideWish(onWish("PublishWish"), approved, contextOf(STAFF, { now: hoursAfterNow(2) })),
      ),
      "WishPublished",
    );
    expect(event.data.expiresAt).toBe(addDays(hoursAfterNow(2), 30));
  });

  it("refuses to approve anything but a submitted wish, and to publish anything but an approved one", () => {
    expectRefusal(
      decideWish(onWish("ApproveWish"), wishAfter(stepsTo.draft()), contextOf(STAFF)),
      "wish.transition_not_allowed",
    );
    expectRefusal(
      decideWish(onWish("PublishWish"), wishAfter(stepsTo.submitted()), contextOf(STAFF)),
      "wish.transition_not_allowed",
    );
    expectRefusal(
      decideWish(onWish("PublishWish"), wishAfter(stepsTo.published()), contextOf(STAFF)),
      "wish.transition_not_allowed",
    );
  });

  it("lets every staff member moderate by default, and only the policy's moderators when it names them", () => {
    const submitted = wishAfter(stepsTo.submitted());
    eventsOf(decideWish(onWish("ApproveWish"), submitted, contextOf(staffActor("s-2"))));
    const policy = policyWith({ wishes: { moderatorIds: ["s-1"] } });
    eventsOf(
      decideWish(onWish("ApproveWish"), submitted, contextOf(staffActor("s-1"), { policy })),
    );
    for (const command of [onWish("ApproveWish"), onWish("RejectWish", { reason: "不符合规定" })]) {
      expectRefusal(
        decideWish(command, submitted, contextOf(staffActor("s-2"), { policy })),
        "wish.not_a_moderator",
      );
    }
    expectRefusal(
      decideWish(
        onWish("PublishWish"),
        wishAfter(stepsTo.approved()),
        contextOf(staffActor("s-2"), { policy }),
      ),
      "wish.not_a_moderator",
    );
  });
});

describe("RejectWish", () => {
  it("rejects a submitted wish with the reason", () => {
    const event = only(
      eventsOf(
        decideWish(
          onWish("RejectWish", { reason: "请写明具体物品" }),
          wishAfter(stepsTo.submitted()),
          contextOf(STAFF),
        ),
      ),
      "WishRejected",
    );
    expect(event.data.reason).toBe("请写明具体物品");
    expect(event.data.releasedPledge).toBeUndefined();
    expect(event.data.voidedHold).toBeUndefined();
  });

  it("releases a pledge and voids a hold when a funded wish is taken down", () => {
    const claimed = only(
      eventsOf(
        decideWish(
          onWish("RejectWish", { reason: "x" }),
          wishAfter(stepsTo.claimed()),
          contextOf(STAFF),
        ),
      ),
      "WishRejected",
    );
    expect(claimed.data.releasedPledge).toEqual({ kind: "sponsor", sponsorId: "wanda-cafe" });
    const redeemed = only(
      eventsOf(
        decideWish(
          onWish("RejectWish", { reason: "x" }),
          wishAfter(stepsTo.redeemed()),
          contextOf(STAFF),
        ),
      ),
      "WishRejected",
    );
    expect(redeemed.data.voidedHold).toEqual({
      transferId: WISH_HOLD_VOID,
      pendingTransferId: WISH_HOLD,
      account: "courier-c-1",
    });
  });

  it("refuses to reject a draft or a fulfilled wish", () => {
    for (const steps of [stepsTo.draft(), stepsTo.fulfilledBySponsor()]) {
      expectRefusal(
        decideWish(onWish("RejectWish", { reason: "x" }), wishAfter(steps), contextOf(STAFF)),
        "wish.transition_not_allowed",
      );
    }
  });
});

describe("ClaimWish and FundWishFromDonations", () => {
  it("records a sponsor's pledge of the whole wish, due after the policy's days", () => {
    const event = only(
      eventsOf(
        decideWish(
          onWish("ClaimWish", { note: "周六送到驿站" }),
          wishAfter(stepsTo.published()),
          contextOf(sponsorActor()),
        ),
      ),
      "WishClaimed",
    );
    expect(event.data).toEqual({
      wishId: "w-1",
      courierId: "c-1",
      funder: { kind: "sponsor", sponsorId: "wanda-cafe" },
      shareFen: 15_000,
      note: "周六送到驿站",
      pledgedAt: NOW,
      dueAt: daysAfterNow(14),
      fullyFunded: true,
    });
    expect(asWish(wishAfter(stepsTo.claimed())).status).toBe("claimed");
  });

  it("lets a moderator fund a wish from the community's donations", () => {
    const event = only(
      eventsOf(
        decideWish(
          onWish("FundWishFromDonations"),
          wishAfter(stepsTo.published()),
          contextOf(STAFF),
        ),
      ),
      "WishClaimed",
    );
    expect(event.data.funder).toEqual({ kind: "community", staffId: "s-1" });
    const policy = policyWith({ wishes: { moderatorIds: ["s-9"] } });
    expectRefusal(
      decideWish(
        onWish("FundWishFromDonations"),
        wishAfter(stepsTo.published()),
        contextOf(STAFF, { policy }),
      ),
      "wish.not_a_moderator",
    );
  });

  it("refuses a points-only wish", () => {
    expectRefusal(
      decideWish(
        onWish("ClaimWish"),
        wishAfter(stepsTo.published({ funding: { mode: "points" } })),
        contextOf(sponsorActor()),
      ),
      "wish.funding_not_allowed",
    );
  });

  it("refuses a wish already claimed or redeemed, or not on the wall", () => {
    expectRefusal(
      decideWish(
        onWish("ClaimWish"),
        wishAfter(stepsTo.claimed()),
        contextOf(sponsorActor("bakery")),
      ),
      "wish.already_claimed",
    );
    expectRefusal(
      decideWish(onWish("ClaimWish"), wishAfter(stepsTo.redeemed()), contextOf(sponsorActor())),
      "wish.already_redeemed",
    );
    expectRefusal(
      decideWish(onWish("ClaimWish"), wishAfter(stepsTo.approved()), contextOf(sponsorActor())),
      "wish.transition_not_allowed",
    );
  });

  it("refuses a wish whose time on the wall is over", () => {
    const state = wishAfter(stepsTo.published());
    eventsOf(
      decideWish(
        onWish("ClaimWish"),
        state,
        contextOf(sponsorActor(), { now: hoursAfterNow(30 * 24 - 1) }),
      ),
    );
    expectRefusal(
      decideWish(onWish("ClaimWish"), state, contextOf(sponsorActor(), { now: daysAfterNow(30) })),
      "wish.past_expiry",
    );
  });

  it("refuses a sponsor who is inactive, unknown, or not the actor", () => {
    const state = wishAfter(stepsTo.published());
    expectRefusal(
      decideWish(
        onWish("ClaimWish"),
        state,
        contextOf(sponsorActor(), {
          sponsor: { sponsorId: SponsorId.parse("wanda-cafe"), status: "inactive" },
        }),
      ),
      "wish.sponsor_not_active",
    );
    expectRefusal(
      decideWish(
        onWish("ClaimWish"),
        state,
        contextOf(sponsorActor(), {
          sponsor: { sponsorId: SponsorId.parse("bakery"), status: "active" },
        }),
      ),
      "wish.sponsor_not_active",
    );
    const { sponsor: _sponsor, ...withoutSponsor } = contextOf(sponsorActor());
    expectRefusal(decideWish(onWish("ClaimWish"), state, withoutSponsor), "wish.facts_missing");
  });
});

describe("RedeemWish", () => {
  it("holds the price in points from the courier's account, due after the policy's days", () => {
    const event = only(
      eventsOf(
        decideWish(onWish("RedeemWish"), wishAfter(stepsTo.published()), contextOf(courierActor())),
      ),
      "WishRedeemed",
    );
    expect(event.data).toEqual({
      wishId: "w-1",
      courierId: "c-1",
      shareFen: 15_000,
      points: 150,
      hold: {
        transferId: WISH_HOLD,
        account: "courier-c-1",
        amount: 150,
        timeoutAt: hoursAfterNow(14 * 24 + 48),
        reference: "wish-w-1",
      },
      attempt: 1,
      redeemedAt: NOW,
      fullyFunded: true,
      dueAt: daysAfterNow(14),
    });
    expect(asWish(wishAfter(stepsTo.redeemed())).status).toBe("redeemed");
  });

  it("prices by the policy's rate, rounding up to a whole point", () => {
    const priceOf = (estimatedValueFen: number, pointsPerYuan = 10) => {
      const policy = policyWith({ wishes: { pointsPerYuan } });
      const event = only(
        eventsOf(
          decideWish(
            onWish("RedeemWish"),
            wishAfter(stepsTo.published({ estimatedValueFen })),
            contextOf(courierActor(), { policy }),
          ),
        ),
        "WishRedeemed",
      );
      return event.data.points;
    };
    expect(priceOf(3_550)).toBe(355);
    expect(priceOf(3_551)).toBe(356);
    expect(priceOf(3_550, 20)).toBe(710);
    expect(priceOf(1, 1)).toBe(1);
  });

  it("needs the courier's available points to cover the price", () => {
    const state = wishAfter(stepsTo.published());
    eventsOf(
      decideWish(onWish("RedeemWish"), state, contextOf(courierActor(), { availablePoints: 150 })),
    );
    expectRefusal(
      decideWish(onWish("RedeemWish"), state, contextOf(courierActor(), { availablePoints: 149 })),
      "wish.insufficient_points",
    );
    const { availablePoints: _points, ...withoutPoints } = contextOf(courierActor());
    expectRefusal(decideWish(onWish("RedeemWish"), state, withoutPoints), "wish.facts_missing");
  });

  it("refuses a price other than the one the courier was shown", () => {
    const state = wishAfter(stepsTo.published());
    eventsOf(
      decideWish(onWish("RedeemWish", { expectedPoints: 150 }), state, contextOf(courierActor())),
    );
    expectRefusal(
      decideWish(onWish("RedeemWish", { expectedPoints: 1_500 }), state, contextOf(courierActor())),
      "wish.points_price_changed",
    );
  });

  it("refuses another courier, an inactive courier and a sponsor-only wish", () => {
    expectRefusal(
      decideWish(
        onWish("RedeemWish"),
        wishAfter(stepsTo.published()),
        contextOf(courierActor("c-2")),
      ),
      "wish.not_the_courier",
    );
    expectRefusal(
      decideWish(
        onWish("RedeemWish"),
        wishAfter(stepsTo.published()),
        contextOf(courierActor(), { courier: { ...asCourier("c-1"), status: "suspended" } }),
      ),
      "wish.courier_not_active",
    );
    expectRefusal(
      decideWish(
        onWish("RedeemWish"),
        wishAfter(stepsTo.published({ funding: { mode: "sponsor" } })),
        contextOf(courierActor()),
      ),
      "wish.funding_not_allowed",
    );
  });

  it("refuses an `either` wish a sponsor already claimed, and a second redemption", () => {
    expectRefusal(
      decideWish(onWish("RedeemWish"), wishAfter(stepsTo.claimed()), contextOf(courierActor())),
      "wish.already_claimed",
    );
    expectRefusal(
      decideWish(onWish("RedeemWish"), wishAfter(stepsTo.redeemed()), contextOf(courierActor())),
      "wish.already_redeemed",
    );
  });
});

describe("a wish funded by both points and a sponsor", () => {
  it("holds the points part until a sponsor claims the rest, for as long as the wall and a hand-over can take", () => {
    const state = wishAfter(stepsTo.published(both()));
    const redeemed = only(
      eventsOf(decideWish(onWish("RedeemWish"), state, contextOf(courierActor()))),
      "WishRedeemed",
    );
    expect(redeemed.data.points).toBe(50);
    expect(redeemed.data.fullyFunded).toBe(false);
    expect(redeemed.data.dueAt).toBeUndefined();
    expect(redeemed.data.hold.timeoutAt).toBe(hoursAfterNow((30 + 14) * 24 + 48));
    const partial = after(state, [redeemed]);
    expect(asWish(partial).status).toBe("published");

    const claimed = only(
      eventsOf(
        decideWish(
          onWish("ClaimWish"),
          partial,
          contextOf(sponsorActor(), { now: daysAfterNow(3) }),
        ),
      ),
      "WishClaimed",
    );
    expect(claimed.data.shareFen).toBe(10_000);
    expect(claimed.data.fullyFunded).toBe(true);
    const funded = asWish(after(partial, [claimed]));
    expect(funded.status).toBe("claimed");
    expect(funded.dueAt).toBe(daysAfterNow(17));
  });

  it("times a hold made after the pledge out after the pledge's due date", () => {
    const pledged = wishAfter([
      ...stepsTo.published(both()),
      { command: onWish("ClaimWish"), actor: sponsorActor() },
    ]);
    expect(asWish(pledged).status).toBe("published");
    const redeemed = only(
      eventsOf(
        decideWish(
          onWish("RedeemWish"),
          pledged,
          contextOf(courierActor(), { now: daysAfterNow(2) }),
        ),
      ),
      "WishRedeemed",
    );
    expect(redeemed.data.fullyFunded).toBe(true);
    expect(redeemed.data.dueAt).toBe(daysAfterNow(14));
    expect(redeemed.data.hold.timeoutAt).toBe(hoursAfterNow(14 * 24 + 48));
    expect(asWish(after(pledged, [redeemed])).status).toBe("claimed");
  });

  it("refuses a second pledge or a second redemption of the parts", () => {
    const pledged = wishAfter([
      ...stepsTo.published(both()),
      { command: onWish("ClaimWish"), actor: sponsorActor() },
    ]);
    expectRefusal(
      decideWish(onWish("FundWishFromDonations"), pledged, contextOf(STAFF)),
      "wish.already_claimed",
    );
    const held = wishAfter(stepsTo.redeemed(both()));
    expectRefusal(
      decideWish(onWish("RedeemWish"), held, contextOf(courierActor())),
      "wish.already_redeemed",
    );
  });
});

describe("ConfirmWishHold and RecordWishRedemptionFailed", () => {
  it("confirms the current hold once", () => {
    const state = wishAfter(stepsTo.redeemed());
    const command = onWish("ConfirmWishHold", { transferId: WISH_HOLD });
    const events = eventsOf(decideWish(command, state, contextOf(SYSTEM)));
    only(events, "WishHoldConfirmed");
    expect(eventsOf(decideWish(command, after(state, events), contextOf(SYSTEM)))).toEqual([]);
  });

  it("refuses a hold the wish never asked for", () => {
    expectRefusal(
      decideWish(
        onWish("ConfirmWishHold", { transferId: wishHoldTransferId(WishId.parse("w-1"), 7) }),
        wishAfter(stepsTo.redeemed()),
        contextOf(SYSTEM),
      ),
      "wish.unknown_hold",
    );
    expectRefusal(
      decideWish(
        onWish("RecordWishRedemptionFailed", {
          transferId: wishHoldTransferId(WishId.parse("w-1"), 7),
          reason: "points.insufficient_points",
        }),
        wishAfter(stepsTo.redeemed()),
        contextOf(SYSTEM),
      ),
      "wish.unknown_hold",
    );
  });

  it("puts the wish back on the wall when the ledger refuses the hold, with the days it had left", () => {
    const redeemedOnDay10: WishTestStep[] = [
      ...stepsTo.published(),
      { command: onWish("RedeemWish"), actor: courierActor(), facts: { now: daysAfterNow(10) } },
    ];
    const state = wishAfter(redeemedOnDay10);
    const event = only(
      eventsOf(
        decideWish(
          onWish("RecordWishRedemptionFailed", {
            transferId: WISH_HOLD,
            reason: "points.insufficient_points",
          }),
          state,
          contextOf(SYSTEM, { now: daysAfterNow(11) }),
        ),
      ),
      "WishRedemptionFailed",
    );
    expect(event.data.expiresAt).toBe(daysAfterNow(31));
    const wish = asWish(after(state, [event]));
    expect(wish.status).toBe("published");
    expect(wish.redemption).toBeUndefined();
    // Redeeming again asks for a new hold.
    const again = only(
      eventsOf(
        decideWish(
          onWish("RedeemWish"),
          wish,
          contextOf(courierActor(), { now: daysAfterNow(12) }),
        ),
      ),
      "WishRedeemed",
    );
    expect(again.data.hold.transferId).toBe(wishHoldTransferId(WishId.parse("w-1"), 2));
  });

  it("keeps the pledge of a `both` wish when its points part fails", () => {
    const state = wishAfter([
      ...stepsTo.published(both()),
      { command: onWish("ClaimWish"), actor: sponsorActor() },
      { command: onWish("RedeemWish"), actor: courierActor() },
    ]);
    expect(asWish(state).status).toBe("claimed");
    const events = eventsOf(
      decideWish(
        onWish("RecordWishRedemptionFailed", { transferId: WISH_HOLD, reason: "x" }),
        state,
        contextOf(SYSTEM),
      ),
    );
    const wish = asWish(after(state, events));
    expect(wish.status).toBe("published");
    expect(wish.pledge?.funder).toEqual({ kind: "sponsor", sponsorId: "wanda-cafe" });
  });

  it("refuses to record a confirmed hold as failed", () => {
    expectRefusal(
      decideWish(
        onWish("RecordWishRedemptionFailed", { transferId: WISH_HOLD, reason: "x" }),
        wishAfter(stepsTo.redeemedAndHeld()),
        contextOf(SYSTEM),
      ),
      "wish.hold_already_confirmed",
    );
  });

  it("ignores reports about a hold the wish has since released", () => {
    const released = wishAfter([
      ...stepsTo.redeemed(),
      { command: onWish("ReleaseWishClaim"), actor: courierActor() },
    ]);
    for (const command of [
      onWish("ConfirmWishHold", { transferId: WISH_HOLD }),
      onWish("RecordWishRedemptionFailed", { transferId: WISH_HOLD, reason: "x" }),
    ]) {
      expect(eventsOf(decideWish(command, released, contextOf(SYSTEM)))).toEqual([]);
    }
  });
});

describe("ReleaseWishClaim", () => {
  const release = onWish("ReleaseWishClaim");

  it("releases a claim past its due date, giving the wish back the days it had left", () => {
    const claimedOnDay10 = wishAfter([
      ...stepsTo.published(),
      { command: onWish("ClaimWish"), actor: sponsorActor(), facts: { now: daysAfterNow(10) } },
    ]);
    expectRefusal(
      decideWish(release, claimedOnDay10, contextOf(SYSTEM, { now: hoursAfterNow(24 * 24 - 1) })),
      "wish.deadline_not_reached",
    );
    const event = only(
      eventsOf(decideWish(release, claimedOnDay10, contextOf(SYSTEM, { now: daysAfterNow(24) }))),
      "WishClaimReleased",
    );
    expect(event.data.reason).toBe("deadline");
    expect(event.data.releasedPledge).toEqual({ kind: "sponsor", sponsorId: "wanda-cafe" });
    expect(event.data.expiresAt).toBe(daysAfterNow(44));
    const wish = asWish(after(claimedOnDay10, [event]));
    expect(wish.status).toBe("published");
    expect(wish.pledge).toBeUndefined();
    expect(wish.releases).toBe(1);
  });

  it("lets the sponsor who pledged withdraw, and no other sponsor", () => {
    const claimed = wishAfter(stepsTo.claimed());
    const event = only(
      eventsOf(decideWish(release, claimed, contextOf(sponsorActor()))),
      "WishClaimReleased",
    );
    expect(event.data.reason).toBe("sponsor");
    expectRefusal(
      decideWish(release, claimed, contextOf(sponsorActor("bakery"))),
      "wish.not_your_funding",
    );
  });

  it("lets the courier undo their own redemption (voiding the hold), but not a sponsor's pledge", () => {
    const event = only(
      eventsOf(decideWish(release, wishAfter(stepsTo.redeemed()), contextOf(courierActor()))),
      "WishClaimReleased",
    );
    expect(event.data.voidedHold?.transferId).toBe(WISH_HOLD_VOID);
    expectRefusal(
      decideWish(release, wishAfter(stepsTo.claimed()), contextOf(courierActor())),
      "wish.not_your_funding",
    );
  });

  it("lets a moderator release at any time", () => {
    only(
      eventsOf(decideWish(release, wishAfter(stepsTo.claimed()), contextOf(STAFF))),
      "WishClaimReleased",
    );
    const policy = policyWith({ wishes: { moderatorIds: ["s-9"] } });
    expectRefusal(
      decideWish(release, wishAfter(stepsTo.claimed()), contextOf(STAFF, { policy })),
      "wish.not_a_moderator",
    );
  });

  it("releases a lone pledge of a `both` wish once it is due, but leaves a lone hold to expiry", () => {
    const pledged = wishAfter([
      ...stepsTo.published(both()),
      { command: onWish("ClaimWish"), actor: sponsorActor() },
    ]);
    expectRefusal(
      decideWish(release, pledged, contextOf(SYSTEM, { now: daysAfterNow(13) })),
      "wish.deadline_not_reached",
    );
    only(
      eventsOf(decideWish(release, pledged, contextOf(SYSTEM, { now: daysAfterNow(14) }))),
      "WishClaimReleased",
    );
    expectRefusal(
      decideWish(
        release,
        wishAfter(stepsTo.redeemed(both())),
        contextOf(SYSTEM, { now: daysAfterNow(60) }),
      ),
      "wish.transition_not_allowed",
    );
  });

  it("refuses a wish with nothing to release", () => {
    expectRefusal(
      decideWish(release, wishAfter(stepsTo.published()), contextOf(STAFF)),
      "wish.transition_not_allowed",
    );
  });
});

describe("ConfirmWishFulfilled", () => {
  const fulfil = onWish("ConfirmWishFulfilled");

  it("records the hand-over of a claimed wish with its sponsor", () => {
    const event = only(
      eventsOf(decideWish(fulfil, wishAfter(stepsTo.claimed()), contextOf(STAFF))),
      "WishFulfilled",
    );
    expect(event.data).toMatchObject({
      wishId: "w-1",
      funder: { kind: "sponsor", sponsorId: "wanda-cafe" },
      sponsorShareFen: 15_000,
      title: "蓝牙耳机",
      category: "work-equipment",
      estimatedValueFen: 15_000,
      by: { role: "staff", id: "s-1" },
    });
    expect(event.data.postedHold).toBeUndefined();
  });

  it("posts the points hold when the courier confirms a redeemed wish", () => {
    const event = only(
      eventsOf(decideWish(fulfil, wishAfter(stepsTo.redeemedAndHeld()), contextOf(courierActor()))),
      "WishFulfilled",
    );
    expect(event.data.postedHold).toEqual({
      transferId: WISH_HOLD_POST,
      pendingTransferId: WISH_HOLD,
      account: "courier-c-1",
      amount: 150,
    });
  });

  it("waits for the ledger to confirm the hold, and refuses once the hold has timed out", () => {
    expectRefusal(
      decideWish(fulfil, wishAfter(stepsTo.redeemed()), contextOf(STAFF)),
      "wish.hold_not_confirmed",
    );
    const held = wishAfter(stepsTo.redeemedAndHeld());
    eventsOf(decideWish(fulfil, held, contextOf(STAFF, { now: hoursAfterNow(14 * 24 + 47) })));
    expectRefusal(
      decideWish(fulfil, held, contextOf(STAFF, { now: hoursAfterNow(14 * 24 + 48) })),
      "wish.hold_timed_out",
    );
  });

  it("never fulfils a wish twice", () => {
    for (const steps of [
      stepsTo.fulfilledBySponsor(),
      [
        ...stepsTo.fulfilledBySponsor(),
        { command: onWish("ThankWishSponsor"), actor: courierActor() },
      ],
    ]) {
      expectRefusal(
        decideWish(fulfil, wishAfter(steps), contextOf(STAFF)),
        "wish.already_fulfilled",
      );
    }
  });

  it("lets the sponsor whose pledge funds the wish mark it handed over", () => {
    const event = only(
      eventsOf(decideWish(fulfil, wishAfter(stepsTo.claimed()), contextOf(sponsorActor()))),
      "WishFulfilled",
    );
    expect(event.data).toMatchObject({
      funder: { kind: "sponsor", sponsorId: "wanda-cafe" },
      sponsorShareFen: 15_000,
      by: { role: "sponsor", id: "wanda-cafe" },
    });
    // Sent again once it is handed over: the same refusal staff get, nothing new.
    expectRefusal(
      decideWish(fulfil, wishAfter(stepsTo.fulfilledBySponsor()), contextOf(sponsorActor())),
      "wish.already_fulfilled",
    );
  });

  it("refuses any other sponsor, and a sponsor on a wish funded by points alone", () => {
    expectRefusal(
      decideWish(fulfil, wishAfter(stepsTo.claimed()), contextOf(sponsorActor("other-shop"))),
      "wish.not_a_party",
    );
    expectRefusal(
      decideWish(fulfil, wishAfter(stepsTo.redeemedAndHeld()), contextOf(sponsorActor())),
      "wish.not_a_party",
    );
    expectRefusal(
      decideWish(fulfil, wishAfter(stepsTo.published()), contextOf(sponsorActor())),
      "wish.not_a_party",
    );
  });

  it("refuses another courier and a wish nobody funded", () => {
    expectRefusal(
      decideWish(fulfil, wishAfter(stepsTo.claimed()), contextOf(courierActor("c-2"))),
      "wish.not_the_courier",
    );
    expectRefusal(
      decideWish(fulfil, wishAfter(stepsTo.published()), contextOf(STAFF)),
      "wish.transition_not_allowed",
    );
  });
});

describe("ThankWishSponsor", () => {
  it("records the courier's thanks to the sponsor", () => {
    const event = only(
      eventsOf(
        decideWish(
          onWish("ThankWishSponsor", { note: "谢谢老板，骑车安全多了！", public: true }),
          wishAfter(stepsTo.fulfilledBySponsor()),
          contextOf(courierActor()),
        ),
      ),
      "WishThanked",
    );
    expect(event.data).toEqual({
      wishId: "w-1",
      courierId: "c-1",
      funder: { kind: "sponsor", sponsorId: "wanda-cafe" },
      note: "谢谢老板，骑车安全多了！",
      public: true,
      thankedAt: NOW,
    });
  });

  it("refuses another courier, a wish not yet fulfilled and a second thanks", () => {
    const fulfilled = wishAfter(stepsTo.fulfilledBySponsor());
    const thank = onWish("ThankWishSponsor");
    expectRefusal(
      decideWish(thank, fulfilled, contextOf(courierActor("c-2"))),
      "wish.not_the_courier",
    );
    expectRefusal(
      decideWish(thank, wishAfter(stepsTo.claimed()), contextOf(courierActor())),
      "wish.transition_not_allowed",
    );
    const thanked = after(
      fulfilled,
      eventsOf(decideWish(thank, fulfilled, contextOf(courierActor()))),
    );
    expectRefusal(
      decideWish(thank, thanked, contextOf(courierActor())),
      "wish.transition_not_allowed",
    );
  });
});

describe("CancelWish", () => {
  const cancel = onWish("CancelWish", { reason: "已经自己买了" });

  it("cancels an open wish, releasing its pledge or voiding its hold", () => {
    for (const steps of [stepsTo.draft(), stepsTo.submitted(), stepsTo.published()]) {
      const event = only(
        eventsOf(decideWish(cancel, wishAfter(steps), contextOf(courierActor()))),
        "WishCancelled",
      );
      expect(event.data.releasedPledge).toBeUndefined();
      expect(event.data.voidedHold).toBeUndefined();
    }
    const claimed = only(
      eventsOf(decideWish(cancel, wishAfter(stepsTo.claimed()), contextOf(courierActor()))),
      "WishCancelled",
    );
    expect(claimed.data.releasedPledge?.kind).toBe("sponsor");
    const redeemed = only(
      eventsOf(decideWish(cancel, wishAfter(stepsTo.redeemedAndHeld()), contextOf(courierActor()))),
      "WishCancelled",
    );
    expect(redeemed.data.voidedHold?.pendingTransferId).toBe(WISH_HOLD);
  });

  it("refuses another courier and a wish already handed over", () => {
    expectRefusal(
      decideWish(cancel, wishAfter(stepsTo.published()), contextOf(courierActor("c-2"))),
      "wish.not_the_courier",
    );
    expectRefusal(
      decideWish(cancel, wishAfter(stepsTo.fulfilledWithPoints()), contextOf(courierActor())),
      "wish.transition_not_allowed",
    );
  });
});

describe("ExpireWish", () => {
  const expire = onWish("ExpireWish");

  it("expires a published wish once its time on the wall is over", () => {
    const state = wishAfter(stepsTo.published());
    expectRefusal(
      decideWish(expire, state, contextOf(SYSTEM, { now: hoursAfterNow(30 * 24 - 1) })),
      "wish.deadline_not_reached",
    );
    only(
      eventsOf(decideWish(expire, state, contextOf(SYSTEM, { now: daysAfterNow(30) }))),
      "WishExpired",
    );
  });

  it("voids the lone points hold of a `both` wish nobody sponsored", () => {
    const event = only(
      eventsOf(
        decideWish(
          expire,
          wishAfter(stepsTo.redeemed(both())),
          contextOf(SYSTEM, { now: daysAfterNow(30) }),
        ),
      ),
      "WishExpired",
    );
    expect(event.data.voidedHold?.pendingTransferId).toBe(WISH_HOLD);
  });

  it("refuses a wish that is funded or not on the wall", () => {
    for (const steps of [stepsTo.claimed(), stepsTo.redeemed(), stepsTo.approved()]) {
      expectRefusal(
        decideWish(expire, wishAfter(steps), contextOf(SYSTEM, { now: daysAfterNow(90) })),
        "wish.transition_not_allowed",
      );
    }
  });
});

describe("AgreeToShareContact", () => {
  const agree = onWish("AgreeToShareContact");

  it("shares contact details once the courier and the sponsor both agree", () => {
    const claimed = wishAfter(stepsTo.claimed());
    const first = eventsOf(decideWish(agree, claimed, contextOf(courierActor())));
    only(first, "WishContactConsentGiven");
    const consented = after(claimed, first);
    expect(eventsOf(decideWish(agree, consented, contextOf(courierActor())))).toEqual([]);
    const second = eventsOf(decideWish(agree, consented, contextOf(sponsorActor())));
    expect(second.map((event) => event.type)).toEqual([
      "WishContactConsentGiven",
      "WishContactShared",
    ]);
    expect(asWish(after(consented, second)).contact.shared).toBe(true);
  });

  it("refuses anyone but the courier and the sponsor who pledged", () => {
    const claimed = wishAfter(stepsTo.claimed());
    expectRefusal(decideWish(agree, claimed, contextOf(courierActor("c-2"))), "wish.not_a_party");
    expectRefusal(
      decideWish(agree, claimed, contextOf(sponsorActor("bakery"))),
      "wish.not_a_party",
    );
  });

  it("refuses a wish no sponsor pledged", () => {
    for (const steps of [stepsTo.published(), stepsTo.redeemed()]) {
      expectRefusal(
        decideWish(agree, wishAfter(steps), contextOf(courierActor())),
        "wish.transition_not_allowed",
      );
    }
  });

  it("forgets consent when the pledge is released", () => {
    const state = wishAfter([
      ...stepsTo.claimed(),
      { command: agree, actor: courierActor() },
      { command: onWish("ReleaseWishClaim"), actor: sponsorActor() },
    ]);
    expect(asWish(state).contact).toEqual({ courier: false, sponsor: false, shared: false });
  });
});

describe("EraseWishCourierText", () => {
  const erase = onWish("EraseWishCourierText");
  const typed = "骑车接单用，联系我 138 0013 8000 或微信 wxid_rider01";

  it("masks the contact details the erased courier typed into the wish, once", () => {
    const published = wishAfter(stepsTo.published({ description: typed }));
    const events = eventsOf(decideWish(erase, published, contextOf(SYSTEM)));
    only(events, "WishCourierTextErased");
    const erased = asWish(after(published, events));
    expect(erased.description).not.toContain("8000");
    expect(erased.description).not.toContain("wxid_rider01");
    expect(erased.description).toContain("***");
    expect(erased.courierId).toBe(asWish(published).courierId);
    expect(erased.courierTextErasedAt).toBe(NOW);
    // Sent again by another delivery of the erasure: nothing changes.
    expect(eventsOf(decideWish(erase, erased, contextOf(SYSTEM)))).toEqual([]);
  });

  it("masks the courier's cancellation reason and their notes in the history", () => {
    const steps: WishTestStep[] = [
      ...stepsTo.published(),
      {
        command: onWish("CancelWish", { reason: "不需要了，有事打 13800138000" }),
        actor: courierActor(),
      },
    ];
    const cancelled = wishAfter(steps);
    const erased = asWish(
      after(cancelled, eventsOf(decideWish(erase, cancelled, contextOf(SYSTEM)))),
    );
    expect(JSON.stringify(erased)).not.toContain("13800138000");
    expect(erased.status).toBe("cancelled");
  });

  it("refuses a wish that does not exist", () => {
    expectRefusal(decideWish(erase, initialWishState(), contextOf(SYSTEM)), "wish.not_found");
  });
});
