import type { CommandReceipt, EventEnvelope } from "@courier-station/core";
import { Cause, Effect, Exit, Layer, Option, type Scope } from "effect";
import fc from "fast-check";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverUrlFromEnvironment } from "../bus/test-servers.js";
import {
  connectMongoStore,
  isMongoUnavailable,
  MongoStore,
  mongoCollectionNames,
  mongoStoreIndexes,
} from "./mongo-store.js";
import { defineReadModel } from "./read-model.js";
import { describeStoreContract } from "./store.contract.js";
import { type AggregateKey, type AppendRequest, Store, type StoreApi } from "./store.js";
import { StoreUnavailable } from "./store-errors.js";
import { counterEvent, testCommunity } from "./testing/counter.js";

/*
 * The MongoDB adapter against a real MongoDB wire server: FerretDB v1.24 when the tests
 * start their own (the vitest global setup), or whatever MONGODB_URI names. Every test
 * gets a fresh database, dropped afterwards.
 */

const uri = serverUrlFromEnvironment("MONGODB_URI");
let inspector: MongoClient;
let databases = 0;

beforeAll(async () => {
  inspector = await new MongoClient(uri, { ignoreUndefined: true }).connect();
});

afterAll(async () => {
  await inspector?.close();
});

const freshDatabaseName = (): string => {
  databases += 1;
  return `cs_test_${process.pid}_${Date.now().toString(36)}_${databases}`;
};

/** A store on a fresh database that is dropped when the layer is released. */
const freshStoreLayer = (now?: () => number): Layer.Layer<Store, StoreUnavailable> =>
  Layer.scoped(
    Store,
    Effect.gen(function* () {
      const database = freshDatabaseName();
      yield* Effect.addFinalizer(() =>
        Effect.promise(() => inspector.db(database).dropDatabase()).pipe(Effect.ignore),
      );
      return yield* connectMongoStore({ uri, database, ...(now === undefined ? {} : { now }) });
    }),
  );

describeStoreContract("mongodb", { makeLayer: ({ now }) => freshStoreLayer(now) });

const counterKey = (id: string): AggregateKey => ({
  community: testCommunity,
  aggregate: "counter",
  id,
});

/** An append of `count` counter events to `counterId` after `expectedVersion`. */
const appendOf = (
  counterId: string,
  expectedVersion: number,
  count = 1,
): AppendRequest<unknown> => ({
  record: {
    community: testCommunity,
    aggregate: "counter",
    id: counterId,
    state: { total: expectedVersion + count },
    version: expectedVersion + count,
    receipts: [],
  },
  expectedVersion,
  events: Array.from({ length: count }, (_, index) =>
    counterEvent(counterId, expectedVersion + index + 1),
  ),
});

/** Opens stores on one database (each its own client, like separate processes). */
const withDatabase = <A, E>(
  body: (
    open: () => Effect.Effect<StoreApi, StoreUnavailable, Scope.Scope>,
    database: string,
  ) => Effect.Effect<A, E, Scope.Scope>,
): Promise<A> => {
  const database = freshDatabaseName();
  return Effect.runPromise(
    body(() => connectMongoStore({ uri, database }), database).pipe(
      Effect.ensuring(
        Effect.promise(() => inspector.db(database).dropDatabase()).pipe(Effect.ignore),
      ),
      Effect.scoped,
    ),
  );
};

/** Reads the whole log in pages (no sequencing). */
const readWholeLog = (store: StoreApi, limit = 7) =>
  Effect.gen(function* () {
    const read: Array<{ readonly position: number; readonly event: EventEnvelope }> = [];
    for (;;) {
      const page = yield* store.readLog({ after: read.at(-1)?.position ?? 0, limit });
      if (page.length === 0) return read;
      read.push(...page);
    }
  });

/** What every reader of a complete log must see: positions 1..n, each event once, streams in order. */
const expectGapFree = (
  log: ReadonlyArray<{ readonly position: number; readonly event: EventEnvelope }>,
  expectedIds: ReadonlyArray<string>,
) => {
  expect(log.map((entry) => entry.position)).toEqual(log.map((_, index) => index + 1));
  expect([...log.map((entry) => entry.event.id)].sort()).toEqual([...expectedIds].sort());
  const lastVersion = new Map<string, number>();
  for (const { event } of log) {
    expect(event.version).toBe((lastVersion.get(event.stream) ?? 0) + 1);
    lastVersion.set(event.stream, event.version);
  }
};

