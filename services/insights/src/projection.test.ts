import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MemoryStore, SqliteStore, Store, StoreUnavailable } from "@courier-station/kit";
import { Effect, Layer } from "effect";
import { describe, expect, it } from "vitest";
import { jinshanCommunity, playJinshanMonth } from "../../../examples/jinshan/src/month.js";
import {
  catchUpInsights,
  insightsProjection,
  type ProjectedAggregate,
  projectedAggregatesOf,
  projectionPosition,
  rebuildInsights,
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

/**
 * The store with its read models' batch writes watched: `fail` makes the nth one (from 1)
 * fail as a crash would, before it writes anything; `conflicts` counts the batches refused
 * for a revision.
 */
const watchedStore = (fail?: number) => {
  const seen = { batches: 0, conflicts: 0 };
  const layer = Layer.effect(
    Store,
    Effect.map(Store, (store) => ({
      ...store,
      readModel: <Document extends object>(
        definition: Parameters<typeof store.readModel<Document>>[0],
      ) =>
        Effect.map(store.readModel(definition), (rows) => ({
          ...rows,
          upsertMany: (writes: Parameters<typeof rows.upsertMany>[0]) => {
            seen.batches += 1;
            if (seen.batches === fail) {
              return Effect.fail(
                new StoreUnavailable({ operation: "write documents", reason: "crash" }),
              );
            }
            return rows.upsertMany(writes).pipe(
              Effect.tapError((error) =>
                Effect.sync(() => {
                  if (error._tag === "RevisionConflict") seen.conflicts += 1;
                }),
              ),
            );
          },
        })),
    })),
  );
  return { seen, layer };
};

describe("rebuilding the insights projection", () => {
  const rebuildAndReference = (pageSize: number) =>
    Effect.gen(function* () {
      yield* storeEvents(playedLogOf(played));
      // Something to throw away first: the projection half built, and a document no event made.
      yield* catchUpInsights({ pageSize: 50, maxPages: 3 });
      const store = yield* Store;
      const rows = yield* store.readModel(serviceProjection.aggregates);
      yield* rows.upsert(`${community}/courier/nobody`, {
        community,
        aggregate: "courier",
        aggregateId: "nobody",
        version: 1,
        position: 1,
        state: {},
      });
      const position = yield* rebuildInsights({ pageSize });
      const end = yield* catchUpInsights({ projection: reference });
      return {
        rebuilt: yield* projectedAggregatesOf(community),
        fromZero: yield* projectedAggregatesOf(community, reference),
        position,
        end,
        checkpoint: yield* projectionPosition(),
      };
    });

  it("holds exactly the documents a catch-up from position 0 holds, whatever its pages", async () => {
    for (const pageSize of [1, 7, 1_000]) {
      const { rebuilt, fromZero, position, end, checkpoint } = await run(
        rebuildAndReference(pageSize),
      );
      expect(rebuilt.length).toBeGreaterThan(10);
      expect(byId(rebuilt)).toEqual(byId(fromZero));
      expect(position).toBe(end);
      expect(checkpoint).toBe(end);
    }
  });

  it("holds exactly the documents a catch-up from position 0 holds on SQLite", async () => {
    const directory = mkdtempSync(join(tmpdir(), "cs-insights-rebuild-"));
    try {
      const { rebuilt, fromZero, position, end } = await Effect.runPromise(
        rebuildAndReference(100).pipe(
          Effect.provide(SqliteStore.layer({ filename: join(directory, "store.sqlite") })),
        ),
      );
      expect(rebuilt.length).toBeGreaterThan(10);
      expect(byId(rebuilt)).toEqual(byId(fromZero));
      expect(position).toBe(end);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it("stopped by a crash partway, run again (or caught up from its checkpoint) finishes it", async () => {
    const watched = watchedStore(4);
    const { failed, afterCatchUp, afterRebuild, fromZero } = await Effect.runPromise(
      Effect.gen(function* () {
        yield* storeEvents(playedLogOf(played));
        const failed = yield* Effect.either(rebuildInsights({ pageSize: 20 }));
        yield* catchUpInsights({ pageSize: 20 });
        const afterCatchUp = yield* projectedAggregatesOf(community);
        yield* Effect.either(rebuildInsights({ pageSize: 20 }));
        const afterRebuild = yield* projectedAggregatesOf(community);
        yield* catchUpInsights({ projection: reference });
        return {
          failed,
          afterCatchUp,
          afterRebuild,
          fromZero: yield* projectedAggregatesOf(community, reference),
        };
      }).pipe(Effect.provide(Layer.provide(watched.layer, MemoryStore.layer()))),
    );
    expect(failed._tag).toBe("Left");
    expect(byId(afterCatchUp)).toEqual(byId(fromZero));
    expect(byId(afterRebuild)).toEqual(byId(fromZero));
  });

  it("beside catch-ups of other instances, still holds what a catch-up from 0 holds", async () => {
    const watched = watchedStore();
    const { rebuilt, fromZero } = await Effect.runPromise(
      Effect.gen(function* () {
        yield* storeEvents(playedLogOf(played));
        // The rebuild guesses that a document it has not written is absent; the catch-ups
        // write them too, so its guarded writes meet theirs and it reads them again.
        yield* Effect.all(
          [
            rebuildInsights({ pageSize: 9 }),
            catchUpInsights({ pageSize: 5 }),
            catchUpInsights({ pageSize: 11 }),
          ],
          { concurrency: "unbounded" },
        );
        yield* catchUpInsights();
        yield* catchUpInsights({ projection: reference });
        return {
          rebuilt: yield* projectedAggregatesOf(community),
          fromZero: yield* projectedAggregatesOf(community, reference),
        };
      }).pipe(Effect.provide(Layer.provide(watched.layer, MemoryStore.layer()))),
    );
    expect(byId(rebuilt)).toEqual(byId(fromZero));
    expect(watched.seen.conflicts).toBeGreaterThan(0);
  });
});
