import {
  type Actor,
  type AggregateRecord,
  type CommandEnvelope,
  CommandId,
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
import { nextWishTimer } from "../flows.js";
import { holdOutcomeCommandFor, pointsCommandsFor } from "../points-commands.js";
import {
  activeCourier,
  activeSponsor,
  COMMUNITY,
  courierActor,
  NOW,
  policyWith,
  STAFF,
  SYSTEM,
  sponsorActor,
  staffActor,
  wishCommand,
} from "../testing/fixtures.js";
import { type TestLedger, testLedger } from "../testing/points-ledger.js";
import type { WishCommand } from "./commands.js";
import { type WishEvent, WishEvent as WishEventSchema } from "./events.js";
import { evolveWish } from "./evolve.js";
import { wishDecider } from "./index.js";
import { initialWishState, terminalWishStatuses, type WishState } from "./state.js";

/*
 * Random lifecycles of one wish, run the way the services run them: every command through
 * core's `handleCommand` (permissions, idempotency by command id), every event's points
 * commands applied to the real points ledger of @courier-station/points, the ledger's
 * answer to a hold reported back (sometimes late, sometimes twice), and the timers fired
 * when time passes them. The invariants are checked after every step.
 */

const POLICY = policyWith({ wishes: { moderatorIds: ["s-1"] } });
const WISH_HOLD_PREFIX = "wish-w-1-hold-";

const actorPool: Readonly<Record<string, Actor>> = {
  "c-1": courierActor("c-1"),
  "c-2": courierActor("c-2"),
  "s-1": STAFF,
  "s-2": staffActor("s-2"),
  "sp-a": sponsorActor("sp-a"),
  "sp-b": sponsorActor("sp-b"),
  system: SYSTEM,
};
type ActorName = keyof typeof actorPool;

const actorOf = (...names: ReadonlyArray<ActorName>) =>
  fc.constantFrom(...names).map((name) => actorPool[name] as Actor);

const note = fc.option(fc.constantFrom("好的", "谢谢"), { nil: undefined });

const content = fc.record({
  title: fc.constantFrom("蓝牙耳机", "充电宝", "儿童自行车"),
  category: fc.constantFrom("work-equipment", "family-and-children"),
  estimatedValueFen: fc.constantFrom(8_000, 15_000),
  funding: fc.constantFrom(
    { mode: "sponsor" },
    { mode: "points" },
    { mode: "either" },
    { mode: "both", pointsShareFen: 5_000 },
  ),
});

const wishStep = (
  type: string,
  actor: fc.Arbitrary<Actor>,
  data: fc.Arbitrary<Record<string, unknown>> = fc.constant({}),
) =>
  fc.record({
    kind: fc.constant("command" as const),
    actor,
    type: fc.constant(type),
    data,
    staleExtra: fc.constantFrom<number>(0, 0, 0, 2_000),
  });

const often = <Value>(arbitrary: fc.Arbitrary<Value>) => ({ weight: 3, arbitrary });
const rarely = <Value>(arbitrary: fc.Arbitrary<Value>) => ({ weight: 1, arbitrary });

/**
 * A command with who sends it (now and then someone who may not); `staleExtra` makes the
 * service's points fact out of date, so the ledger is the one to refuse the hold. The
 * steps that move a published wish on come more often than those that end it.
 */
const commandStep = fc.oneof(
  rarely(
    wishStep(
      "DraftWish",
      actorOf("c-1", "c-1", "c-2"),
      content.map((data) => ({ ...data, stationId: "wanda" })),
    ),
  ),
  rarely(wishStep("ReviseWish", actorOf("c-1"), content)),
  rarely(wishStep("SubmitWish", actorOf("c-1", "c-1", "c-2"))),
  rarely(wishStep("ApproveWish", actorOf("s-1", "s-1", "s-2"), fc.constant({ publish: true }))),
  rarely(wishStep("ApproveWish", actorOf("s-1"), fc.constant({ publish: false }))),
  rarely(wishStep("PublishWish", actorOf("s-1"))),
  rarely(wishStep("RejectWish", actorOf("s-1", "s-2"), fc.constant({ reason: "不符合规则" }))),
  often(
    wishStep(
      "ClaimWish",
      actorOf("sp-a", "sp-a", "sp-b"),
      note.map((value) => (value === undefined ? {} : { note: value })),
    ),
  ),
  rarely(wishStep("FundWishFromDonations", actorOf("s-1", "s-2"))),
  often(wishStep("RedeemWish", actorOf("c-1", "c-1", "c-1", "c-2"))),
  rarely(wishStep("ReleaseWishClaim", actorOf("sp-a", "sp-b", "c-1", "s-1", "system"))),
  often(wishStep("ConfirmWishFulfilled", actorOf("s-1", "c-1", "c-1", "c-2", "sp-a", "sp-b"))),
  rarely(wishStep("ThankWishSponsor", actorOf("c-1"), fc.record({ public: fc.boolean() }))),
  rarely(wishStep("CancelWish", actorOf("c-1", "c-2"))),
  rarely(wishStep("ExpireWish", actorOf("system"))),
  rarely(wishStep("AgreeToShareContact", actorOf("c-1", "sp-a", "sp-b"))),
);

const step = fc.oneof(
  { weight: 10, arbitrary: commandStep },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("advance" as const),
      hours: fc.constantFrom(1, 12, 24 * 5, 24 * 15, 24 * 40),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("deliver" as const), again: fc.boolean() }),
  },
);