describe("MongoStore (MongoDB / FerretDB specifics)", () => {
  it("creates its indexes on start, the log's event id unique", async () => {
    const indexes = await withDatabase((open, database) =>
      Effect.gen(function* () {
        yield* open();
        return yield* Effect.promise(async () => {
          const byCollection: Record<string, Array<{ name?: string; unique?: boolean }>> = {};
          for (const name of Object.keys(mongoStoreIndexes)) {
            byCollection[name] = await inspector
              .db(database)
              .collection(name)
              .listIndexes()
              .toArray();
          }
          return byCollection;
        });
      }),
    );
    for (const [collection, expected] of Object.entries(mongoStoreIndexes)) {
      const names = (indexes[collection] ?? []).map((index) => index.name);
      expect(names).toEqual(expect.arrayContaining(expected.map((index) => index.name)));
    }
    const eventId = indexes[mongoCollectionNames.eventLog]?.find(
      (index) => index.name === "event_id",
    );
    expect(eventId?.unique).toBe(true);
  });

  it("creates a read model's indexes on first use", async () => {
    const names = await withDatabase((open, database) =>
      Effect.gen(function* () {
        const store = yield* open();
        yield* store.readModel({
          name: "courier_rows",
          indexes: { community: "string", points: "number" },
        });
        return yield* Effect.promise(() =>
          inspector.db(database).collection("read_model_courier_rows").listIndexes().toArray(),
        );
      }),
    );
    expect(names.map((index) => index.name)).toEqual(
      expect.arrayContaining(["by_community", "by_points"]),
    );
  });

  it("keeps appended events pending in the aggregate until sequenced, and reads them in the stream meanwhile", async () => {
    const [stream, logBefore, moved, logAfter, again] = await withDatabase((open) =>
      Effect.gen(function* () {
        const store = yield* open();
        yield* store.append(appendOf("c-1", 0, 2));
        yield* store.append(appendOf("c-1", 2, 1));
        const stream = yield* store.readStream(counterKey("c-1"));
        const logBefore = yield* store.readLog({ after: 0, limit: 100 });
        const moved = yield* store.sequencePending();
        const logAfter = yield* store.readLog({ after: 0, limit: 100 });
        const again = yield* store.sequencePending();
        return [stream, logBefore, moved, logAfter, again] as const;
      }),
    );
    expect(stream.map((event) => event.version)).toEqual([1, 2, 3]);
    expect(logBefore).toEqual([]);
    expect(moved).toBe(3);
    expect(logAfter.map((entry) => [entry.position, entry.event.version])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    expect(again).toBe(0);
  });

  it("keeps one state per aggregate once sequenced: earlier commits drop their snapshots, loads still see the head", async () => {
    const [withState, loaded] = await withDatabase((open, database) =>
      Effect.gen(function* () {
        const store = yield* open();
        for (let version = 0; version < 5; version++) {
          yield* store.append(appendOf("c-1", version, 1));
        }
        yield* store.sequencePending();
        const withState = yield* Effect.promise(() =>
          inspector
            .db(database)
            .collection(mongoCollectionNames.commits)
            .find({ state: { $exists: true } }, { projection: { version: 1 } })
            .toArray(),
        );
        const loaded = yield* store.load(counterKey("c-1"));
        return [withState.map((commit) => commit.version), loaded] as const;
      }),
    );
    expect(withState).toEqual([5]);
    expect(Option.getOrThrow(loaded)).toMatchObject({ version: 5, state: { total: 5 } });
  });

  it("loses nothing when the writer dies before sequencing: another instance sequences its events", async () => {
    const [log, pending, expectedIds] = await withDatabase((open) =>
      Effect.gen(function* () {
        const expectedIds: string[] = [];
        // The first instance appends and goes away without sequencing (its scope closes).
        yield* Effect.scoped(
          Effect.gen(function* () {
            const writer = yield* open();
            for (const counterId of ["c-1", "c-2", "c-3"]) {
              for (let version = 0; version < 4; version += 2) {
                const request = appendOf(counterId, version, 2);
                yield* writer.append(request);
                expectedIds.push(...request.events.map((event) => event.id));
              }
            }
          }),
        );
        const relay = yield* open();
        const pending = yield* relay.outbox.readPending(100);
        const log = yield* readWholeLog(relay);
        return [log, pending, expectedIds] as const;
      }),
    );
    expectGapFree(log, expectedIds);
    expect(pending.map((event) => event.id)).toEqual(log.map((entry) => entry.event.id));
  });

  it("neither repeats nor skips an event when a sequencer died after the log insert and before marking the commit", async () => {
    const [log, stream, moved] = await withDatabase((open, database) =>
      Effect.gen(function* () {
        const store = yield* open();
        const request = appendOf("c-1", 0, 3);
        yield* store.append(request);
        // What a sequencer that crashed after its first insert leaves: the event at
        // position 1, the counter not advanced, the commit not marked sequenced.
        const first = request.events[0];
        if (first === undefined) throw new Error("no event");
        yield* Effect.promise(() =>
          inspector
            .db(database)
            .collection(mongoCollectionNames.eventLog)
            .insertOne({
              _id: 1 as never,
              eventId: first.id,
              key: JSON.stringify([testCommunity, "counter", "c-1"]),
              version: 1,
              community: testCommunity,
              relayed: false,
              event: first,
            }),
        );
        const moved = yield* store.sequencePending();
        const log = yield* readWholeLog(store);
        const stream = yield* store.readStream(counterKey("c-1"));
        return [log, stream, moved] as const;
      }),
    );
    expect(moved).toBe(2);
    expect(log.map((entry) => [entry.position, entry.event.version])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    expect(stream.map((event) => event.version)).toEqual([1, 2, 3]);
  });

  it("finds a command's receipt when the append died before writing its marker and moving the head hint", async () => {
    const [receipts, markerBack] = await withDatabase((open, database) =>
      Effect.gen(function* () {
        const store = yield* open();
        yield* store.append(appendOf("c-1", 0, 1));
        const request = appendOf("c-1", 1, 1);
        const receipt = {
          commandId: "cmd-2",
          body: '{"by":1}',
          eventIds: request.events.map((event) => event.id),
          version: 2,
          at: "2026-11-28T03:00:00.000Z",
        } as unknown as CommandReceipt;
        yield* store.append({ ...request, record: { ...request.record, receipts: [receipt] } });
        // What a crash right after the commit's insert leaves: no marker, the hint behind.
        yield* Effect.promise(async () => {
          await inspector.db(database).collection(mongoCollectionNames.receipts).deleteMany({});
          await inspector
            .db(database)
            .collection<{ _id: string; fromVersion: number }>(mongoCollectionNames.heads)
            .updateMany({}, { $set: { fromVersion: 0 } });
        });
        // Loaded by the next process (the one that crashed knew of the commit).
        const next = yield* open();
        const loaded = yield* next.load(counterKey("c-1"), { receiptsFor: "cmd-2" });
        const markerBack = yield* Effect.promise(() =>
          inspector.db(database).collection(mongoCollectionNames.receipts).countDocuments(),
        );
        return [Option.getOrThrow(loaded).receipts, markerBack] as const;
      }),
    );
    expect(receipts.map((receipt) => [receipt.commandId, receipt.version])).toEqual([["cmd-2", 2]]);
    expect(markerBack).toBe(1);
  });

  it("lets a commit's receipt win over a no-op's of the same command id, whichever was written first", async () => {
    const outcome = await withDatabase((open, database) =>
      Effect.gen(function* () {
        const store = yield* open();
        const receipts = inspector
          .db(database)
          .collection<{ _id: string; fromVersion: number }>(mongoCollectionNames.receipts);
        const heads = inspector
          .db(database)
          .collection<{ _id: string; fromVersion: number }>(mongoCollectionNames.heads);
        yield* store.append(appendOf("c-1", 0, 1));
        const request = appendOf("c-1", 1, 1);
        const taken = {
          commandId: "cmd-twice",
          body: '{"by":1}',
          eventIds: request.events.map((event) => event.id),
          version: 2,
          at: "2026-11-28T03:00:00.000Z",
        } as unknown as CommandReceipt;
        const noOp = { ...taken, eventIds: [], version: 1 } as CommandReceipt;
        const noOpAppend: AppendRequest<unknown> = {
          record: { ...appendOf("c-1", 0, 1).record, receipts: [noOp] },
          expectedVersion: 1,
          events: [],
          receipt: noOp,
        };
        yield* store.append({ ...request, record: { ...request.record, receipts: [taken] } });
        // A crash right after the commit's insert: no marker, the hint behind.
        const crash = Effect.promise(async () => {
          await receipts.deleteMany({});
          await heads.updateMany({}, { $set: { fromVersion: 0 } });
        });
        yield* crash;
        // A no-op of the same id decided at version 1 comes later: the walk to the head
        // writes the commit's marker first, so the no-op is refused.
        const refused = yield* Effect.either(store.append(noOpAppend));
        const afterRefusal = yield* store.load(counterKey("c-1"), { receiptsFor: "cmd-twice" });
        // Or the no-op's marker got in first (its head check passed before the commit):
        // the walk replaces it by the commit's.
        yield* crash;
        yield* Effect.promise(() =>
          receipts.insertOne({
            _id: JSON.stringify([testCommunity, "counter", "c-1", "cmd-twice"]),
            fromVersion: 1,
            key: JSON.stringify([testCommunity, "counter", "c-1"]),
            receipt: noOp,
          } as { _id: string; fromVersion: number }),
        );
        const afterReplacement = yield* store.load(counterKey("c-1"), {
          receiptsFor: "cmd-twice",
        });
        const all = yield* store.load(counterKey("c-1"));
        return { refused, afterRefusal, afterReplacement, all, taken };
      }),
    );
    expect(outcome.refused._tag === "Left" && outcome.refused.left._tag).toBe("VersionConflict");
    expect(Option.getOrThrow(outcome.afterRefusal).receipts).toEqual([outcome.taken]);
    expect(Option.getOrThrow(outcome.afterReplacement).receipts).toEqual([outcome.taken]);
    expect(Option.getOrThrow(outcome.all).receipts).toEqual([outcome.taken]);
  });

  it("keeps a stream in version order in the log when its earlier commit has the later clock", async () => {
    const log = await withDatabase((open, database) =>
      Effect.gen(function* () {
        const store = yield* open();
        yield* store.append(appendOf("c-1", 0, 1));
        yield* store.append(appendOf("c-1", 1, 2));
        yield* store.append(appendOf("c-2", 0, 1));
        // The first commit written by a process whose clock runs ahead.
        yield* Effect.promise(() =>
          inspector
            .db(database)
            .collection<{ _id: string; order: number }>(mongoCollectionNames.commits)
            .updateOne(
              { _id: JSON.stringify([testCommunity, "counter", "c-1", 0]) },
              { $set: { order: Number.MAX_SAFE_INTEGER } },
            ),
        );
        yield* store.sequencePending(1);
        yield* store.sequencePending();
        return yield* readWholeLog(store);
      }),
    );
    expect(log.map((entry) => [entry.event.stream, entry.event.version])).toEqual([
      ["counter-c-1", 1],
      ["counter-c-1", 2],
      ["counter-c-1", 3],
      ["counter-c-2", 1],
    ]);
  });

  it("never overwrites a position when the counter's hint is behind (lost after a crash)", async () => {
    const [log, expectedIds] = await withDatabase((open, database) =>
      Effect.gen(function* () {
        const store = yield* open();
        const first = appendOf("c-1", 0, 3);
        yield* store.append(first);
        yield* store.sequencePending();
        yield* Effect.promise(() =>
          inspector.db(database).collection(mongoCollectionNames.counters).deleteMany({}),
        );
        const second = appendOf("c-2", 0, 2);
        yield* store.append(second);
        yield* store.sequencePending();
        const log = yield* readWholeLog(store);
        return [log, [...first.events, ...second.events].map((event) => event.id)] as const;
      }),
    );
    expectGapFree(log, expectedIds);
  });

  it("gives a gap-free log when two instances sequence at once while writers append, and readers never skip", async () => {
    const [log, readerSaw, expectedIds] = await withDatabase((open) =>
      Effect.gen(function* () {
        const [writer, first, second, reader] = yield* Effect.all([open(), open(), open(), open()]);
        const expectedIds: string[] = [];
        let writing = true;
        const write = Effect.gen(function* () {
          for (let round = 0; round < 6; round++) {
            yield* Effect.forEach(
              Array.from({ length: 8 }, (_, index) => `c-${index}`),
              (counterId) =>
                Effect.gen(function* () {
                  const request = appendOf(counterId, round * 2, 2);
                  yield* writer.append(request);
                  expectedIds.push(...request.events.map((event) => event.id));
                }),
              { concurrency: 8 },
            );
          }
          writing = false;
        });
        const sequence = (store: StoreApi) =>
          Effect.gen(function* () {
            while (writing) {
              yield* store.sequencePending(3);
              yield* Effect.yieldNow();
            }
            yield* store.sequencePending();
          });
        // A reader that follows the log by its checkpoint while it grows.
        const readerSaw: Array<{ readonly position: number; readonly event: EventEnvelope }> = [];
        const follow = Effect.gen(function* () {
          while (writing) {
            const page = yield* reader.readLog({
              after: readerSaw.at(-1)?.position ?? 0,
              limit: 5,
            });
            readerSaw.push(...page);
            yield* Effect.yieldNow();
          }
        });
        yield* Effect.all([write, sequence(first), sequence(second), follow], {
          concurrency: "unbounded",
        });
        yield* first.sequencePending();
        for (;;) {
          const page = yield* reader.readLog({ after: readerSaw.at(-1)?.position ?? 0, limit: 50 });
          if (page.length === 0) break;
          readerSaw.push(...page);
        }
        const log = yield* readWholeLog(first, 11);
        return [log, readerSaw, expectedIds] as const;
      }),
    );
    expect(expectedIds).toHaveLength(96);
    expectGapFree(log, expectedIds);
    expect(readerSaw.map((entry) => entry.event.id)).toEqual(log.map((entry) => entry.event.id));
  });

  it("keeps the log gap-free, each event once and each stream in order, whatever two instances do and whatever hints a crash loses (property)", async () => {
    // The runs share one database (a fresh one each costs FerretDB seconds), so the log
    // checks cover every run so far: a shrunk counterexample shows where damage showed.
    let run = 0;
    await withDatabase((open, database) =>
      Effect.gen(function* () {
        const instances = yield* Effect.all([open(), open()]);
        const raw = inspector.db(database);
        yield* Effect.promise(() =>
          fc.assert(
            fc.asyncProperty(
              fc.array(
                fc.oneof(
                  fc.record({
                    kind: fc.constant("append" as const),
                    instance: fc.constantFrom(0, 1),
                    counter: fc.integer({ min: 1, max: 3 }),
                    events: fc.integer({ min: 1, max: 3 }),
                  }),
                  fc.record({
                    kind: fc.constant("sequence" as const),
                    instance: fc.constantFrom(0, 1),
                    limit: fc.integer({ min: 1, max: 3 }),
                  }),
                  fc.record({
                    kind: fc.constant("crash" as const),
                    // What a crash between two steps can leave: hints behind, a commit
                    // whose events are in the log but that is not marked sequenced.
                    loses: fc.constantFrom("counter", "heads", "mark"),
                  }),
                ),
                { maxLength: 20 },
              ),
              fc.boolean(),
              async (steps, concurrently) => {
                run += 1;
                const appended: string[] = [];
                const versions = new Map<string, number>();
                const runStep = (step: (typeof steps)[number]) =>
                  Effect.gen(function* () {
                    if (step.kind === "append") {
                      const counterId = `p${run}-${step.counter}`;
                      const version = versions.get(counterId) ?? 0;
                      versions.set(counterId, version + step.events);
                      const request = appendOf(counterId, version, step.events);
                      yield* (instances[step.instance] ?? instances[0]).append(request);
                      appended.push(...request.events.map((event) => event.id));
                    } else if (step.kind === "sequence") {
                      yield* (instances[step.instance] ?? instances[0]).sequencePending(step.limit);
                    } else {
                      yield* Effect.promise(async () => {
                        if (step.loses === "counter") {
                          await raw.collection(mongoCollectionNames.counters).deleteMany({});
                        } else if (step.loses === "heads") {
                          await raw
                            .collection<{ _id: string; fromVersion: number }>(
                              mongoCollectionNames.heads,
                            )
                            .updateMany({}, { $set: { fromVersion: 0 } });
                        } else {
                          await raw
                            .collection<{ _id: string; sequenced: boolean }>(
                              mongoCollectionNames.commits,
                            )
                            .updateOne({ sequenced: true }, { $set: { sequenced: false } });
                        }
                      });
                    }
                  });
                await Effect.runPromise(
                  Effect.gen(function* () {
                    // Appends in order (each needs the version before it); sequencing and
                    // crashes either in order too or all at once, racing.
                    if (concurrently) {
                      for (const step of steps) if (step.kind === "append") yield* runStep(step);
                      yield* Effect.all(
                        steps.filter((step) => step.kind !== "append").map(runStep),
                        { concurrency: "unbounded" },
                      );
                    } else {
                      for (const step of steps) yield* runStep(step);
                    }
                    yield* Effect.all(
                      [instances[0].sequencePending(), instances[1].sequencePending()],
                      { concurrency: 2 },
                    );
                    const log = yield* readWholeLog(instances[0], 50);
                    expect(log.map((entry) => entry.position)).toEqual(
                      log.map((_, index) => index + 1),
                    );
                    const ids = log.map((entry) => entry.event.id);
                    expect(new Set(ids).size).toBe(ids.length);
                    const ofThisRun = log.filter((entry) =>
                      entry.event.stream.startsWith(`counter-p${run}-`),
                    );
                    expect([...ofThisRun.map((entry) => entry.event.id)].sort()).toEqual(
                      [...appended].sort(),
                    );
                    for (const [counterId, version] of versions) {
                      const stream = ofThisRun.filter(
                        (entry) => entry.event.stream === `counter-${counterId}`,
                      );
                      expect(stream.map((entry) => entry.event.version)).toEqual(
                        Array.from({ length: version }, (_, index) => index + 1),
                      );
                      const record = yield* instances[1].load(counterKey(counterId));
                      expect(Option.getOrThrow(record).version).toBe(version);
                    }
                  }),
                );
              },
            ),
            { numRuns: 15 },
          ),
        );
      }),
    );
  }, 120_000);

  // FerretDB v1.24 applies an update as read, change, write: a version-guarded update
  // lets several racing writers through. These races are why every guarded write here is
  // an insert refused by a unique index; they fail on an update-based design.
  it("lets exactly one of 30 racing appends at one version win, the rest conflict", async () => {
    const [outcomes, record, stream] = await withDatabase((open) =>
      Effect.gen(function* () {
        const stores = yield* Effect.all([open(), open(), open()]);
        yield* stores[0].append(appendOf("c-1", 0, 1));
        const outcomes = yield* Effect.all(
          Array.from({ length: 30 }, (_, index) =>
            Effect.either((stores[index % 3] ?? stores[0]).append(appendOf("c-1", 1, 2))),
          ),
          { concurrency: "unbounded" },
        );
        const record = yield* stores[0].load(counterKey("c-1"));
        const stream = yield* stores[0].readStream(counterKey("c-1"));
        return [outcomes, record, stream] as const;
      }),
    );
    const won = outcomes.filter((outcome) => outcome._tag === "Right");
    const lost = outcomes.flatMap((outcome) => (outcome._tag === "Left" ? [outcome.left] : []));
    expect(won).toHaveLength(1);
    expect(lost.map((error) => error._tag)).toEqual(Array(29).fill("VersionConflict"));
    expect(Option.getOrThrow(record).version).toBe(3);
    expect(stream.map((event) => event.version)).toEqual([1, 2, 3]);
  });

  it("refuses an append at a version inside a commit, not only at an old head", async () => {
    const outcome = await withDatabase((open) =>
      Effect.gen(function* () {
        const store = yield* open();
        yield* store.append(appendOf("c-1", 0, 3));
        return yield* Effect.flip(store.append(appendOf("c-1", 1, 1)));
      }),
    );
    expect(outcome._tag).toBe("VersionConflict");
  });

  it("lets exactly one of 30 racing read-model writes at one revision win", async () => {
    const [outcomes, got] = await withDatabase((open) =>
      Effect.gen(function* () {
        const store = yield* open();
        const rows = yield* store.readModel(
          defineReadModel<{ readonly status: string; readonly writer: number }>({
            name: "race_rows",
            indexes: { status: "string" },
          }),
        );
        yield* rows.upsert("r-1", { status: "new", writer: -1 });
        const outcomes = yield* Effect.all(
          Array.from({ length: 30 }, (_, writer) =>
            Effect.either(rows.upsert("r-1", { status: "taken", writer }, { expectedRevision: 1 })),
          ),
          { concurrency: "unbounded" },
        );
        const got = yield* rows.get("r-1");
        const page = yield* rows.find({ where: { status: "taken" } });
        return [outcomes, { got, page }] as const;
      }),
    );
    const won = outcomes.flatMap((outcome, writer) => (outcome._tag === "Right" ? [writer] : []));
    expect(won).toHaveLength(1);
    expect(Option.getOrThrow(got.got)).toMatchObject({
      revision: 2,
      document: { status: "taken", writer: won[0] },
    });
    expect(got.page.items.map((item) => item.id)).toEqual(["r-1"]);
  });

  it("shows only the newest revision of a read-model document a write died in the middle of", async () => {
    const outcome = await withDatabase((open, database) =>
      Effect.gen(function* () {
        const store = yield* open();
        const rows = yield* store.readModel(
          defineReadModel<{ readonly status: string }>({
            name: "crash_rows",
            indexes: { status: "string" },
          }),
        );
        yield* rows.upsert("r-1", { status: "old" });
        yield* rows.upsert("r-2", { status: "old" });
        // What a write that died after inserting revision 2 and before removing revision 1 leaves.
        yield* Effect.promise(() =>
          inspector
            .db(database)
            .collection<{
              _id: string;
              id: string;
              revision: number;
              live: boolean;
              document: object;
            }>("read_model_crash_rows")
            .insertOne({
              _id: JSON.stringify(["r-1", 2]),
              id: "r-1",
              revision: 2,
              live: true,
              document: { status: "new" },
            }),
        );
        const old = yield* rows.find({ where: { status: "old" } });
        const got = yield* rows.get("r-1");
        const next = yield* rows.upsert("r-1", { status: "newer" }, { expectedRevision: 2 });
        const all = yield* rows.find({});
        return { old, got, next, all };
      }),
    );
    expect(outcome.old.items.map((item) => item.id)).toEqual(["r-2"]);
    expect(Option.getOrThrow(outcome.got)).toEqual({
      id: "r-1",
      revision: 2,
      document: { status: "new" },
    });
    expect(outcome.next).toBe(3);
    expect(outcome.all.items.map((item) => [item.id, item.revision])).toEqual([
      ["r-1", 3],
      ["r-2", 1],
    ]);
  });

  it("loses no increment when 12 writers read, change and write one read-model document with its revision", async () => {
    const [final, revisions] = await withDatabase((open) =>
      Effect.gen(function* () {
        const stores = yield* Effect.all([open(), open(), open()]);
        const rowsOf = (store: StoreApi) =>
          store.readModel(
            defineReadModel<{ readonly status: string; readonly count: number }>({
              name: "tallies",
              indexes: { status: "string" },
            }),
          );
        const first = yield* rowsOf(stores[0]);
        yield* first.upsert("t-1", { status: "open", count: 0 });
        const won = yield* Effect.all(
          Array.from({ length: 12 }, (_, writer) =>
            Effect.gen(function* () {
              const rows = yield* rowsOf(stores[writer % 3] ?? stores[0]);
              for (;;) {
                const current = Option.getOrThrow(yield* rows.get("t-1"));
                const written = yield* Effect.either(
                  rows.upsert(
                    "t-1",
                    { status: "open", count: current.document.count + 1 },
                    { expectedRevision: current.revision },
                  ),
                );
                if (written._tag === "Right") return written.right;
              }
            }),
          ),
          { concurrency: "unbounded" },
        );
        return [Option.getOrThrow(yield* first.get("t-1")), won] as const;
      }),
    );
    expect(final.document.count).toBe(12);
    expect(final.revision).toBe(13);
    expect([...revisions].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 12 }, (_, index) => index + 2),
    );
  }, 60_000);

  it("gives an expired lease to exactly one of 20 racing owners", async () => {
    let millis = 1_000_000;
    const database = freshDatabaseName();
    const winners = await Effect.runPromise(
      Effect.gen(function* () {
        const stores = yield* Effect.all(
          Array.from({ length: 4 }, () => connectMongoStore({ uri, database, now: () => millis })),
        );
        const first = stores[0];
        if (first === undefined) throw new Error("no store");
        yield* first.leases.acquire({ name: "relay", owner: "old", ttlMs: 1_000 });
        millis += 5_000;
        const taken = yield* Effect.all(
          Array.from({ length: 20 }, (_, index) =>
            (stores[index % 4] ?? first).leases.acquire({
              name: "relay",
              owner: `owner-${index}`,
              ttlMs: 1_000,
            }),
          ),
          { concurrency: "unbounded" },
        );
        const holder = yield* first.leases.holder("relay");
        return { taken, holder };
      }).pipe(
        Effect.ensuring(
          Effect.promise(() => inspector.db(database).dropDatabase()).pipe(Effect.ignore),
        ),
        Effect.scoped,
      ),
    );
    const won = winners.taken.flatMap((taken, index) => (taken ? [`owner-${index}`] : []));
    expect(won).toHaveLength(1);
    expect(Option.getOrThrow(winners.holder).owner).toBe(won[0]);
  });

  it("tells an owner renewing its lease from two places at once that it holds it, both times", async () => {
    const [renewed, holder] = await withDatabase((open) =>
      Effect.gen(function* () {
        const [first, second] = yield* Effect.all([open(), open()]);
        yield* first.leases.acquire({ name: "relay", owner: "a", ttlMs: 60_000 });
        const renewed = yield* Effect.all(
          Array.from({ length: 8 }, (_, index) =>
            (index % 2 === 0 ? first : second).leases.acquire({
              name: "relay",
              owner: "a",
              ttlMs: 60_000,
            }),
          ),
          { concurrency: "unbounded" },
        );
        return [renewed, yield* second.leases.holder("relay")] as const;
      }),
    );
    expect(renewed).toEqual(Array(8).fill(true));
    expect(Option.getOrThrow(holder).owner).toBe("a");
  });

  it("fails with StoreUnavailable, not a defect, when the server cannot be reached", async () => {
    // A port nothing listens on: connecting fails.
    const exit = await Effect.runPromiseExit(
      Effect.scoped(
        connectMongoStore({
          uri: "mongodb://127.0.0.1:1/",
          database: "unreachable",
          client: { serverSelectionTimeoutMS: 300 },
        }),
      ),
    );
    expect(Exit.isFailure(exit)).toBe(true);
    const failure = Exit.isFailure(exit)
      ? Option.getOrUndefined(Cause.failureOption(exit.cause))
      : undefined;
    expect(failure).toBeInstanceOf(StoreUnavailable);
    expect(failure?.code).toBe("store.unavailable");
    expect(failure?.text["zh-CN"]).toContain("数据存储暂不可用");
  });

  it("fails with StoreUnavailable when the server goes away after the start", async () => {
    const outcomes = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const server = yield* Effect.acquireRelease(
            Effect.promise(() => startOwnFerretDb()),
            (started) => Effect.promise(() => started.stop()),
          );
          const store = yield* connectMongoStore({
            uri: server.uri,
            database: "going_away",
            client: { serverSelectionTimeoutMS: 500, connectTimeoutMS: 500 },
          });
          yield* store.append(appendOf("c-1", 0, 1));
          yield* Effect.promise(() => server.stop());
          const failureOf = <A, E>(effect: Effect.Effect<A, E>) =>
            Effect.match(effect, { onFailure: (error): unknown => error, onSuccess: () => "ok" });
          return [
            yield* failureOf(store.load(counterKey("c-1"))),
            yield* failureOf(store.append(appendOf("c-1", 1, 1))),
            yield* failureOf(store.sequencePending()),
            yield* failureOf(store.readLog({ after: 0, limit: 10 })),
            yield* failureOf(store.leases.acquire({ name: "relay", owner: "a", ttlMs: 1000 })),
          ];
        }),
      ),
    );
    for (const outcome of outcomes) {
      expect(outcome).toBeInstanceOf(StoreUnavailable);
    }
  }, 30_000);

  it("builds as a layer that provides the store and its capabilities", async () => {
    const database = freshDatabaseName();
    const kind = await Effect.runPromise(
      Effect.map(Store, (store) => store.kind).pipe(
        Effect.provide(MongoStore.layer({ uri, database })),
      ),
    );
    await inspector.db(database).dropDatabase();
    expect(kind).toBe("mongodb");
  });

  it("tells unavailability from refusals by the error's shape", () => {
    expect(isMongoUnavailable({ name: "MongoServerSelectionError", message: "" })).toBe(true);
    expect(isMongoUnavailable({ name: "MongoNetworkError" })).toBe(true);
    expect(isMongoUnavailable({ name: "MongoServerError", code: 91 })).toBe(true);
    expect(isMongoUnavailable({ name: "MongoServerError", errorLabels: ["ResetPool"] })).toBe(true);
    // A write to a socket the server closed, passed on by the driver as Node gave it.
    expect(
      isMongoUnavailable(
        Object.assign(new Error("This socket has been ended by the other party"), {
          code: "EPIPE",
        }),
      ),
    ).toBe(true);
    expect(isMongoUnavailable({ name: "MongoServerError", code: 11000 })).toBe(false);
    expect(isMongoUnavailable({ name: "MongoServerError", code: 2 })).toBe(false);
    expect(isMongoUnavailable(new TypeError("bug"))).toBe(false);
  });
});

interface OwnFerretDb {
  readonly uri: string;
  readonly stop: () => Promise<void>;
}

/** A FerretDB of the test's own (the repository's test-server script), to stop mid-test. */
const startOwnFerretDb = async (): Promise<OwnFerretDb> => {
  const script = new URL("../../../../scripts/test-servers.mjs", import.meta.url).href;
  const servers = (await import(script)) as { readonly startFerretDb: () => Promise<OwnFerretDb> };
  return servers.startFerretDb();
};
