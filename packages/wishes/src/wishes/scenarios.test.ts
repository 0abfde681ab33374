import { type Actor, type CommunityPolicy, parseInput, WishId } from "@courier-station/core";
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { nextWishTimer, sponsorCommandsFor } from "../flows.js";
import { wishHoldTransferId } from "../holds.js";
import { holdOutcomeCommandFor, pointsCommandsFor } from "../points-commands.js";
import {
  asWish,
  type ContextFacts,
  contextOf,
  courierActor,
  daysAfterNow,
  draftWish,
  expectRefusal,
  NOW,
  onWish,
  policyWith,
  STAFF,
  SYSTEM,
  sponsorActor,
} from "../testing/fixtures.js";
import { WISH_HOLD } from "../testing/hold-ids.js";
import { type TestLedger, testLedger } from "../testing/points-ledger.js";
import { type WishCommand, WishCommand as WishCommandSchema } from "./commands.js";
import { decideWish } from "./decide.js";
import type { WishEvent } from "./events.js";
import { evolveWish } from "./evolve.js";
import { initialWishState, type WishState } from "./state.js";

/*
 * The rules end to end, with a community policy that is not Jinshan's (so every
 * number is seen to come from the policy), the real points ledger, and the timers a
 * service would run.
 */

const POLICY = policyWith({
  wishes: {
    valueCapFen: 20_000,
    pointsPerYuan: 20,
    publishedExpiryDays: 7,
    fulfilmentDays: 3,
    maxOpenWishesPerCourier: 1,
    prohibitedItems: ["电动车电池"],
  },
});

/** One wish, the ledger and the time: decide, evolve and the points flow, as a service runs them. */
const station = (policy: CommunityPolicy = POLICY) => {
  const ledger: TestLedger = testLedger(policy);
  let state: WishState = initialWishState();
  const events: WishEvent[] = [];
  const send = (command: WishCommand, actor: Actor, facts: ContextFacts = {}) => {
    const now = facts.now ?? NOW;
    const context = contextOf(actor, {
      policy,
      ...(actor.role === "courier" ? { availablePoints: ledger.availableOf(actor.id) } : {}),
      ...facts,
    });
    const decision = decideWish(command, state, context);
    if (Either.isLeft(decision)) return decision;
    for (const event of decision.right) {
      state = evolveWish(state, event);
      events.push(event);
      for (const pointsCommand of pointsCommandsFor(event)) {
        const answer = ledger.apply(pointsCommand, now);
        if (event.type === "WishRedeemed") {
          send(holdOutcomeCommandFor(event, answer), SYSTEM, { now });
        }
      }
    }
    return decision;
  };
  /** Fires the wish's timer if it is due by `now`. */
  const timersUntil = (now: string) => {
    const timer = nextWishTimer(state);
    if (timer === undefined || timer.at > now) return undefined;
    return send(timer.command, SYSTEM, { now: timer.at });
  };
  return { ledger, send, timersUntil, state: () => asWish(state), events: () => events };
};

const publish = (
  world: ReturnType<typeof station>,
  changes: Record<string, unknown> = {},
): void => {
  world.send(draftWish(changes), courierActor());
  world.send(onWish("SubmitWish"), courierActor());
  world.send(onWish("ApproveWish"), STAFF);
};

