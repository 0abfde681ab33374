import { type Instant, jinshanPolicy, type StationId } from "@courier-station/core";
import { MemoryStore, Store } from "@courier-station/kit";
import { Effect } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jinshanCommunity, playJinshanMonth } from "../../../examples/jinshan/src/month.js";
import {
  openedStationsOf,
  type PeriodRequest,
  participationsByWeekOf,
  periodOf,
  recordsOf,
  scopeFigures,
} from "./figures.js";
import {
  catchUpInsights,
  insightsProjection,
  type ProjectedAggregate,
  projectedAggregatesOf,
  projectionPosition,
  rebuildInsights,
} from "./projection.js";
import { playedLogOf, storeEvents } from "./test-station.js";

/*
 * The projection kept incrementally — the log read a few events at a time while it is
 * being written, in pages of any size, stopped after any number of pages — holds exactly
 * what a projection built from position 0 in one go holds, and so gives exactly the same
 * figures, for random months of the Jinshan plan (seed and number of couriers drawn).
 */

const policy = jinshanPolicy();
const timeZone = policy.general.timeZone;
const community = jinshanCommunity;
const rebuilt = insightsProjection("insights_rebuilt");

const periods: ReadonlyArray<PeriodRequest> = [
  { kind: "month", year: 2026, month: 11 },
  { kind: "month", year: 2026, month: 10 },
  { kind: "quarter", year: 2026, quarter: 4 },
  { kind: "year", year: 2026 },
  { kind: "sinceOpening" },
];

/** Every figure of every scope and period (a month's by week too), from a projection's documents. */
const everyFigure = (documents: ReadonlyArray<ProjectedAggregate>, now: Instant) => {
  const records = recordsOf(documents);
  const stations: ReadonlyArray<StationId | undefined> = [
    undefined,
    ...openedStationsOf(records).map((station) => station.stationId),
  ];
  return stations.flatMap((stationId) =>
    periods.map((request) => {
      const opened = records.stations.find(
        (state) => state.status !== "unopened" && state.stationId === stationId,
      );
      const openedAt =
        stationId === undefined
          ? records.stations
              .flatMap((state) => (state.status === "unopened" ? [] : [state.openedAt]))
              .sort()[0]
          : opened?.status === "unopened"
            ? undefined
            : opened?.openedAt;
      const period = periodOf(request, timeZone, openedAt, now);
      const scope = stationId === undefined ? {} : { stationId };
      return {
        ...scopeFigures(records, { period, now, ...scope }, policy.suggestions),
        byWeek:
          request.kind === "month"
            ? participationsByWeekOf(
                records,
                { year: request.year, month: request.month, timeZone, ...scope },
                policy.suggestions,
              )
            : [],
      };
    }),
  );
};

const byId = (documents: ReadonlyArray<ProjectedAggregate>) =>
  [...documents].sort((a, b) =>
    `${a.aggregate}/${a.aggregateId}` < `${b.aggregate}/${b.aggregateId}` ? -1 : 1,
  );

describe("the insights projection", () => {
  it("rebuilt from position 0 gives exactly the figures kept incrementally, over random months", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 10, max: 24 }),
        fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 250 }),
        fc.integer({ min: 1, max: 3 }),
        async (seed, couriers, chunks, pageSize, maxPages) => {
          const played = playJinshanMonth({ seed, couriers });
          const events = playedLogOf(played);
          const program = Effect.gen(function* () {
            // Written a chunk at a time, the projection reading on a few pages after each.
            let written = 0;
            for (let index = 0; written < events.length; index++) {
              const size = chunks[index % chunks.length] ?? 1;
              yield* storeEvents(events.slice(written, written + size));
              written += size;
              yield* catchUpInsights({ pageSize, maxPages });
            }
            const position = yield* catchUpInsights({ pageSize });
            const kept = yield* projectedAggregatesOf(community);
            yield* catchUpInsights({ projection: rebuilt });
            const fromZero = yield* projectedAggregatesOf(community, rebuilt);
            expect(yield* projectionPosition(rebuilt)).toBe(position);
            // The service's own projection thrown away and rebuilt, too.
            yield* rebuildInsights({ pageSize: 1_000 });
            const again = yield* projectedAggregatesOf(community);
            const store = yield* Store;
            const log = yield* store.readLog({ after: position - 1, limit: 1 });
            expect(log.at(-1)?.position).toBe(position);
            return { kept, fromZero, again };
          });
          const { kept, fromZero, again } = await Effect.runPromise(
            program.pipe(Effect.provide(MemoryStore.layer())),
          );
          expect(kept.length).toBeGreaterThan(0);
          expect(byId(fromZero)).toEqual(byId(kept));
          expect(byId(again)).toEqual(byId(kept));
          const incremental = everyFigure(kept, played.endsAt);
          expect(everyFigure(fromZero, played.endsAt)).toEqual(incremental);
          expect(everyFigure(again, played.endsAt)).toEqual(incremental);
        },
      ),
      { numRuns: 4 },
    );
  }, 300_000);
});
