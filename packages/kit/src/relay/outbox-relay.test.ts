import type { EventEnvelope } from "@courier-station/core";
import { Deferred, Duration, Effect, Layer, type Scope, TestClock, TestContext } from "effect";
import { describe, expect, it } from "vitest";
import { eventually, testEvent } from "../bus/bus.contract.js";
import { Bus, type BusApi } from "../bus/bus.js";
import { BusUnavailable } from "../bus/bus-errors.js";
import { InProcessBus } from "../bus/in-process-bus.js";
import { NatsBus } from "../bus/nats-bus.js";
import { eventFilter } from "../bus/subjects.js";
import { serverUrlFromEnvironment, uniqueSubjectRoot } from "../bus/test-servers.js";
import { Leases } from "../host/leases.js";
import {
  type MemoryOutbox,
  memoryLeases,
  memoryOutbox,
} from "../host/testing/memory-capabilities.js";
import { type Log, Logging } from "../logging/logger.js";
import { Outbox } from "./outbox.js";
import { runOutboxRelay } from "./outbox-relay.js";

/** A bus whose publishing can be switched off, as if NATS were down. */
const switchableBus = (bus: BusApi) => {
  const state = { down: false, attempts: 0 };
  const api: BusApi = {
    ...bus,
    publish: (event) =>
      Effect.suspend(() => {
        state.attempts += 1;
        return state.down
          ? Effect.fail(new BusUnavailable({ reason: "switched off by the test" }))
          : bus.publish(event);
      }),
  };
  return { api, state };
};

/** Subscribes a consumer that keeps the ids of the events it receives. */
const collectOn = (bus: BusApi, received: string[]) =>
  bus.subscribe({
    name: "all",
    subjects: [eventFilter({}, bus.subjectRoot)],
    handler: (event: EventEnvelope) => Effect.sync(() => void received.push(event.id)),
  });

const adapters: ReadonlyArray<readonly [string, () => Layer.Layer<Bus, unknown>]> = [
  ["in-process", () => InProcessBus.layer()],
  [
    "NATS",
    () =>
      NatsBus.layer({
        servers: serverUrlFromEnvironment("NATS_URL"),
        subjectRoot: uniqueSubjectRoot(),
        temporary: true,
      }),
  ],
];

