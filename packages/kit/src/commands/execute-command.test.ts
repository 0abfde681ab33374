import type { Actor } from "@courier-station/core";
import { Duration, Effect, Either, Fiber, Option, TestClock, TestContext } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeMemoryStore } from "../store/memory-store.js";
import { type AggregateKey, Store, type StoreApi } from "../store/store.js";
import { StoreUnavailable, VersionConflict } from "../store/store-errors.js";
import {
  type CounterCommand,
  type CounterState,
  counterCommand,
  counterDecider,
  counterRuntime,
  testCommunity,
} from "../store/testing/counter.js";
import { executeCommand } from "./execute-command.js";

const key = (id: string): AggregateKey => ({ community: testCommunity, aggregate: "counter", id });

const increment = (commandId: string, counterId: string, by = 1) =>
  counterCommand(commandId, { type: "Increment", data: { counterId, by } });

/** What a store holds for one counter: its record, stream and pending events. */
const contents = (store: StoreApi, counterId: string) =>
  Effect.gen(function* () {
    return {
      record: yield* store.load<CounterState>(key(counterId)),
      stream: yield* store.readStream(key(counterId)),
      log: yield* store.readLog({ after: 0, limit: 1000 }),
      pending: yield* store.outbox.readPending(1000),
    };
  });

/** A store that counts appends and can be told how to answer them. */
const instrumented = (
  store: StoreApi,
  answer?: (attempt: number) => Effect.Effect<void, VersionConflict | StoreUnavailable>,
) => {
  const counts = { appends: 0 };
  const wrapped: StoreApi = {
    ...store,
    append: (request) => {
      counts.appends += 1;
      const attempt = counts.appends;
      return answer === undefined
        ? store.append(request)
        : Effect.flatMap(answer(attempt), () => store.append(request));
    },
  } as StoreApi;
  return { store: wrapped, counts };
};

const runWith = <A, E>(store: StoreApi, program: Effect.Effect<A, E, Store>) =>
  Effect.runPromise(program.pipe(Effect.provideService(Store, store)));

