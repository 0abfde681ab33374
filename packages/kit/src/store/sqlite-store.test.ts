import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Context, Deferred, Effect, Either, Layer, Option } from "effect";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { executeCommand } from "../commands/execute-command.js";
import { defineReadModel } from "./read-model.js";
import { SqliteStore } from "./sqlite-store.js";
import { describeStoreContract } from "./store.contract.js";
import { Store, type StoreApi } from "./store.js";
import {
  type CounterState,
  counterCommand,
  counterDecider,
  counterRuntime,
  testCommunity,
} from "./testing/counter.js";

const counterKey = (id: string) => ({ community: testCommunity, aggregate: "counter", id });
const increment = (commandId: string, counterId: string, by = 1) =>
  counterCommand(commandId, { type: "Increment", data: { counterId, by } });

/** A layer on a fresh temporary file, removed when the layer is released. */
const temporaryStore = (now: () => number) =>
  Layer.unwrapScoped(
    Effect.map(
      Effect.acquireRelease(
        Effect.sync(() => mkdtempSync(join(tmpdir(), "cs-sqlite-"))),
        (directory) => Effect.sync(() => rmSync(directory, { recursive: true, force: true })),
      ),
      (directory) => SqliteStore.layer({ filename: join(directory, "store.sqlite"), now }),
    ),
  );

describeStoreContract("sqlite", { makeLayer: ({ now }) => temporaryStore(now) });

