import { Either } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CourierFacts } from "../couriers/facts.js";
import type { Actor } from "../kernel/actors.js";
import {
  type AggregateRecord,
  handleCommand,
  newAggregateRecord,
} from "../kernel/command-handling.js";
import { replay } from "../kernel/decider.js";
import type { CommandEnvelope } from "../kernel/envelope.js";
import { CommandId, sequentialIds } from "../kernel/ids.js";
import { addMillis, type Instant, MINUTE, manualClock } from "../kernel/time.js";
import { jinshanPolicy } from "../policy/schema.js";
import type { ActivityCommand } from "./commands.js";
import { ActivityEvent } from "./events.js";
import { activityDecider } from "./index.js";
import { type ActivityState, finalActivityStatuses, isActivityPlanned } from "./state.js";
import {
  ACTIVITY,
  at,
  COMMUNITY,
  commands,
  courier,
  courierActor,
  ENDS_AT,
  factsOf,
  PLANNED_AT,
  STAFF,
  STARTS_AT,
} from "./testing/fixtures.js";

const COURIERS = ["alice", "bob", "carol", "dave", "erin"] as const;
const CODES = ["1111", "2222", "3333"] as const;
const TIMES: ReadonlyArray<Instant> = [
  PLANNED_AT,
  at("2026-12-03 10:00"),
  addMillis(STARTS_AT, -40 * MINUTE),
  addMillis(STARTS_AT, -10 * MINUTE),
  at("2026-12-05 14:30"),
  at("2026-12-05 15:40"),
  ENDS_AT,
  addMillis(ENDS_AT, 20 * MINUTE),
  addMillis(ENDS_AT, 3 * 60 * MINUTE),
];

const courierName = fc.constantFrom(...COURIERS);
const courierList = fc.uniqueArray(courierName, { minLength: 1, maxLength: 4 });

const commandArbitrary: fc.Arbitrary<ActivityCommand> = fc.oneof(
  fc
    .record({
      capacity: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
      signUpRequired: fc.boolean(),
      kind: fc.constantFrom(
        "volunteering",
        "learning-session",
        "community-event",
        "merchant-event",
      ),
      volunteerHours: fc.integer({ min: 0, max: 400 }).map((hundredths) => hundredths / 100),
      pointsOverride: fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined }),
    })
    .map((details) =>
      commands.plan(
        Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined)),
      ),
    ),
  fc
    .oneof(
      fc.record({ capacity: fc.integer({ min: 1, max: 5 }) }),
      fc.record({ title: fc.constantFrom("护河", "学习会") }),
      fc.record({ kind: fc.constantFrom("volunteering", "learning-session") }),
      fc.record({ endsAt: fc.constantFrom(ENDS_AT, at("2026-12-05 17:30")) }),
    )
    .map(
      (changes): ActivityCommand => ({
        type: "UpdateActivityDetails",
        data: { activityId: ACTIVITY, changes },
      }),
    ),
  fc.constant(commands.publish()),
  fc.constantFrom(...CODES).map((code) => commands.start(code)),
  fc.constantFrom(...CODES).map(
    (code): ActivityCommand => ({
      type: "RotateCheckInCode",
      data: { activityId: ACTIVITY, checkInCode: code },
    }),
  ),
  fc.constant(commands.cancel()),
  fc.option(fc.tuple(courierName, fc.integer({ min: 0, max: 300 })), { nil: undefined }).map(
    (adjustment): ActivityCommand => ({
      type: "CompleteActivity",
      data: {
        activityId: ACTIVITY,
        ...(adjustment === undefined
          ? {}
          : {
              hoursAdjustments: [{ courierId: courier(adjustment[0]), hours: adjustment[1] / 100 }],
            }),
      },
    }),
  ),
  courierName.map(commands.signUp),
  courierName.map(commands.signUp),
  courierName.map(commands.cancelSignUp),
  fc.tuple(courierName, fc.constantFrom(...CODES)).map(([id, code]) => commands.checkIn(id, code)),
  fc.tuple(courierName, fc.constantFrom(...CODES)).map(([id, code]) => commands.checkIn(id, code)),
  courierName.map(commands.checkOut),
  courierList.map((ids) => commands.walkIns(...ids)),
  courierList.map((ids) => commands.confirm(...ids)),
  courierList.map((ids) => commands.noShows(...ids)),
);

