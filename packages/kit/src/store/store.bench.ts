import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CommunityId } from "@courier-station/core";
import { Effect, Layer, ManagedRuntime } from "effect";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, bench, describe } from "vitest";
import { serverUrlFromEnvironment } from "../bus/test-servers.js";
import { executeCommand } from "../commands/execute-command.js";
import { MemoryStore } from "./memory-store.js";
import { connectMongoStore } from "./mongo-store.js";
import { defineReadModel } from "./read-model.js";
import { SqliteStore } from "./sqlite-store.js";
import { type AppendRequest, Store, type StoreApi } from "./store.js";
import type { StoreOpenFailure } from "./store-errors.js";
import {
  counterCommand,
  counterDecider,
  counterEvent,
  counterRuntime,
  testCommunity,
} from "./testing/counter.js";

/*
 * The store adapters side by side: memory, SQLite (a temporary file, WAL) and MongoDB
 * (MONGODB_URI: FerretDB v1.24, started by the vitest global setup, unless it names a
 * server). `npm run bench` (or `npx vitest bench --run --project kit store`).
 *
 * Each adapter gets two stores: one for commands and read models, and one holding a log
 * of exactly 5,000 events for `readLog` (on SQLite and memory every command appends to
 * the log, which would change its size as the benches run).
 *
 * FerretDB answers a lookup by `_id` without scanning, and scans the collection for every
 * other filter and sort (see the top of mongo-store.ts): its `readLog` and read-model
 * `find` read the whole collection each time, so its cases run a fixed, small number of
 * iterations. The cases that write grow what they measure (the aggregate with 100 prior
 * commands gains one per call, the read model a revision), so they run a fixed number of
 * calls per adapter (`growing`) instead of a time. Vitest's bench mode runs the file's
 * own `beforeAll`/`afterAll` but none inside `describe`, so set-up and clean-up live at
 * the top of the file.
 */

/** How long each case runs: at least `time` ms and `iterations` calls (tinybench's rule). */
interface Sizing {
  readonly time: number;
  readonly iterations: number;
  readonly warmupTime: number;
  readonly warmupIterations: number;
}

const byTime: Sizing = { time: 1_000, iterations: 10, warmupTime: 100, warmupIterations: 5 };

/** A fixed number of calls, for cases that change what they measure as they run. */
const calls = (iterations: number, warmupIterations = 5): Sizing => ({
  time: 0,
  iterations,
  warmupTime: 0,
  warmupIterations,
});

interface Adapter {
  readonly name: "memory" | "sqlite" | "mongodb";
  /** A fresh, empty store; cleaned up when the runtime is disposed. */
  readonly layer: () => Layer.Layer<Store, StoreOpenFailure>;
  /** Calls per case that grows the aggregate or the collection it measures. */
  readonly growing: number;
  /** Sizing of the cases that read a collection (on FerretDB: a scan per call). */
  readonly scanning: Sizing;
}

const temporarySqlite = (): Layer.Layer<Store, StoreOpenFailure> =>
  Layer.unwrapScoped(
    Effect.map(
      Effect.acquireRelease(
        Effect.sync(() => mkdtempSync(join(tmpdir(), "cs-bench-sqlite-"))),
        (directory) => Effect.sync(() => rmSync(directory, { recursive: true, force: true })),
      ),
      (directory) => SqliteStore.layer({ filename: join(directory, "store.sqlite") }),
    ),
  );

let benchDatabases = 0;

/** A store on a fresh MongoDB database, dropped when the layer is released. */
const freshMongo = (): Layer.Layer<Store, StoreOpenFailure> =>
  Layer.scoped(
    Store,
    Effect.gen(function* () {
      const uri = serverUrlFromEnvironment("MONGODB_URI");
      benchDatabases += 1;
      const database = `cs_bench_${process.pid}_${Date.now().toString(36)}_${benchDatabases}`;
      yield* Effect.addFinalizer(() =>
        Effect.promise(async () => {
          const client = await new MongoClient(uri).connect();
          try {
            await client.db(database).dropDatabase();
          } finally {
            await client.close();
          }
        }).pipe(Effect.ignore),
      );
      return yield* connectMongoStore({ uri, database });
    }),
  );