describe("SqliteStore on one file", () => {
  let directory = "";
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), "cs-sqlite-"));
  });
  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  const onFile = <A, E>(body: Effect.Effect<A, E, Store>): Promise<A> =>
    Effect.runPromise(
      body.pipe(Effect.provide(SqliteStore.layer({ filename: join(directory, "store.sqlite") }))),
    );

  const rows = defineReadModel<{ readonly community: string; readonly points: number }>({
    name: "courier_points",
    indexes: { community: "string", points: "number" },
  });

  it("keeps everything when the file is opened again", async () => {
    const runtime = counterRuntime();
    const before = await onFile(
      Effect.gen(function* () {
        const store = yield* Store;
        yield* executeCommand(counterDecider, increment("cmd-1", "c-1", 2), runtime);
        yield* executeCommand(counterDecider, increment("cmd-2", "c-1", 3), runtime);
        yield* executeCommand(counterDecider, increment("cmd-3", "c-2", 4), runtime);
        const first = yield* store.outbox.readPending(1);
        yield* store.outbox.markRelayed(first);
        yield* store.claimUniqueKey({
          community: testCommunity,
          scope: "courier-mobile",
          key: "k",
          owner: "c-1",
        });
        yield* store.leases.acquire({ name: "outbox-relay", owner: "a", ttlMs: 60_000 });
        yield* store.processedEvents.record("points-earn", "e-1");
        const model = yield* store.readModel(rows);
        yield* model.upsert("c-1", { community: testCommunity, points: 5 });
        return {
          record: yield* store.load(counterKey("c-1")),
          log: yield* store.readLog({ after: 0, limit: 100 }),
          pending: yield* store.outbox.readPending(100),
        };
      }),
    );
    const after = await onFile(
      Effect.gen(function* () {
        const store = yield* Store;
        const model = yield* store.readModel(rows);
        const reopened = yield* store.load(counterKey("c-1"));
        const retry = yield* executeCommand(counterDecider, increment("cmd-2", "c-1", 3), runtime);
        const next = yield* executeCommand(counterDecider, increment("cmd-4", "c-1", 1), runtime);
        return {
          reopened,
          retry,
          next,
          log: yield* store.readLog({ after: 0, limit: 100 }),
          pending: yield* store.outbox.readPending(100),
          owner: yield* store.uniqueKeyOwner({
            community: testCommunity,
            scope: "courier-mobile",
            key: "k",
          }),
          lease: yield* store.leases.acquire({ name: "outbox-relay", owner: "b", ttlMs: 60_000 }),
          processed: yield* store.processedEvents.has("points-earn", "e-1"),
          page: yield* model.find({ where: { points: 5 } }),
        };
      }),
    );
    expect(after.reopened).toEqual(before.record);
    expect(after.retry.kind).toBe("duplicate");
    expect(after.log.slice(0, 3)).toEqual(before.log);
    expect(after.log.map((entry) => entry.position)).toEqual([1, 2, 3, 4]);
    expect(after.pending.map((event) => event.id)).toEqual([
      ...before.pending.map((event) => event.id),
      ...(after.next.kind === "applied" ? after.next.events.map((event) => event.id) : []),
    ]);
    expect(Option.getOrNull(after.owner)).toBe("c-1");
    expect(after.lease).toBe(false);
    expect(after.processed).toBe(true);
    expect(after.page.items.map((item) => item.id)).toEqual(["c-1"]);
  });

  it("lets two stores on the same file (two processes' worth) win each version once", async () => {
    const writers = 40;
    const filename = join(directory, "store.sqlite");
    const program = (maxAttempts: number, counterId: string) =>
      Effect.scoped(
        Effect.gen(function* () {
          const first = yield* Layer.build(SqliteStore.layer({ filename }));
          const second = yield* Layer.build(SqliteStore.layer({ filename }));
          const stores = [Context.get(first, Store), Context.get(second, Store)];
          // Every writer loads before any writes, so all of them race for the same version.
          const loaded = yield* Deferred.make<void>();
          let loads = 0;
          const racing = stores.map(
            (store): StoreApi =>
              ({
                ...store,
                load: (key, options) =>
                  Effect.gen(function* () {
                    const record = yield* store.load(key, options);
                    loads += 1;
                    if (loads === writers) yield* Deferred.succeed(loaded, undefined);
                    if (loads <= writers) yield* Deferred.await(loaded);
                    return record;
                  }),
              }) as StoreApi,
          );
          const runtime = counterRuntime({ maxAttempts, maxBackoffMs: 5 });
          const results = yield* Effect.all(
            Array.from({ length: writers }, (_, index) =>
              Effect.either(
                executeCommand(counterDecider, increment(`w-${index}`, counterId), runtime),
              ).pipe(Effect.provideService(Store, racing[index % 2] as StoreApi)),
            ),
            { concurrency: "unbounded" },
          );
          const stream = yield* (stores[1] as StoreApi).readStream(counterKey(counterId));
          const record = yield* (stores[0] as StoreApi).load<CounterState>(counterKey(counterId));
          return { results, stream, record };
        }),
      );
    const once = await Effect.runPromise(program(1, "c-once"));
    expect(once.results.filter(Either.isRight)).toHaveLength(1);
    const lost = once.results.filter(Either.isLeft).map((result) => result.left._tag);
    expect(lost).toEqual(Array.from({ length: writers - 1 }, () => "VersionConflict"));
    expect(once.stream.map((event) => event.version)).toEqual([1]);

    const all = await Effect.runPromise(program(writers + 5, "c-all"));
    expect(all.results.every(Either.isRight)).toBe(true);
    expect(all.stream.map((event) => event.version)).toEqual(
      Array.from({ length: writers }, (_, index) => index + 1),
    );
    expect(Option.getOrThrow(all.record).state.total).toBe(writers);
  });

  it("lets writer processes on one file win each version once", async () => {
    const filename = join(directory, "store.sqlite");
    const processes = 3;
    const perProcess = 40;
    const writer = fileURLToPath(new URL("./testing/sqlite-writer.ts", import.meta.url));
    let ready = 0;
    const lines = await Promise.all(
      Array.from(
        { length: processes },
        (_, index) =>
          new Promise<string>((resolve, reject) => {
            const child = spawn(
              process.execPath,
              [
                "--conditions=@courier-station/source",
                "--import",
                "tsx",
                writer,
                filename,
                `p${index}`,
                String(perProcess),
                "c-shared",
              ],
              { stdio: ["ignore", "pipe", "pipe"], timeout: 60_000 },
            );
            let output = "";
            let errors = "";
            child.stdout.on("data", (chunk: Buffer) => {
              const before = output.includes('"ready"');
              output += chunk.toString("utf8");
              if (!before && output.includes('"ready"')) {
                ready += 1;
                // All of them are up: let them go at once.
                if (ready === processes) writeFileSync(`${filename}.go`, "");
              }
            });
            child.stderr.on("data", (chunk: Buffer) => {
              errors += chunk.toString("utf8");
            });
            child.on("error", reject);
            child.on("close", (code) =>
              code === 0
                ? resolve(output)
                : reject(new Error(`writer exited with ${code}: ${errors}`)),
            );
          }),
      ),
    );
    const parsed = lines
      .flatMap((output) => output.trim().split("\n"))
      .map(
        (line) =>
          JSON.parse(line) as {
            commandId?: string;
            versions?: number[];
            failure?: string;
            conflicts?: number;
            ready?: boolean;
          },
      );
    const results = parsed.filter((line) => line.commandId !== undefined);
    expect(parsed.filter((line) => line.ready === true)).toHaveLength(processes);
    const conflicts = parsed.reduce((sum, line) => sum + (line.conflicts ?? 0), 0);
    // The processes did race: some appends lost and were decided again.
    expect(conflicts).toBeGreaterThan(0);
    expect(results).toHaveLength(processes * perProcess);
    expect(results.filter((result) => result.failure !== undefined)).toEqual([]);
    const won = results.flatMap((result) => result.versions ?? []).sort((a, b) => a - b);
    const total = processes * perProcess;
    expect(won).toEqual(Array.from({ length: total }, (_, index) => index + 1));
    const stream = await onFile(
      Effect.flatMap(Store, (store) => store.readStream(counterKey("c-shared"))),
    );
    expect(stream.map((event) => event.version)).toEqual(won);
    expect(new Set(stream.map((event) => event.causationId)).size).toBe(total);
  }, 90_000);

  it("fails to open with StoreUnavailable when the file cannot be created", async () => {
    const failure = await Effect.runPromise(
      Effect.flip(
        Effect.scoped(
          Layer.build(
            SqliteStore.layer({ filename: join(directory, "missing", "dir", "x.sqlite") }),
          ),
        ),
      ),
    );
    expect(failure._tag).toBe("StoreUnavailable");
    expect(failure.text["zh-CN"]).toContain("数据存储暂不可用");
  });
});
