import { spawn } from "node:child_process";
import {
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { Context, Effect, Either, Exit, Layer, Option, Scope } from "effect";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { executeCommand } from "../commands/execute-command.js";
import { defineReadModel, type FindOptions, planQuery } from "./read-model.js";
import { SqliteStore, sqliteCountSql, sqliteFindSql } from "./sqlite-store.js";
import { describeStoreContract } from "./store.contract.js";
import { Store } from "./store.js";
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

/** The page size a SQLite file's header states (1 stands for 65,536). */
const pageSizeOf = (bytes: Buffer): number => {
  const size = bytes.readUInt16BE(16);
  return size === 1 ? 65_536 : size;
};

/** Another process on the file (see `testing/sqlite-process.ts`), once it says it is ready. */
const startProcess = (
  mode: "store" | "write-lock",
  filename: string,
): Promise<{
  readonly pid: number;
  readonly stop: () => Promise<void>;
  readonly kill: () => Promise<void>;
}> =>
  new Promise((resolve, reject) => {
    const script = fileURLToPath(new URL("./testing/sqlite-process.ts", import.meta.url));
    const child = spawn(
      process.execPath,
      ["--conditions=@courier-station/source", "--import", "tsx", script, mode, filename],
      { stdio: ["pipe", "pipe", "pipe"], timeout: 60_000 },
    );
    const exited = new Promise<void>((done) => child.once("exit", () => done()));
    let output = "";
    let errors = "";
    child.stderr.on("data", (chunk: Buffer) => {
      errors += chunk.toString("utf8");
    });
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (output.includes('"ready"')) {
        resolve({
          pid: child.pid ?? 0,
          stop: async () => {
            child.stdin.end();
            await exited;
          },
          kill: async () => {
            child.kill("SIGKILL");
            await exited;
          },
        });
      }
    });
    child.once("error", reject);
    child.once("exit", (code) =>
      reject(new Error(`${mode} process exited with ${code}: ${errors}`)),
    );
  });

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

  it("reads the documents a query matches through an index in its order, never the whole collection", async () => {
    interface Line {
      readonly accountMonth: string;
      readonly version: number;
      readonly open: boolean;
      readonly reference: string | null;
    }
    const lines = defineReadModel<Line>({
      name: "statement_lines",
      indexes: { accountMonth: "string", version: "number", open: "boolean", reference: "string" },
    });
    const queries: ReadonlyArray<FindOptions<Line>> = [
      { where: { accountMonth: "a:2026-11" }, limit: 5 },
      { where: { accountMonth: "a:2026-11" }, orderBy: { field: "version" }, limit: 5 },
      {
        where: { accountMonth: "a:2026-11", open: true },
        orderBy: { field: "version", direction: "descending" },
        limit: 5,
      },
      { where: { reference: null, accountMonth: "b:2026-11" }, orderBy: { field: "reference" } },
      { where: { open: false }, orderBy: { field: "open" }, limit: 5 },
    ];
    // Each query's first page, then the page after it.
    const pages = await onFile(
      Effect.gen(function* () {
        const store = yield* Store;
        const model = yield* store.readModel(lines);
        for (let version = 1; version <= 90; version++) {
          yield* model.upsert(`line-${String(version).padStart(3, "0")}`, {
            accountMonth: `${"abc"[version % 3]}:2026-${version <= 45 ? "10" : "11"}`,
            version,
            open: version % 2 === 0,
            reference: version % 5 === 0 ? null : `r-${version}`,
          });
        }
        const read: Array<{ readonly options: FindOptions<Line>; readonly found: number }> = [];
        for (const options of queries) {
          const first = yield* model.find(options);
          read.push({ options, found: first.items.length });
          read.push({ options, found: yield* model.count(options.where) });
          if (first.next !== undefined) {
            const second = yield* model.find({ ...options, after: first.next });
            read.push({ options: { ...options, after: first.next }, found: second.items.length });
          }
        }
        return read;
      }),
    );
    expect(pages.map((page) => page.found)).toEqual([5, 15, 5, 5, 15, 5, 5, 8, 3, 3, 3, 5, 45, 5]);
    const db = new Database(join(directory, "store.sqlite"), { readonly: true });
    try {
      const planOf = (statement: {
        readonly sql: string;
        readonly values: ReadonlyArray<unknown>;
      }) =>
        db
          .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${statement.sql}`)
          .all(...statement.values)
          .map((row) => row.detail);
      for (const { options } of pages) {
        const planned = planQuery(lines, options);
        if (Either.isLeft(planned)) throw planned.left;
        const equalities = new Set(Object.keys(options.where ?? {})).size;
        // A search on the collection and every equality, with no sort after it: what it
        // reads is what matches, in order, however large the collection grows.
        const bounded = new RegExp(
          `^SEARCH read_documents USING (COVERING )?INDEX \\S+ \\(collection=\\?${" AND <expr>=\\?".repeat(equalities)}[ )]`,
        );
        for (const plan of [planOf(sqliteFindSql(lines.name, planned.right))]) {
          expect(plan, JSON.stringify(options)).toHaveLength(1);
          expect(plan[0], JSON.stringify(options)).toMatch(bounded);
        }
        const count = planOf(sqliteCountSql(lines.name, planned.right));
        expect(count[0], JSON.stringify(options)).toMatch(bounded);
      }
    } finally {
      db.close();
    }
  });

  it("refuses a second store on the file in this process with StoreLocked, and opens once the first is closed", async () => {
    const filename = join(directory, "store.sqlite");
    const outcome = await Effect.runPromise(
      Effect.gen(function* () {
        const firstScope = yield* Scope.make();
        yield* Layer.buildWithScope(SqliteStore.layer({ filename }), firstScope);
        const refused = yield* Effect.flip(
          Effect.scoped(Layer.build(SqliteStore.layer({ filename }))),
        );
        yield* Scope.close(firstScope, Exit.void);
        const reopened = yield* Effect.scoped(
          Effect.map(
            Layer.build(SqliteStore.layer({ filename })),
            (context) => Context.get(context, Store).kind,
          ),
        );
        return { refused, reopened };
      }),
    );
    expect(outcome.refused._tag).toBe("StoreLocked");
    expect(outcome.refused.code).toBe("store.locked");
    expect(outcome.refused.text.en).toContain(`pid ${process.pid}`);
    expect(outcome.refused.text.en).toContain(hostname());
    expect(outcome.refused.text["zh-CN"]).toContain(filename);
    expect(outcome.reopened).toBe("sqlite");
  });

  it("refuses the file while another process holds it, naming that process, and opens once it is gone (even killed)", async () => {
    const filename = join(directory, "store.sqlite");
    const other = await startProcess("store", filename);
    const refused = await Effect.runPromise(
      Effect.flip(Effect.scoped(Layer.build(SqliteStore.layer({ filename })))),
    );
    expect(refused._tag).toBe("StoreLocked");
    expect(refused.text.en).toContain(`pid ${other.pid}`);
    expect(refused.text.en).toContain("one process per file");
    // Killed, it cannot release anything itself: the lock goes with the process.
    await other.kill();
    const kind = await onFile(Effect.map(Store, (store) => store.kind));
    expect(kind).toBe("sqlite");
  });

  it("keeps the event loop turning while another process holds the file's write lock", async () => {
    const filename = join(directory, "store.sqlite");
    const runtime = counterRuntime();
    const outcome = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const store = Context.get(yield* Layer.build(SqliteStore.layer({ filename })), Store);
          yield* executeCommand(counterDecider, increment("cmd-0", "c-1"), runtime).pipe(
            Effect.provideService(Store, store),
          );
          // The sqlite3 shell or a backup tool writing to the file: a lock no store takes.
          const other = yield* Effect.acquireRelease(
            Effect.promise(() => startProcess("write-lock", filename)),
            (locker) => Effect.promise(() => locker.stop()),
          );
          const delay = monitorEventLoopDelay({ resolution: 10 });
          delay.enable();
          // The monitor measures from its first tick: let it tick before the writes.
          yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 50)));
          const attempts = yield* Effect.forEach(["cmd-1", "cmd-2", "cmd-3"], (commandId) =>
            Effect.either(
              executeCommand(counterDecider, increment(commandId, "c-1"), runtime).pipe(
                Effect.provideService(Store, store),
              ),
            ),
          );
          // Reads go on: a write lock does not stop a WAL reader.
          const read = yield* store.load<CounterState>(counterKey("c-1"));
          // A turn of the event loop, so that the monitor records how late its timer came.
          yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 50)));
          delay.disable();
          yield* Effect.promise(() => other.stop());
          const after = yield* executeCommand(
            counterDecider,
            increment("cmd-4", "c-1"),
            runtime,
          ).pipe(Effect.provideService(Store, store));
          return { attempts, read, after, maxDelayMs: delay.max / 1e6 };
        }),
      ),
    );
    for (const attempt of outcome.attempts) {
      expect(Either.isLeft(attempt) && attempt.left._tag).toBe("StoreUnavailable");
    }
    expect(Option.getOrThrow(outcome.read).state.total).toBe(1);
    expect(outcome.after.kind).toBe("applied");
    // Three writes, each refused after the short busy timeout: the process stalled for a
    // moment at most, never for seconds (a 5 s busy timeout stalled it for 15).
    expect(outcome.maxDelayMs).toBeLessThan(1_500);
  }, 60_000);

  it("refuses a file that is not a database with StoreCorrupt, and leaves it as it was", async () => {
    const filename = join(directory, "store.sqlite");
    const garbage = Buffer.from("这不是数据库 — not a database at all\n".repeat(300));
    writeFileSync(filename, garbage);
    const refused = await Effect.runPromise(
      Effect.flip(Effect.scoped(Layer.build(SqliteStore.layer({ filename })))),
    );
    expect(refused._tag).toBe("StoreCorrupt");
    expect(refused.code).toBe("store.corrupt");
    expect(refused.text.en).toContain("restore it from a backup");
    expect(refused.text["zh-CN"]).toContain("备份");
    expect(readFileSync(filename).equals(garbage)).toBe(true);
  });

  it("refuses a SQLite file of another application with StoreCorrupt, and adds nothing to it", async () => {
    const filename = join(directory, "notes.sqlite");
    const foreign = new Database(filename);
    foreign.exec(
      "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('x');",
    );
    foreign.close();
    const refused = await Effect.runPromise(
      Effect.flip(Effect.scoped(Layer.build(SqliteStore.layer({ filename })))),
    );
    expect(refused._tag).toBe("StoreCorrupt");
    expect(refused.text.en).toContain("another application");
    const reopened = new Database(filename, { readonly: true });
    const tables = reopened
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .map((row) => row.name);
    reopened.close();
    expect(tables).toEqual(["notes"]);
  });

  it("refuses at open a file whose pages are damaged with StoreCorrupt", async () => {
    const filename = join(directory, "store.sqlite");
    const runtime = counterRuntime();
    await onFile(
      Effect.forEach(["c-1", "c-2", "c-3"], (counterId, index) =>
        executeCommand(counterDecider, increment(`cmd-${index}`, counterId), runtime),
      ),
    );
    // Keep the first page (the header), scramble the rest, the schema's pages included.
    const bytes = readFileSync(filename);
    const pageSize = pageSizeOf(bytes);
    for (let index = pageSize; index < bytes.length; index++) bytes[index] = (index * 7919) % 251;
    writeFileSync(filename, bytes);
    const refused = await Effect.runPromise(
      Effect.flip(Effect.scoped(Layer.build(SqliteStore.layer({ filename })))),
    );
    expect(refused._tag).toBe("StoreCorrupt");
    expect(refused.text.en).toContain("restore it from a backup");
  });

  it("answers StoreCorrupt, not StoreUnavailable, when a page is found damaged while it runs", async () => {
    const filename = join(directory, "store.sqlite");
    const runtime = counterRuntime();
    await onFile(
      Effect.forEach(["c-1", "c-2", "c-3"], (counterId, index) =>
        executeCommand(counterDecider, increment(`cmd-${index}`, counterId), runtime),
      ),
    );
    const reader = new Database(filename, { readonly: true });
    const rootPage = reader
      .prepare<[], number>("SELECT rootpage FROM sqlite_master WHERE name = 'aggregates'")
      .pluck()
      .get();
    reader.close();
    const pageSize = pageSizeOf(readFileSync(filename));
    const failure = await onFile(
      Effect.gen(function* () {
        const store = yield* Store;
        // The disk goes bad under the running store: the aggregates' page turns to noise.
        yield* Effect.sync(() => {
          const file = openSync(filename, "r+");
          writeSync(
            file,
            Buffer.alloc(pageSize, 0xa5),
            0,
            pageSize,
            ((rootPage ?? 2) - 1) * pageSize,
          );
          closeSync(file);
        });
        return yield* Effect.flip(store.load(counterKey("c-2")));
      }),
    );
    expect(failure._tag).toBe("StoreCorrupt");
    expect(failure.code).toBe("store.corrupt");
    expect(failure.text.en).toContain("restore it from a backup");
  });

  it("opens a file an earlier release created (our tables, no application id) and marks it", async () => {
    const filename = join(directory, "store.sqlite");
    const runtime = counterRuntime();
    await onFile(executeCommand(counterDecider, increment("cmd-1", "c-1"), runtime));
    const earlier = new Database(filename);
    earlier.pragma("application_id = 0");
    earlier.close();
    const record = await onFile(Effect.flatMap(Store, (store) => store.load(counterKey("c-1"))));
    expect(Option.isSome(record)).toBe(true);
    const marked = new Database(filename, { readonly: true });
    const applicationId = marked.pragma("application_id", { simple: true });
    marked.close();
    expect(applicationId).not.toBe(0);
  });

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
