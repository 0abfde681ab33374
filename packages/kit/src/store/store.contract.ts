import {
  type CommandReceipt,
  type CommunityId,
  type EventEnvelope,
  streamName,
} from "@courier-station/core";
import { Cause, Deferred, Effect, Either, Exit, type Layer, Option } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { executeCommand } from "../commands/execute-command.js";
import { claimCommandId, recordCommandResult } from "./command-ids.js";
import { cursorAtBound, defineReadModel } from "./read-model.js";
import { type AggregateKey, type AppendRequest, Store, type StoreApi } from "./store.js";
import { StoreUnavailable } from "./store-errors.js";
import {
  type CounterCommand,
  type CounterState,
  counterCommand,
  counterDecider,
  counterEvent,
  counterRuntime,
  testCommunity,
} from "./testing/counter.js";

/*
 * The Store contract: what every adapter does, tested the same way against each.
 * `memory-store.test.ts`, `sqlite-store.test.ts` and `mongo-store.test.ts` run it.
 * Not exported from the package's main entry (it imports vitest).
 */

/** What the contract gives an adapter's layer. */
export interface StoreContractSettings {
  /**
   * The clock leases must read, in milliseconds since the epoch. The suite moves it to
   * expire leases without waiting.
   */
  readonly now: () => number;
}

/** What the contract needs from an adapter's test file. */
export interface StoreContractOptions {
  /**
   * A fresh, empty store for one test, closed when the layer is released (a temporary
   * file, a fresh database dropped afterwards, …). Called once per test.
   */
  readonly makeLayer: (settings: StoreContractSettings) => Layer.Layer<Store, unknown>;
  /** How many writers race on one aggregate; default 50. */
  readonly writers?: number;
}

/** The second community of the tests. */
const otherCommunity = "jinshan-hefeng" as CommunityId;

const counterKey = (id: string, community: CommunityId = testCommunity): AggregateKey => ({
  community,
  aggregate: "counter",
  id,
});

const increment = (commandId: string, counterId: string, by = 1, community?: CommunityId) =>
  counterCommand(commandId, { type: "Increment", data: { counterId, by } }, community);

/** An append of `count` bare counter events after `expectedVersion`. */
const bareAppend = (
  counterId: string,
  expectedVersion: number,
  count = 1,
  options: {
    readonly state?: unknown;
    readonly data?: (version: number) => unknown;
    readonly community?: CommunityId;
  } = {},
): AppendRequest<unknown> => {
  const community = options.community ?? testCommunity;
  const events = Array.from({ length: count }, (_, index) => {
    const version = expectedVersion + index + 1;
    return counterEvent(
      counterId,
      version,
      options.data?.(version) ?? { by: 1, total: version },
      community,
    );
  });
  return {
    record: {
      community,
      aggregate: "counter",
      id: counterId,
      state: options.state ?? { total: expectedVersion + count, closed: false },
      version: expectedVersion + count,
      receipts: [],
    },
    expectedVersion,
    events,
  };
};

const setTotal = (commandId: string, counterId: string, total: number) =>
  counterCommand(commandId, { type: "SetTotal", data: { counterId, total } });

/** The receipt of a no-op (a command accepted with no events) taken at `version`. */
const noOpReceipt = (commandId: string, version: number): CommandReceipt => ({
  commandId: commandId as CommandReceipt["commandId"],
  body: JSON.stringify({ noOp: commandId }),
  eventIds: [],
  version,
  at: "2026-11-28T03:00:00.000Z" as CommandReceipt["at"],
});

/** A receipt-only append: the no-op `commandId` taken at `expectedVersion`. */
const noOpAppend = (
  counterId: string,
  expectedVersion: number,
  commandId: string,
): AppendRequest<unknown> => {
  const receipt = noOpReceipt(commandId, expectedVersion);
  return {
    record: {
      community: testCommunity,
      aggregate: "counter",
      id: counterId,
      state: { total: expectedVersion, closed: false },
      version: expectedVersion,
      receipts: [receipt],
    },
    expectedVersion,
    events: [],
    receipt,
  };
};

/** Reads the whole log after a checkpoint in pages of `limit`, sequencing first (MongoDB). */
const readLogToEnd = (store: StoreApi, after: number, limit = 1000, community?: CommunityId) =>
  Effect.gen(function* () {
    yield* store.sequencePending();
    const read: Array<{ readonly position: number; readonly event: EventEnvelope }> = [];
    let checkpoint = after;
    for (;;) {
      const page = yield* store.readLog({
        after: checkpoint,
        limit,
        ...(community === undefined ? {} : { community }),
      });
      if (page.length === 0) return read;
      read.push(...page);
      checkpoint = page.at(-1)?.position ?? checkpoint;
    }
  });

/** A store whose first `writers` loads wait for one another, so that every writer reads the same version. */
const racingLoads = (store: StoreApi, writers: number) =>
  Effect.gen(function* () {
    const allLoaded = yield* Deferred.make<void>();
    let loads = 0;
    const racing: StoreApi = {
      ...store,
      load: (key, options) =>
        Effect.gen(function* () {
          const loaded = yield* store.load(key, options);
          loads += 1;
          if (loads === writers) yield* Deferred.succeed(allLoaded, undefined);
          if (loads <= writers) yield* Deferred.await(allLoaded);
          return loaded;
        }),
    } as StoreApi;
    return racing;
  });

const expectFailure = <A, E>(result: Either.Either<A, E>): E => {
  if (Either.isRight(result)) throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
  return result.left;
};

/**
 * Registers the Store contract suite for one adapter: every operation of `StoreApi`,
 * each test on a fresh, empty store.
 *
 * @example
 * describeStoreContract("memory", { makeLayer: ({ now }) => MemoryStore.layer({ now }) });
 */