const factsArbitrary: fc.Arbitrary<CourierFacts[]> = fc.tuple(
  ...COURIERS.map((id) =>
    fc
      .record({
        status: fc.constantFrom("active", "active", "active", "suspended", "registered"),
        volunteerTeamMember: fc.boolean(),
        paused: fc.boolean(),
      })
      .map(({ status, volunteerTeamMember, paused }) =>
        factsOf(id, {
          status: status as CourierFacts["status"],
          volunteerTeamMember,
          ...(paused ? { signUpsPausedUntil: at("2026-12-04 00:00") } : {}),
        }),
      ),
  ),
);

/** Who sends a step: staff, the courier the command is about, or another courier. */
const actorOf = (command: ActivityCommand, who: number): Actor => {
  const own = "courierId" in command.data ? command.data.courierId : undefined;
  if (who === 0 || own === undefined) return STAFF;
  return courierActor(who === 1 ? own : "erin");
};

type Step = { readonly command: ActivityCommand; readonly time: number; readonly who: number };

/** Steps of one phase of an activity's life, at the phase's times, in time order. */
const phase = (
  command: fc.Arbitrary<ActivityCommand>,
  times: ReadonlyArray<number>,
  maxLength = 12,
): fc.Arbitrary<Step[]> =>
  fc
    .array(
      fc.record({
        command,
        time: fc.constantFrom(...times),
        // Mostly the courier concerned, sometimes staff, sometimes another courier.
        who: fc.constantFrom(0, 1, 1, 1, 2),
      }),
      { maxLength },
    )
    .map((steps) => [...steps].sort((a, b) => a.time - b.time));

const staffStep = (command: fc.Arbitrary<ActivityCommand>, time: number): fc.Arbitrary<Step[]> =>
  fc
    .option(command, { freq: 8, nil: undefined })
    .map((chosen) => (chosen === undefined ? [] : [{ command: chosen, time, who: 0 }]));

// The life of an activity: planned and published, sign-ups, the start, the activity
// itself, its end, and whatever is sent afterwards. Each phase also sends anything at
// all, so out-of-order commands are tried too.
const scenario = fc.record({
  facts: factsArbitrary,
  steps: fc
    .tuple(
      staffStep(
        commandArbitrary.filter((command) => command.type === "PlanActivity"),
        0,
      ),
      staffStep(fc.constant(commands.publish()), 0),
      phase(
        fc.oneof(
          { weight: 4, arbitrary: courierName.map(commands.signUp) },
          { weight: 1, arbitrary: courierName.map(commands.cancelSignUp) },
          { weight: 1, arbitrary: commandArbitrary },
        ),
        [0, 1],
      ),
      staffStep(fc.constant(commands.start(CODES[0])), 3),
      phase(
        fc.oneof(
          { weight: 4, arbitrary: courierName.map((id) => commands.checkIn(id, CODES[0])) },
          { weight: 1, arbitrary: courierList.map((ids) => commands.walkIns(...ids)) },
          { weight: 1, arbitrary: courierList.map((ids) => commands.confirm(...ids)) },
          { weight: 1, arbitrary: courierList.map((ids) => commands.noShows(...ids)) },
          { weight: 1, arbitrary: courierName.map(commands.checkOut) },
          { weight: 2, arbitrary: commandArbitrary },
        ),
        [3, 4, 5],
        16,
      ),
      staffStep(
        fc.oneof(
          {
            weight: 4,
            arbitrary: commandArbitrary.filter((command) => command.type === "CompleteActivity"),
          },
          { weight: 1, arbitrary: fc.constant(commands.cancel()) },
        ),
        6,
      ),
      phase(commandArbitrary, [6, 7, 8], 8),
    )
    .map((phases) => phases.flat()),
});

const isTwoDecimals = (hours: number) => Math.abs(hours * 100 - Math.round(hours * 100)) < 1e-9;