/** One step of a run. */
type Step = typeof step extends fc.Arbitrary<infer Value> ? Value : never;

/**
 * How a run opens: most runs start with a published wish (drafted, submitted and approved
 * by c-1 and s-1), so that they spend their steps on funding, hand-over and undoing.
 */
const opening = fc.oneof(
  { weight: 1, arbitrary: fc.constant([] as Array<Step>) },
  {
    weight: 6,
    arbitrary: content.map((data): Array<Step> => {
      const as = (actor: Actor, type: string, stepData: Record<string, unknown> = {}) => ({
        kind: "command" as const,
        actor,
        type,
        data: stepData,
        staleExtra: 0,
      });
      return [
        as(courierActor("c-1"), "DraftWish", { ...data, stationId: "wanda" }),
        as(courierActor("c-1"), "SubmitWish"),
        as(STAFF, "ApproveWish", { publish: true }),
      ];
    }),
  },
);

interface PendingReport {
  readonly command: WishCommand;
  readonly transferId: string;
}

/** The world of one run: the wish's record, the ledger, the clock and the flows. */
const worldOf = (grantedPoints: number) => {
  const clock = manualClock(NOW);
  const ids = sequentialIds("evt");
  const ledger: TestLedger = testLedger(POLICY);
  if (grantedPoints > 0) ledger.grant("c-1", grantedPoints, clock.now());
  let record: AggregateRecord<WishState> = newAggregateRecord(wishDecider, COMMUNITY, "w-1");
  const events: WishEvent[] = [];
  const applied: Array<CommandEnvelope<WishCommand>> = [];
  const reports: PendingReport[] = [];
  const delivered: PendingReport[] = [];
  let commands = 0;

  const factsFor = (actor: Actor, staleExtra: number) => ({
    policy: POLICY,
    ...(actor.role === "courier"
      ? {
          courier: activeCourier(actor.id),
          openWishCount: 0,
          availablePoints: ledger.availableOf(actor.id) + staleExtra,
        }
      : {}),
    ...(actor.role === "sponsor" ? { sponsor: activeSponsor(actor.id) } : {}),
  });

  /** Sends a command as a service would; follows its events into the ledger. */
  const send = (command: WishCommand, actor: Actor, staleExtra = 0, commandId?: string) => {
    commands += 1;
    const envelope: CommandEnvelope<WishCommand> = {
      commandId: CommandId.parse(commandId ?? `cmd-${commands}`),
      community: COMMUNITY,
      actor,
      command,
    };
    const outcome = handleCommand(wishDecider, record, envelope, {
      clock,
      ids,
      facts: factsFor(actor, staleExtra),
    });
    if (Either.isLeft(outcome)) {
      // A refusal changes nothing and says why in both languages.
      const error = outcome.left as { code: string; text: { "zh-CN": string; en: string } };
      expect(error.code).toMatch(/^[a-z_]+\.[a-z_]+$/);
      expect(error.text["zh-CN"].length).toBeGreaterThan(0);
      expect(error.text.en.length).toBeGreaterThan(0);
      return;
    }
    if (outcome.right.kind !== "applied") return;
    const before = record;
    record = outcome.right.record;
    // Sent again with the same command id: nothing changes.
    const again = handleCommand(wishDecider, record, envelope, {
      clock,
      ids,
      facts: factsFor(actor, staleExtra),
    });
    // A no-op (no events) is remembered too, so it is a duplicate as well.
    expect(Either.isRight(again) && again.right.kind).toBe("duplicate");
    expect(Either.isRight(again) && again.right.record).toBe(record);
    applied.push(envelope);
    if (outcome.right.events.length === 0) {
      // A no-op adds its receipt only: state and version stay.
      expect(record.state).toBe(before.state);
      expect(record.version).toBe(before.version);
    }
    for (const envelopeOfEvent of outcome.right.events) {
      const event = { type: envelopeOfEvent.type, data: envelopeOfEvent.data } as WishEvent;
      // Every event decide produces is one the schema accepts as it is.
      expect(WishEventSchema.parse(event)).toEqual(event);
      events.push(event);
      for (const pointsCommand of pointsCommandsFor(event)) {
        const answer = ledger.apply(pointsCommand, clock.now());
        if (event.type === "WishRedeemed") {
          reports.push({
            command: holdOutcomeCommandFor(event, answer),
            transferId: event.data.hold.transferId,
          });
        } else if (!answer.ok) {
          // Only a void of a hold the ledger refused to create (the report of the refusal
          // not delivered yet) finds nothing to void; every other post and void is accepted.
          if (pointsCommand.type !== "VoidPendingTransfer") throw new Error(answer.code);
          expect(answer.code).toBe("points.pending_transfer_not_found");
          expect(ledger.standingOf(pointsCommand.data.pendingTransferId)).toBe("absent");
        }
      }
    }
  };

  const fireTimersUntil = (until: Instant) => {
    for (let fired = 0; fired < 10; fired++) {
      const timer = nextWishTimer(record.state);
      if (timer === undefined || timer.at > until) return;
      if (timer.at > clock.now()) clock.set(timer.at);
      const versionBefore = record.version;
      send(timer.command, SYSTEM, 0, `timer-${timer.command.type}-${Date.parse(timer.at)}`);
      if (record.version === versionBefore) return;
    }
  };

  return {
    ledger,
    events: () => events,
    record: () => record,
    applied: () => applied,
    run: (action: Step) => {
      switch (action.kind) {
        case "command": {
          const data = { wishId: "w-1", ...action.data };
          send(wishCommand({ type: action.type, data }), action.actor, action.staleExtra);
          return;
        }
        case "advance": {
          const until = new Date(Date.parse(clock.now()) + action.hours * HOUR).toISOString();
          fireTimersUntil(until as Instant);
          if (until > clock.now()) clock.set(until as Instant);
          return;
        }
        case "deliver": {
          const report = action.again ? delivered.at(-1) : reports.shift();
          if (report === undefined) return;
          if (!action.again) delivered.push(report);
          send(report.command, SYSTEM, 0, action.again ? undefined : `report-${report.transferId}`);
          return;
        }
      }
    },
    /** Delivers every report and lets time run out, so the wish comes to rest. */
    settle: () => {
      while (reports.length > 0) {
        const report = reports.shift() as PendingReport;
        send(report.command, SYSTEM, 0, `report-${report.transferId}`);
      }
      fireTimersUntil(new Date(Date.parse(clock.now()) + 400 * 24 * HOUR).toISOString() as Instant);
    },
  };
};

