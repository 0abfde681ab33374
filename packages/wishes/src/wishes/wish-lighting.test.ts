import {
  type ActivityFacts,
  ActivityId,
  type AggregateRecord,
  authorize,
  CommandId,
  handleCommand,
  manualClock,
  newAggregateRecord,
  StationId,
  sequentialIds,
  type WishId,
} from "@courier-station/core";
import { Either } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pointsCommandsFor } from "../points-commands.js";
import {
  asWish,
  COMMUNITY,
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
  sponsorActor,
  stepsTo,
  type WishTestStep,
  wishAfter,
} from "../testing/fixtures.js";
import { decideWish } from "./decide.js";
import type { WishEvent } from "./events.js";
import { evolveWish } from "./evolve.js";
import {
  RecordWishHandOvers,
  wishHandOverAnswerOf,
  wishHandOverCommands,
  wishHandOverPermissions,
  wishHandOverReport,
} from "./hand-overs.js";
import { wishDecider } from "./index.js";
import type { WishState } from "./state.js";

/*
 * 点亮微心愿, the wish-lighting event: staff link wishes to a station event and record
 * their hand-overs there in bulk. Each wish still ends exactly once; a wish not handed over
 * stays open.
 */

const EVENT = ActivityId.parse("wish-lighting-1122");
const eventFacts = (changes: Partial<ActivityFacts> = {}): ActivityFacts => ({
  activityId: EVENT,
  kind: "wish-lighting",
  status: "published",
  stationId: StationId.parse("wanda"),
  startsAt: daysAfterNow(3),
  endsAt: hoursAfterNow(3 * 24 + 2),
  ...changes,
});
const started = eventFacts({ status: "started" });
const link = (activityId: string = EVENT): WishTestStep => ({
  command: onWish("LinkWishToActivity", { activityId }),
  actor: STAFF,
  facts: { activity: eventFacts({ activityId: ActivityId.parse(activityId) }) },
});
const handOverAt = (activity: ActivityFacts = started): WishTestStep => ({
  command: onWish("ConfirmWishFulfilled", { activityId: activity.activityId }),
  actor: STAFF,
  facts: { activity },
});
const after = (state: WishState, events: ReadonlyArray<WishEvent>) =>
  events.reduce(evolveWish, state);

describe("LinkWishToActivity", () => {
  it("links an approved wish to an event at its station, and moves it to another", () => {
    const [linked] = eventsOf(
      decideWish(
        onWish("LinkWishToActivity", { activityId: EVENT }),
        wishAfter(stepsTo.claimed()),
        contextOf(STAFF, { activity: eventFacts() }),
      ),
    );
    expect(linked).toEqual({
      type: "WishLinkedToActivity",
      data: {
        wishId: "w-1",
        activityId: EVENT,
        stationId: "wanda",
        by: { role: "staff", id: "s-1" },
        linkedAt: NOW,
      },
    });
    for (const steps of [stepsTo.approved(), stepsTo.published(), stepsTo.redeemedAndHeld()]) {
      expect(asWish(wishAfter([...steps, link()])).activityId).toBe(EVENT);
    }
    const moved = eventsOf(
      decideWish(
        onWish("LinkWishToActivity", { activityId: "wish-lighting-1206" }),
        wishAfter([...stepsTo.claimed(), link()]),
        contextOf(STAFF, {
          activity: eventFacts({ activityId: ActivityId.parse("wish-lighting-1206") }),
        }),
      ),
    );
    expect(moved[0]?.data).toMatchObject({
      activityId: "wish-lighting-1206",
      previousActivityId: EVENT,
    });
  });

  it("changes nothing when the wish is linked to that event already", () => {
    expect(
      eventsOf(
        decideWish(
          onWish("LinkWishToActivity", { activityId: EVENT }),
          wishAfter([...stepsTo.claimed(), link()]),
          contextOf(STAFF, { activity: eventFacts() }),
        ),
      ),
    ).toEqual([]);
  });

  it("refuses others than moderators, wishes not approved or already handed over, and events over or elsewhere", () => {
    const claimed = wishAfter(stepsTo.claimed());
    const command = onWish("LinkWishToActivity", { activityId: EVENT });
    const withEvent = { activity: eventFacts() };
    expectRefusal(
      decideWish(command, claimed, contextOf(courierActor(), withEvent)),
      "wish.not_a_moderator",
    );
    expectRefusal(
      decideWish(
        command,
        claimed,
        contextOf(STAFF, {
          ...withEvent,
          policy: policyWith({ wishes: { moderatorIds: ["s-9"] } }),
        }),
      ),
      "wish.not_a_moderator",
    );
    for (const steps of [stepsTo.submitted(), stepsTo.fulfilledBySponsor()]) {
      expectRefusal(
        decideWish(command, wishAfter(steps), contextOf(STAFF, withEvent)),
        "wish.transition_not_allowed",
      );
    }
    expectRefusal(decideWish(command, claimed, contextOf(STAFF)), "wish.facts_missing");
    expectRefusal(
      decideWish(
        command,
        claimed,
        contextOf(STAFF, { activity: eventFacts({ activityId: ActivityId.parse("other") }) }),
      ),
      "wish.facts_missing",
    );
    for (const status of ["completed", "cancelled"] as const) {
      expectRefusal(
        decideWish(command, claimed, contextOf(STAFF, { activity: eventFacts({ status }) })),
        "wish.activity_over",
      );
    }
    expectRefusal(
      decideWish(
        command,
        claimed,
        contextOf(STAFF, { activity: eventFacts({ stationId: StationId.parse("longsheng") }) }),
      ),
      "wish.activity_elsewhere",
    );
    expectRefusal(
      decideWish(command, { status: "none" }, contextOf(STAFF, withEvent)),
      "wish.not_found",
    );
  });
});