describe.each(adapters)("outbox relay on the %s bus", (_name, makeBus) => {
  const run = <A>(
    outbox: MemoryOutbox,
    body: (
      bus: BusApi,
      control: ReturnType<typeof switchableBus>,
    ) => Effect.Effect<A, unknown, Scope.Scope | Bus | Outbox | Leases | Log>,
    leases = memoryLeases(),
  ): Promise<A> =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const control = switchableBus(yield* Bus);
          return yield* body(control.api, control).pipe(Effect.provideService(Bus, control.api));
        }),
      ).pipe(
        Effect.provide(
          Layer.mergeAll(
            makeBus(),
            Layer.succeed(Outbox, outbox),
            Layer.succeed(Leases, leases),
            Logging.silent,
          ),
        ),
      ) as Effect.Effect<A, unknown>,
    );

  const collect = (bus: BusApi, name: string, received: string[]) =>
    bus.subscribe({
      name,
      subjects: [eventFilter({}, bus.subjectRoot)],
      handler: (event: EventEnvelope) => Effect.sync(() => void received.push(event.id)),
    });

  it("moves every pending event to the bus once, in order, and marks it relayed", async () => {
    const outbox = memoryOutbox();
    const events = Array.from({ length: 250 }, () => testEvent());
    outbox.add(events);
    const received: string[] = [];
    const statistics = await run(outbox, (bus) =>
      Effect.gen(function* () {
        yield* collect(bus, "all", received);
        const relay = yield* runOutboxRelay({ owner: "instance-a", batchSize: 40, idleMs: 20 });
        yield* Effect.promise(() => eventually(() => expect(received).toHaveLength(250)));
        return relay.statistics();
      }),
    );
    expect(received).toEqual(events.map((event) => event.id));
    expect(outbox.pendingCount()).toBe(0);
    expect(statistics).toMatchObject({ relayed: 250, holdsLease: true, failures: 0 });
  });

  it("relays from one instance at a time, and another takes over when it stops", async () => {
    const outbox = memoryOutbox();
    const received: string[] = [];
    const result = await run(outbox, (bus) =>
      Effect.gen(function* () {
        yield* collect(bus, "all", received);
        const first = yield* runOutboxRelay({ owner: "a", idleMs: 20, leaseTtlMs: 60_000 });
        const second = yield* runOutboxRelay({ owner: "b", idleMs: 20, leaseTtlMs: 60_000 });
        outbox.add(Array.from({ length: 30 }, () => testEvent()));
        yield* Effect.promise(() => eventually(() => expect(received).toHaveLength(30)));
        const before = { a: first.statistics(), b: second.statistics() };
        yield* first.stop;
        outbox.add(Array.from({ length: 10 }, () => testEvent()));
        yield* Effect.promise(() => eventually(() => expect(received).toHaveLength(40), 30_000));
        return { before, after: second.statistics() };
      }),
    );
    const holders = [result.before.a.holdsLease, result.before.b.holdsLease];
    expect(holders.filter(Boolean)).toHaveLength(1);
    expect(result.before.a.relayed + result.before.b.relayed).toBe(30);
    expect(result.after.holdsLease).toBe(true);
    expect(new Set(received).size).toBe(40);
  });

  it("backs off while the bus is down and catches up when it returns, losing nothing", async () => {
    const outbox = memoryOutbox();
    const events = Array.from({ length: 20 }, () => testEvent());
    const received: string[] = [];
    const statistics = await run(outbox, (bus, control) =>
      Effect.gen(function* () {
        yield* collect(bus, "all", received);
        control.state.down = true;
        const relay = yield* runOutboxRelay({
          owner: "a",
          idleMs: 20,
          initialBackoffMs: 10,
          maxBackoffMs: 80,
        });
        outbox.add(events);
        yield* Effect.promise(() =>
          eventually(() => expect(relay.statistics().failures).toBeGreaterThanOrEqual(3)),
        );
        expect(received).toHaveLength(0);
        expect(outbox.pendingCount()).toBe(20);
        control.state.down = false;
        yield* Effect.promise(() => eventually(() => expect(received).toHaveLength(20)));
        return relay.statistics();
      }),
    );
    expect(received).toEqual(events.map((event) => event.id));
    expect(statistics.relayed).toBe(20);
  });

  it("publishes again after a crash between publish and mark, and the bus drops the duplicate", async () => {
    const outbox = memoryOutbox();
    const events = Array.from({ length: 5 }, () => testEvent());
    outbox.add(events);
    outbox.failMarks = 1;
    const received: string[] = [];
    const statistics = await run(outbox, (bus) =>
      Effect.gen(function* () {
        yield* collect(bus, "all", received);
        const relay = yield* runOutboxRelay({ owner: "a", idleMs: 20, initialBackoffMs: 10 });
        yield* Effect.promise(() =>
          eventually(() => {
            expect(outbox.pendingCount()).toBe(0);
            expect(received).toHaveLength(5);
          }),
        );
        return { ...relay.statistics(), kind: bus.kind };
      }),
    );
    // On NATS the events were published again and dropped as duplicates; the in-process
    // bus marks only settled events, so the failed mark is simply retried.
    expect(statistics.duplicates).toBe(statistics.kind === "nats" ? 5 : 0);
    expect(received).toEqual(events.map((event) => event.id));
  });

  it("retries when the store cannot be read", async () => {
    const outbox = memoryOutbox();
    outbox.add([testEvent()]);
    outbox.failReads = 3;
    const received: string[] = [];
    const statistics = await run(outbox, (bus) =>
      Effect.gen(function* () {
        yield* collect(bus, "all", received);
        const relay = yield* runOutboxRelay({ owner: "a", idleMs: 20, initialBackoffMs: 10 });
        yield* Effect.promise(() => eventually(() => expect(received).toHaveLength(1)));
        return relay.statistics();
      }),
    );
    expect(statistics.failures).toBe(3);
  });
});

/** Lets the fibers woken by a move of the TestClock run (they need no time, just turns). */
const settle = Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 20)));