const adapters: ReadonlyArray<Adapter> = [
  { name: "memory", layer: () => MemoryStore.layer(), growing: 2_000, scanning: byTime },
  { name: "sqlite", layer: temporarySqlite, growing: 1_000, scanning: byTime },
  { name: "mongodb", layer: freshMongo, growing: 100, scanning: calls(10, 2) },
];

const LOG_EVENTS = 5_000;
const LOG_STREAMS = 50;
const PAGE = 500;
const PRIOR_COMMANDS = 100;
const ROWS = 1_000;
const STATUSES = ["pending", "active", "suspended", "left"] as const;

interface CourierRow {
  readonly community: string;
  readonly status: (typeof STATUSES)[number];
  readonly points: number;
}

const courierRows = defineReadModel<CourierRow>({
  name: "bench_courier_rows",
  indexes: { community: "string", status: "string", points: "number" },
});

const rowOf = (index: number, points = index): CourierRow => ({
  community: testCommunity,
  status: STATUSES[index % STATUSES.length] ?? "active",
  points,
});

/** An append of `count` counter events to a new stream: one write, as a busy command makes. */
const streamAppend = (counterId: string, count: number): AppendRequest<unknown> => ({
  record: {
    community: testCommunity as CommunityId,
    aggregate: "counter",
    id: counterId,
    state: { total: count, closed: false, increments: count },
    version: count,
    receipts: [],
  },
  expectedVersion: 0,
  events: Array.from({ length: count }, (_, index) => counterEvent(counterId, index + 1)),
});

const increment = (commandId: string, counterId: string) =>
  counterCommand(commandId, { type: "Increment", data: { counterId, by: 1 } });

const runtimes: Array<ManagedRuntime.ManagedRuntime<Store, StoreOpenFailure>> = [];

/** What a case needs of its adapter once it is set up. */
interface Prepared {
  readonly commands: ManagedRuntime.ManagedRuntime<Store, StoreOpenFailure>;
  readonly log: ManagedRuntime.ManagedRuntime<Store, StoreOpenFailure>;
}

const prepared = new Map<Adapter["name"], Prepared>();
const runtime = counterRuntime();

/** Sets an adapter's stores up: the 5,000-event log, the aggregate with 100 commands, the rows. */
const prepare = async (adapter: Adapter): Promise<Prepared> => {
  const commands = ManagedRuntime.make(adapter.layer());
  const log = ManagedRuntime.make(adapter.layer());
  runtimes.push(commands, log);
  await log.runPromise(
    Effect.gen(function* () {
      const store: StoreApi = yield* Store;
      for (let stream = 0; stream < LOG_STREAMS; stream++) {
        yield* store.append(streamAppend(`log-${stream}`, LOG_EVENTS / LOG_STREAMS));
      }
      yield* store.sequencePending();
      const last = yield* store.readLog({ after: LOG_EVENTS - 1, limit: 10 });
      if (last.length !== 1 || last[0]?.position !== LOG_EVENTS) {
        throw new Error(`${adapter.name}: the log does not hold exactly ${LOG_EVENTS} events`);
      }
    }),
  );
  await commands.runPromise(
    Effect.gen(function* () {
      const store: StoreApi = yield* Store;
      for (let index = 1; index <= PRIOR_COMMANDS; index++) {
        yield* executeCommand(counterDecider, increment(`prior-${index}`, "busy"), runtime);
      }
      const rows = yield* store.readModel(courierRows);
      for (let index = 0; index < ROWS; index++) yield* rows.upsert(`row-${index}`, rowOf(index));
    }),
  );
  return { commands, log };
};