describe("UnlinkWishFromActivity", () => {
  it("takes an open wish off its event, and changes nothing when it has none", () => {
    const linked = wishAfter([...stepsTo.claimed(), link()]);
    const events = eventsOf(decideWish(onWish("UnlinkWishFromActivity"), linked, contextOf(STAFF)));
    expect(events.map((event) => event.type)).toEqual(["WishUnlinkedFromActivity"]);
    const unlinked = asWish(after(linked, events));
    expect(unlinked.activityId).toBeUndefined();
    expect(unlinked.status).toBe("claimed");
    expect(
      eventsOf(decideWish(onWish("UnlinkWishFromActivity"), unlinked, contextOf(STAFF))),
    ).toEqual([]);
    expectRefusal(
      decideWish(
        onWish("UnlinkWishFromActivity"),
        wishAfter([...stepsTo.claimed(), link(), handOverAt()]),
        contextOf(STAFF),
      ),
      "wish.transition_not_allowed",
    );
    expectRefusal(
      decideWish(onWish("UnlinkWishFromActivity"), linked, contextOf(courierActor())),
      "wish.not_a_moderator",
    );
  });
});

describe("a hand-over at the event", () => {
  it("is recorded with the event and the station, and posts a points part as any hand-over", () => {
    const state = wishAfter([...stepsTo.redeemedAndHeld(), link()]);
    const events = eventsOf(
      decideWish(
        onWish("ConfirmWishFulfilled", { activityId: EVENT }),
        state,
        contextOf(STAFF, { activity: started }),
      ),
    );
    expect(events).toHaveLength(1);
    expect(events[0]?.data).toMatchObject({ activityId: EVENT, stationId: "wanda" });
    expect(asWish(after(state, events)).fulfilment?.activityId).toBe(EVENT);
    expect(events.flatMap(pointsCommandsFor).map((command) => command.type)).toEqual([
      "PostPendingTransfer",
    ]);
  });

  it("changes nothing when recorded again at the same event, and is refused anywhere else", () => {
    const fulfilled = wishAfter([...stepsTo.claimed(), link(), handOverAt()]);
    expect(
      eventsOf(
        decideWish(
          onWish("ConfirmWishFulfilled", { activityId: EVENT }),
          fulfilled,
          contextOf(STAFF, { activity: started }),
        ),
      ),
    ).toEqual([]);
    expectRefusal(
      decideWish(onWish("ConfirmWishFulfilled"), fulfilled, contextOf(STAFF)),
      "wish.already_fulfilled",
    );
    const other = eventFacts({ activityId: ActivityId.parse("other"), status: "started" });
    expectRefusal(
      decideWish(
        onWish("ConfirmWishFulfilled", { activityId: "other" }),
        fulfilled,
        contextOf(STAFF, { activity: other }),
      ),
      "wish.already_fulfilled",
    );
  });

  it("needs the wish linked to the event, and the event started", () => {
    const command = onWish("ConfirmWishFulfilled", { activityId: EVENT });
    expectRefusal(
      decideWish(command, wishAfter(stepsTo.claimed()), contextOf(STAFF, { activity: started })),
      "wish.not_linked_to_activity",
    );
    const linked = wishAfter([...stepsTo.claimed(), link()]);
    for (const status of ["draft", "published", "cancelled"] as const) {
      expectRefusal(
        decideWish(command, linked, contextOf(STAFF, { activity: eventFacts({ status }) })),
        "wish.activity_not_under_way",
      );
    }
    expectRefusal(decideWish(command, linked, contextOf(STAFF)), "wish.facts_missing");
    // Recorded after the event ended: still the event's hand-over.
    eventsOf(
      decideWish(
        command,
        linked,
        contextOf(STAFF, { activity: eventFacts({ status: "completed" }) }),
      ),
    );
    // Not yet funded: a wish is handed over only once someone funded it.
    expectRefusal(
      decideWish(
        command,
        wishAfter([...stepsTo.published(), link()]),
        contextOf(STAFF, { activity: started }),
      ),
      "wish.transition_not_allowed",
    );
  });
});