type World = ReturnType<typeof worldOf>;

const holdsOfTheWish = (ledger: TestLedger): ReadonlyArray<string> =>
  ledger.holdsAsked().filter((id) => id.startsWith(WISH_HOLD_PREFIX));

/** The invariants of a wish and its holds, checked after every step. */
const checkInvariants = (world: World): void => {
  const state = world.record().state;
  const ledger = world.ledger;
  const fulfilments = world.events().filter((event) => event.type === "WishFulfilled");
  expect(fulfilments.length).toBeLessThanOrEqual(1);
  // A sponsor marks a hand-over only of a wish their own pledge funds.
  for (const event of fulfilments) {
    if (event.type !== "WishFulfilled" || event.data.by.role !== "sponsor") continue;
    expect(event.data.funder).toEqual({ kind: "sponsor", sponsorId: event.data.by.id });
  }
  expect(ledger.availableOf("c-1")).toBeGreaterThanOrEqual(0);
  const current = state.status === "none" ? undefined : state.redemption?.hold.transferId;
  for (const holdId of holdsOfTheWish(ledger)) {
    const asked = ledger.resolutionsAsked(holdId);
    // Never both posted and voided, and each asked at most once.
    expect(asked.posts + asked.voids).toBeLessThanOrEqual(1);
    const standing = ledger.standingOf(holdId);
    expect(standing).not.toBe("expired");
    if (state.status !== "none" && terminalWishStatuses.includes(state.status)) {
      // At rest: posted or voided (or never created, when the ledger refused it).
      expect(["absent", "posted", "voided"]).toContain(standing);
      if (holdId === current && (state.status === "fulfilled" || state.status === "thanked")) {
        expect(standing).toBe("posted");
      }
    } else if (holdId !== current) {
      expect(standing).not.toBe("pending");
    }
  }
  // Every event sequence decide produced is one evolve accepts, read back from JSON too.
  const replayed = (JSON.parse(JSON.stringify(world.events())) as WishEvent[]).reduce(
    evolveWish,
    initialWishState(),
  );
  expect(replayed).toEqual(state);
};

