import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EventEnvelope } from "@courier-station/core";
import { Duration, Effect, Either, Layer, Option, TestClock, TestContext } from "effect";
import { MongoClient } from "mongodb";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eventually } from "../bus/bus.contract.js";
import { InProcessBus } from "../bus/in-process-bus.js";
import { serverUrlFromEnvironment } from "../bus/test-servers.js";
import { executeCommand } from "../commands/execute-command.js";
import { Configuration, loadConfig } from "../config/config.js";
import { runService } from "../host/run-service.js";
import { consumer, defineService } from "../host/service-definition.js";
import { Logging } from "../logging/logger.js";
import { Outbox } from "../relay/outbox.js";
import { runOutboxRelay } from "../relay/outbox-relay.js";
import { defineReadModel } from "./read-model.js";
import { Store } from "./store.js";
import { storeLayerFor } from "./store-layer.js";
import {
  counterCommand,
  counterDecider,
  counterRuntime,
  testCommunity,
} from "./testing/counter.js";

let directory = "";
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "cs-store-layer-"));
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

const increment = (commandId: string, counterId: string) =>
  counterCommand(commandId, { type: "Increment", data: { counterId, by: 1 } });

describe("storeLayerFor", () => {
  it("gives the adapter the configuration names", async () => {
    const kindOf = (layer: Layer.Layer<Store, unknown>) =>
      Effect.runPromise(
        Effect.map(Store, (store) => store.kind).pipe(
          Effect.provide(layer),
        ) as Effect.Effect<string>,
      );
    expect(await kindOf(storeLayerFor({ kind: "memory" }))).toBe("memory");
    // The directory of the file is created when it is missing (`./data` on a fresh checkout).
    const path = join(directory, "data", "nested", "courier-station.sqlite");
    expect(await kindOf(storeLayerFor({ kind: "sqlite", path }))).toBe("sqlite");
  });

  it("takes the store settings from the configuration", async () => {
    const config = Either.getOrThrow(
      loadConfig({ env: { CS_STORE: "sqlite", SQLITE_PATH: join(directory, "station.sqlite") } }),
    );
    const record = await Effect.runPromise(
      Effect.gen(function* () {
        yield* executeCommand(counterDecider, increment("cmd-1", "c-1"), counterRuntime());
        const store = yield* Store;
        return yield* store.load({ community: testCommunity, aggregate: "counter", id: "c-1" });
      }).pipe(Effect.provide(storeLayerFor(config.store))),
    );
    expect(Option.getOrThrow(record).version).toBe(1);
  });

  it("loads the MongoDB adapter only when the configuration asks for it", async () => {
    const uri = serverUrlFromEnvironment("MONGODB_URI");
    const database = `cs_store_layer_${process.pid}_${Date.now().toString(36)}`;
    try {
      const found = await Effect.runPromise(
        Effect.gen(function* () {
          const store = yield* Store;
          yield* executeCommand(counterDecider, increment("cmd-1", "c-1"), counterRuntime());
          const record = yield* store.load({
            community: testCommunity,
            aggregate: "counter",
            id: "c-1",
          });
          return { kind: store.kind, version: Option.getOrThrow(record).version };
        }).pipe(
          Effect.provide(storeLayerFor({ kind: "mongodb", uri, database })),
        ) as Effect.Effect<{ kind: string; version: number }>,
      );
      expect(found).toEqual({ kind: "mongodb", version: 1 });
    } finally {
      const client = await new MongoClient(uri).connect();
      await client.db(database).dropDatabase();
      await client.close();
    }
  });

  it("gives leases Effect's Clock when no clock is given, so a TestClock expires them", async () => {
    const settings = [
      { kind: "memory" } as const,
      { kind: "sqlite", path: join(directory, "leases.sqlite") } as const,
    ];
    for (const store of settings) {
      const steps = await Effect.runPromise(
        Effect.gen(function* () {
          const { leases } = yield* Store;
          const lease = { name: "outbox-relay", ttlMs: 1_000 };
          const first = yield* leases.acquire({ ...lease, owner: "a" });
          const whileHeld = yield* leases.acquire({ ...lease, owner: "b" });
          yield* TestClock.adjust(Duration.millis(1_001));
          const afterExpiry = yield* leases.acquire({ ...lease, owner: "b" });
          return [first, whileHeld, afterExpiry];
        }).pipe(Effect.provide(storeLayerFor(store)), Effect.provide(TestContext.TestContext)),
      );
      expect(steps).toEqual([true, false, true]);
    }
  });

  it("fails with StoreUnavailable when the SQLite directory cannot be made", async () => {
    // A file where the directory should be.
    const blocked = join(directory, "file");
    writeFileSync(blocked, "not a directory");
    const failure = await Effect.runPromise(
      Effect.flip(
        Effect.scoped(
          Layer.build(storeLayerFor({ kind: "sqlite", path: join(blocked, "x.sqlite") })),
        ),
      ),
    );
    expect(failure._tag).toBe("StoreUnavailable");
  });
});