export const describeStoreContract = (adapter: string, options: StoreContractOptions): void => {
  const writers = options.writers ?? 50;
  const start = Date.parse("2026-11-28T03:00:00.000Z");

  /** Runs a test body on a fresh store, with a clock the body can move. */
  const run = <A>(
    body: (
      store: StoreApi,
      clock: { readonly advance: (millis: number) => void },
    ) => Effect.Effect<A, unknown, Store>,
  ): Promise<A> => {
    let millis = start;
    const clock = {
      advance: (by: number) => {
        millis += by;
      },
    };
    return Effect.runPromise(
      Effect.flatMap(Store, (store) => body(store, clock)).pipe(
        Effect.provide(options.makeLayer({ now: () => millis })),
      ) as Effect.Effect<A, unknown>,
    );
  };

  describe(`Store contract: ${adapter}`, () => {
    describe("aggregates", () => {
      it("loads nothing before the first append, then the record that was appended", async () => {
        const [before, after, result] = await run((store) =>
          Effect.gen(function* () {
            const before = yield* store.load(counterKey("c-1"));
            const result = yield* store.append(
              bareAppend("c-1", 0, 2, { state: { total: 2, tags: ["小哥", "e站"] } }),
            );
            const after = yield* store.load<{ total: number }>(counterKey("c-1"));
            return [before, after, result] as const;
          }),
        );
        expect(Option.isNone(before)).toBe(true);
        expect(result).toEqual({ version: 2 });
        expect(Option.getOrThrow(after)).toEqual({
          community: testCommunity,
          aggregate: "counter",
          id: "c-1",
          state: { total: 2, tags: ["小哥", "e站"] },
          version: 2,
          receipts: [],
        });
      });

      it("keeps aggregates of one id in two communities and two kinds apart", async () => {
        const loaded = await run((store) =>
          Effect.gen(function* () {
            yield* store.append(bareAppend("c-1", 0, 1, { state: { who: "wanda" } }));
            yield* store.append(
              bareAppend("c-1", 0, 2, { state: { who: "hefeng" }, community: otherCommunity }),
            );
            return [
              yield* store.load(counterKey("c-1")),
              yield* store.load(counterKey("c-1", otherCommunity)),
              yield* store.load({ community: testCommunity, aggregate: "wish", id: "c-1" }),
            ] as const;
          }),
        );
        expect(Option.getOrThrow(loaded[0])).toMatchObject({ state: { who: "wanda" }, version: 1 });
        expect(Option.getOrThrow(loaded[1])).toMatchObject({
          state: { who: "hefeng" },
          version: 2,
          community: otherCommunity,
        });
        expect(Option.isNone(loaded[2])).toBe(true);
      });

      it("refuses an append at a stale version with a typed VersionConflict and writes nothing", async () => {
        const [first, second, loaded, stream, log, pending] = await run((store) =>
          Effect.gen(function* () {
            yield* store.append(bareAppend("c-1", 0, 1));
            const first = yield* Effect.either(store.append(bareAppend("c-1", 0, 1)));
            const second = yield* Effect.either(store.append(bareAppend("c-1", 3, 1)));
            return [
              first,
              second,
              yield* store.load(counterKey("c-1")),
              yield* store.readStream(counterKey("c-1")),
              yield* readLogToEnd(store, 0),
              yield* store.outbox.readPending(100),
            ] as const;
          }),
        );
        for (const result of [first, second]) {
          const failure = expectFailure(result);
          expect(failure._tag).toBe("VersionConflict");
          expect(failure.code).toBe("store.version_conflict");
          expect(failure.text["zh-CN"]).toContain("c-1");
          expect(failure.text.en).toContain("c-1");
        }
        expect(Option.getOrThrow(loaded).version).toBe(1);
        expect(stream).toHaveLength(1);
        expect(log).toHaveLength(1);
        expect(pending).toHaveLength(1);
      });

      it("loads every receipt, or only the one asked for, or none", async () => {
        const [all, one, none, stateOnly] = await run((store) =>
          Effect.gen(function* () {
            const runtime = counterRuntime();
            for (const commandId of ["cmd-a", "cmd-b", "cmd-c"]) {
              yield* executeCommand(counterDecider, increment(commandId, "c-1"), runtime);
            }
            return [
              yield* store.load(counterKey("c-1")),
              yield* store.load(counterKey("c-1"), { receiptsFor: "cmd-b" }),
              yield* store.load(counterKey("c-1"), { receiptsFor: "cmd-z" }),
              yield* store.load(counterKey("c-1"), { withoutReceipts: true }),
            ] as const;
          }),
        );
        const receipts = (record: typeof all) =>
          Option.getOrThrow(record).receipts.map((receipt: CommandReceipt) => [
            receipt.commandId,
            receipt.version,
          ]);
        expect(receipts(all).sort()).toEqual([
          ["cmd-a", 1],
          ["cmd-b", 2],
          ["cmd-c", 3],
        ]);
        expect(receipts(one)).toEqual([["cmd-b", 2]]);
        expect(receipts(none)).toEqual([]);
        expect(Option.getOrThrow(none).version).toBe(3);
        expect(receipts(stateOnly)).toEqual([]);
        expect(Option.getOrThrow(stateOnly).version).toBe(3);
        expect(Option.getOrThrow(stateOnly).state).toEqual(Option.getOrThrow(all).state);
      });
    });

    describe("executeCommand", () => {
      it(`lets ${writers} concurrent writers on one aggregate win each version once; the others get a VersionConflict`, async () => {
        const { results, record, stream } = await run((store) =>
          Effect.gen(function* () {
            const racing = yield* racingLoads(store, writers);
            const runtime = counterRuntime({ maxAttempts: 1 });
            const results = yield* Effect.all(
              Array.from({ length: writers }, (_, index) =>
                Effect.either(
                  executeCommand(counterDecider, increment(`race-${index}`, "c-1"), runtime),
                ).pipe(Effect.provideService(Store, racing)),
              ),
              { concurrency: "unbounded" },
            );
            return {
              results,
              record: yield* store.load<CounterState>(counterKey("c-1")),
              stream: yield* store.readStream(counterKey("c-1")),
            };
          }),
        );
        const won = results.filter(Either.isRight);
        const lost = results.filter(Either.isLeft).map((result) => result.left);
        // Every writer read version 0, so exactly one of them can write version 1.
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(writers - 1);
        for (const failure of lost) {
          expect(failure._tag).toBe("VersionConflict");
          expect(failure.code).toBe("store.version_conflict");
        }
        expect(Option.getOrThrow(record)).toMatchObject({ version: 1, state: { total: 1 } });
        expect(stream.map((event) => event.version)).toEqual([1]);
        const winner = won[0]?.right;
        expect(winner?.kind === "applied" && winner.events.map((event) => event.id)).toEqual(
          stream.map((event) => event.id),
        );
      });

      it(`applies all ${writers} concurrent commands with retries, each version won once`, async () => {
        const { results, record, stream, log } = await run((store) =>
          Effect.gen(function* () {
            const racing = yield* racingLoads(store, writers);
            // Enough attempts for the last of them; the random pauses spread the writers out.
            const runtime = counterRuntime({ maxAttempts: writers * 2 });
            const results = yield* Effect.all(
              Array.from({ length: writers }, (_, index) =>
                executeCommand(counterDecider, increment(`race-${index}`, "c-1"), runtime).pipe(
                  Effect.provideService(Store, racing),
                ),
              ),
              { concurrency: "unbounded" },
            );
            return {
              results,
              record: yield* store.load<CounterState>(counterKey("c-1")),
              stream: yield* store.readStream(counterKey("c-1")),
              log: yield* readLogToEnd(store, 0, 7),
            };
          }),
        );
        expect(Option.getOrThrow(record)).toMatchObject({
          version: writers,
          state: { total: writers, increments: writers },
        });
        expect(stream.map((event) => event.version)).toEqual(
          Array.from({ length: writers }, (_, index) => index + 1),
        );
        const versions = results.map((outcome) =>
          outcome.kind === "applied" ? outcome.receipt?.version : undefined,
        );
        expect(new Set(versions).size).toBe(writers);
        const eventIds = results.flatMap((outcome) =>
          outcome.kind === "applied" ? outcome.events.map((event) => event.id) : [],
        );
        expect([...eventIds].sort()).toEqual(stream.map((event) => event.id).sort());
        expect(log.map((entry) => entry.event.id)).toEqual(stream.map((event) => event.id));
      }, 120_000);

      it("applies a command once when it is retried after a crash between write and reply", async () => {
        const { lostReply, retry, again, stream, log, pending } = await run((store) =>
          Effect.gen(function* () {
            // The write succeeds; the reply is lost (the connection broke after the write).
            const crashing: StoreApi = {
              ...store,
              append: (request) =>
                Effect.flatMap(store.append(request), () =>
                  Effect.fail(
                    new StoreUnavailable({
                      operation: "append",
                      reason: "the connection broke after the write",
                    }),
                  ),
                ),
            } as StoreApi;
            const envelope = increment("cmd-crash", "c-1", 3);
            const lostReply = yield* Effect.either(
              executeCommand(counterDecider, envelope, counterRuntime()).pipe(
                Effect.provideService(Store, crashing),
              ),
            );
            const retry = yield* executeCommand(counterDecider, envelope, counterRuntime());
            const again = yield* executeCommand(counterDecider, envelope, counterRuntime());
            return {
              lostReply,
              retry,
              again,
              stream: yield* store.readStream(counterKey("c-1")),
              log: yield* readLogToEnd(store, 0),
              pending: yield* store.outbox.readPending(100),
            };
          }),
        );
        expect(expectFailure(lostReply)._tag).toBe("StoreUnavailable");
        expect(stream).toHaveLength(1);
        expect(stream[0]).toMatchObject({ type: "Incremented", data: { by: 3, total: 3 } });
        for (const outcome of [retry, again]) {
          expect(outcome.kind).toBe("duplicate");
          expect(outcome.receipt?.eventIds).toEqual(stream.map((event) => event.id));
          expect(outcome.receipt?.version).toBe(1);
          expect(outcome.record.state).toEqual({ total: 3, closed: false, increments: 1 });
        }
        expect(log).toHaveLength(1);
        expect(pending.map((event) => event.id)).toEqual(stream.map((event) => event.id));
      });

      it("refuses the same command id with a different body as a CommandIdConflict and stores nothing", async () => {
        const { conflict, stream, record } = await run((store) =>
          Effect.gen(function* () {
            yield* executeCommand(counterDecider, increment("cmd-1", "c-1", 2), counterRuntime());
            const conflict = yield* Effect.either(
              executeCommand(counterDecider, increment("cmd-1", "c-1", 5), counterRuntime()),
            );
            return {
              conflict,
              stream: yield* store.readStream(counterKey("c-1")),
              record: yield* store.load<CounterState>(counterKey("c-1")),
            };
          }),
        );
        const failure = expectFailure(conflict);
        expect(failure._tag).toBe("CommandIdConflict");
        expect(failure.code).toBe("command.id_conflict");
        expect("field" in failure && failure.field).toBe("command.data.by");
        expect(failure.text["zh-CN"]).toContain("cmd-1");
        expect(stream).toHaveLength(1);
        expect(Option.getOrThrow(record)).toMatchObject({ version: 1, state: { total: 2 } });
      });
    });

    describe("commands accepted with no events (no-ops)", () => {
      it("keeps a no-op's receipt, and nothing else: no event, no version, nothing in the log or outbox", async () => {
        const { outcome, one, all, stream, log, pending } = await run((store) =>
          Effect.gen(function* () {
            const runtime = counterRuntime();
            yield* executeCommand(counterDecider, increment("cmd-1", "c-1", 1), runtime);
            const outcome = yield* executeCommand(
              counterDecider,
              setTotal("cmd-2", "c-1", 1),
              runtime,
            );
            return {
              outcome,
              one: yield* store.load<CounterState>(counterKey("c-1"), { receiptsFor: "cmd-2" }),
              all: yield* store.load<CounterState>(counterKey("c-1")),
              stream: yield* store.readStream(counterKey("c-1")),
              log: yield* readLogToEnd(store, 0),
              pending: yield* store.outbox.readPending(100),
            };
          }),
        );
        expect(outcome.kind).toBe("applied");
        expect(outcome.kind === "applied" && outcome.events).toEqual([]);
        expect(Option.getOrThrow(one)).toMatchObject({ version: 1, state: { total: 1 } });
        expect(Option.getOrThrow(one).receipts).toEqual([outcome.receipt]);
        expect(outcome.receipt).toMatchObject({ commandId: "cmd-2", eventIds: [], version: 1 });
        expect(
          Option.getOrThrow(all).receipts.map((receipt) => [receipt.commandId, receipt.version]),
        ).toEqual([
          ["cmd-1", 1],
          ["cmd-2", 1],
        ]);
        expect(stream).toHaveLength(1);
        expect(log).toHaveLength(1);
        expect(pending.map((event) => event.id)).toEqual(stream.map((event) => event.id));
      });

      it("answers a no-op sent again `duplicate` after another command changed the state, and refuses another body", async () => {
        const { first, retry, conflict, record, stream } = await run((store) =>
          Effect.gen(function* () {
            const runtime = counterRuntime();
            yield* executeCommand(counterDecider, setTotal("cmd-1", "c-1", 5), runtime);
            // The total is 5 already: a no-op.
            const first = yield* executeCommand(
              counterDecider,
              setTotal("cmd-2", "c-1", 5),
              runtime,
            );
            // Someone else changes the total; then the no-op is retried.
            yield* executeCommand(counterDecider, increment("cmd-3", "c-1", 3), runtime);
            const retry = yield* executeCommand(
              counterDecider,
              setTotal("cmd-2", "c-1", 5),
              runtime,
            );
            const conflict = yield* Effect.either(
              executeCommand(counterDecider, setTotal("cmd-2", "c-1", 6), runtime),
            );
            return {
              first,
              retry,
              conflict,
              record: yield* store.load<CounterState>(counterKey("c-1")),
              stream: yield* store.readStream(counterKey("c-1")),
            };
          }),
        );
        expect(first.kind === "applied" && first.events).toEqual([]);
        expect(retry.kind).toBe("duplicate");
        expect(retry.receipt).toEqual(first.receipt);
        const failure = expectFailure(conflict);
        expect(failure._tag).toBe("CommandIdConflict");
        expect("field" in failure && failure.field).toBe("command.data.total");
        // The retry did not set the total back to 5.
        expect(Option.getOrThrow(record)).toMatchObject({ version: 2, state: { total: 8 } });
        expect(stream.map((event) => event.data)).toEqual([
          { by: 5, total: 5 },
          { by: 3, total: 8 },
        ]);
      });

      it("refuses a receipt-only append at a stale version with a VersionConflict and writes nothing", async () => {
        const { stale, current, staleReceipt, currentReceipt, record, log, pending } = await run(
          (store) =>
            Effect.gen(function* () {
              yield* store.append(bareAppend("c-1", 0, 2));
              const stale = yield* Effect.either(store.append(noOpAppend("c-1", 1, "noop-stale")));
              const current = yield* store.append(noOpAppend("c-1", 2, "noop-current"));
              return {
                stale,
                current,
                staleReceipt: yield* store.load(counterKey("c-1"), { receiptsFor: "noop-stale" }),
                currentReceipt: yield* store.load(counterKey("c-1"), {
                  receiptsFor: "noop-current",
                }),
                record: yield* store.load(counterKey("c-1")),
                log: yield* readLogToEnd(store, 0),
                pending: yield* store.outbox.readPending(100),
              };
            }),
        );
        const failure = expectFailure(stale);
        expect(failure._tag).toBe("VersionConflict");
        expect(failure.code).toBe("store.version_conflict");
        expect(current).toEqual({ version: 2 });
        expect(Option.getOrThrow(staleReceipt).receipts).toEqual([]);
        expect(Option.getOrThrow(currentReceipt).receipts).toEqual([
          noOpReceipt("noop-current", 2),
        ]);
        expect(Option.getOrThrow(record)).toMatchObject({
          version: 2,
          state: { total: 2 },
          receipts: [noOpReceipt("noop-current", 2)],
        });
        expect(log).toHaveLength(2);
        expect(pending).toHaveLength(2);
      });

      it("keeps the first of two receipt-only appends of one command id at one version", async () => {
        const { second, record } = await run((store) =>
          Effect.gen(function* () {
            yield* store.append(bareAppend("c-1", 0, 1));
            yield* store.append(noOpAppend("c-1", 1, "noop-twice"));
            const later = noOpAppend("c-1", 1, "noop-twice");
            const receipt: CommandReceipt = {
              ...noOpReceipt("noop-twice", 1),
              at: "2026-11-28T03:05:00.000Z" as CommandReceipt["at"],
            };
            const second = yield* Effect.either(
              store.append({ ...later, record: { ...later.record, receipts: [receipt] }, receipt }),
            );
            return {
              second,
              record: yield* store.load(counterKey("c-1"), { receiptsFor: "noop-twice" }),
            };
          }),
        );
        expect(expectFailure(second)._tag).toBe("VersionConflict");
        expect(Option.getOrThrow(record).receipts).toEqual([noOpReceipt("noop-twice", 1)]);
      });

      it("decides a no-op again on the fresh state when its receipt lost the race", async () => {
        const { outcome, record, stream } = await run((store) =>
          Effect.gen(function* () {
            const runtime = counterRuntime({ maxBackoffMs: 1 });
            yield* executeCommand(counterDecider, setTotal("cmd-1", "c-1", 1), runtime);
            // Between the no-op's load and its append, another writer increments.
            let appends = 0;
            const racing: StoreApi = {
              ...store,
              append: (request) =>
                Effect.gen(function* () {
                  appends += 1;
                  if (appends === 1) {
                    yield* executeCommand(counterDecider, increment("cmd-2", "c-1", 1), runtime);
                  }
                  return yield* store.append(request);
                }),
            } as StoreApi;
            const outcome = yield* executeCommand(
              counterDecider,
              setTotal("cmd-3", "c-1", 1),
              runtime,
            ).pipe(Effect.provideService(Store, racing));
            return {
              outcome,
              record: yield* store.load<CounterState>(counterKey("c-1"), { receiptsFor: "cmd-3" }),
              stream: yield* store.readStream(counterKey("c-1")),
            };
          }),
        );
        // Decided again at total 2, setting it back to 1 is no longer a no-op.
        expect(outcome.kind === "applied" && outcome.events.map((event) => event.data)).toEqual([
          { by: -1, total: 1 },
        ]);
        expect(Option.getOrThrow(record)).toMatchObject({
          version: 3,
          state: { total: 1 },
          receipts: [{ commandId: "cmd-3", version: 3 }],
        });
        expect(stream).toHaveLength(3);
      });

      it("keeps the receipt of a commit that took a command id a no-op took at the same time", async () => {
        // The same command sent twice at once, decided once before and once after another
        // command: the events happened, so the commit's receipt is the one kept.
        const loaded = await run((store) =>
          Effect.gen(function* () {
            yield* store.append(bareAppend("c-1", 0, 1));
            yield* store.append(noOpAppend("c-1", 1, "cmd-twice"));
            const withEvents = bareAppend("c-1", 1, 1);
            const event = withEvents.events[0];
            if (event === undefined) throw new Error("expected an event");
            const receipt: CommandReceipt = {
              ...noOpReceipt("cmd-twice", 2),
              eventIds: [event.id],
            };
            yield* store.append({
              ...withEvents,
              record: { ...withEvents.record, receipts: [receipt] },
            });
            return {
              receipt,
              one: yield* store.load(counterKey("c-1"), { receiptsFor: "cmd-twice" }),
              all: yield* store.load(counterKey("c-1")),
            };
          }),
        );
        expect(Option.getOrThrow(loaded.one).receipts).toEqual([loaded.receipt]);
        expect(Option.getOrThrow(loaded.all).receipts).toEqual([loaded.receipt]);
      });

      it("takes an append with no events only with its receipt and on an aggregate that exists", async () => {
        const { results, record, fresh } = await run((store) =>
          Effect.gen(function* () {
            yield* store.append(bareAppend("c-1", 0, 1));
            const { receipt: _left, ...noReceipt } = noOpAppend("c-1", 1, "noop-1");
            const onNothing = noOpAppend("c-new", 0, "noop-2");
            const wrongVersion: AppendRequest<unknown> = {
              ...noOpAppend("c-1", 1, "noop-3"),
              receipt: noOpReceipt("noop-3", 2),
            };
            const results = yield* Effect.forEach([noReceipt, onNothing, wrongVersion], (request) =>
              Effect.exit(store.append(request)),
            );
            return {
              results,
              record: yield* store.load(counterKey("c-1")),
              fresh: yield* store.load(counterKey("c-new")),
            };
          }),
        );
        // A programming error: a defect, not a failure a caller handles; nothing written.
        for (const result of results) {
          expect(Exit.isFailure(result) && Cause.isDie(result.cause)).toBe(true);
        }
        expect(Option.getOrThrow(record)).toMatchObject({ version: 1, receipts: [] });
        expect(Option.isNone(fresh)).toBe(true);
      });

      it("stores nothing for a no-op on an aggregate that does not exist", async () => {
        const { outcome, record } = await run((store) =>
          Effect.gen(function* () {
            const outcome = yield* executeCommand(
              counterDecider,
              counterCommand("cmd-touch", { type: "Touch", data: { counterId: "c-new" } }),
              counterRuntime(),
            );
            return { outcome, record: yield* store.load(counterKey("c-new")) };
          }),
        );
        expect(outcome).toMatchObject({ kind: "applied", events: [] });
        expect(Option.isNone(record)).toBe(true);
      });

      it("erases a no-op's receipt body when asked, so its retry is a conflict", async () => {
        const { retry, receipts } = await run((store) =>
          Effect.gen(function* () {
            const runtime = counterRuntime();
            yield* executeCommand(counterDecider, setTotal("cmd-1", "c-1", 2), runtime);
            yield* executeCommand(counterDecider, setTotal("cmd-2", "c-1", 2), runtime);
            yield* store.rewriteEvents(counterKey("c-1"), (event) => event, {
              eraseReceiptBodies: true,
            });
            const retry = yield* Effect.either(
              executeCommand(counterDecider, setTotal("cmd-2", "c-1", 2), runtime),
            );
            const record = yield* store.load(counterKey("c-1"));
            return { retry, receipts: Option.getOrThrow(record).receipts };
          }),
        );
        expect(expectFailure(retry)._tag).toBe("CommandIdConflict");
        expect(receipts.map((receipt) => [receipt.commandId, receipt.body])).toEqual([
          ["cmd-1", '{"erased":true}'],
          ["cmd-2", '{"erased":true}'],
        ]);
      });
    });

    describe("streams", () => {
      it("reads a stream in version order, after a version and up to a limit", async () => {
        const { all, middle, unknown } = await run((store) =>
          Effect.gen(function* () {
            yield* store.append(bareAppend("c-1", 0, 3));
            yield* store.append(bareAppend("c-2", 0, 1));
            yield* store.append(bareAppend("c-1", 3, 2));
            return {
              all: yield* store.readStream(counterKey("c-1")),
              middle: yield* store.readStream(counterKey("c-1"), { afterVersion: 1, limit: 2 }),
              unknown: yield* store.readStream(counterKey("c-9")),
            };
          }),
        );
        expect(all.map((event) => event.version)).toEqual([1, 2, 3, 4, 5]);
        expect(all.every((event) => event.stream === streamName("counter", "c-1"))).toBe(true);
        expect(middle.map((event) => event.version)).toEqual([2, 3]);
        expect(unknown).toEqual([]);
      });

      it("gives events back exactly as they were appended", async () => {
        const { appended, stream, log, pending } = await run((store) =>
          Effect.gen(function* () {
            const request = bareAppend("c-1", 0, 1, {
              data: () => ({ note: "雨天送餐 🛵", nested: { list: [{ a: 1 }, "x"], zero: 0 } }),
            });
            yield* store.append(request);
            return {
              appended: request.events,
              stream: yield* store.readStream(counterKey("c-1")),
              log: yield* readLogToEnd(store, 0),
              pending: yield* store.outbox.readPending(10),
            };
          }),
        );
        expect(stream).toEqual(appended);
        expect(log.map((entry) => entry.event)).toEqual(appended);
        expect(pending).toEqual(appended);
      });
    });

    describe("the event log", () => {
      it("reads from a checkpoint in pages without skipping or repeating an event", async () => {
        const { pages, all, rest } = await run((store) =>
          Effect.gen(function* () {
            yield* store.append(bareAppend("c-1", 0, 3));
            yield* store.append(bareAppend("c-2", 0, 2));
            yield* store.append(bareAppend("c-1", 3, 1));
            const all = yield* readLogToEnd(store, 0);
            const pages = yield* readLogToEnd(store, 0, 2);
            // From a checkpoint in the middle: the rest, and nothing before it.
            const rest = yield* readLogToEnd(store, all[2]?.position ?? 0, 2);
            return { pages, all, rest };
          }),
        );
        expect(all).toHaveLength(6);
        expect(rest).toEqual(all.slice(3));
        const positions = all.map((entry) => entry.position);
        expect(
          positions.every(
            (position, index) => index === 0 || position > (positions[index - 1] ?? 0),
          ),
        ).toBe(true);
        expect(pages).toEqual(all);
        // Each stream's events come in version order.
        const c1 = all.filter((entry) => entry.event.stream === "counter-c-1");
        expect(c1.map((entry) => entry.event.version)).toEqual([1, 2, 3, 4]);
      });

      it("reads one community's events with the global positions", async () => {
        const { wanda, hefeng, all } = await run((store) =>
          Effect.gen(function* () {
            yield* store.append(bareAppend("c-1", 0, 2));
            yield* store.append(bareAppend("c-1", 0, 2, { community: otherCommunity }));
            yield* store.append(bareAppend("c-2", 0, 1));
            const all = yield* readLogToEnd(store, 0);
            return {
              all,
              wanda: yield* readLogToEnd(store, 0, 1, testCommunity),
              hefeng: yield* readLogToEnd(store, 0, 1, otherCommunity),
            };
          }),
        );
        expect(wanda.map((entry) => entry.event.community)).toEqual([
          testCommunity,
          testCommunity,
          testCommunity,
        ]);
        expect(hefeng.map((entry) => entry.event.community)).toEqual([
          otherCommunity,
          otherCommunity,
        ]);
        expect([...wanda, ...hefeng].map((entry) => entry.position).sort((a, b) => a - b)).toEqual(
          all.map((entry) => entry.position),
        );
        expect(wanda).toEqual(all.filter((entry) => entry.event.community === testCommunity));
      });

      it("never skips or repeats an event while writers append concurrently", async () => {
        const { read, appended, streams } = await run((store) =>
          Effect.gen(function* () {
            const runtime = counterRuntime({ maxAttempts: 100, maxBackoffMs: 5 });
            let writing = true;
            const aggregates = ["c-1", "c-2", "c-3", "c-4", "c-5"];
            const writer = (counterId: string) =>
              Effect.gen(function* () {
                const ids: string[] = [];
                for (let index = 0; index < 12; index++) {
                  const command: CounterCommand =
                    index % 3 === 0
                      ? { type: "IncrementTwice", data: { counterId } }
                      : { type: "Increment", data: { counterId, by: index } };
                  const outcome = yield* executeCommand(
                    counterDecider,
                    counterCommand(`${counterId}-${index}`, command),
                    runtime,
                  );
                  if (outcome.kind === "applied")
                    ids.push(...outcome.events.map((event) => event.id));
                  yield* Effect.yieldNow();
                }
                return ids;
              });
            const reader = Effect.gen(function* () {
              const read: Array<{ readonly position: number; readonly id: string }> = [];
              let checkpoint = 0;
              let limit = 1;
              for (;;) {
                const done = !writing;
                yield* store.sequencePending();
                const page = yield* store.readLog({ after: checkpoint, limit });
                for (const entry of page)
                  read.push({ position: entry.position, id: entry.event.id });
                checkpoint = page.at(-1)?.position ?? checkpoint;
                limit = (limit % 4) + 1;
                if (done && page.length === 0) return read;
                yield* Effect.yieldNow();
              }
            });
            const [read, appended] = yield* Effect.all(
              [
                reader,
                Effect.all(aggregates.map(writer), { concurrency: "unbounded" }).pipe(
                  Effect.ensuring(
                    Effect.sync(() => {
                      writing = false;
                    }),
                  ),
                ),
              ],
              { concurrency: "unbounded" },
            );
            const streams = yield* Effect.all(
              aggregates.map((id) => store.readStream(counterKey(id))),
            );
            return { read, appended: appended.flat(), streams };
          }),
        );
        expect(appended).toHaveLength(5 * 16);
        const readIds = read.map((entry) => entry.id);
        expect(new Set(readIds).size).toBe(readIds.length);
        expect([...readIds].sort()).toEqual([...appended].sort());
        const positions = read.map((entry) => entry.position);
        expect(positions).toEqual([...positions].sort((a, b) => a - b));
        expect(new Set(positions).size).toBe(positions.length);
        // Each stream's events are read in version order.
        for (const stream of streams) {
          const order: ReadonlyArray<string> = stream.map((event) => event.id);
          expect(readIds.filter((id) => order.includes(id))).toEqual(order);
        }
      });

      it("reads exactly what was appended, for random appends and page sizes (property)", async () => {
        await run((store) =>
          Effect.promise(() =>
            fc.assert(
              fc.asyncProperty(
                fc.array(
                  fc.oneof(
                    fc.record({
                      kind: fc.constant("append" as const),
                      counter: fc.integer({ min: 1, max: 3 }),
                      events: fc.integer({ min: 1, max: 3 }),
                    }),
                    fc.record({
                      kind: fc.constant("read" as const),
                      limit: fc.integer({ min: 1, max: 4 }),
                    }),
                  ),
                  { maxLength: 25 },
                ),
                async (steps) => {
                  await Effect.runPromise(
                    Effect.gen(function* () {
                      const start = yield* readLogToEnd(store, 0);
                      let checkpoint = start.at(-1)?.position ?? 0;
                      const appended: string[] = [];
                      const read: string[] = [];
                      for (const step of steps) {
                        if (step.kind === "append") {
                          const key = counterKey(`p-${step.counter}`);
                          const version = Option.match(yield* store.load(key), {
                            onNone: () => 0,
                            onSome: (record) => record.version,
                          });
                          const request = bareAppend(`p-${step.counter}`, version, step.events);
                          yield* store.append(request);
                          appended.push(...request.events.map((event) => event.id));
                        } else {
                          yield* store.sequencePending();
                          const page = yield* store.readLog({
                            after: checkpoint,
                            limit: step.limit,
                          });
                          read.push(...page.map((entry) => entry.event.id));
                          checkpoint = page.at(-1)?.position ?? checkpoint;
                        }
                      }
                      const rest = yield* readLogToEnd(store, checkpoint, 2);
                      read.push(...rest.map((entry) => entry.event.id));
                      expect(read).toEqual(appended);
                    }),
                  );
                },
              ),
              { numRuns: 20 },
            ),
          ),
        );
      });
    });

    describe("the outbox", () => {
      it("gives pending events in log order, each stream in version order, until they are marked relayed", async () => {
        const result = await run((store) =>
          Effect.gen(function* () {
            yield* store.append(bareAppend("c-1", 0, 2));
            yield* store.append(bareAppend("c-2", 0, 1, { community: otherCommunity }));
            yield* store.append(bareAppend("c-1", 2, 1));
            const log = yield* readLogToEnd(store, 0);
            const first = yield* store.outbox.readPending(2);
            // A crash before markRelayed: the same events come again.
            const afterCrash = yield* store.outbox.readPending(2);
            yield* store.outbox.markRelayed(first);
            yield* store.outbox.markRelayed(first);
            const rest = yield* store.outbox.readPending(100);
            yield* store.outbox.markRelayed(rest);
            const empty = yield* store.outbox.readPending(100);
            const logAfter = yield* readLogToEnd(store, 0);
            return { log, first, afterCrash, rest, empty, logAfter };
          }),
        );
        const ids = (events: ReadonlyArray<EventEnvelope>) => events.map((event) => event.id);
        const logIds = result.log.map((entry) => entry.event.id);
        expect(ids(result.first)).toEqual(logIds.slice(0, 2));
        expect(ids(result.afterCrash)).toEqual(ids(result.first));
        expect(ids(result.rest)).toEqual(logIds.slice(2));
        expect(result.empty).toEqual([]);
        // Relaying changes nothing in the log.
        expect(result.logAfter).toEqual(result.log);
      });

      it("marks only the events given, and ignores unknown ones", async () => {
        const { pending } = await run((store) =>
          Effect.gen(function* () {
            yield* store.append(bareAppend("c-1", 0, 3));
            const all = yield* store.outbox.readPending(10);
            const middle = all[1];
            if (middle === undefined) throw new Error("three events expected");
            yield* store.outbox.markRelayed([middle, counterEvent("c-9", 1)]);
            return { pending: yield* store.outbox.readPending(10) };
          }),
        );
        expect(pending.map((event) => event.version)).toEqual([1, 3]);
      });
    });

    describe("leases", () => {
      it("acquires, renews, refuses another owner, expires and releases", async () => {
        const steps = await run((store, clock) =>
          Effect.gen(function* () {
            const lease = { name: "timer:points:expire-holds", ttlMs: 10_000 };
            const steps: Array<readonly [string, unknown]> = [];
            const step = (label: string, value: unknown) => steps.push([label, value]);
            step("a acquires", yield* store.leases.acquire({ ...lease, owner: "a" }));
            step("holder", Option.getOrNull(yield* store.leases.holder(lease.name)));
            step("b refused", yield* store.leases.acquire({ ...lease, owner: "b" }));
            step("b cannot renew", yield* store.leases.renew({ ...lease, owner: "b" }));
            clock.advance(6_000);
            step("a renews", yield* store.leases.renew({ ...lease, owner: "a" }));
            step("a acquires again", yield* store.leases.acquire({ ...lease, owner: "a" }));
            clock.advance(6_000);
            step("b still refused", yield* store.leases.acquire({ ...lease, owner: "b" }));
            yield* store.leases.release({ name: lease.name, owner: "b" });
            step(
              "b's release changes nothing",
              Option.getOrNull(yield* store.leases.holder(lease.name)),
            );
            clock.advance(10_001);
            step("expired: no holder", Option.getOrNull(yield* store.leases.holder(lease.name)));
            step(
              "b takes the expired lease",
              yield* store.leases.acquire({ ...lease, owner: "b" }),
            );
            step("a renews no more", yield* store.leases.renew({ ...lease, owner: "a" }));
            yield* store.leases.release({ name: lease.name, owner: "b" });
            step("released: no holder", Option.getOrNull(yield* store.leases.holder(lease.name)));
            step(
              "a takes the released lease",
              yield* store.leases.acquire({ ...lease, owner: "a" }),
            );
            clock.advance(10_001);
            step(
              "expired again: no holder",
              Option.getOrNull(yield* store.leases.holder(lease.name)),
            );
            step(
              "a renews its expired lease nobody took",
              yield* store.leases.renew({ ...lease, owner: "a" }),
            );
            step("renewed holder", Option.getOrNull(yield* store.leases.holder(lease.name)));
            step(
              "another lease is separate",
              yield* store.leases.acquire({ name: "outbox-relay", owner: "b", ttlMs: 1_000 }),
            );
            return steps;
          }),
        );
        expect(Object.fromEntries(steps)).toEqual({
          "a acquires": true,
          holder: { owner: "a", expiresAt: start + 10_000 },
          "b refused": false,
          "b cannot renew": false,
          "a renews": true,
          "a acquires again": true,
          "b still refused": false,
          "b's release changes nothing": { owner: "a", expiresAt: start + 16_000 },
          "expired: no holder": null,
          "b takes the expired lease": true,
          "a renews no more": false,
          "released: no holder": null,
          "a takes the released lease": true,
          "expired again: no holder": null,
          "a renews its expired lease nobody took": true,
          "renewed holder": { owner: "a", expiresAt: start + 42_002 },
          "another lease is separate": true,
        });
      });

      it("gives a lease to exactly one of many owners racing for it", async () => {
        const results = await run((store) =>
          Effect.all(
            Array.from({ length: 20 }, (_, index) =>
              store.leases.acquire({
                name: "outbox-relay",
                owner: `instance-${index}`,
                ttlMs: 5_000,
              }),
            ),
            { concurrency: "unbounded" },
          ),
        );
        expect(results.filter((held) => held)).toHaveLength(1);
      });
    });

    describe("unique keys", () => {
      const key = { community: testCommunity, scope: "courier-mobile", key: "hash-138" };

      it("lets exactly one of concurrent claims win; the others see the winner", async () => {
        const { claims, owner } = await run((store) =>
          Effect.gen(function* () {
            const claims = yield* Effect.all(
              Array.from({ length: 20 }, (_, index) =>
                store.claimUniqueKey({ ...key, owner: `c-${index}` }),
              ),
              { concurrency: "unbounded" },
            );
            return { claims, owner: yield* store.uniqueKeyOwner(key) };
          }),
        );
        const winners = claims.flatMap((claim, index) =>
          claim.kind === "claimed" ? [`c-${index}`] : [],
        );
        expect(winners).toHaveLength(1);
        expect(Option.getOrThrow(owner)).toBe(winners[0]);
        for (const claim of claims) {
          if (claim.kind !== "claimed") expect(claim).toEqual({ kind: "taken", owner: winners[0] });
        }
      });

      it("answers owned to its owner, releases only for its owner, and keeps scopes and communities apart", async () => {
        const steps = await run((store) =>
          Effect.gen(function* () {
            return {
              claimed: yield* store.claimUniqueKey({ ...key, owner: "c-1" }),
              owned: yield* store.claimUniqueKey({ ...key, owner: "c-1" }),
              taken: yield* store.claimUniqueKey({ ...key, owner: "c-2" }),
              otherCommunity: yield* store.claimUniqueKey({
                ...key,
                community: otherCommunity,
                owner: "c-2",
              }),
              otherScope: yield* store.claimUniqueKey({
                ...key,
                scope: "sponsor-mobile",
                owner: "c-2",
              }),
              releaseByOther: yield* store.releaseUniqueKey({ ...key, owner: "c-2" }),
              stillOwner: Option.getOrNull(yield* store.uniqueKeyOwner(key)),
              releaseByOwner: yield* store.releaseUniqueKey({ ...key, owner: "c-1" }),
              releaseAgain: yield* store.releaseUniqueKey({ ...key, owner: "c-1" }),
              noOwner: Option.getOrNull(yield* store.uniqueKeyOwner(key)),
              claimedAgain: yield* store.claimUniqueKey({ ...key, owner: "c-2" }),
              otherCommunityOwner: Option.getOrNull(
                yield* store.uniqueKeyOwner({ ...key, community: otherCommunity }),
              ),
            };
          }),
        );
        expect(steps).toEqual({
          claimed: { kind: "claimed" },
          owned: { kind: "owned" },
          taken: { kind: "taken", owner: "c-1" },
          otherCommunity: { kind: "claimed" },
          otherScope: { kind: "claimed" },
          releaseByOther: false,
          stillOwner: "c-1",
          releaseByOwner: true,
          releaseAgain: false,
          noOwner: null,
          claimedAgain: { kind: "claimed" },
          otherCommunityOwner: "c-2",
        });
      });

      it("refuses an empty, oversize or NUL key with InvalidDocument and claims nothing", async () => {
        const { failures, owners } = await run((store) =>
          Effect.gen(function* () {
            const bad = [
              { ...key, key: "", owner: "c-1" },
              { ...key, key: "x".repeat(201), owner: "c-1" },
              { ...key, key: "a\u0000b", owner: "c-1" },
              { ...key, scope: "", owner: "c-1" },
            ];
            const failures = yield* Effect.all(
              bad.map((claim) => Effect.flip(store.claimUniqueKey(claim))),
            );
            const owners = yield* Effect.all(bad.map((claim) => store.uniqueKeyOwner(claim)));
            return { failures, owners };
          }),
        );
        for (const failure of failures) {
          expect(failure._tag).toBe("InvalidDocument");
          expect(failure.code).toBe("store.invalid_document");
        }
        expect(owners.every(Option.isNone)).toBe(true);
      });
    });

    describe("command ids across aggregates", () => {
      const claim = {
        community: testCommunity,
        caller: "gateway:client-7",
        commandId: "idem-1",
        fingerprint: "sha256:aaa",
      };

      it("applies one command id again for another aggregate: ids are unique per aggregate", async () => {
        const runtime = counterRuntime();
        const outcomes = await run(() =>
          Effect.gen(function* () {
            const first = yield* executeCommand(counterDecider, increment("cmd-x", "c-1"), runtime);
            const again = yield* executeCommand(counterDecider, increment("cmd-x", "c-1"), runtime);
            const other = yield* executeCommand(counterDecider, increment("cmd-x", "c-2"), runtime);
            return [first.kind, again.kind, other.kind];
          }),
        );
        expect(outcomes).toEqual(["applied", "duplicate", "applied"]);
      });

      it("claims an id once per caller: claimed, repeated with the first result, another body a conflict naming it", async () => {
        const steps = await run(() =>
          Effect.gen(function* () {
            return {
              first: yield* claimCommandId(claim),
              whileRunning: yield* claimCommandId(claim),
              recorded: yield* recordCommandResult({ ...claim, result: "counter:c-1@1" }),
              retry: yield* claimCommandId(claim),
              otherBody: yield* Effect.flip(
                claimCommandId({ ...claim, fingerprint: "sha256:bbb" }),
              ),
              recordedAgain: yield* recordCommandResult({ ...claim, result: "counter:c-9@4" }),
              retryAfter: yield* claimCommandId(claim),
              otherCaller: yield* claimCommandId({ ...claim, caller: "gateway:client-8" }),
              otherCommunity: yield* claimCommandId({ ...claim, community: otherCommunity }),
            };
          }),
        );
        expect(steps.first).toEqual({ kind: "claimed" });
        expect(steps.whileRunning).toEqual({ kind: "repeated", result: undefined });
        expect(steps.recorded).toBe("counter:c-1@1");
        expect(steps.retry).toEqual({ kind: "repeated", result: "counter:c-1@1" });
        expect(steps.otherBody._tag).toBe("CommandIdConflict");
        expect(steps.otherBody.code).toBe("command.id_conflict");
        expect(steps.otherBody.text.en).toContain("idem-1");
        expect(steps.otherBody.text["zh-CN"]).toContain("idem-1");
        // The first result stays, so runs of one request that raced answer alike.
        expect(steps.recordedAgain).toBe("counter:c-1@1");
        expect(steps.retryAfter).toEqual({ kind: "repeated", result: "counter:c-1@1" });
        expect(steps.otherCaller).toEqual({ kind: "claimed" });
        expect(steps.otherCommunity).toEqual({ kind: "claimed" });
      });

      it("lets exactly one of concurrent claims of an id win; the same body is repeated, another a conflict", async () => {
        const claims = await run(() =>
          Effect.all(
            Array.from({ length: 20 }, (_, index) =>
              Effect.either(
                claimCommandId({
                  ...claim,
                  fingerprint: index % 2 === 0 ? "sha256:even" : "sha256:odd",
                }),
              ),
            ),
            { concurrency: "unbounded" },
          ),
        );
        const winners = claims.flatMap((result, index) =>
          Either.isRight(result) && result.right.kind === "claimed" ? [index] : [],
        );
        expect(winners).toHaveLength(1);
        const winnerParity = (winners[0] ?? 0) % 2;
        claims.forEach((result, index) => {
          if (index === winners[0]) return;
          if (index % 2 === winnerParity) {
            expect(result).toEqual(Either.right({ kind: "repeated", result: undefined }));
          } else {
            expect(Either.isLeft(result) && result.left._tag).toBe("CommandIdConflict");
          }
        });
      });

      it("serves the gateway's flow: the first request runs once, a retry gets its outcome, another body is refused", async () => {
        const runtime = counterRuntime();
        const request = (commandId: string, counterId: string, fingerprint: string) =>
          Effect.gen(function* () {
            const claimed = yield* claimCommandId({ ...claim, commandId, fingerprint });
            if (claimed.kind === "repeated" && claimed.result !== undefined) return claimed.result;
            const outcome = yield* executeCommand(
              counterDecider,
              increment(commandId, counterId),
              runtime,
            );
            const version = outcome.kind === "applied" ? outcome.record.version : 0;
            return yield* recordCommandResult({
              ...claim,
              commandId,
              result: `counter:${counterId}@${version}`,
            });
          });
        const answers = await run((store) =>
          Effect.gen(function* () {
            const first = yield* request("idem-9", "c-1", "sha256:c-1");
            const retry = yield* request("idem-9", "c-1", "sha256:c-1");
            // The same key on another aggregate: without the claim it would apply again.
            const otherBody = yield* Effect.flip(request("idem-9", "c-2", "sha256:c-2"));
            const streams = {
              c1: (yield* store.readStream(counterKey("c-1"))).length,
              c2: (yield* store.readStream(counterKey("c-2"))).length,
            };
            return { first, retry, otherBody, streams };
          }),
        );
        expect(answers.first).toBe("counter:c-1@1");
        expect(answers.retry).toBe("counter:c-1@1");
        expect(answers.otherBody._tag).toBe("CommandIdConflict");
        expect(answers.streams).toEqual({ c1: 1, c2: 0 });
      });

      it("refuses an empty, oversize or NUL caller, id, fingerprint or result with InvalidDocument", async () => {
        const failures = await run((store) =>
          Effect.gen(function* () {
            const claims = [
              { ...claim, caller: "" },
              { ...claim, caller: "x".repeat(181) },
              { ...claim, commandId: "a\u0000b" },
              { ...claim, fingerprint: "f".repeat(201) },
            ];
            const refused = yield* Effect.all(
              claims.map((bad) => Effect.flip(claimCommandId(bad))),
            );
            const badResult = yield* Effect.flip(recordCommandResult({ ...claim, result: "" }));
            const stillFree = yield* claimCommandId(claim);
            return {
              fields: [...refused, badResult].map((failure) =>
                failure._tag === "InvalidDocument"
                  ? failure.issues.map((issue) => issue.field)
                  : [],
              ),
              tags: [...refused, badResult].map((failure) => failure._tag),
              stillFree,
              owner: yield* store.uniqueKeyOwner({
                community: testCommunity,
                scope: "command-id:",
                key: claim.commandId,
              }),
            };
          }),
        );
        expect(failures.tags).toEqual(Array.from({ length: 5 }, () => "InvalidDocument"));
        expect(failures.fields).toEqual([
          ["caller"],
          ["caller"],
          ["commandId"],
          ["fingerprint"],
          ["result"],
        ]);
        expect(failures.stillFree).toEqual({ kind: "claimed" });
        expect(Option.isNone(failures.owner)).toBe(true);
      });
    });

    describe("processed events", () => {
      it("records an event per consumer, idempotently", async () => {
        const steps = await run((store) =>
          Effect.gen(function* () {
            const before = yield* store.processedEvents.has("points-earn", "e-1");
            yield* store.processedEvents.record("points-earn", "e-1");
            yield* store.processedEvents.record("points-earn", "e-1");
            return {
              before,
              after: yield* store.processedEvents.has("points-earn", "e-1"),
              otherConsumer: yield* store.processedEvents.has("insights", "e-1"),
              otherEvent: yield* store.processedEvents.has("points-earn", "e-2"),
            };
          }),
        );
        expect(steps).toEqual({
          before: false,
          after: true,
          otherConsumer: false,
          otherEvent: false,
        });
      });
    });

    describe("read models", () => {
      interface CourierRow {
        readonly community: string;
        readonly status: string;
        readonly points?: number | null;
        readonly verified?: boolean;
        readonly name?: string;
      }
      const rowsNamed = (name: string) =>
        defineReadModel<CourierRow>({
          name,
          indexes: { community: "string", status: "string", points: "number", verified: "boolean" },
        });
      const courierRows = rowsNamed("courier_rows");

      it("upserts with revisions, gets by id, guards by revision and deletes", async () => {
        const steps = await run((store) =>
          Effect.gen(function* () {
            const rows = yield* store.readModel(courierRows);
            const first = yield* rows.upsert("c-1", {
              community: "jinshan-wanda",
              status: "pending",
              name: "阿强",
            });
            const second = yield* rows.upsert(
              "c-1",
              { community: "jinshan-wanda", status: "active", points: 10 },
              { expectedRevision: 1 },
            );
            const stale = yield* Effect.flip(
              rows.upsert("c-1", { community: "x", status: "x" }, { expectedRevision: 1 }),
            );
            const exists = yield* Effect.flip(
              rows.upsert("c-1", { community: "x", status: "x" }, { expectedRevision: 0 }),
            );
            const created = yield* rows.upsert(
              "c-2",
              { community: "jinshan-wanda", status: "active" },
              { expectedRevision: 0 },
            );
            const got = yield* rows.get("c-1");
            const missing = yield* rows.get("c-9");
            const staleDelete = yield* Effect.flip(rows.delete("c-1", { expectedRevision: 1 }));
            const deleted = yield* rows.delete("c-1", { expectedRevision: 2 });
            const deletedAgain = yield* rows.delete("c-1");
            const afterDelete = yield* rows.get("c-1");
            const recreated = yield* rows.upsert("c-1", {
              community: "jinshan-wanda",
              status: "pending",
            });
            // The same collection, asked for again, holds the same documents.
            const again = yield* store.readModel(courierRows);
            return {
              first,
              second,
              stale: stale._tag,
              exists: exists._tag,
              created,
              got: Option.getOrNull(got),
              missing: Option.getOrNull(missing),
              staleDelete: staleDelete._tag,
              deleted,
              deletedAgain,
              afterDelete: Option.getOrNull(afterDelete),
              recreated,
              count: yield* again.count(),
            };
          }),
        );
        expect(steps).toEqual({
          first: 1,
          second: 2,
          stale: "RevisionConflict",
          exists: "RevisionConflict",
          created: 1,
          got: {
            id: "c-1",
            revision: 2,
            document: { community: "jinshan-wanda", status: "active", points: 10 },
          },
          missing: null,
          staleDelete: "RevisionConflict",
          deleted: true,
          deletedAgain: false,
          afterDelete: null,
          recreated: 1,
          count: 2,
        });
      });

      it("writes a batch of documents in order, each guarded by its revision", async () => {
        const steps = await run((store) =>
          Effect.gen(function* () {
            const rows = yield* store.readModel(rowsNamed("batch_rows"));
            const empty = yield* rows.upsertMany([]);
            yield* rows.upsert("c-1", { community: "jinshan-wanda", status: "pending" });
            const written = yield* rows.upsertMany([
              {
                id: "c-1",
                document: { community: "jinshan-wanda", status: "active" },
                expectedRevision: 1,
              },
              { id: "c-2", document: { community: "jinshan-wanda", status: "pending" } },
              // The same id again sees the write before it in the batch.
              {
                id: "c-2",
                document: { community: "jinshan-wanda", status: "active", points: 3 },
                expectedRevision: 1,
              },
              {
                id: "c-3",
                document: { community: "jinshan-hefeng", status: "active" },
                expectedRevision: 0,
              },
            ]);
            const conflict = yield* Effect.flip(
              rows.upsertMany([
                {
                  id: "c-4",
                  document: { community: "jinshan-wanda", status: "active" },
                  expectedRevision: 0,
                },
                {
                  id: "c-1",
                  document: { community: "x", status: "x" },
                  expectedRevision: 1,
                },
              ]),
            );
            const invalid = yield* Effect.flip(
              rows.upsertMany([
                { id: "c-5", document: { community: "jinshan-wanda", status: "active" } },
                {
                  id: "c-1",
                  document: { community: "jinshan-wanda", status: 7 as unknown as string },
                },
              ]),
            );
            return {
              empty,
              written,
              conflict: conflict._tag,
              invalid: invalid._tag,
              c1: Option.getOrNull(yield* rows.get("c-1")),
              c2: Option.getOrNull(yield* rows.get("c-2")),
              c3: Option.getOrNull(yield* rows.get("c-3"))?.revision,
              c4: Option.getOrNull(yield* rows.get("c-4"))?.revision,
              c5: Option.getOrNull(yield* rows.get("c-5")),
              kind: store.kind,
            };
          }),
        );
        expect(steps).toEqual({
          empty: [],
          written: [2, 1, 2, 1],
          conflict: "RevisionConflict",
          invalid: "InvalidDocument",
          // The conflicting write changed nothing, and a bad document stopped the whole batch.
          c1: {
            id: "c-1",
            revision: 2,
            document: { community: "jinshan-wanda", status: "active" },
          },
          c2: {
            id: "c-2",
            revision: 2,
            document: { community: "jinshan-wanda", status: "active", points: 3 },
          },
          c3: 1,
          // One transaction on SQLite and in memory: the write before the conflict is undone
          // too. MongoDB has no multi-document transactions, so it stays there.
          c4: steps.kind === "mongodb" ? 1 : undefined,
          c5: null,
          kind: steps.kind,
        });
      });

      it("deletes all of a collection's documents at once, and only that collection's", async () => {
        const steps = await run((store) =>
          Effect.gen(function* () {
            const rows = yield* store.readModel(rowsNamed("cleared_rows"));
            const others = yield* store.readModel(rowsNamed("kept_rows"));
            yield* rows.upsert("c-1", { community: "jinshan-wanda", status: "active" });
            yield* rows.upsert("c-1", { community: "jinshan-wanda", status: "pending" });
            yield* rows.upsert("c-2", { community: "jinshan-hefeng", status: "active" });
            yield* rows.delete("c-2");
            yield* others.upsert("c-1", { community: "jinshan-wanda", status: "active" });
            yield* rows.deleteAll();
            const emptied = yield* rows.count();
            const found = (yield* rows.find({ where: { status: "pending" } })).items;
            // Written again, a document starts at revision 1, as if it had never been.
            const again = yield* rows.upsert(
              "c-1",
              { community: "jinshan-wanda", status: "active" },
              { expectedRevision: 0 },
            );
            yield* rows.deleteAll();
            yield* rows.deleteAll();
            return {
              emptied,
              found,
              again,
              afterTwice: yield* rows.count(),
              kept: (yield* others.get("c-1")).pipe(Option.map((stored) => stored.revision)),
            };
          }),
        );
        expect(steps).toEqual({
          emptied: 0,
          found: [],
          again: 1,
          afterTwice: 0,
          kept: Option.some(1),
        });
      });

      it("finds by indexed fields, null matching absent, and counts", async () => {
        const found = await run((store) =>
          Effect.gen(function* () {
            const rows = yield* store.readModel(courierRows);
            yield* rows.upsert("c-1", {
              community: "jinshan-wanda",
              status: "active",
              points: 5,
              verified: true,
            });
            yield* rows.upsert("c-2", {
              community: "jinshan-wanda",
              status: "pending",
              verified: false,
            });
            yield* rows.upsert("c-3", {
              community: "jinshan-hefeng",
              status: "active",
              points: 7,
              verified: true,
            });
            yield* rows.upsert("c-4", {
              community: "jinshan-wanda",
              status: "active",
              points: null,
            });
            const ids = (page: { readonly items: ReadonlyArray<{ readonly id: string }> }) =>
              page.items.map((item) => item.id);
            return {
              active: ids(
                yield* rows.find({ where: { community: "jinshan-wanda", status: "active" } }),
              ),
              verified: ids(yield* rows.find({ where: { verified: true } })),
              noPoints: ids(yield* rows.find({ where: { points: null } })),
              byPoints: ids(yield* rows.find({ where: { points: 7 } })),
              descending: ids(
                yield* rows.find({ orderBy: { field: "points", direction: "descending" } }),
              ),
              ascending: ids(yield* rows.find({ orderBy: { field: "points" } })),
              count: yield* rows.count({ community: "jinshan-wanda" }),
              countAll: yield* rows.count(),
              notIndexed: (yield* Effect.flip(
                rows.find({ where: { name: "阿强" } as { readonly community?: string } }),
              ))._tag,
              wrongType: (yield* Effect.flip(
                rows.find({ where: { points: "5" as unknown as number } }),
              ))._tag,
              badCursor: (yield* Effect.flip(rows.find({ after: "not-a-cursor!" })))._tag,
              badLimit: (yield* Effect.flip(rows.find({ limit: 0 })))._tag,
            };
          }),
        );
        expect(found).toEqual({
          active: ["c-1", "c-4"],
          verified: ["c-1", "c-3"],
          noPoints: ["c-2", "c-4"],
          byPoints: ["c-3"],
          // Ties are broken by id in the same direction.
          descending: ["c-3", "c-1", "c-4", "c-2"],
          ascending: ["c-2", "c-4", "c-1", "c-3"],
          count: 3,
          countAll: 4,
          notIndexed: "InvalidQuery",
          wrongType: "InvalidQuery",
          badCursor: "InvalidQuery",
          badLimit: "InvalidQuery",
        });
      });

      it("starts a query at a range's bound: from it ascending, before it descending", async () => {
        const found = await run((store) =>
          Effect.gen(function* () {
            const rows = yield* store.readModel(courierRows);
            for (const [id, points] of [
              ["c-1", 1],
              ["c-2", 3],
              ["c-3", 3],
              ["c-4", 5],
              ["c-5", 7],
            ] as const) {
              yield* rows.upsert(id, { community: "jinshan-wanda", status: "active", points });
            }
            const ascending = { field: "points", direction: "ascending" } as const;
            const descending = { field: "points", direction: "descending" } as const;
            const ids = (page: { readonly items: ReadonlyArray<{ readonly id: string }> }) =>
              page.items.map((item) => item.id);
            const firstPage = yield* rows.find({
              where: { community: "jinshan-wanda" },
              orderBy: descending,
              after: cursorAtBound(descending, 5),
              limit: 2,
            });
            return {
              fromThree: ids(
                yield* rows.find({ orderBy: ascending, after: cursorAtBound(ascending, 3) }),
              ),
              beforeFive: ids(firstPage),
              // The page's own cursor goes on from there, in the same order.
              thenOn: ids(
                yield* rows.find({
                  where: { community: "jinshan-wanda" },
                  orderBy: descending,
                  ...(firstPage.next === undefined ? {} : { after: firstPage.next }),
                }),
              ),
              beforeAll: ids(
                yield* rows.find({ orderBy: descending, after: cursorAtBound(descending, 1) }),
              ),
              // A bound of another field or order than the query's is refused, as any cursor is.
              otherOrder: (yield* Effect.flip(
                rows.find({ orderBy: ascending, after: cursorAtBound(descending, 3) }),
              ))._tag,
            };
          }),
        );
        expect(found).toEqual({
          fromThree: ["c-2", "c-3", "c-4", "c-5"],
          beforeFive: ["c-3", "c-2"],
          thenOn: ["c-1"],
          beforeAll: [],
          otherOrder: "InvalidQuery",
        });
      });

      it("pages through a query without skipping or repeating a document (property)", async () => {
        let collections = 0;
        await run((store) =>
          Effect.promise(() =>
            fc.assert(
              fc.asyncProperty(
                fc.uniqueArray(
                  fc.record({
                    id: fc.stringMatching(/^[a-z0-9é中-]{1,6}$/),
                    status: fc.constantFrom("active", "pending"),
                    points: fc.option(fc.integer({ min: -3, max: 3 }), { nil: null }),
                  }),
                  { selector: (row) => row.id, maxLength: 25 },
                ),
                fc.integer({ min: 1, max: 6 }),
                fc.constantFrom<"ascending" | "descending" | undefined>(
                  "ascending",
                  "descending",
                  undefined,
                ),
                fc.constantFrom<"active" | undefined>("active", undefined),
                async (documents, limit, direction, status) => {
                  collections += 1;
                  await Effect.runPromise(
                    Effect.gen(function* () {
                      const rows = yield* store.readModel(rowsNamed(`paging_${collections}`));
                      for (const document of documents) {
                        yield* rows.upsert(document.id, {
                          community: "jinshan-wanda",
                          status: document.status,
                          points: document.points,
                        });
                      }
                      const seen: string[] = [];
                      let after: string | undefined;
                      for (let pages = 0; pages < 100; pages++) {
                        const page = yield* rows.find({
                          ...(status === undefined ? {} : { where: { status } }),
                          ...(direction === undefined
                            ? {}
                            : { orderBy: { field: "points", direction } }),
                          ...(after === undefined ? {} : { after }),
                          limit,
                        });
                        expect(page.items.length).toBeLessThanOrEqual(limit);
                        seen.push(...page.items.map((item) => item.id));
                        after = page.next;
                        if (after === undefined) break;
                      }
                      const matching = documents.filter(
                        (document) => status === undefined || document.status === status,
                      );
                      expect(new Set(seen).size).toBe(seen.length);
                      expect([...seen].sort()).toEqual(
                        matching.map((document) => document.id).sort(),
                      );
                      if (direction !== undefined) {
                        const points = seen.map(
                          (id) => matching.find((document) => document.id === id)?.points ?? null,
                        );
                        const rank = (value: number | null) =>
                          value === null ? Number.NEGATIVE_INFINITY : value;
                        const sorted = [...points].sort((a, b) =>
                          direction === "ascending" ? rank(a) - rank(b) : rank(b) - rank(a),
                        );
                        expect(points).toEqual(sorted);
                      }
                    }),
                  );
                },
              ),
              { numRuns: 20 },
            ),
          ),
        );
      });
    });

    describe("rewriting history", () => {
      it("rewrites the data of a stream's events in the stream, the log and the outbox", async () => {
        const result = await run((store) =>
          Effect.gen(function* () {
            const runtime = counterRuntime();
            yield* executeCommand(counterDecider, increment("cmd-1", "c-1", 2), runtime);
            yield* executeCommand(counterDecider, increment("cmd-2", "c-1", 3), runtime);
            yield* executeCommand(counterDecider, increment("cmd-3", "c-2", 4), runtime);
            const before = yield* store.readStream(counterKey("c-1"));
            const changed = yield* store.rewriteEvents(counterKey("c-1"), (event) =>
              event.version === 1
                ? {
                    ...event,
                    id: "forged" as EventEnvelope["id"],
                    data: { by: 0, total: 0, erased: true },
                  }
                : event,
            );
            const after = yield* store.readStream(counterKey("c-1"));
            const log = yield* readLogToEnd(store, 0);
            const pending = yield* store.outbox.readPending(10);
            const untouched = yield* store.readStream(counterKey("c-2"));
            const retry = yield* executeCommand(
              counterDecider,
              increment("cmd-1", "c-1", 2),
              runtime,
            );
            return { before, changed, after, log, pending, untouched, retry };
          }),
        );
        expect(result.changed).toBe(1);
        const rewritten = result.after[0];
        expect(rewritten).toEqual({ ...result.before[0], data: { by: 0, total: 0, erased: true } });
        expect(result.after[1]).toEqual(result.before[1]);
        expect(result.log.find((entry) => entry.event.id === rewritten?.id)?.event).toEqual(
          rewritten,
        );
        expect(result.pending.find((event) => event.id === rewritten?.id)).toEqual(rewritten);
        expect(result.untouched.map((event) => event.data)).toEqual([{ by: 4, total: 4 }]);
        // Without erasing receipts, a retry is still answered as a duplicate.
        expect(result.retry.kind).toBe("duplicate");
      });

      it("erases receipt bodies when asked, so a retried command is a conflict", async () => {
        const { changed, retry, receipts } = await run((store) =>
          Effect.gen(function* () {
            const runtime = counterRuntime();
            yield* executeCommand(counterDecider, increment("cmd-1", "c-1", 2), runtime);
            const changed = yield* store.rewriteEvents(counterKey("c-1"), (event) => event, {
              eraseReceiptBodies: true,
            });
            const retry = yield* Effect.either(
              executeCommand(counterDecider, increment("cmd-1", "c-1", 2), runtime),
            );
            const record = yield* store.load(counterKey("c-1"));
            return { changed, retry, receipts: Option.getOrThrow(record).receipts };
          }),
        );
        expect(changed).toBe(0);
        expect(expectFailure(retry)._tag).toBe("CommandIdConflict");
        expect(receipts.map((receipt) => receipt.body)).toEqual(['{"erased":true}']);
      });

      it("refuses a rewrite into a bad document and changes nothing", async () => {
        const { failure, before, after } = await run((store) =>
          Effect.gen(function* () {
            yield* store.append(bareAppend("c-1", 0, 2));
            const before = yield* store.readStream(counterKey("c-1"));
            const failure = yield* Effect.flip(
              store.rewriteEvents(counterKey("c-1"), (event) =>
                event.version === 1
                  ? { ...event, data: { ok: "fine" } }
                  : { ...event, data: { $set: 1 } },
              ),
            );
            return { failure, before, after: yield* store.readStream(counterKey("c-1")) };
          }),
        );
        expect(failure._tag).toBe("InvalidDocument");
        expect(after).toEqual(before);
      });

      it("rewrites nothing in a stream that does not exist", async () => {
        const changed = await run((store) =>
          store.rewriteEvents(counterKey("c-9"), (event) => ({ ...event, data: {} })),
        );
        expect(changed).toBe(0);
      });
    });

    describe("bad documents", () => {
      const badValues: ReadonlyArray<readonly [string, () => unknown, string]> = [
        ["a $-prefixed key", () => ({ $where: "1" }), "$where"],
        ["a dotted key", () => ({ "a.b": 1 }), "a.b"],
        [
          "a __proto__ key",
          () => JSON.parse('{"nested":{"__proto__":{"admin":true}}}'),
          "nested.__proto__",
        ],
        ["a NUL character", () => ({ note: "a\u0000b" }), "note"],
        ["NaN", () => ({ total: Number.NaN }), "total"],
        ["Infinity", () => ({ total: Number.POSITIVE_INFINITY }), "total"],
        ["an array in an array", () => ({ list: [[1]] }), "list.0"],
      ];

      for (const [label, value, field] of badValues) {
        it(`refuses ${label} in a state or an event with InvalidDocument and stores nothing`, async () => {
          const { inState, inEvent, loaded, stream, log, pending } = await run((store) =>
            Effect.gen(function* () {
              const inState = yield* Effect.flip(
                store.append(bareAppend("c-1", 0, 1, { state: value() })),
              );
              const inEvent = yield* Effect.flip(
                store.append(
                  bareAppend("c-1", 0, 2, {
                    data: (version) => (version === 2 ? value() : { fine: true }),
                  }),
                ),
              );
              return {
                inState,
                inEvent,
                loaded: yield* store.load(counterKey("c-1")),
                stream: yield* store.readStream(counterKey("c-1")),
                log: yield* readLogToEnd(store, 0),
                pending: yield* store.outbox.readPending(10),
              };
            }),
          );
          for (const failure of [inState, inEvent]) {
            expect(failure._tag).toBe("InvalidDocument");
            expect(failure.code).toBe("store.invalid_document");
            expect(failure.text["zh-CN"].length).toBeGreaterThan(0);
            expect(failure.text.en.length).toBeGreaterThan(0);
          }
          expect(
            inState._tag === "InvalidDocument" && inState.issues.map((issue) => issue.field),
          ).toEqual([`state.${field}`]);
          expect(
            inEvent._tag === "InvalidDocument" && inEvent.issues.map((issue) => issue.field),
          ).toEqual([`events.1.data.${field}`]);
          expect(Option.isNone(loaded)).toBe(true);
          expect(stream).toEqual([]);
          expect(log).toEqual([]);
          expect(pending).toEqual([]);
        });

        it(`refuses ${label} in a read-model document with InvalidDocument and stores nothing`, async () => {
          const { failure, got, count } = await run((store) =>
            Effect.gen(function* () {
              const rows = yield* store.readModel(courierRowsForBadInput);
              const failure = yield* Effect.flip(
                rows.upsert("c-1", { community: "jinshan-wanda", extra: value() }),
              );
              return { failure, got: yield* rows.get("c-1"), count: yield* rows.count() };
            }),
          );
          expect(failure._tag).toBe("InvalidDocument");
          expect(Option.isNone(got)).toBe(true);
          expect(count).toBe(0);
        });
      }

      it("refuses a command id that cannot be a key, and stores nothing", async () => {
        const { failure, loaded } = await run((store) =>
          Effect.gen(function* () {
            const failure = yield* Effect.flip(
              executeCommand(counterDecider, increment("cmd.with.dots", "c-1"), counterRuntime()),
            );
            return { failure, loaded: yield* store.load(counterKey("c-1")) };
          }),
        );
        expect(failure._tag).toBe("InvalidDocument");
        expect(Option.isNone(loaded)).toBe(true);
      });

      it("refuses a read-model document whose indexed field has the wrong type", async () => {
        const failure = await run((store) =>
          Effect.gen(function* () {
            const rows = yield* store.readModel(courierRowsForBadInput);
            return yield* Effect.flip(rows.upsert("c-1", { community: 42 as unknown as string }));
          }),
        );
        expect(failure._tag).toBe("InvalidDocument");
      });
    });
  });
};

const courierRowsForBadInput = defineReadModel<{
  readonly community: string;
  readonly extra?: unknown;
}>({
  name: "bad_input_rows",
  indexes: { community: "string" },
});
