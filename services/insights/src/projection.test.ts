import { MemoryStore, Store } from "@courier-station/kit";
import { Effect } from "effect";
import { describe, expect, it } from "vitest";
import { jinshanCommunity, playJinshanMonth } from "../../../examples/jinshan/src/month.js";
import {
  catchUpInsights,
  insightsProjection,
  type ProjectedAggregate,
  projectedAggregatesOf,
  projectionPosition,
  serviceProjection,
} from "./projection.js";
import { playedLogOf, storeEvents } from "./test-station.js";

/*
 * The projection's catch-up is safe to run anywhere: in several instances at once, and over
 * events it has seen (a checkpoint lost or set back).
 */

const community = jinshanCommunity;
const played = playJinshanMonth({ seed: 3, couriers: 12 });
const reference = insightsProjection("insights_reference");

const byId = (documents: ReadonlyArray<ProjectedAggregate>) =>
  [...documents].sort((a, b) =>
    `${a.aggregate}/${a.aggregateId}` < `${b.aggregate}/${b.aggregateId}` ? -1 : 1,
  );

const run = <A>(program: Effect.Effect<A, unknown, Store>) =>
  Effect.runPromise(program.pipe(Effect.provide(MemoryStore.layer())));

describe("catching up the insights projection", () => {
  it("in four instances at once, in small pages, keeps what one reader from position 0 keeps", async () => {
    const { concurrent, single, position, end } = await run(
      Effect.gen(function* () {
        yield* storeEvents(playedLogOf(played));
        yield* Effect.all(
          [1, 2, 3, 4].map((instance) => catchUpInsights({ pageSize: 5 + instance })),
          { concurrency: "unbounded" },
        );
        const end = yield* catchUpInsights({ projection: reference });
        return {
          concurrent: yield* projectedAggregatesOf(community),
          single: yield* projectedAggregatesOf(community, reference),
          position: yield* projectionPosition(),
          end,
        };
      }),
    );
    expect(concurrent.length).toBeGreaterThan(10);
    expect(byId(concurrent)).toEqual(byId(single));
    expect(position).toBe(end);
  });

  it("over events it has seen, with its checkpoint set back to 0, changes nothing", async () => {
    const { before, after, position } = await run(
      Effect.gen(function* () {
        yield* storeEvents(playedLogOf(played));
        yield* catchUpInsights({ pageSize: 100 });
        const before = yield* projectedAggregatesOf(community);
        const store = yield* Store;
        const checkpoints = yield* store.readModel(serviceProjection.checkpoints);
        yield* checkpoints.upsert("log", { position: 0 });
        const position = yield* catchUpInsights({ pageSize: 33 });
        return { before, after: yield* projectedAggregatesOf(community), position };
      }),
    );
    expect(position).toBe(playedLogOf(played).length);
    expect(byId(after)).toEqual(byId(before));
  });

  it("stops after the pages asked and reads on from there next time", async () => {
    const { first, second } = await run(
      Effect.gen(function* () {
        yield* storeEvents(playedLogOf(played));
        const first = yield* catchUpInsights({ pageSize: 10, maxPages: 2 });
        const second = yield* catchUpInsights({ pageSize: 10, maxPages: 1 });
        return { first, second };
      }),
    );
    expect(first).toBe(20);
    expect(second).toBe(30);
  });
});
