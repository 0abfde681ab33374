import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { EventEnvelope } from "@courier-station/core";
import Database from "better-sqlite3";
import { Effect, Either, Layer } from "effect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, testEvent, waitForDeadLetters } from "../bus/bus.contract.js";
import { Bus } from "../bus/bus.js";
import { NatsBus } from "../bus/nats-bus.js";
import { type OwnNatsServer, startOwnNatsServer, uniqueSubjectRoot } from "../bus/test-servers.js";
import { Configuration, loadConfig } from "../config/config.js";
import { Log, makeLogger } from "../logging/logger.js";
import { Outbox } from "../relay/outbox.js";
import { runOutboxRelay } from "../relay/outbox-relay.js";
import { Leases } from "./leases.js";
import { ProcessedEvents } from "./processed-events.js";
import { runService } from "./run-service.js";
import { consumer, defineService } from "./service-definition.js";
import {
  memoryLeases,
  memoryOutbox,
  memoryProcessedEvents,
} from "./testing/memory-capabilities.js";

/*
 * Fault tests against a nats-server of the test's own, which they stop and start
 * again (same port, same store directory) while a service publishes through the outbox
 * relay and consumes.
 *
 * These wait on the wall clock, unlike the in-process tests that move a TestClock: the
 * times that matter here are the server's and the processes' own (a nats-server that
 * is down for a while, ack waits JetStream counts, a consumer process killed and
 * restarted), which no TestClock of this process can move.
 */

let server: OwnNatsServer;

beforeAll(async () => {
  server = await startOwnNatsServer();
});

afterAll(async () => {
  await server?.dispose();
});

/** The effects of a consumer, kept as a store would: one row per derived id (a unique key). */
const effectStore = () => {
  const rows = new Map<string, string>();
  return {
    rows,
    /** Inserts the row unless its key exists, atomically; true when it was inserted. */
    insertOnce: (key: string, eventId: string) => {
      if (rows.has(key)) return false;
      rows.set(key, eventId);
      return true;
    },
  };
};

describe.each([
  ["stopped (SIGTERM)", "SIGTERM"],
  ["killed (SIGKILL)", "SIGKILL"],
] as const)("NATS %s and started again under load", (_case, signal) => {
  it("loses no event and applies none twice", { timeout: 180_000 }, async () => {
    const total = 1_500;
    const outbox = memoryOutbox();
    const effects = effectStore();
    const handled = new Map<string, number>();
    const events = Array.from({ length: total }, () => testEvent());
    const restarts = { stopped: false, started: false };

    const counting = defineService({
      name: "counting",
      version: "1.0.0",
      consumers: [
        consumer({
          name: "effects",
          events: [{ aggregate: "counter" }],
          ackWaitMs: 2_000,
          maxDeliveries: 1_000,
          retryDelayMs: () => 100,
          handler: (event, context) =>
            Effect.sync(() => {
              handled.set(event.id, (handled.get(event.id) ?? 0) + 1);
              effects.insertOnce(context.derivedId("count"), event.id);
              // A little work per event, so deliveries are in flight when the server goes.
            }).pipe(Effect.zipRight(Effect.sleep(1))),
        }),
      ],
    });

    const config = Either.getOrThrow(loadConfig({ env: { CS_INSTANCE: "fault-a" } }));
    const layer = Layer.mergeAll(
      NatsBus.layer({
        servers: server.url,
        subjectRoot: uniqueSubjectRoot(),
        publishTimeoutMs: 2_000,
        requestTimeoutMs: 2_000,
      }),
      Configuration.layer(config),
      Layer.succeed(Log, makeLogger({ level: "silent" })),
      Layer.succeed(Outbox, outbox),
      Layer.succeed(Leases, memoryLeases()),
      Layer.succeed(ProcessedEvents, memoryProcessedEvents()),
    );

    const statistics = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          yield* Bus;
          yield* runService(counting);
          const relay = yield* runOutboxRelay({
            owner: config.instance,
            idleMs: 10,
            batchSize: 50,
            initialBackoffMs: 50,
            maxBackoffMs: 500,
          });
          // The load: the service's writes land in the outbox in small batches.
          const writer = yield* Effect.fork(
            Effect.gen(function* () {
              for (let index = 0; index < total; index += 25) {
                outbox.add(events.slice(index, index + 25));
                relay.wake();
                yield* Effect.sleep(20);
              }
            }),
          );
          // Mid-way, with events in flight both ways: stop the server, then start it again.
          yield* Effect.promise(() =>
            eventually(() => expect(effects.rows.size).toBeGreaterThan(total / 4), 60_000),
          );
          yield* Effect.promise(() => server.stop(signal));
          restarts.stopped = true;
          const appliedWhileDown = effects.rows.size;
          yield* Effect.sleep(1_500);
          yield* Effect.promise(() => server.start());
          restarts.started = true;
          yield* writer.await;
          yield* Effect.promise(() =>
            eventually(() => expect(effects.rows.size).toBe(total), 120_000),
          );
          // Longer than the ack wait: nothing more arrives later.
          yield* Effect.sleep(2_500);
          return { relay: relay.statistics(), appliedWhileDown };
        }),
      ).pipe(Effect.provide(layer)),
    );

    expect(restarts).toEqual({ stopped: true, started: true });
    expect(statistics.appliedWhileDown).toBeLessThan(total);
    // The relay saw the outage and caught up: every event reached the bus.
    expect(statistics.relay.failures).toBeGreaterThan(0);
    expect(outbox.pendingCount()).toBe(0);
    // None lost, none applied twice: one effect row per event, for every event.
    expect(effects.rows.size).toBe(total);
    expect(new Set(effects.rows.values())).toEqual(new Set(events.map((event) => event.id)));
    for (const event of events) expect(handled.get(event.id) ?? 0).toBeGreaterThanOrEqual(1);
  });
});