describe("a wish's random lifecycle against the real points ledger", () => {
  it("is never fulfilled twice, and its holds are posted or voided once it is at rest", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0, 800, 3_000, 3_000),
        opening,
        fc.array(step, { minLength: 5, maxLength: 40, size: "max" }),
        (granted, start, steps) => {
          const world = worldOf(granted);
          for (const action of [...start, ...steps]) {
            world.run(action);
            checkInvariants(world);
          }
          world.settle();
          checkInvariants(world);
          const state = world.record().state;
          // Left alone long enough, every wish that was published comes to rest.
          if (state.status !== "none" && state.publishedAt !== undefined) {
            expect([...terminalWishStatuses, "claimed", "redeemed", "published"]).toContain(
              state.status,
            );
            if (state.status === "published") expect(state.pledge).toBeUndefined();
          }
          for (const holdId of holdsOfTheWish(world.ledger)) {
            const standing = world.ledger.standingOf(holdId);
            if (state.status !== "none" && terminalWishStatuses.includes(state.status)) {
              expect(standing).not.toBe("pending");
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  }, 60_000);

  it("replays every accepted command id as a duplicate that changes nothing", () => {
    fc.assert(
      fc.property(
        opening,
        fc.array(step, { maxLength: 30, size: "max" }),
        fc.nat(),
        (start, steps, pick) => {
          const world = worldOf(3_000);
          for (const action of [...start, ...steps]) world.run(action);
          const applied = world.applied();
          fc.pre(applied.length > 0);
          const envelope = applied[pick % applied.length] as CommandEnvelope<WishCommand>;
          const record = world.record();
          const outcome = handleCommand(wishDecider, record, envelope, {
            clock: manualClock(NOW),
            ids: sequentialIds("replay"),
            facts: { policy: POLICY },
          });
          expect(Either.isRight(outcome) && outcome.right.kind).toBe("duplicate");
          expect(Either.isRight(outcome) && outcome.right.record).toBe(record);
          // The same id with a different body is a conflict, never a second effect.
          const changed = handleCommand(
            wishDecider,
            record,
            { ...envelope, actor: actorPool["s-2"] as Actor, command: envelope.command },
            { clock: manualClock(NOW), ids: sequentialIds("replay"), facts: { policy: POLICY } },
          );
          if (Either.isLeft(changed)) {
            expect(["command.id_conflict", "access.forbidden"]).toContain(changed.left.code);
          }
        },
      ),
      { numRuns: 150 },
    );
  }, 60_000);
});
