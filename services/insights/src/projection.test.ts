import { defineReadModel, MemoryStore, Store } from "@courier-station/kit";
import { Effect } from "effect";
import { describe, expect, it } from "vitest";
import { jinshanCommunity, playJinshanMonth } from "../../../examples/jinshan/src/month.js";
import { recordsOf } from "./figures.js";
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
    `${a.aggregate}/${a.aggregateId}/${a.month ?? ""}` <
    `${b.aggregate}/${b.aggregateId}/${b.month ?? ""}`
      ? -1
      : 1,
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

  it("on a station upgraded from the layout of one document per account, builds the new layout from position 0", async () => {
    // What the previous layout left: every account's transfers in one document, read to the end.
    const previous = {
      aggregates: defineReadModel<ProjectedAggregate>({
        name: "insights_aggregates",
        indexes: { community: "string", aggregate: "string" },
      }),
      checkpoints: defineReadModel<{ readonly position: number }>({
        name: "insights_checkpoints",
        indexes: {},
      }),
    };
    const { upgraded, single, position, left } = await run(
      Effect.gen(function* () {
        const events = playedLogOf(played);
        yield* storeEvents(events);
        const store = yield* Store;
        const oldRows = yield* store.readModel(previous.aggregates);
        yield* oldRows.upsert(`${community}/pointsAccount/courier:old`, {
          community,
          aggregate: "pointsAccount",
          aggregateId: "courier:old",
          version: 1,
          position: 1,
          state: { transfers: [] },
        });
        const oldCheckpoints = yield* store.readModel(previous.checkpoints);
        yield* oldCheckpoints.upsert("log", { position: events.length });
        const position = yield* catchUpInsights();
        yield* catchUpInsights({ projection: reference });
        return {
          upgraded: yield* projectedAggregatesOf(community),
          single: yield* projectedAggregatesOf(community, reference),
          position,
          left: yield* oldRows.count({ community }),
        };
      }),
    );
    expect(position).toBe(playedLogOf(played).length);
    expect(upgraded.some((document) => document.aggregateId === "courier:old")).toBe(false);
    expect(upgraded.some((document) => document.month !== undefined)).toBe(true);
    expect(byId(upgraded)).toEqual(byId(single));
    expect(recordsOf(upgraded).transfers.length).toBe(played.station.ledger.transfers().length);
    // The previous layout's documents are left where they were, never read with the new.
    expect(left).toBe(1);
  });
});