describe("a service and the relay on the SQLite store", () => {
  const tallies = defineReadModel<{ readonly deliveries: number }>({
    name: "tallies",
    indexes: {},
  });

  /** A consumer that counts each counter event it is handed, in memory and in the store. */
  const counting = (handled: Map<string, number>) =>
    defineService({
      name: "tally",
      version: "1.0.0",
      consumers: [
        consumer({
          name: "count",
          events: [{ aggregate: "counter" }],
          handler: (event: EventEnvelope) =>
            Effect.gen(function* () {
              handled.set(event.id, (handled.get(event.id) ?? 0) + 1);
              const store = yield* Store;
              const rows = yield* store.readModel(tallies);
              const current = yield* rows.get(event.id);
              yield* rows.upsert(event.id, {
                deliveries: Option.match(current, {
                  onNone: () => 1,
                  onSome: (row) => row.document.deliveries + 1,
                }),
              });
            }),
        }),
      ],
    });

  /** One run of the station on the file: the store, a fresh in-process bus, the service and the relay. */
  const station = <A, E>(
    handled: Map<string, number>,
    body: (relay: { readonly wake: () => void }) => Effect.Effect<A, E, Store>,
    relayOutbox?: (outbox: Outbox["Type"]) => Outbox["Type"],
  ) => {
    const config = Either.getOrThrow(
      loadConfig({
        env: {
          CS_INSTANCE: "station-1",
          CS_STORE: "sqlite",
          SQLITE_PATH: join(directory, "station.sqlite"),
        },
      }),
    );
    return Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          yield* runService(counting(handled));
          const outbox = yield* Outbox;
          const relay = yield* runOutboxRelay({ owner: config.instance, idleMs: 10 }).pipe(
            Effect.provideService(Outbox, relayOutbox === undefined ? outbox : relayOutbox(outbox)),
          );
          return yield* body(relay);
        }),
      ).pipe(
        Effect.provide(
          Layer.mergeAll(
            storeLayerFor(config.store),
            InProcessBus.layer(),
            Logging.silent,
            Configuration.layer(config),
          ),
        ),
      ) as Effect.Effect<A, unknown>,
    );
  };

  const pendingCount = Effect.flatMap(Store, (store) =>
    Effect.map(store.outbox.readPending(100), (events) => events.length),
  );

  it("delivers an event appended by executeCommand to a consumer once, also across a restart", async () => {
    const handled = new Map<string, number>();
    const runtime = counterRuntime();
    const eventsOf = (outcome: {
      readonly kind: string;
      readonly events?: ReadonlyArray<EventEnvelope>;
    }) => (outcome.events ?? []).map((event) => event.id);

    // First run: cmd-1 is relayed and marked; cmd-2 is published but the process stops
    // before marking it relayed (its mark is lost), so it is still pending afterwards.
    const first = await station(
      handled,
      (relay) =>
        Effect.gen(function* () {
          const one = yield* executeCommand(counterDecider, increment("cmd-1", "c-1"), runtime);
          const two = yield* executeCommand(counterDecider, increment("cmd-2", "c-2"), runtime);
          relay.wake();
          const ids = [...eventsOf(one), ...eventsOf(two)];
          yield* Effect.promise(() =>
            eventually(() => expect(ids.every((id) => handled.get(id) === 1)).toBe(true)),
          );
          return { ids, pending: yield* pendingCount };
        }),
      (outbox) => ({
        ...outbox,
        markRelayed: (events) =>
          outbox.markRelayed(events.filter((event) => event.stream !== "counter-c-2")),
      }),
    );
    expect(first.pending).toBe(1);

    // While the station is down, a command is written to the store alone.
    const whileDown = await Effect.runPromise(
      executeCommand(counterDecider, increment("cmd-3", "c-3"), runtime).pipe(
        Effect.provide(storeLayerFor({ kind: "sqlite", path: join(directory, "station.sqlite") })),
      ),
    );

    // Second run on the same file with a fresh bus: cmd-2's event is published again and
    // skipped by the consumer (its record is in the store), cmd-3's is delivered once.
    const second = await station(handled, () =>
      Effect.gen(function* () {
        const store = yield* Store;
        yield* Effect.promise(() =>
          eventually(() => expect(handled.get(eventsOf(whileDown)[0] ?? "")).toBe(1)),
        );
        for (;;) {
          if ((yield* pendingCount) === 0) break;
          yield* Effect.sleep(20);
        }
        const rows = yield* store.readModel(tallies);
        return {
          processedTwo: yield* store.processedEvents.has("tally-count", first.ids[1] ?? ""),
          tallies: (yield* rows.find({ limit: 100 })).items.map((item) => [
            item.id,
            item.document.deliveries,
          ]),
        };
      }),
    );
    const all = [...first.ids, ...eventsOf(whileDown)];
    expect(all).toHaveLength(3);
    expect(Object.fromEntries(handled)).toEqual(Object.fromEntries(all.map((id) => [id, 1])));
    expect(second.processedTwo).toBe(true);
    expect(Object.fromEntries(second.tallies)).toEqual(
      Object.fromEntries(all.map((id) => [id, 1])),
    );
  });
});