/** Starts the lost-ack consumer process; resolves once its service has started. */
const startConsumerProcess = async (environment: Record<string, string>) => {
  const script = fileURLToPath(new URL("./testing/lost-ack-consumer.ts", import.meta.url));
  const child: ChildProcess = spawn(
    process.execPath,
    ["--conditions=@courier-station/source", "--import", "tsx", script],
    { env: { ...process.env, ...environment }, stdio: ["ignore", "pipe", "pipe"] },
  );
  const output: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the consumer process did not start:\n${output.join("")}`)),
      60_000,
    );
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.join("").includes('"msg":"service started"')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the consumer process exited early:\n${output.join("")}`));
    });
  });
  return { child, exited, output };
};

describe("a consumer that dies after its write and before its ack", () => {
  it("gets the event again and applies it once; a poison event goes to the dead letters", {
    timeout: 180_000,
  }, async () => {
    const directory = mkdtempSync(join(tmpdir(), "cs-kit-lost-ack-"));
    const effectsDb = join(directory, "effects.sqlite");
    const root = uniqueSubjectRoot();
    const environment = { NATS_URL: server.url, CS_SUBJECT_ROOT: root, EFFECTS_DB: effectsDb };
    const withKind = (kind: string) => testEvent({ data: { kind } }) as EventEnvelope;
    const before = withKind("plain");
    const dying = withKind("die-after-write");
    const after = withKind("plain");
    const poison = withKind("poison");
    try {
      const letters = await Effect.runPromise(
        Effect.scoped(
          Effect.gen(function* () {
            const bus = yield* Bus;
            const first = yield* Effect.promise(() =>
              startConsumerProcess({ ...environment, CS_INSTANCE: "consumer-1" }),
            );
            for (const event of [before, dying]) yield* bus.publish(event);
            // The first process writes the effect of `dying`, then dies without acking.
            const death = yield* Effect.promise(() => first.exited);
            expect(death.signal).toBe("SIGKILL");
            const second = yield* Effect.promise(() =>
              startConsumerProcess({ ...environment, CS_INSTANCE: "consumer-2" }),
            );
            for (const event of [after, poison]) yield* bus.publish(event);
            const letters = yield* waitForDeadLetters(bus, "faulty-effects", 1);
            yield* Effect.promise(() =>
              eventually(() => {
                const database = new Database(effectsDb, { readonly: true });
                try {
                  const count = database.prepare("select count(*) as n from effects").get() as {
                    n: number;
                  };
                  expect(count.n).toBe(3);
                } finally {
                  database.close();
                }
              }, 30_000),
            );
            // Longer than the ack wait: nothing else comes back.
            yield* Effect.sleep(2_000);
            second.child.kill("SIGTERM");
            const stopped = yield* Effect.promise(() => second.exited);
            expect(stopped).toEqual({ code: 0, signal: null });
            return letters;
          }),
        ).pipe(
          Effect.provide(
            NatsBus.layer({ servers: server.url, subjectRoot: root, temporary: true }),
          ),
        ),
      );
      const database = new Database(effectsDb, { readonly: true });
      const effects = database
        .prepare("select event_id from effects order by event_id")
        .all() as Array<{
        event_id: string;
      }>;
      const attempts = database
        .prepare("select event_id, pid, delivery from attempts order by rowid")
        .all() as Array<{ event_id: string; pid: number; delivery: number }>;
      database.close();
      // Each effect once, the dying event's included.
      expect(effects.map((row) => row.event_id).sort()).toEqual(
        [before.id, dying.id, after.id].sort(),
      );
      // The dying event came back, to the second process, which applied nothing new.
      // (Its delivery count is not a reliable first-attempt signal: nats-server may roll
      // back the count of a delivery to a client that vanished.)
      const dyingAttempts = attempts.filter((row) => row.event_id === dying.id);
      expect(dyingAttempts).toHaveLength(2);
      expect(dyingAttempts[0]?.pid).not.toBe(dyingAttempts[1]?.pid);
      // The poison event: five deliveries, then the dead letters, then nothing more.
      expect(
        attempts.filter((row) => row.event_id === poison.id).map((row) => row.delivery),
      ).toEqual([1, 2, 3, 4, 5]);
      expect(letters).toHaveLength(1);
      expect(letters[0]).toMatchObject({
        consumer: "faulty-effects",
        deliveries: 5,
        error: { code: "consumer.failed" },
      });
      expect((letters[0]?.payload as EventEnvelope | undefined)?.id).toBe(poison.id);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
