import { Either } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AggregateRecord, CommandRuntime } from "../kernel/command-handling.js";
import { handleCommand, newAggregateRecord } from "../kernel/command-handling.js";
import { replay } from "../kernel/decider.js";
import type { CommandEnvelope } from "../kernel/envelope.js";
import { CommandId, sequentialIds } from "../kernel/ids.js";
import { addMillis, type Instant, MINUTE, manualClock, millisOf } from "../kernel/time.js";
import { jinshanPolicy } from "../policy/schema.js";
import type { PatrolCommand } from "./patrol/commands.js";
import type { PatrolDecisionContext } from "./patrol/decide.js";
import { PatrolEvent } from "./patrol/events.js";
import { patrolDecider } from "./patrol/index.js";
import type { PatrolState } from "./patrol/state.js";
import {
  CHECKPOINTS,
  COMMUNITY,
  checkIn,
  courierActor,
  factsOf,
  MORNING,
  near,
  patrolOf,
  routeFacts,
  STAFF,
} from "./testing/fixtures.js";

const policy = jinshanPolicy();
const interval = policy.activities.patrolCheckInIntervalMinutes * MINUTE;

const step = fc.record({
  // Minutes after 09:00, all within the local day.
  minutes: fc.integer({ min: 0, max: 14 * 60 }),
  checkpoint: fc.integer({ min: 0, max: CHECKPOINTS.length - 1 }),
  // Metres from the checkpoint: mostly inside the radius, sometimes outside.
  metres: fc.integer({ min: 0, max: 90 }),
  required: fc.integer({ min: 1, max: CHECKPOINTS.length }),
  routeStatus: fc.constantFrom("active", "active", "active", "active", "suspended"),
  byStaff: fc.boolean(),
});

describe("patrol properties", () => {
  it("check-ins keep the rules whatever their order, place and time", () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 30 }), (raw) => {
        const steps = [...raw].sort((a, b) => a.minutes - b.minutes);
        const clock = manualClock(MORNING);
        const ids = sequentialIds("evt");
        let record: AggregateRecord<PatrolState> = newAggregateRecord(
          patrolDecider,
          COMMUNITY,
          patrolOf("alice", MORNING),
        );
        const history: PatrolEvent[] = [];
        const lastVisit = new Map<string, Instant>();
        let completions = 0;
        const accepted: Array<
          readonly [CommandEnvelope<PatrolCommand>, CommandRuntime<PatrolDecisionContext>]
        > = [];
        steps.forEach((entry, index) => {
          const now = addMillis(MORNING, entry.minutes * MINUTE);
          clock.set(now);
          const route = routeFacts({
            requiredCheckpoints: entry.required,
            status: entry.routeStatus as "active" | "suspended",
          });
          const envelope = {
            commandId: CommandId.parse(`cmd-${index}`),
            community: COMMUNITY,
            actor: entry.byStaff ? STAFF : courierActor("alice"),
            command: checkIn("alice", now, entry.checkpoint, near(entry.checkpoint, entry.metres)),
          };
          const runtime = { clock, ids, facts: { policy, route, courier: factsOf("alice") } };
          const outcome = handleCommand(patrolDecider, record, envelope, runtime);
          if (Either.isLeft(outcome)) {
            expect(outcome.left.text["zh-CN"].length).toBeGreaterThan(0);
            expect(outcome.left.text.en.length).toBeGreaterThan(0);
            return;
          }
          if (outcome.right.kind !== "applied")
            throw new Error("a new command id is never a duplicate");
          expect(entry.byStaff).toBe(false);
          expect(entry.routeStatus).toBe("active");
          for (const event of outcome.right.events) {
            const plain = { type: event.type, data: event.data } as PatrolEvent;
            expect(PatrolEvent.parse(plain)).toEqual(plain);
            history.push(plain);
            if (plain.type === "CheckpointVisited") {
              const checkpoint = CHECKPOINTS.find(
                (candidate) => candidate.checkpointId === plain.data.checkpointId,
              );
              expect(plain.data.distanceMetres).toBeLessThanOrEqual(checkpoint?.radiusMetres ?? -1);
              const previous = lastVisit.get(plain.data.checkpointId);
              if (previous !== undefined) {
                expect(millisOf(plain.data.visitedAt) - millisOf(previous)).toBeGreaterThanOrEqual(
                  interval,
                );
              }
              lastVisit.set(plain.data.checkpointId, plain.data.visitedAt);
            }
            if (plain.type === "PatrolCompleted") {
              completions += 1;
              expect(new Set(plain.data.checkpointsVisited).size).toBeGreaterThanOrEqual(
                entry.required,
              );
            }
          }
          record = outcome.right.record;
          accepted.push([envelope, runtime]);
          expect(record.state).toEqual(replay(patrolDecider, history));
          const again = handleCommand(patrolDecider, record, envelope, runtime);
          expect(Either.isRight(again) && again.right.kind).toBe("duplicate");
          expect(Either.isRight(again) && again.right.record).toBe(record);
        });
        // Any accepted check-in sent again later, whatever was decided since, changes nothing.
        for (const [envelope, runtime] of accepted) {
          const later = handleCommand(patrolDecider, record, envelope, runtime);
          expect(Either.isRight(later) && later.right.kind).toBe("duplicate");
          expect(Either.isRight(later) && later.right.record).toBe(record);
        }
        // A patrol completes at most once, and only when it has visited enough.
        expect(completions).toBeLessThanOrEqual(1);
        expect(record.state.status === "completed").toBe(completions === 1);
      }),
      { numRuns: 300 },
    );
  });
});
