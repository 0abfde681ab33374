import {
  type AggregateRecord,
  CommandId,
  CommunityId,
  CommunityPolicy,
  handleCommand,
  type Instant,
  manualClock,
  newAggregateRecord,
  sequentialIds,
  systemActor,
} from "@courier-station/core";
import { Either } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PointsAccountEvent } from "../account/events.js";
import { pointsAccountDecider, pointsCommandIdOf } from "../account/index.js";
import type { PointsAccountState } from "../account/state.js";
import { accountTransfersOf } from "../statements/courier-statement.js";
import { accountOf, NOW } from "../testing/fixtures.js";
import { earningTransferIdOf } from "./earn.js";
import {
  cappedReasons,
  EARNING_WINDOW_DAYS,
  earnedAtOf,
  earnedSoFarIn,
  earnedSoFarOf,
  isTooLateToEarn,
} from "./earned-so-far.js";
import { localPeriodsOf } from "./periods.js";
import { earnedAtOfTrigger, PointsTrigger } from "./triggers.js";

const community = CommunityId.parse("jinshan-wanda");
const actor = systemActor("points-earning");
const HOUR = 3_600_000;

/** A random event that earns points for courier `alice`, within six weeks of NOW. */
const triggerArbitrary = fc
  .record({
    number: fc.integer({ min: 1, max: 40 }),
    kind: fc.constantFrom(
      "CourierVerified",
      "ParticipationConfirmed",
      "ReportVerified",
      "ReportMarkedDuplicate",
      "SuggestionAdopted",
      "PatrolCompleted",
    ),
    hoursAfter: fc.integer({ min: 0, max: 24 * 42 }),
    hours: fc.integer({ min: 0, max: 800 }).map((centis) => centis / 100),
    category: fc.constantFrom("noise", "environment", "safety-hazard"),
  })
  .map(({ number, kind, hoursAfter, hours, category }) => {
    const at = new Date(Date.parse(NOW) + hoursAfter * HOUR).toISOString();
    const data: Record<string, unknown> = {
      CourierVerified: { courierId: "alice", verifiedBy: "staff-1", verifiedAt: at },
      ParticipationConfirmed: {
        activityId: `act-${number}`,
        courierId: "alice",
        activityKind: "volunteering",
        hours,
        confirmedAt: at,
      },
      ReportVerified: { reportId: `r-${number}`, reporterId: "alice", category, verifiedAt: at },
      ReportMarkedDuplicate: {
        reportId: `r-${number}`,
        originalReportId: "r-0",
        reporterId: "alice",
        category,
        markedAt: at,
      },
      SuggestionAdopted: {
        suggestionId: `s-${number}`,
        authorId: "alice",
        topic: "other",
        adoptedAt: at,
      },
      PatrolCompleted: {
        routeId: "river-1",
        patrolId: `p-${number}`,
        courierId: "alice",
        completedAt: at,
      },
    };
    // The event id depends on the event, so the same number and kind is the same event.
    return PointsTrigger.parse({
      id: `evt-${kind}-${number}`,
      type: kind,
      time: at,
      data: data[kind],
    });
  });

const policyArbitrary = fc
  .record({
    perDay: fc.integer({ min: 0, max: 40 }),
    perWeek: fc.integer({ min: 0, max: 120 }),
    perMonth: fc.integer({ min: 0, max: 300 }),
    mode: fc.constantFrom("flat" as const, "per-hour" as const),
    campaign: fc.option(fc.integer({ min: 101, max: 400 }), { nil: undefined }),
  })
  .map(({ perDay, perWeek, perMonth, mode, campaign }) =>
    CommunityPolicy.parse({
      points: {
        caps: { perDay, perWeek, perMonth },
        participation: { mode },
        campaigns:
          campaign === undefined
            ? []
            : [
                {
                  id: "boost",
                  name: { "zh-CN": "加倍", en: "Boost" },
                  from: new Date(Date.parse(NOW) + 24 * 7 * HOUR).toISOString(),
                  to: new Date(Date.parse(NOW) + 24 * 21 * HOUR).toISOString(),
                  multiplierPercent: campaign,
                  reasons: ["participation", "report", "patrol"],
                },
              ],
      },
    }),
  );

/** An account that earned from these events, each sent as the points service sends it. */
interface Earned {
  readonly record: AggregateRecord<PointsAccountState>;
  readonly events: ReadonlyArray<PointsAccountEvent>;
}

/** Sends `EarnPoints` for each event through `handleCommand`, at the time `nowOf` says. */
const earnAll = (
  triggers: ReadonlyArray<PointsTrigger>,
  policy: CommunityPolicy,
  nowOf: (trigger: PointsTrigger) => Instant,
  check: (trigger: PointsTrigger, before: Earned, now: Instant) => void = () => {},
): Earned => {
  let earned: Earned = {
    record: newAggregateRecord(pointsAccountDecider, community, accountOf("alice")),
    events: [],
  };
  triggers.forEach((trigger, index) => {
    const command = { type: "EarnPoints" as const, data: { trigger } };
    const now = nowOf(trigger);
    check(trigger, earned, now);
    const outcome = handleCommand(
      pointsAccountDecider,
      earned.record,
      {
        commandId: CommandId.parse(pointsCommandIdOf(command) ?? "cmd-any"),
        community,
        actor,
        command,
      },
      { clock: manualClock(now), ids: sequentialIds(`e${index}`), facts: { policy } },
    );
    if (Either.isLeft(outcome)) {
      // An event id that comes back with other content (the arbitrary makes some) is
      // refused as a reused command id, and earns nothing more.
      if (outcome.left.code === "command.id_conflict") return;
      throw new Error(outcome.left.text.en);
    }
    if (outcome.right.kind === "applied") {
      earned = {
        record: outcome.right.record,
        events: [
          ...earned.events,
          ...outcome.right.events.map(({ type, data }) => ({ type, data }) as PointsAccountEvent),
        ],
      };
    }
  });
  return earned;
};