describe("a sponsor's pledge", () => {
  it("is held until the hand-over, and the sponsor is credited with the wish", () => {
    const world = station();
    publish(world, { funding: { mode: "sponsor" } });
    world.send(onWish("ClaimWish"), sponsorActor());
    expect(world.state()).toMatchObject({ status: "claimed", dueAt: daysAfterNow(3) });
    expect(world.timersUntil(daysAfterNow(2))).toBeUndefined();
    world.send(onWish("ConfirmWishFulfilled"), STAFF, { now: daysAfterNow(2) });
    expect(world.state().status).toBe("fulfilled");
    expect(world.events().flatMap((event) => sponsorCommandsFor(event))).toMatchObject([
      { type: "RecordSponsoredWish", data: { sponsorId: "wanda-cafe", shareFen: 15_000 } },
    ]);
  });

  it("not honoured by its deadline is released, and the wish goes back on the wall", () => {
    const world = station();
    publish(world, { funding: { mode: "sponsor" } });
    world.send(onWish("ClaimWish"), sponsorActor(), { now: daysAfterNow(2) });
    // The pledge is due three days later (the policy's fulfilmentDays), on day 5.
    expectRefusal(
      world.send(onWish("ReleaseWishClaim"), SYSTEM, { now: daysAfterNow(4) }),
      "wish.deadline_not_reached",
    );
    world.timersUntil(daysAfterNow(6));
    const wish = world.state();
    expect(wish.status).toBe("published");
    expect(wish.pledge).toBeUndefined();
    // The five days it had left on the wall when it was claimed run from the release.
    expect(wish.expiresAt).toBe(daysAfterNow(10));
    expect(world.events().at(-1)).toMatchObject({
      type: "WishClaimReleased",
      data: { reason: "deadline", releasedPledge: { kind: "sponsor", sponsorId: "wanda-cafe" } },
    });
  });

  it("released, is replaced by staff from the community's own donations", () => {
    const world = station();
    publish(world, { funding: { mode: "sponsor" } });
    world.send(onWish("ClaimWish"), sponsorActor());
    world.timersUntil(daysAfterNow(3));
    expect(world.state().status).toBe("published");
    world.send(onWish("FundWishFromDonations", { note: "社区爱心基金" }), STAFF, {
      now: daysAfterNow(3),
    });
    expect(world.state().pledge?.funder).toEqual({ kind: "community", staffId: "s-1" });
    world.send(onWish("ConfirmWishFulfilled"), STAFF, { now: daysAfterNow(4) });
    expect(world.state().fulfilment?.funder).toEqual({ kind: "community", staffId: "s-1" });
    // Nobody but a moderator funds from donations.
    const other = station(policyWith({ wishes: { moderatorIds: ["s-2"] } }));
    publish(other, { funding: { mode: "sponsor" } });
    expectRefusal(other.send(onWish("FundWishFromDonations"), STAFF), "wish.not_a_moderator");
  });
});

describe("a published wish nobody funds", () => {
  it("expires after the policy's days on the wall", () => {
    const world = station();
    publish(world);
    expect(nextWishTimer(asWish(world.state()))?.at).toBe(daysAfterNow(7));
    expectRefusal(
      world.send(onWish("ExpireWish"), SYSTEM, { now: daysAfterNow(6) }),
      "wish.deadline_not_reached",
    );
    world.timersUntil(daysAfterNow(7));
    expect(world.state()).toMatchObject({ status: "expired", expiredAt: daysAfterNow(7) });
    // After its days, nobody can fund it, even before the timer comes.
    const late = station();
    publish(late);
    expectRefusal(
      late.send(onWish("ClaimWish"), sponsorActor(), { now: daysAfterNow(7) }),
      "wish.past_expiry",
    );
  });
});

describe("a wish redeemed with points", () => {
  it("holds the price at the policy's rate in the ledger and takes it at the hand-over", () => {
    const world = station();
    world.ledger.grant("c-1", 5_000, NOW);
    publish(world, { funding: { mode: "points" }, estimatedValueFen: 12_345 });
    world.send(onWish("RedeemWish", { expectedPoints: 2_469 }), courierActor());
    // 123.45 yuan at 20 points per yuan: 2,469 points, held.
    expect(world.ledger.availableOf("c-1")).toBe(5_000 - 2_469);
    expect(world.ledger.standingOf(WISH_HOLD)).toBe("pending");
    expect(world.state().redemption?.confirmedAt).toBe(NOW);
    world.send(onWish("ConfirmWishFulfilled"), courierActor(), { now: daysAfterNow(1) });
    expect(world.ledger.standingOf(WISH_HOLD)).toBe("posted");
    expect(world.ledger.availableOf("c-1")).toBe(5_000 - 2_469);
    expectRefusal(
      world.send(onWish("ConfirmWishFulfilled"), STAFF, { now: daysAfterNow(1) }),
      "wish.already_fulfilled",
    );
    expect(world.ledger.resolutionsAsked(WISH_HOLD)).toEqual({ posts: 1, voids: 0 });
  });

  it("gives the points back when cancelled, rejected, released at its deadline or expired", () => {
    const undoings: ReadonlyArray<(world: ReturnType<typeof station>) => void> = [
      (world) => world.send(onWish("CancelWish"), courierActor()),
      (world) => world.send(onWish("RejectWish", { reason: "不符合规则" }), STAFF),
      (world) => world.timersUntil(daysAfterNow(3)),
    ];
    for (const undo of undoings) {
      const world = station();
      world.ledger.grant("c-1", 5_000, NOW);
      publish(world, { funding: { mode: "points" } });
      world.send(onWish("RedeemWish"), courierActor());
      expect(world.ledger.availableOf("c-1")).toBe(2_000);
      undo(world);
      expect(world.ledger.standingOf(WISH_HOLD)).toBe("voided");
      expect(world.ledger.availableOf("c-1")).toBe(5_000);
    }
    // A `both` wish whose points part is held but no sponsor came: voided when it expires.
    const world = station();
    world.ledger.grant("c-1", 5_000, NOW);
    publish(world, { funding: { mode: "both", pointsShareFen: 5_000 } });
    world.send(onWish("RedeemWish"), courierActor());
    expect(world.ledger.availableOf("c-1")).toBe(4_000);
    world.timersUntil(daysAfterNow(7));
    expect(world.state().status).toBe("expired");
    expect(world.ledger.standingOf(WISH_HOLD)).toBe("voided");
    expect(world.ledger.availableOf("c-1")).toBe(5_000);
  });

  it("is undone when the ledger refuses the hold, and can be redeemed again with a new hold", () => {
    const world = station();
    world.ledger.grant("c-1", 2_000, NOW);
    publish(world, { funding: { mode: "points" } });
    // The service's points fact is out of date: the ledger is the last guard.
    world.send(onWish("RedeemWish"), courierActor(), { availablePoints: 9_999 });
    expect(world.state().status).toBe("published");
    expect(world.ledger.standingOf(WISH_HOLD)).toBe("absent");
    world.ledger.grant("c-1", 2_000, NOW);
    world.send(onWish("RedeemWish"), courierActor());
    const second = wishHoldTransferId(WishId.parse("w-1"), 2);
    expect(world.state().redemption?.hold.transferId).toBe(second);
    expect(world.ledger.standingOf(second)).toBe("pending");
  });
});

