import { Either } from "effect";
import fc from "fast-check";
import { expect, it } from "vitest";
import type { AggregateRecord } from "../../kernel/command-handling.js";
import { handleCommand, newAggregateRecord } from "../../kernel/command-handling.js";
import { replay } from "../../kernel/decider.js";
import type { CommandEnvelope } from "../../kernel/envelope.js";
import { CommandId, sequentialIds } from "../../kernel/ids.js";
import { manualClock } from "../../kernel/time.js";
import {
  CHECKPOINTS,
  COMMUNITY,
  MORNING,
  publishRoute,
  ROUTE,
  STAFF,
} from "../testing/fixtures.js";
import type { PatrolRouteCommand } from "./commands.js";
import { PatrolRouteEvent } from "./events.js";
import { patrolRouteDecider } from "./index.js";
import type { PatrolRouteState } from "./state.js";

const commandArbitrary: fc.Arbitrary<PatrolRouteCommand> = fc.oneof(
  fc.integer({ min: 1, max: 3 }).map((required) => publishRoute({ requiredCheckpoints: required })),
  fc
    .record({
      count: fc.integer({ min: 1, max: 3 }),
      required: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
      name: fc.option(fc.constantFrom("山阳河巡河线", "龙泉港巡河线"), { nil: undefined }),
    })
    .map(
      ({ count, required, name }): PatrolRouteCommand => ({
        type: "RevisePatrolRoute",
        data: {
          routeId: ROUTE,
          checkpoints: CHECKPOINTS.slice(0, count),
          ...(required === undefined ? {} : { requiredCheckpoints: required }),
          ...(name === undefined ? {} : { name }),
        },
      }),
    ),
  fc.constant<PatrolRouteCommand>({
    type: "SuspendPatrolRoute",
    data: { routeId: ROUTE, reason: "汛期" },
  }),
  fc.constant<PatrolRouteCommand>({ type: "ResumePatrolRoute", data: { routeId: ROUTE } }),
  fc.constant<PatrolRouteCommand>({
    type: "RetirePatrolRoute",
    data: { routeId: ROUTE, reason: "合并" },
  }),
);

it("route lifecycles evolve every decision, keep the requirement within the route and end at retirement", () => {
  fc.assert(
    fc.property(fc.array(commandArbitrary, { minLength: 1, maxLength: 25 }), (commands) => {
      const runtime = { clock: manualClock(MORNING), ids: sequentialIds("evt"), facts: {} };
      let record: AggregateRecord<PatrolRouteState> = newAggregateRecord(
        patrolRouteDecider,
        COMMUNITY,
        ROUTE,
      );
      const history: PatrolRouteEvent[] = [];
      const accepted: Array<CommandEnvelope<PatrolRouteCommand>> = [];
      commands.forEach((command, index) => {
        const retired = record.state.status === "retired";
        const envelope = {
          commandId: CommandId.parse(`cmd-${index}`),
          community: COMMUNITY,
          actor: STAFF,
          command,
        };
        const outcome = handleCommand(patrolRouteDecider, record, envelope, runtime);
        if (retired) {
          // A retired route accepts nothing.
          expect(Either.isLeft(outcome)).toBe(true);
          return;
        }
        if (Either.isLeft(outcome) || outcome.right.kind !== "applied") return;
        for (const event of outcome.right.events) {
          const plain = { type: event.type, data: event.data } as PatrolRouteEvent;
          expect(PatrolRouteEvent.parse(plain)).toEqual(plain);
          history.push(plain);
        }
        record = outcome.right.record;
        accepted.push(envelope);
        expect(record.state).toEqual(replay(patrolRouteDecider, history));
        if (record.state.status !== "none") {
          expect(record.state.requiredCheckpoints).toBeGreaterThanOrEqual(1);
          expect(record.state.requiredCheckpoints).toBeLessThanOrEqual(
            record.state.checkpoints.length,
          );
          expect(record.state.revision).toBe(
            1 + history.filter((event) => event.type === "PatrolRouteRevised").length,
          );
        }
        const again = handleCommand(patrolRouteDecider, record, envelope, runtime);
        expect(Either.isRight(again) && again.right.kind).toBe("duplicate");
      });
      // Any accepted command sent again later, whatever was decided since, changes nothing.
      for (const envelope of accepted) {
        const later = handleCommand(patrolRouteDecider, record, envelope, runtime);
        expect(Either.isRight(later) && later.right.kind).toBe("duplicate");
        expect(Either.isRight(later) && later.right.record).toBe(record);
      }
    }),
    { numRuns: 200 },
  );
});