describe("outbox relay on a TestClock", () => {
  const onTestClock = <A>(
    outbox: MemoryOutbox,
    body: (
      control: ReturnType<typeof switchableBus>,
    ) => Effect.Effect<A, unknown, Scope.Scope | Bus | Outbox | Leases | Log>,
  ): Promise<A> =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const control = switchableBus(yield* Bus);
          return yield* body(control).pipe(Effect.provideService(Bus, control.api));
        }),
      ).pipe(
        Effect.provide(
          Layer.mergeAll(
            InProcessBus.layer(),
            Layer.succeed(Outbox, outbox),
            Layer.succeed(Leases, memoryLeases()),
            Logging.silent,
          ),
        ),
        Effect.provide(TestContext.TestContext),
      ) as Effect.Effect<A, unknown>,
    );

  it("backs off on its schedule while the bus is down — doubling from initialBackoffMs up to maxBackoffMs — and catches up", async () => {
    const outbox = memoryOutbox();
    const events = Array.from({ length: 3 }, () => testEvent());
    outbox.add(events);
    const received: string[] = [];
    const steps = await onTestClock(outbox, (control) =>
      Effect.gen(function* () {
        yield* collectOn(control.api, received);
        control.state.down = true;
        const relay = yield* runOutboxRelay({
          owner: "a",
          idleMs: 50,
          initialBackoffMs: 100,
          maxBackoffMs: 400,
        });
        const attemptsAfter = (millis: number) =>
          Effect.gen(function* () {
            yield* TestClock.adjust(Duration.millis(millis));
            yield* settle;
            return control.state.attempts;
          });
        yield* settle;
        const attempts = [control.state.attempts];
        // 100 ms, 200 ms, 400 ms, then 400 ms again: each attempt comes when its pause is over.
        for (const millis of [99, 1, 199, 1, 399, 1, 399, 1]) {
          attempts.push(yield* attemptsAfter(millis));
        }
        control.state.down = false;
        yield* attemptsAfter(400);
        yield* Effect.promise(() => eventually(() => expect(received).toHaveLength(3)));
        return { attempts, statistics: relay.statistics() };
      }),
    );
    expect(steps.attempts).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5]);
    expect(received).toEqual(events.map((event) => event.id));
    expect(steps.statistics).toMatchObject({ relayed: 3, failures: 5 });
  });

  it("stops for good when the store is corrupt, instead of retrying for ever", async () => {
    const outbox = memoryOutbox();
    outbox.add([testEvent()]);
    outbox.corrupt = true;
    const received: string[] = [];
    const outcome = await onTestClock(outbox, (control) =>
      Effect.gen(function* () {
        yield* collectOn(control.api, received);
        const relay = yield* runOutboxRelay({
          owner: "a",
          idleMs: 10,
          initialBackoffMs: 10,
          maxBackoffMs: 20,
        });
        yield* settle;
        const readsWhenHalted = outbox.reads();
        // An hour of backoff periods later, it has not tried again.
        yield* TestClock.adjust(Duration.hours(1));
        yield* settle;
        return { statistics: relay.statistics(), readsWhenHalted, reads: outbox.reads() };
      }),
    );
    expect(outcome.readsWhenHalted).toBe(1);
    expect(outcome.reads).toBe(1);
    expect(outcome.statistics).toMatchObject({ halted: true, failures: 1, relayed: 0 });
    expect(outbox.pendingCount()).toBe(1);
    expect(received).toEqual([]);
  });
});

describe("outbox relay on the in-process bus, which keeps events in memory", () => {
  it("marks an event relayed only once its consumers have acknowledged it", async () => {
    const outbox = memoryOutbox();
    const event = testEvent();
    outbox.add([event]);
    const result = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const bus = yield* Bus;
          const release = yield* Deferred.make<void>();
          const handled: string[] = [];
          yield* bus.subscribe({
            name: "slow",
            subjects: [eventFilter({}, bus.subjectRoot)],
            handler: (received) =>
              Deferred.await(release).pipe(
                Effect.zipRight(Effect.sync(() => void handled.push(received.id))),
              ),
          });
          const relay = yield* runOutboxRelay({ owner: "a", idleMs: 20 });
          yield* Effect.promise(() =>
            eventually(() => expect(relay.statistics().unsettled).toBe(1)),
          );
          // Published, not yet handled: a restart now must publish it again.
          const whileHandling = {
            pending: outbox.pendingCount(),
            relayed: relay.statistics().relayed,
          };
          yield* Deferred.succeed(release, undefined);
          yield* Effect.promise(() => eventually(() => expect(outbox.pendingCount()).toBe(0)));
          return { whileHandling, handled, after: relay.statistics() };
        }),
      ).pipe(
        Effect.provide(
          Layer.mergeAll(
            InProcessBus.layer(),
            Layer.succeed(Outbox, outbox),
            Layer.succeed(Leases, memoryLeases()),
            Logging.silent,
          ),
        ),
      ),
    );
    expect(result.whileHandling).toEqual({ pending: 1, relayed: 0 });
    expect(result.handled).toEqual([event.id]);
    expect(result.after).toMatchObject({ relayed: 1, unsettled: 0 });
  });

  it("leaves unacknowledged events pending when it stops, so the next start publishes them", async () => {
    const outbox = memoryOutbox();
    outbox.add([testEvent(), testEvent()]);
    const pendingAfterStop = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const bus = yield* Bus;
          yield* bus.subscribe({
            name: "never-done",
            subjects: [eventFilter({}, bus.subjectRoot)],
            handler: () => Effect.never,
          });
          const relay = yield* runOutboxRelay({ owner: "a", idleMs: 20 });
          yield* Effect.promise(() =>
            eventually(() => expect(relay.statistics().unsettled).toBe(2)),
          );
          yield* relay.stop;
          return outbox.pendingCount();
        }),
      ).pipe(
        Effect.provide(
          Layer.mergeAll(
            InProcessBus.layer({ drainTimeoutMs: 100 }),
            Layer.succeed(Outbox, outbox),
            Layer.succeed(Leases, memoryLeases()),
            Logging.silent,
          ),
        ),
      ),
    );
    expect(pendingAfterStop).toBe(2);
  });
});