describe("the policy's rules on what a wish may be", () => {
  const refusedDraft = (changes: Record<string, unknown>, facts: ContextFacts = {}) =>
    decideWish(
      draftWish(changes),
      initialWishState(),
      contextOf(courierActor(), { policy: POLICY, ...facts }),
    );

  it("hold a wish to the policy's value cap", () => {
    expect(Either.isRight(refusedDraft({ estimatedValueFen: 20_000 }))).toBe(true);
    expectRefusal(refusedDraft({ estimatedValueFen: 20_001 }), "wish.value_over_cap");
  });

  it("refuse what the policy adds to the prohibited items, besides the built-in ones", () => {
    expectRefusal(refusedDraft({ title: "电动车电池" }), "wish.prohibited_item");
    expectRefusal(refusedDraft({ description: "想要两瓶白酒" }), "wish.prohibited_item");
    expect(Either.isRight(refusedDraft({ title: "电动车头盔" }))).toBe(true);
  });

  it("allow the policy's number of open wishes per courier", () => {
    expectRefusal(refusedDraft({}, { openWishCount: 1 }), "wish.too_many_open");
    expect(Either.isRight(refusedDraft({}, { openWishCount: 0 }))).toBe(true);
  });
});

describe("a wish command at the edge", () => {
  it("is parsed by its schema, refusing bad amounts, unknown fields and unsafe keys in both languages", () => {
    const good = {
      type: "DraftWish",
      data: {
        wishId: "w-1",
        stationId: "wanda",
        title: "蓝牙耳机",
        category: "work-equipment",
        estimatedValueFen: 15_000,
        funding: { mode: "either" },
      },
    };
    expect(Either.isRight(parseInput(WishCommandSchema, good))).toBe(true);
    const bad: ReadonlyArray<Record<string, unknown>> = [
      { estimatedValueFen: 150.5 },
      { estimatedValueFen: 0 },
      { estimatedValueFen: -100 },
      { estimatedValueFen: Number.NaN },
      { category: "cash" },
      { funding: { mode: "both" } },
      { photo: "https://user:secret@example.com/x.jpg" },
      { title: "" },
      { courierId: "c-2" },
    ];
    for (const change of bad) {
      const result = parseInput(WishCommandSchema, { ...good, data: { ...good.data, ...change } });
      expect(Either.isLeft(result), JSON.stringify(change)).toBe(true);
      if (Either.isLeft(result)) {
        expect(result.left.code).toBe("input.invalid");
        expect(result.left.text["zh-CN"].length).toBeGreaterThan(0);
        expect(result.left.text.en.length).toBeGreaterThan(0);
      }
    }
    const unsafe = JSON.parse(
      '{"type":"ClaimWish","data":{"wishId":"w-1","__proto__":{"admin":true}}}',
    );
    expect(Either.isLeft(parseInput(WishCommandSchema, unsafe))).toBe(true);
  });
});