describe("RecordWishHandOvers", () => {
  it("is for staff, names one to 200 wishes each once, and comes to one hand-over per wish", () => {
    const record = RecordWishHandOvers.parse({
      type: "RecordWishHandOvers",
      data: { activityId: EVENT, wishIds: ["w-1", "w-2"], note: "现场交付" },
    });
    expect(wishHandOverCommands(record)).toEqual([
      {
        type: "ConfirmWishFulfilled",
        data: { wishId: "w-1", activityId: EVENT, note: "现场交付" },
      },
      {
        type: "ConfirmWishFulfilled",
        data: { wishId: "w-2", activityId: EVENT, note: "现场交付" },
      },
    ]);
    for (const wishIds of [[], ["w-1", "w-1"], Array.from({ length: 201 }, (_, i) => `w-${i}`)]) {
      const parsed = RecordWishHandOvers.safeParse({
        type: "RecordWishHandOvers",
        data: { activityId: EVENT, wishIds },
      });
      expect(parsed.success, JSON.stringify(wishIds).slice(0, 40)).toBe(false);
    }
    expect(
      Either.isRight(authorize(STAFF, COMMUNITY, "RecordWishHandOvers", wishHandOverPermissions)),
    ).toBe(true);
    for (const actor of [courierActor(), sponsorActor()]) {
      expect(
        Either.isLeft(authorize(actor, COMMUNITY, "RecordWishHandOvers", wishHandOverPermissions)),
      ).toBe(true);
    }
  });

  /** Wishes w-1 … w-n, each claimed by a sponsor and linked to the event, as stored records. */
  const linkedWishes = (count: number): Map<string, AggregateRecord<WishState>> => {
    const records = new Map<string, AggregateRecord<WishState>>();
    for (let index = 1; index <= count; index++) {
      const wishId = `w-${index}`;
      const steps: WishTestStep[] = [
        {
          command: draftWish({ wishId }),
          actor: courierActor(`c-${index}`),
        },
        { command: onWish("SubmitWish", { wishId }), actor: courierActor(`c-${index}`) },
        { command: onWish("ApproveWish", { wishId }), actor: STAFF },
        { command: onWish("ClaimWish", { wishId }), actor: sponsorActor() },
        {
          command: onWish("LinkWishToActivity", { wishId, activityId: EVENT }),
          actor: STAFF,
          facts: { activity: eventFacts() },
        },
      ];
      let record = newAggregateRecord(wishDecider, COMMUNITY, wishId);
      steps.forEach((step, position) => {
        const outcome = handleCommand(
          wishDecider,
          record,
          {
            commandId: CommandId.parse(`setup-${wishId}-${position}`),
            community: COMMUNITY,
            actor: step.actor,
            command: step.command,
          },
          {
            clock: manualClock(NOW),
            ids: sequentialIds(`evt-${wishId}`),
            facts: contextOf(step.actor, step.facts),
          },
        );
        record = Either.getOrThrow(outcome).record;
      });
      records.set(wishId, record);
    }
    return records;
  };

  /** Sends a bulk record as a service would: each wish's command, each answer kept. */
  const send = (
    records: Map<string, AggregateRecord<WishState>>,
    record: RecordWishHandOvers,
    batch: string,
    fulfilledEvents: WishEvent[],
  ) => {
    const answers = wishHandOverCommands(record).map((command) => {
      const wishId = command.data.wishId;
      const stored = records.get(wishId) ?? newAggregateRecord(wishDecider, COMMUNITY, wishId);
      const outcome = handleCommand(
        wishDecider,
        stored,
        {
          commandId: CommandId.parse(`${batch}-${wishId}`),
          community: COMMUNITY,
          actor: STAFF,
          command,
        },
        {
          clock: manualClock(daysAfterNow(3)),
          ids: sequentialIds(`${batch}-${wishId}`),
          facts: contextOf(STAFF, { activity: started, now: daysAfterNow(3) }),
        },
      );
      if (Either.isRight(outcome)) {
        records.set(wishId, outcome.right.record);
        if (outcome.right.kind === "applied") {
          fulfilledEvents.push(...outcome.right.events.map((event) => event as WishEvent));
        }
      }
      return wishHandOverAnswerOf(wishId as WishId, outcome);
    });
    return wishHandOverReport(record, answers);
  };

  it("hands over the wishes named, leaves the others open, and may be sent again", () => {
    const records = linkedWishes(4);
    const fulfilled: WishEvent[] = [];
    const record = RecordWishHandOvers.parse({
      type: "RecordWishHandOvers",
      data: { activityId: EVENT, wishIds: ["w-1", "w-2", "w-4", "w-9"] },
    });
    const first = send(records, record, "batch-1", fulfilled);
    expect(first.handedOver).toEqual(["w-1", "w-2", "w-4"]);
    expect(first.refused.map(({ wishId, error }) => [wishId, error.code])).toEqual([
      ["w-9", "wish.not_found"],
    ]);
    expect(first.summary).toEqual({
      "zh-CN": "3 个心愿已圆梦，1 个未能记录",
      en: "3 wishes handed over, 1 refused",
    });
    // w-3's courier did not come: it stays claimed, linked to the event.
    const left = asWish(records.get("w-3")?.state ?? { status: "none" });
    expect(left).toMatchObject({ status: "claimed", activityId: EVENT });
    // Sent again after a failure, with new command ids: nothing is handed over twice.
    const again = send(records, record, "batch-2", fulfilled);
    expect(again.alreadyRecorded).toEqual(["w-1", "w-2", "w-4"]);
    expect(again.handedOver).toEqual([]);
    expect(fulfilled.filter((event) => event.type === "WishFulfilled")).toHaveLength(3);
  });

  it("ends every wish exactly once, however the records are split and repeated", () => {
    fc.assert(
      fc.property(
        fc.array(fc.subarray([1, 2, 3, 4, 5], { minLength: 1 }), { minLength: 1, maxLength: 6 }),
        (batches) => {
          const records = linkedWishes(5);
          const fulfilled: WishEvent[] = [];
          batches.forEach((numbers, index) => {
            send(
              records,
              RecordWishHandOvers.parse({
                type: "RecordWishHandOvers",
                data: { activityId: EVENT, wishIds: numbers.map((number) => `w-${number}`) },
              }),
              `batch-${index}`,
              fulfilled,
            );
          });
          const named = new Set(batches.flat().map((number) => `w-${number}`));
          for (const [wishId, stored] of records) {
            const times = fulfilled.filter(
              (event) => event.type === "WishFulfilled" && event.data.wishId === wishId,
            ).length;
            expect(times, wishId).toBe(named.has(wishId) ? 1 : 0);
            expect(asWish(stored.state).status, wishId).toBe(
              named.has(wishId) ? "fulfilled" : "claimed",
            );
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
