import {
  type Actor,
  type AggregateRecord,
  CommandId,
  type Decider,
  type DecisionContext,
  type DomainCommand,
  type DomainEvent,
  HOUR,
  handleCommand,
  type Instant,
  manualClock,
  newAggregateRecord,
  sequentialIds,
} from "@courier-station/core";
import { Either } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CatalogueItemEvent } from "../catalogue-items/events.js";
import { evolveCatalogueItem } from "../catalogue-items/evolve.js";
import { catalogueItemDecider } from "../catalogue-items/index.js";
import { type CatalogueItemState, initialCatalogueItemState } from "../catalogue-items/state.js";
import {
  catalogueItemCommandsFor,
  catalogueRedemptionCommandsFor,
  nextCatalogueRedemptionTimer,
  reservationCompensationFor,
} from "../flows.js";
import { holdOutcomeCommandFor, pointsCommandsFor } from "../points-commands.js";
import { itemCommand, listItem, redemptionCommand } from "../testing/catalogue.js";
import {
  activeCourier,
  COMMUNITY,
  courierActor,
  NOW,
  policyWith,
  STAFF,
  SYSTEM,
} from "../testing/fixtures.js";
import { type TestLedger, testLedger } from "../testing/points-ledger.js";
import type { CatalogueRedemptionCommand } from "./commands.js";
import type { CatalogueRedemptionEvent } from "./events.js";
import { evolveCatalogueRedemption } from "./evolve.js";
import { catalogueRedemptionDecider } from "./index.js";
import {
  type CatalogueRedemptionState,
  initialCatalogueRedemptionState,
  terminalCatalogueRedemptionStatuses,
} from "./state.js";

/*
 * Random days of the reward catalogue: couriers redeem units of one item, staff restock,
 * write off, withdraw and relist it, redemptions are picked up, cancelled or expire, and
 * the ledger's answers to holds come back late or twice. Everything runs through core's
 * `handleCommand` and the flows of this package, with the real points ledger of
 * @courier-station/points; the invariants are checked after every step.
 */

const POLICY = policyWith({ wishes: { catalogue: { maxQuantityPerRedemption: 2 } } });
const COURIERS = ["c-1", "c-2", "c-3"] as const;
const REDEMPTIONS = ["r-1", "r-2", "r-3", "r-4", "r-5", "r-6"] as const;

const courier = fc.constantFrom(...COURIERS);
const redemptionId = fc.constantFrom(...REDEMPTIONS);

const step = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("redeem" as const),
      courier,
      redemptionId,
      quantity: fc.constantFrom(1, 1, 2, 3),
      staleExtra: fc.constantFrom(0, 0, 0, 1_000),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("restock" as const),
      quantity: fc.integer({ min: 1, max: 3 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("write-off" as const),
      quantity: fc.integer({ min: 1, max: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom("withdraw" as const, "relist") }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("hand-over" as const),
      redemptionId,
      by: fc.constantFrom<"owner" | "staff" | "other">("owner", "staff", "other"),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("cancel" as const),
      redemptionId,
      by: fc.constantFrom<"owner" | "staff" | "other">("owner", "staff", "other"),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant("deliver" as const), again: fc.boolean() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("advance" as const),
      hours: fc.constantFrom(1, 24 * 3, 24 * 15),
    }),
  },
);

/** One step of a run. */
type Step = typeof step extends fc.Arbitrary<infer Value> ? Value : never;

interface Report {
  readonly command: CatalogueRedemptionCommand;
  readonly redemptionId: string;
}