describe("earning under random events", () => {
  it("earns once per event, however often and in whatever order it arrives", () => {
    fc.assert(
      fc.property(
        fc.array(triggerArbitrary, { minLength: 1, maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        policyArbitrary,
        (triggers, repeats, policy) => {
          const withRepeats = [...triggers];
          for (const pick of repeats) {
            const again = triggers[pick % triggers.length];
            if (again !== undefined) withRepeats.splice(pick % (withRepeats.length + 1), 0, again);
          }
          const firsts = withRepeats.filter(
            (trigger, index) => withRepeats.findIndex((other) => other.id === trigger.id) === index,
          );
          const now = new Date(Date.parse(NOW) + 24 * 60 * HOUR).toISOString() as Instant;
          const earned = earnAll(withRepeats, policy, () => now);
          // Seeing an event again changes nothing: the same as seeing each event once.
          const once = earnAll(firsts, policy, () => now);
          expect(earned.record.state).toEqual(once.record.state);
          expect(earned.events).toEqual(once.events);
          const history = accountTransfersOf(earned.events);
          for (const trigger of firsts) {
            const transfers = history.filter((transfer) => transfer.reference === trigger.id);
            expect(new Set(transfers.map((transfer) => transfer.id)).size).toBe(transfers.length);
            for (const transfer of transfers) {
              expect(transfer.id).toBe(
                earningTransferIdOf(trigger.id, transfer.earning?.rule ?? ""),
              );
            }
          }
        },
      ),
      { numRuns: 120 },
    );
  });

  it("never lets capped earnings exceed a cap of any local day, week or month", () => {
    fc.assert(
      fc.property(
        fc.array(triggerArbitrary, { maxLength: 60 }),
        policyArbitrary,
        (triggers, policy) => {
          const history = accountTransfersOf(earnAll(triggers, policy, () => NOW).events);
          const totals = new Map<string, number>();
          for (const transfer of history) {
            if (!cappedReasons.has(transfer.reason)) continue;
            expect(transfer.creditAccount).toBe(accountOf("alice"));
            const periods = localPeriodsOf(earnedAtOf(transfer), policy.general.timeZone);
            for (const key of [
              `day ${periods.day}`,
              `week ${periods.week}`,
              `month ${periods.month}`,
            ]) {
              totals.set(key, (totals.get(key) ?? 0) + transfer.amount);
            }
          }
          const { perDay, perWeek, perMonth } = policy.points.caps;
          for (const [key, total] of totals) {
            const cap = key.startsWith("day")
              ? perDay
              : key.startsWith("week")
                ? perWeek
                : perMonth;
            if (cap > 0) expect(total).toBeLessThanOrEqual(cap);
          }
          for (const transfer of history) {
            expect(transfer.amount).toBeGreaterThan(0);
            expect(transfer.amount).toBeLessThanOrEqual(transfer.earning?.requested ?? 0);
          }
        },
      ),
      { numRuns: 120 },
    );
  });

  it("measures caps from the bounded totals exactly as from the whole history, and refuses only late events", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(triggerArbitrary, fc.integer({ min: 0, max: 24 * (EARNING_WINDOW_DAYS + 30) })),
          { maxLength: 60 },
        ),
        policyArbitrary,
        (arrivals, policy) => {
          // Events arrive in order, each some hours after its fact: the clock never goes back.
          let clock = Date.parse(NOW);
          const nows = new Map<PointsTrigger, Instant>();
          for (const [trigger, lagHours] of arrivals) {
            clock = Math.max(clock, Date.parse(trigger.time) + lagHours * HOUR);
            nows.set(trigger, new Date(clock).toISOString() as Instant);
          }
          const account = accountOf("alice");
          const zone = policy.general.timeZone;
          const lateOnArrival = new Map<string, boolean>();
          const earned = earnAll(
            arrivals.map(([trigger]) => trigger),
            policy,
            (trigger) => nows.get(trigger) ?? NOW,
            (trigger, before, now) => {
              const at = earnedAtOfTrigger(trigger);
              if (!lateOnArrival.has(trigger.id)) {
                lateOnArrival.set(trigger.id, isTooLateToEarn(at, now));
              }
              if (isTooLateToEarn(at, now)) return;
              expect(earnedSoFarIn(before.record.state.earned, localPeriodsOf(at, zone))).toEqual(
                earnedSoFarOf(accountTransfersOf(before.events), account, at, zone),
              );
            },
          );
          // Exactly the events that first came after the window earned nothing for it.
          const tooLate = earned.events.flatMap((event) =>
            event.type === "PointsNotEarned" && event.data.reason === "too_late"
              ? [event.data.triggerId as string]
              : [],
          );
          expect(tooLate.sort()).toEqual(
            [...lateOnArrival].flatMap(([id, late]) => (late ? [id] : [])).sort(),
          );
          // The state keeps only the periods an event can still count in.
          expect(Object.keys(earned.record.state.earned.days).length).toBeLessThanOrEqual(
            EARNING_WINDOW_DAYS + 4 + 42,
          );
        },
      ),
      { numRuns: 120 },
    );
  });
});
