import { CommunityId, CommunityPolicy, type Instant, systemActor } from "@courier-station/core";
import { Either } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PointsAccountContext } from "../account/decide.js";
import { pointsAccountDecider } from "../account/index.js";
import type { PointsAccountState } from "../account/state.js";
import { accountOf, NOW } from "../testing/fixtures.js";
import { cappedReasons, earnedAtOf } from "./earned-so-far.js";
import { localPeriodsOf } from "./periods.js";
import { PointsTrigger } from "./triggers.js";

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

const earnAll = (triggers: ReadonlyArray<PointsTrigger>, policy: CommunityPolicy, now: Instant) => {
  const context: PointsAccountContext = { now, actor, community, policy };
  let state: PointsAccountState = pointsAccountDecider.initialState();
  for (const trigger of triggers) {
    const decision = pointsAccountDecider.decide(
      { type: "EarnPoints", data: { trigger } },
      state,
      context,
    );
    if (Either.isLeft(decision)) throw new Error(decision.left.text.en);
    state = decision.right.reduce(pointsAccountDecider.evolve, state);
  }
  return state;
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
          const state = earnAll(withRepeats, policy, now);
          // Seeing an event again changes nothing: the same as seeing each event once.
          expect(state).toEqual(earnAll(firsts, policy, now));
          for (const trigger of firsts) {
            const decision = pointsAccountDecider.decide(
              { type: "EarnPoints", data: { trigger } },
              state,
              { now, actor, community, policy },
            );
            expect(Either.getOrThrow(decision)).toEqual([]);
            const earned = state.transfers.filter((transfer) => transfer.reference === trigger.id);
            expect(new Set(earned.map((transfer) => transfer.id)).size).toBe(earned.length);
            for (const transfer of earned) expect(transfer.id.startsWith(trigger.id)).toBe(true);
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
          const state = earnAll(triggers, policy, NOW);
          const totals = new Map<string, number>();
          for (const transfer of state.transfers) {
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
          for (const transfer of state.transfers) {
            expect(transfer.amount).toBeGreaterThan(0);
            expect(transfer.amount).toBeLessThanOrEqual(transfer.earning?.requested ?? 0);
          }
        },
      ),
      { numRuns: 120 },
    );
  });
});