const worldOf = (stock: number, points: ReadonlyArray<number>) => {
  const clock = manualClock(NOW);
  const ids = sequentialIds("evt");
  const ledger: TestLedger = testLedger(POLICY);
  COURIERS.forEach((courierId, index) => {
    const granted = points[index] ?? 0;
    if (granted > 0) ledger.grant(courierId, granted, clock.now());
  });
  let item: AggregateRecord<CatalogueItemState> = newAggregateRecord(
    catalogueItemDecider,
    COMMUNITY,
    "raincoat",
  );
  const redemptions = new Map<string, AggregateRecord<CatalogueRedemptionState>>();
  const refusedHolds = new Set<string>();
  /** Every event of each aggregate, by stream, to replay from JSON. */
  const streams = new Map<string, Array<{ type: string; data: unknown }>>();
  const reports: Report[] = [];
  const delivered: Report[] = [];
  let commands = 0;

  /** Runs a command through `handleCommand`; the new events, or undefined when refused. */
  const run = <Command extends DomainCommand, State, Event extends DomainEvent, Context>(
    decider: Decider<Command, State, Event, unknown, Context & DecisionContext>,
    record: AggregateRecord<State>,
    command: Command,
    actor: Actor,
    facts: Omit<Context, keyof DecisionContext>,
  ): { record: AggregateRecord<State>; events: Event[] } | undefined => {
    commands += 1;
    const outcome = handleCommand(
      decider,
      record,
      { commandId: CommandId.parse(`cmd-${commands}`), community: COMMUNITY, actor, command },
      { clock, ids, facts: facts as Omit<Context & DecisionContext, keyof DecisionContext> },
    );
    if (Either.isLeft(outcome)) {
      const error = outcome.left as { code: string; text: { "zh-CN": string; en: string } };
      expect(error.text["zh-CN"].length).toBeGreaterThan(0);
      expect(error.text.en.length).toBeGreaterThan(0);
      return undefined;
    }
    const events =
      outcome.right.kind === "applied"
        ? outcome.right.events.map((envelope) => ({ type: envelope.type, data: envelope.data }))
        : [];
    const stream = streams.get(`${record.aggregate}/${record.id}`) ?? [];
    stream.push(...events);
    streams.set(`${record.aggregate}/${record.id}`, stream);
    return { record: outcome.right.record, events: events as Event[] };
  };

  const itemFacts = (actor: Actor, staleExtra = 0) => ({
    policy: POLICY,
    ...(actor.role === "courier"
      ? {
          courier: activeCourier(actor.id),
          availablePoints: ledger.availableOf(actor.id) + staleExtra,
        }
      : {}),
  });

  const sendToItem = (command: ReturnType<typeof itemCommand>, actor: Actor, staleExtra = 0) => {
    const result = run(catalogueItemDecider, item, command, actor, itemFacts(actor, staleExtra));
    if (result === undefined) return false;
    item = result.record;
    for (const event of result.events) {
      if (event.type !== "CatalogueItemReserved") continue;
      for (const open of catalogueRedemptionCommandsFor(event)) {
        const opened = sendToRedemption(open, SYSTEM);
        if (!opened) sendToItem(reservationCompensationFor(event), SYSTEM);
      }
    }
    return true;
  };

  const sendToRedemption = (command: CatalogueRedemptionCommand, actor: Actor): boolean => {
    const id = command.data.redemptionId;
    const record =
      redemptions.get(id) ?? newAggregateRecord(catalogueRedemptionDecider, COMMUNITY, id);
    const result = run(catalogueRedemptionDecider, record, command, actor, { policy: POLICY });
    if (result === undefined) return false;
    redemptions.set(id, result.record);
    for (const event of result.events as CatalogueRedemptionEvent[]) {
      for (const pointsCommand of pointsCommandsFor(event)) {
        const answer = ledger.apply(pointsCommand, clock.now());
        if (event.type === "CatalogueRedemptionOpened") {
          if (!answer.ok) refusedHolds.add(event.data.hold.transferId);
          reports.push({ command: holdOutcomeCommandFor(event, answer), redemptionId: id });
        } else if (!answer.ok) {
          // Only a void of a hold the ledger refused to create finds nothing to void.
          expect(pointsCommand.type).toBe("VoidPendingTransfer");
          expect(answer.code).toBe("points.pending_transfer_not_found");
        }
      }
      for (const itemCommandOfEvent of catalogueItemCommandsFor(event)) {
        // The item always takes back or completes what it reserved.
        expect(sendToItem(itemCommandOfEvent, SYSTEM)).toBe(true);
      }
    }
    return true;
  };

  const actorFor = (id: string, by: "owner" | "staff" | "other"): Actor => {
    if (by === "staff") return STAFF;
    const state = redemptions.get(id)?.state;
    const owner = state === undefined || state.status === "none" ? "c-1" : state.courierId;
    return courierActor(by === "owner" ? owner : owner === "c-1" ? "c-2" : "c-1");
  };

  const fireTimersUntil = (until: Instant) => {
    for (const [id, record] of [...redemptions.entries()].sort()) {
      const timer = nextCatalogueRedemptionTimer(record.state);
      if (timer === undefined || timer.at > until) continue;
      if (timer.at > clock.now()) clock.set(timer.at);
      expect(sendToRedemption(timer.command, SYSTEM), `the timer of ${id}`).toBe(true);
    }
  };

  const later = (hours: number): Instant =>
    new Date(Date.parse(clock.now()) + hours * HOUR).toISOString() as Instant;

  sendToItem(listItem({ stock, pointsPrice: 200 }), STAFF);

  return {
    ledger,
    item: () => item.state,
    redemptions: () => [...redemptions.values()].map((record) => record.state),
    /** Each aggregate's state replayed from its events read back from JSON. */
    replayed: () => ({
      item: (
        JSON.parse(
          JSON.stringify(streams.get("catalogueItem/raincoat") ?? []),
        ) as CatalogueItemEvent[]
      ).reduce(evolveCatalogueItem, initialCatalogueItemState()),
      redemptions: [...redemptions.keys()].map((id) =>
        (
          JSON.parse(
            JSON.stringify(streams.get(`catalogueRedemption/${id}`) ?? []),
          ) as CatalogueRedemptionEvent[]
        ).reduce(evolveCatalogueRedemption, initialCatalogueRedemptionState()),
      ),
    }),
    refusedHolds: () => refusedHolds,
    step: (action: Step) => {
      switch (action.kind) {
        case "redeem":
          sendToItem(
            itemCommand({
              type: "RedeemCatalogueItem",
              data: {
                itemId: "raincoat",
                redemptionId: action.redemptionId,
                quantity: action.quantity,
              },
            }),
            courierActor(action.courier),
            action.staleExtra,
          );
          return;
        case "restock":
          sendToItem(
            itemCommand({
              type: "RestockCatalogueItem",
              data: { itemId: "raincoat", quantity: action.quantity },
            }),
            STAFF,
          );
          return;
        case "write-off":
          sendToItem(
            itemCommand({
              type: "WriteOffCatalogueStock",
              data: { itemId: "raincoat", quantity: action.quantity, reason: "破损" },
            }),
            STAFF,
          );
          return;
        case "withdraw":
        case "relist":
          sendToItem(
            itemCommand({
              type: action.kind === "withdraw" ? "WithdrawCatalogueItem" : "RelistCatalogueItem",
              data: { itemId: "raincoat" },
            }),
            STAFF,
          );
          return;
        case "hand-over":
        case "cancel":
          sendToRedemption(
            redemptionCommand({
              type:
                action.kind === "hand-over"
                  ? "HandOverCatalogueRedemption"
                  : "CancelCatalogueRedemption",
              data: { redemptionId: action.redemptionId },
            }),
            actorFor(action.redemptionId, action.by),
          );
          return;
        case "deliver": {
          const report = action.again ? delivered.at(-1) : reports.shift();
          if (report === undefined) return;
          if (!action.again) delivered.push(report);
          sendToRedemption(report.command, SYSTEM);
          return;
        }
        case "advance": {
          const until = later(action.hours);
          fireTimersUntil(until);
          clock.set(until);
          return;
        }
      }
    },
    settle: () => {
      for (let report = reports.shift(); report !== undefined; report = reports.shift()) {
        sendToRedemption(report.command, SYSTEM);
      }
      const until = later(24 * 400);
      fireTimersUntil(until);
      clock.set(until);
    },
  };
};