beforeAll(async () => {
  for (const adapter of adapters) {
    const began = performance.now();
    prepared.set(adapter.name, await prepare(adapter));
    const seconds = ((performance.now() - began) / 1_000).toFixed(1);
    console.log(
      `store bench: ${adapter.name} set up in ${seconds} s (log of ${LOG_EVENTS} events, ${PRIOR_COMMANDS} commands, ${ROWS} rows)`,
    );
  }
}, 600_000);

afterAll(async () => {
  for (const disposable of runtimes) await disposable.dispose();
}, 60_000);

const preparedFor = (adapter: Adapter): Prepared => {
  const found = prepared.get(adapter.name);
  if (found === undefined) throw new Error(`${adapter.name} was not set up`);
  return found;
};

for (const adapter of adapters) {
  describe(`store: ${adapter.name}`, () => {
    let sequence = 0;

    bench(
      "executeCommand: a new aggregate (one append)",
      async () => {
        sequence += 1;
        const outcome = await preparedFor(adapter).commands.runPromise(
          executeCommand(
            counterDecider,
            increment(`new-${sequence}`, `counter-${sequence}`),
            runtime,
          ),
        );
        if (outcome.kind !== "applied") throw new Error(`new-${sequence} was ${outcome.kind}`);
      },
      calls(adapter.growing),
    );

    bench(
      `executeCommand: an aggregate with ${PRIOR_COMMANDS} prior commands (load + append)`,
      async () => {
        sequence += 1;
        const outcome = await preparedFor(adapter).commands.runPromise(
          executeCommand(counterDecider, increment(`next-${sequence}`, "busy"), runtime),
        );
        if (outcome.kind !== "applied") throw new Error(`next-${sequence} was ${outcome.kind}`);
      },
      calls(adapter.growing),
    );

    bench(
      "executeCommand: a duplicate command (the receipt path)",
      async () => {
        const outcome = await preparedFor(adapter).commands.runPromise(
          executeCommand(counterDecider, increment("prior-50", "busy"), runtime),
        );
        if (outcome.kind !== "duplicate") throw new Error(`prior-50 was ${outcome.kind}`);
      },
      adapter.name === "mongodb" ? calls(adapter.growing) : byTime,
    );

    let page = 0;
    bench(
      `readLog: a page of ${PAGE} from a log of ${LOG_EVENTS.toLocaleString("en")} events`,
      async () => {
        const after = (page % (LOG_EVENTS / PAGE)) * PAGE;
        page += 1;
        const events = await preparedFor(adapter).log.runPromise(
          Effect.flatMap(Store, (store) => store.readLog({ after, limit: PAGE })),
        );
        if (events.length !== PAGE || events[0]?.position !== after + 1) {
          throw new Error(`readLog after ${after} gave ${events.length} events`);
        }
      },
      adapter.scanning,
    );

    bench(
      `read model: find by an indexed field (50 of ${ROWS.toLocaleString("en")} rows)`,
      async () => {
        const found = await preparedFor(adapter).commands.runPromise(
          Effect.gen(function* () {
            const rows = yield* Effect.flatMap(Store, (store) => store.readModel(courierRows));
            return yield* rows.find({ where: { status: "active" }, limit: 50 });
          }),
        );
        if (found.items.length !== 50) throw new Error(`find gave ${found.items.length} rows`);
      },
      adapter.scanning,
    );

    bench(
      "read model: upsert of an existing row",
      async () => {
        sequence += 1;
        await preparedFor(adapter).commands.runPromise(
          Effect.gen(function* () {
            const rows = yield* Effect.flatMap(Store, (store) => store.readModel(courierRows));
            yield* rows.upsert(`row-${sequence % ROWS}`, rowOf(sequence % ROWS, sequence));
          }),
        );
      },
      calls(adapter.growing),
    );
  });
}