describe("activity lifecycle properties", () => {
  it("every sequence of decisions evolves, keeps its invariants and replays nothing twice", () => {
    fc.assert(
      fc.property(scenario, ({ facts, steps }) => {
        const clock = manualClock(PLANNED_AT);
        const runtime = {
          clock,
          ids: sequentialIds("evt"),
          facts: { policy: jinshanPolicy(), couriers: facts },
        };
        let record: AggregateRecord<ActivityState> = newAggregateRecord(
          activityDecider,
          COMMUNITY,
          ACTIVITY,
        );
        const history: ActivityEvent[] = [];
        const confirmedCouriers = new Set<string>();
        const accepted: Array<CommandEnvelope<ActivityCommand>> = [];
        steps.forEach((step, index) => {
          clock.set(TIMES[step.time] ?? PLANNED_AT);
          const wasFinal = finalActivityStatuses.includes(record.state.status as never);
          const envelope: CommandEnvelope<ActivityCommand> = {
            commandId: CommandId.parse(`cmd-${index}`),
            community: COMMUNITY,
            actor: actorOf(step.command, step.who),
            command: step.command,
          };
          const outcome = handleCommand(activityDecider, record, envelope, runtime);
          if (wasFinal) {
            // A completed or cancelled activity accepts nothing.
            expect(Either.isLeft(outcome)).toBe(true);
            return;
          }
          if (Either.isLeft(outcome)) {
            expect(outcome.left.text["zh-CN"].length).toBeGreaterThan(0);
            expect(outcome.left.text.en.length).toBeGreaterThan(0);
            return;
          }
          expect(outcome.right.kind).toBe("applied");
          if (outcome.right.kind !== "applied") return;
          for (const event of outcome.right.events) {
            const plain = { type: event.type, data: event.data } as ActivityEvent;
            // Every event decide produces satisfies its own schema, unchanged.
            expect(ActivityEvent.parse(plain)).toEqual(plain);
            history.push(plain);
            if (plain.type === "ParticipationConfirmed") {
              expect(plain.data.hours).toBeGreaterThanOrEqual(0);
              expect(isTwoDecimals(plain.data.hours)).toBe(true);
              expect(confirmedCouriers.has(plain.data.courierId)).toBe(false);
              confirmedCouriers.add(plain.data.courierId);
            }
            if (plain.type === "ActivityCompleted") {
              expect(plain.data.confirmed).toBe(confirmedCouriers.size);
            }
          }
          record = outcome.right.record;
          accepted.push(envelope);
          // The state is the replay of every event so far.
          expect(record.state).toEqual(replay(activityDecider, history));
          // Sending the same command again changes nothing.
          const again = handleCommand(activityDecider, record, envelope, runtime);
          expect(Either.isRight(again) && again.right.kind).toBe("duplicate");
          if (Either.isRight(again) && again.right.kind === "duplicate") {
            expect(again.right.record).toBe(record);
          }
          const state = record.state;
          if (!isActivityPlanned(state)) return;
          const couriers = state.participations.map((participation) => participation.courierId);
          expect(new Set(couriers).size).toBe(couriers.length);
          // Couriers take places by themselves only up to the capacity; staff's walk-ins may exceed it.
          const selfTaken = state.participations.filter(
            (participation) =>
              ["signed-up", "attended", "confirmed"].includes(participation.status) &&
              participation.attendance !== "walk-in",
          ).length;
          if (state.details.capacity !== undefined) {
            expect(selfTaken).toBeLessThanOrEqual(state.details.capacity);
          }
          if (state.status === "completed") {
            expect(
              state.participations.every((participation) =>
                ["cancelled", "no-show", "confirmed"].includes(participation.status),
              ),
            ).toBe(true);
          }
          if (state.status !== "started") expect(state.checkInCodes).toBeUndefined();
        });
        // Any accepted command sent again later, whatever was decided since, changes nothing.
        for (const envelope of accepted) {
          const later = handleCommand(activityDecider, record, envelope, runtime);
          expect(Either.isRight(later) && later.right.kind).toBe("duplicate");
          expect(Either.isRight(later) && later.right.record).toBe(record);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("a cancellation tells exactly the couriers who hold a place", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(courierName, { maxLength: 3 }),
        fc.uniqueArray(courierName),
        (signUps, cancels) => {
          let state = activityDecider.initialState();
          const context = (now: Instant, actor: Actor = STAFF) => ({
            now,
            actor,
            community: COMMUNITY,
            policy: jinshanPolicy(),
            couriers: COURIERS.map((id) => factsOf(id)),
          });
          const run = (command: ActivityCommand, now: Instant) => {
            const decision = activityDecider.decide(command, state, context(now));
            if (Either.isRight(decision))
              state = decision.right.reduce(activityDecider.evolve, state);
            return decision;
          };
          run(commands.plan(), PLANNED_AT);
          run(commands.publish(), PLANNED_AT);
          for (const id of signUps) run(commands.signUp(id), PLANNED_AT);
          for (const id of cancels) run(commands.cancelSignUp(id), PLANNED_AT);
          const decision = run(commands.cancel(), PLANNED_AT);
          const holding = signUps.filter((id) => !cancels.includes(id)).map(courier);
          const [event] = Either.getOrThrow(decision);
          expect(event?.type === "ActivityCancelled" && [...event.data.notify].sort()).toEqual(
            [...holding].sort(),
          );
        },
      ),
    );
  });
});