type World = ReturnType<typeof worldOf>;

const checkInvariants = (world: World): void => {
  const item = world.item();
  // Evolve accepts every event sequence decide produced, read back from JSON too.
  expect(world.replayed()).toEqual({ item, redemptions: world.redemptions() });
  if (item.status === "none") throw new Error("the item was listed");
  // Stock never goes below zero, and every unit is accounted for.
  expect(item.stock).toBeGreaterThanOrEqual(0);
  expect(item.reserved).toBeGreaterThanOrEqual(0);
  expect(item.received).toBe(item.stock + item.reserved + item.handedOver + item.writtenOff);
  const redemptions = world
    .redemptions()
    .flatMap((state) => (state.status === "none" ? [] : [state]));
  const open = redemptions.filter(
    (redemption) => !terminalCatalogueRedemptionStatuses.includes(redemption.status),
  );
  expect(item.reserved).toBe(open.reduce((sum, redemption) => sum + redemption.quantity, 0));
  expect(item.handedOver).toBe(
    redemptions
      .filter((redemption) => redemption.status === "fulfilled")
      .reduce((sum, redemption) => sum + redemption.quantity, 0),
  );
  for (const courierId of COURIERS) {
    expect(world.ledger.availableOf(courierId)).toBeGreaterThanOrEqual(0);
  }
  for (const redemption of redemptions) {
    const holdId = redemption.hold.transferId;
    const standing = world.ledger.standingOf(holdId);
    const asked = world.ledger.resolutionsAsked(holdId);
    expect(asked.posts + asked.voids).toBeLessThanOrEqual(1);
    const refused = world.refusedHolds().has(holdId);
    expect(standing === "absent").toBe(refused);
    switch (redemption.status) {
      case "fulfilled":
        expect(standing).toBe("posted");
        break;
      case "cancelled":
      case "expired":
        expect(standing).toBe(refused ? "absent" : "voided");
        break;
      case "failed":
        expect(standing).toBe("absent");
        break;
      case "ready":
        expect(standing).toBe("pending");
        break;
      case "requested":
        expect(standing).toBe(refused ? "absent" : "pending");
        break;
    }
  }
};

describe("the reward catalogue's random days against the real points ledger", () => {
  it("never lets stock go below zero, and posts or voids every redemption's hold once it ends", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4 }),
        fc.array(fc.constantFrom(0, 300, 1_000), { minLength: 3, maxLength: 3 }),
        fc.array(step, { minLength: 5, maxLength: 40, size: "max" }),
        (stock, points, steps) => {
          const world = worldOf(stock, points);
          checkInvariants(world);
          for (const action of steps) {
            world.step(action);
            checkInvariants(world);
          }
          world.settle();
          checkInvariants(world);
          // At rest, nothing is reserved and every redemption has ended.
          const item = world.item();
          expect(item.status !== "none" && item.reserved).toBe(0);
          for (const redemption of world.redemptions()) {
            if (redemption.status === "none") continue;
            expect(terminalCatalogueRedemptionStatuses).toContain(redemption.status);
          }
        },
      ),
      { numRuns: 300 },
    );
  }, 60_000);
});