describe("executeCommand", () => {
  it("stores the events, the state and the receipt of an applied command, atomically", async () => {
    const store = makeMemoryStore();
    const outcome = await runWith(
      store,
      executeCommand(
        counterDecider,
        counterCommand("cmd-1", { type: "IncrementTwice", data: { counterId: "c-1" } }),
        counterRuntime(),
      ),
    );
    const held = await Effect.runPromise(contents(store, "c-1"));
    expect(outcome.kind).toBe("applied");
    expect(outcome.kind === "applied" && outcome.events.map((event) => event.version)).toEqual([
      1, 2,
    ]);
    expect(Option.getOrThrow(held.record)).toMatchObject({
      version: 2,
      state: { total: 2, increments: 2 },
      receipts: [{ commandId: "cmd-1", version: 2 }],
    });
    expect(held.stream).toEqual(outcome.kind === "applied" ? outcome.events : []);
    expect(held.pending).toEqual(held.stream);
  });

  it("stores nothing for a command the decider refuses, and says why in both languages", async () => {
    const store = makeMemoryStore();
    const { store: counted, counts } = instrumented(store);
    const refused = await runWith(
      counted,
      Effect.flip(executeCommand(counterDecider, increment("cmd-1", "c-1", -2), counterRuntime())),
    );
    expect(refused._tag).toBe("IncrementInvalid");
    expect(refused.code).toBe("counter.increment_invalid");
    expect(refused.text["zh-CN"]).toContain("-2");
    expect(refused.text.en).toContain("-2");
    const held = await Effect.runPromise(contents(store, "c-1"));
    expect(Option.isNone(held.record)).toBe(true);
    expect(held.log).toEqual([]);
    expect(counts.appends).toBe(0);
  });

  it("stores nothing when a closed counter refuses, and keeps what was there", async () => {
    const store = makeMemoryStore();
    const runtime = counterRuntime();
    await runWith(store, executeCommand(counterDecider, increment("cmd-1", "c-1", 2), runtime));
    await runWith(
      store,
      executeCommand(
        counterDecider,
        counterCommand("cmd-2", { type: "Close", data: { counterId: "c-1" } }),
        runtime,
      ),
    );
    const before = await Effect.runPromise(contents(store, "c-1"));
    const refused = await runWith(
      store,
      Effect.flip(executeCommand(counterDecider, increment("cmd-3", "c-1"), runtime)),
    );
    expect(refused._tag).toBe("CounterClosed");
    expect(await Effect.runPromise(contents(store, "c-1"))).toEqual(before);
  });

  it("stores nothing for an actor without permission", async () => {
    const store = makeMemoryStore();
    const courier: Actor = { role: "courier", id: "courier-1", communities: [testCommunity] };
    const forbidden = await runWith(
      store,
      Effect.flip(
        executeCommand(
          counterDecider,
          counterCommand(
            "cmd-1",
            { type: "Increment", data: { counterId: "c-1", by: 1 } },
            testCommunity,
            courier,
          ),
          counterRuntime(),
        ),
      ),
    );
    expect(forbidden._tag).toBe("Forbidden");
    expect(Option.isNone(await Effect.runPromise(store.load(key("c-1"))))).toBe(true);
  });

  it("stores only the receipt when the decider accepts with no events (nothing for an aggregate that does not exist)", async () => {
    const store = makeMemoryStore();
    const { store: counted, counts } = instrumented(store);
    const touch = (commandId: string) =>
      executeCommand(
        counterDecider,
        counterCommand(commandId, { type: "Touch", data: { counterId: "c-1" } }),
        counterRuntime(),
      );
    const onNew = await runWith(counted, touch("cmd-1"));
    expect(counts.appends).toBe(0);
    expect(Option.isNone(await Effect.runPromise(store.load(key("c-1"))))).toBe(true);
    await runWith(
      counted,
      executeCommand(counterDecider, increment("cmd-2", "c-1"), counterRuntime()),
    );
    const before = await Effect.runPromise(contents(store, "c-1"));
    const onExisting = await runWith(counted, touch("cmd-3"));
    const after = await Effect.runPromise(contents(store, "c-1"));
    expect(onNew).toMatchObject({ kind: "applied", events: [], receipt: { version: 0 } });
    expect(onExisting).toMatchObject({
      kind: "applied",
      events: [],
      receipt: { commandId: "cmd-3", eventIds: [], version: 1 },
    });
    expect(counts.appends).toBe(2);
    // The receipt is the one thing that changed: state, version, stream, log, outbox stay.
    expect(after).toEqual({
      ...before,
      record: Option.map(before.record, (record) => ({
        ...record,
        receipts: [...record.receipts, onExisting.receipt],
      })),
    });
    const again = await runWith(counted, touch("cmd-3"));
    expect(again.kind).toBe("duplicate");
    expect(counts.appends).toBe(2);
  });

  it("does not undo another's change when a no-op is sent again", async () => {
    const store = makeMemoryStore();
    const runtime = counterRuntime();
    const setTotal = (commandId: string, total: number) =>
      executeCommand(
        counterDecider,
        counterCommand(commandId, { type: "SetTotal", data: { counterId: "c-1", total } }),
        runtime,
      );
    await runWith(store, setTotal("cmd-1", 4));
    const noOp = await runWith(store, setTotal("cmd-2", 4));
    await runWith(store, executeCommand(counterDecider, increment("cmd-3", "c-1", 2), runtime));
    const retry = await runWith(store, setTotal("cmd-2", 4));
    expect(noOp.kind === "applied" && noOp.events).toEqual([]);
    expect(retry).toMatchObject({ kind: "duplicate", receipt: noOp.receipt });
    const held = await Effect.runPromise(contents(store, "c-1"));
    expect(Option.getOrThrow(held.record)).toMatchObject({ version: 2, state: { total: 6 } });
  });

  it("answers a command sent again with its first outcome, without writing", async () => {
    const store = makeMemoryStore();
    const { store: counted, counts } = instrumented(store);
    const first = await runWith(
      counted,
      executeCommand(counterDecider, increment("cmd-1", "c-1", 4), counterRuntime()),
    );
    const again = await runWith(
      counted,
      executeCommand(counterDecider, increment("cmd-1", "c-1", 4), counterRuntime()),
    );
    expect(counts.appends).toBe(1);
    expect(again.kind).toBe("duplicate");
    expect(again.receipt).toEqual(first.receipt);
  });

  it("tries maxAttempts times while another writer keeps winning, then fails with the VersionConflict", async () => {
    const conflict = new VersionConflict({
      community: testCommunity,
      aggregate: "counter",
      id: "c-1",
      expectedVersion: 0,
    });
    for (const maxAttempts of [1, 3, undefined]) {
      const store = makeMemoryStore();
      const { store: losing, counts } = instrumented(store, () => Effect.fail(conflict));
      const failure = await runWith(
        losing,
        Effect.flip(
          executeCommand(
            counterDecider,
            increment("cmd-1", "c-1"),
            counterRuntime({
              maxBackoffMs: 1,
              ...(maxAttempts === undefined ? {} : { maxAttempts }),
            }),
          ),
        ),
      );
      expect(failure._tag).toBe("VersionConflict");
      expect(counts.appends).toBe(maxAttempts ?? 10);
      expect(Option.isNone(await Effect.runPromise(store.load(key("c-1"))))).toBe(true);
    }
  });

  it("succeeds on a later attempt once the other writer is done", async () => {
    const store = makeMemoryStore();
    const conflict = new VersionConflict({
      community: testCommunity,
      aggregate: "counter",
      id: "c-1",
      expectedVersion: 0,
    });
    const { store: flaky, counts } = instrumented(store, (attempt) =>
      attempt < 3 ? Effect.fail(conflict) : Effect.void,
    );
    const outcome = await runWith(
      flaky,
      executeCommand(
        counterDecider,
        increment("cmd-1", "c-1"),
        counterRuntime({ maxAttempts: 3, maxBackoffMs: 1 }),
      ),
    );
    expect(outcome.kind).toBe("applied");
    expect(counts.appends).toBe(3);
  });

  it("pauses between retries on Effect's Clock, up to maxBackoffMs, so a TestClock drives them", async () => {
    const store = makeMemoryStore();
    const conflict = new VersionConflict({
      community: testCommunity,
      aggregate: "counter",
      id: "c-1",
      expectedVersion: 0,
    });
    const { store: flaky, counts } = instrumented(store, (attempt) =>
      attempt < 4 ? Effect.fail(conflict) : Effect.void,
    );
    const steps = await Effect.runPromise(
      Effect.gen(function* () {
        const running = yield* Effect.fork(
          executeCommand(
            counterDecider,
            increment("cmd-1", "c-1"),
            counterRuntime({ maxAttempts: 10, maxBackoffMs: 40 }),
          ),
        );
        yield* Effect.yieldNow();
        // The time stands still: the first retry waits for the clock.
        const beforeTimeMoves = counts.appends;
        // Three pauses of at most 2, 4 and 8 ms: 14 ms covers them, whatever the jitter.
        yield* TestClock.adjust(Duration.millis(14));
        const outcome = yield* Fiber.join(running);
        return { beforeTimeMoves, outcome: outcome.kind, appends: counts.appends };
      }).pipe(Effect.provideService(Store, flaky), Effect.provide(TestContext.TestContext)),
    );
    expect(steps).toEqual({ beforeTimeMoves: 1, outcome: "applied", appends: 4 });
  });

  it("never pauses longer than maxBackoffMs, however many retries", async () => {
    const store = makeMemoryStore();
    const conflict = new VersionConflict({
      community: testCommunity,
      aggregate: "counter",
      id: "c-1",
      expectedVersion: 0,
    });
    const { store: losing, counts } = instrumented(store, () => Effect.fail(conflict));
    const steps = await Effect.runPromise(
      Effect.gen(function* () {
        const running = yield* Effect.fork(
          Effect.flip(
            executeCommand(
              counterDecider,
              increment("cmd-1", "c-1"),
              counterRuntime({ maxAttempts: 30, maxBackoffMs: 5 }),
            ),
          ),
        );
        yield* Effect.yieldNow();
        // 29 pauses of at most 5 ms each (2 and 4 ms for the first two).
        yield* TestClock.adjust(Duration.millis(29 * 5));
        const failure = yield* Fiber.join(running);
        return { failure: failure._tag, appends: counts.appends };
      }).pipe(Effect.provideService(Store, losing), Effect.provide(TestContext.TestContext)),
    );
    expect(steps).toEqual({ failure: "VersionConflict", appends: 30 });
  });

  it("does not retry a failure other than a VersionConflict", async () => {
    const store = makeMemoryStore();
    const { store: down, counts } = instrumented(store, () =>
      Effect.fail(new StoreUnavailable({ operation: "append", reason: "disk full" })),
    );
    const failure = await runWith(
      down,
      Effect.flip(executeCommand(counterDecider, increment("cmd-1", "c-1"), counterRuntime())),
    );
    expect(failure._tag).toBe("StoreUnavailable");
    expect(counts.appends).toBe(1);
  });

  it("decides again on the fresh state after losing a race", async () => {
    const store = makeMemoryStore();
    const runtime = counterRuntime({ maxBackoffMs: 1 });
    await runWith(store, executeCommand(counterDecider, increment("cmd-0", "c-1"), runtime));
    // Between this writer's load and its append, another writer closes the counter.
    const { store: racing } = instrumented(store, (attempt) =>
      attempt === 1
        ? Effect.asVoid(
            executeCommand(
              counterDecider,
              counterCommand("cmd-close", { type: "Close", data: { counterId: "c-1" } }),
              runtime,
            ).pipe(Effect.provideService(Store, store), Effect.orDie),
          )
        : Effect.void,
    );
    const refused = await runWith(
      racing,
      Effect.flip(executeCommand(counterDecider, increment("cmd-1", "c-1"), runtime)),
    );
    expect(refused._tag).toBe("CounterClosed");
    const held = await Effect.runPromise(contents(store, "c-1"));
    expect(held.stream.map((event) => event.type)).toEqual(["Incremented", "Closed"]);
  });

  it("answers every command id with its first outcome, no-ops too, however commands are repeated (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            id: fc.integer({ min: 1, max: 6 }),
            set: fc.boolean(),
            value: fc.integer({ min: 1, max: 3 }),
          }),
          { maxLength: 30 },
        ),
        async (steps) => {
          const store = makeMemoryStore();
          const runtime = counterRuntime();
          // The model: the total, and each id's first body and what it did.
          let total = 0;
          const first = new Map<number, { readonly body: string; readonly eventIds: string }>();
          for (const step of steps) {
            const command: CounterCommand = step.set
              ? { type: "SetTotal", data: { counterId: "c-1", total: step.value } }
              : { type: "Increment", data: { counterId: "c-1", by: step.value } };
            const body = JSON.stringify(command);
            const result = await runWith(
              store,
              Effect.either(
                executeCommand(counterDecider, counterCommand(`cmd-${step.id}`, command), runtime),
              ),
            );
            const earlier = first.get(step.id);
            if (earlier !== undefined) {
              expect(Either.isRight(result) ? result.right.kind : result.left._tag).toBe(
                earlier.body === body ? "duplicate" : "CommandIdConflict",
              );
              if (Either.isRight(result)) {
                expect(result.right.receipt.eventIds.join()).toBe(earlier.eventIds);
              }
              continue;
            }
            if (Either.isLeft(result)) throw new Error(`refused: ${result.left._tag}`);
            const next = step.set ? step.value : total + step.value;
            expect(result.right.kind === "applied" && result.right.events.length).toBe(
              next === total ? 0 : 1,
            );
            total = next;
            first.set(step.id, { body, eventIds: result.right.receipt.eventIds.join() });
          }
          const record = await Effect.runPromise(store.load<CounterState>(key("c-1")));
          expect(
            Option.match(record, { onNone: () => 0, onSome: (found) => found.state.total }),
          ).toBe(total);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("keeps the total equal to the increments applied once, however commands are repeated (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            commandId: fc.integer({ min: 1, max: 8 }),
            by: fc.integer({ min: -1, max: 5 }),
            close: fc.integer({ min: 0, max: 9 }).map((draw) => draw === 0),
          }),
          { maxLength: 30 },
        ),
        async (steps) => {
          const store = makeMemoryStore();
          const runtime = counterRuntime();
          const accepted = new Map<number, number>();
          let closed = false;
          for (const step of steps) {
            const command: CounterCommand = step.close
              ? { type: "Close", data: { counterId: "c-1" } }
              : { type: "Increment", data: { counterId: "c-1", by: step.by } };
            const commandId = step.close ? `close-${step.commandId}` : `cmd-${step.commandId}`;
            const result = await runWith(
              store,
              Effect.either(
                executeCommand(counterDecider, counterCommand(commandId, command), runtime),
              ),
            );
            const earlier = accepted.get(step.commandId);
            if (step.close) {
              if (Either.isRight(result)) closed = true;
              continue;
            }
            if (earlier !== undefined) {
              // The same id again: a duplicate when the body is the same, a conflict otherwise.
              expect(Either.isRight(result) ? result.right.kind : result.left._tag).toBe(
                earlier === step.by ? "duplicate" : "CommandIdConflict",
              );
            } else if (Either.isRight(result)) {
              expect(closed).toBe(false);
              accepted.set(step.commandId, step.by);
            } else {
              expect(["IncrementInvalid", "CounterClosed"]).toContain(result.left._tag);
            }
          }
          const record = await Effect.runPromise(store.load<CounterState>(key("c-1")));
          const total = [...accepted.values()].reduce((sum, by) => sum + by, 0);
          expect(
            Option.match(record, { onNone: () => 0, onSome: (found) => found.state.total }),
          ).toBe(total);
          const stream = await Effect.runPromise(store.readStream(key("c-1")));
          expect(stream.filter((event) => event.type === "Incremented")).toHaveLength(
            accepted.size,
          );
        },
      ),
      { numRuns: 100 },
    );
  });
});
