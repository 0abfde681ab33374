import { hostname } from "node:os";
import {
  type AggregateRecord,
  type CommandReceipt,
  canonicalJson,
  type DomainEvent,
  type EventEnvelope,
} from "@courier-station/core";
import Database from "better-sqlite3";
import { Effect, Either, Layer, Option } from "effect";
import { type CheckedAppend, checkAppend, checkUniqueKey } from "./append-request.js";
import { findDocumentProblems } from "./document-rules.js";
import {
  documentProblem,
  encodeCursor,
  type IndexedValue,
  indexedValueOf,
  type Page,
  type PlannedQuery,
  planQuery,
  queryIndexFields,
  type ReadModelApi,
  type ReadModelDefinition,
  type StoredDocument,
} from "./read-model.js";
import {
  type AggregateKey,
  erasedReceiptBody,
  type LoadOptions,
  type LoggedEvent,
  Store,
  type StoreAndCapabilities,
  type StoreApi,
  type UniqueKeyClaimResult,
  withCapabilities,
} from "./store.js";
import {
  InvalidDocument,
  type InvalidQuery,
  RevisionConflict,
  StoreCorrupt,
  type StoreFailure,
  StoreLocked,
  type StoreOpenFailure,
  StoreUnavailable,
  VersionConflict,
} from "./store-errors.js";

/** Options of the SQLite store. */
export interface SqliteStoreOptions {
  /**
   * The database file; created with its tables when it does not exist. One process
   * opens it at a time (see {@link openSqliteStore}); `<filename>.lock` beside it is
   * the lock that says so.
   */
  readonly filename: string;
  /**
   * How long a write waits for a lock another program holds on the file (the sqlite3
   * shell, a backup tool), in ms, before it fails with `StoreUnavailable`; default 250.
   * The whole process waits with it (better-sqlite3 is synchronous), NATS replies
   * included: keep it short.
   */
  readonly busyTimeoutMs?: number;
  /**
   * The clock leases read, in milliseconds since the epoch; default `Date.now`, and in
   * `SqliteStore.layer` Effect's `Clock`.
   */
  readonly now?: () => number;
}

/*
 * The schema. Every value is JSON text; positions are assigned inside the append's
 * transaction (BEGIN IMMEDIATE takes the write lock first, so writers in several
 * processes queue and each reads the aggregate's version it then writes).
 */
const schema = `
CREATE TABLE IF NOT EXISTS aggregates (
  community TEXT NOT NULL,
  aggregate TEXT NOT NULL,
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  state TEXT NOT NULL,
  PRIMARY KEY (community, aggregate, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS receipts (
  community TEXT NOT NULL,
  aggregate TEXT NOT NULL,
  id TEXT NOT NULL,
  command_id TEXT NOT NULL,
  receipt TEXT NOT NULL,
  PRIMARY KEY (community, aggregate, id, command_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS events (
  position INTEGER PRIMARY KEY,
  event_id TEXT NOT NULL UNIQUE,
  community TEXT NOT NULL,
  aggregate TEXT NOT NULL,
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  body TEXT NOT NULL,
  relayed INTEGER NOT NULL DEFAULT 0,
  UNIQUE (community, aggregate, id, version)
);
CREATE INDEX IF NOT EXISTS events_by_community ON events (community, position);
CREATE INDEX IF NOT EXISTS events_pending ON events (position) WHERE relayed = 0;
CREATE TABLE IF NOT EXISTS unique_keys (
  community TEXT NOT NULL,
  scope TEXT NOT NULL,
  key TEXT NOT NULL,
  owner TEXT NOT NULL,
  PRIMARY KEY (community, scope, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS leases (
  name TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS processed_events (
  consumer TEXT NOT NULL,
  event_id TEXT NOT NULL,
  PRIMARY KEY (consumer, event_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS read_documents (
  collection TEXT NOT NULL,
  id TEXT NOT NULL,
  revision INTEGER NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (collection, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS store_holder (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  pid INTEGER NOT NULL,
  host TEXT NOT NULL,
  since TEXT NOT NULL
);
`;

/**
 * What marks a file as a Courier Station store (`PRAGMA application_id`, "CST1"), so
 * that another application's SQLite database is refused instead of written into.
 */
export const sqliteApplicationId = 0x43535431;

/** The tables of the store: a file with only these (and no application id) is an earlier store. */
const storeTables: ReadonlySet<string> = new Set([
  "aggregates",
  "receipts",
  "events",
  "unique_keys",
  "leases",
  "processed_events",
  "read_documents",
  "store_holder",
]);

/** A LIMIT for SQLite, where a negative one would mean no limit at all. */
const rowLimit = (limit: number): number => Math.max(0, Math.trunc(limit));

const parse = <Value>(text: string): Value => JSON.parse(text) as Value;

const reasonOf = (cause: unknown): string =>
  cause instanceof Error ? cause.message : String(cause);

/** Whether SQLite says the file is damaged or is no database (`SQLITE_CORRUPT*`, `SQLITE_NOTADB`). */
const isCorruption = (cause: unknown): boolean => {
  const code =
    typeof cause === "object" && cause !== null ? (cause as { code?: unknown }).code : "";
  return (
    typeof code === "string" && (code === "SQLITE_NOTADB" || code.startsWith("SQLITE_CORRUPT"))
  );
};

/**
 * What a database call's failure means: a damaged file is `StoreCorrupt` (retrying
 * cannot help); anything else (a lock held too long, a full disk) `StoreUnavailable`.
 */
const failureOf =
  (location: string, operation: string) =>
  (cause: unknown): StoreFailure =>
    isCorruption(cause)
      ? new StoreCorrupt({ location, problem: "damaged", detail: reasonOf(cause), cause })
      : new StoreUnavailable({ operation, reason: reasonOf(cause), cause });

/** Runs synchronous database calls on one file, mapping what they throw to a store failure. */
const attemptOn =
  (location: string) =>
  <A>(operation: string, body: () => A): Effect.Effect<A, StoreFailure> =>
    Effect.try({ try: body, catch: failureOf(location, operation) });

/** Who has a store file open, as the holder recorded itself; `undefined` when unreadable. */
const holderOf = (
  filename: string,
): { readonly pid: number; readonly host: string; readonly since: string } | undefined => {
  try {
    // A reader is never kept waiting by a writer in WAL mode; the short timeout is for
    // the rare moment of a checkpoint.
    const reader = new Database(filename, { readonly: true, fileMustExist: true, timeout: 100 });
    try {
      return reader
        .prepare<[], { pid: number; host: string; since: string }>(
          "SELECT pid, host, since FROM store_holder WHERE id = 1",
        )
        .get();
    } finally {
      reader.close();
    }
  } catch {
    return undefined;
  }
};

/**
 * Takes the file's lock for this process: an exclusive transaction on `<filename>.lock`,
 * held until `close`. The operating system drops it with the process, so a crash (even
 * SIGKILL) leaves no stale lock; another process, or another store in this one, finds
 * it taken at once and is refused with `StoreLocked`.
 */
const takeFileLock = (filename: string): Database.Database => {
  const lock = new Database(`${filename}.lock`);
  try {
    lock.pragma("busy_timeout = 0");
    lock.exec("BEGIN EXCLUSIVE");
    return lock;
  } catch (cause) {
    lock.close();
    if ((cause as { code?: unknown }).code === "SQLITE_BUSY") {
      const holder = holderOf(filename);
      throw new StoreLocked(
        holder === undefined ? { location: filename } : { location: filename, holder },
      );
    }
    throw cause;
  }
};

/**
 * Refuses a file that is not this store's: one that is no database or is damaged, and
 * another application's database (an application id that is not ours, or tables that
 * are not ours). A file with our tables and no application id is a store an earlier
 * release made; it is marked and used.
 */
const checkStoreFile = (db: Database.Database, filename: string): void => {
  let applicationId: number;
  let tables: ReadonlyArray<string>;
  try {
    applicationId = Number(db.pragma("application_id", { simple: true }));
    tables = db
      .prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .pluck()
      .all();
  } catch (cause) {
    if (isCorruption(cause)) {
      throw new StoreCorrupt({
        location: filename,
        problem: "damaged",
        detail: reasonOf(cause),
        cause,
      });
    }
    throw cause;
  }
  if (applicationId === sqliteApplicationId) return;
  const foreign = tables.filter((name) => !name.startsWith("sqlite_") && !storeTables.has(name));
  if (applicationId !== 0 || foreign.length > 0) {
    const shown = foreign.slice(0, 5).join(", ") + (foreign.length > 5 ? ", …" : "");
    throw new StoreCorrupt({
      location: filename,
      problem: "foreign",
      detail: `application id ${applicationId}${foreign.length > 0 ? `, tables ${shown}` : ""}`,
    });
  }
};

/** A SQL expression for a read-model field (the name is checked by `defineReadModel`). */
const fieldExpression = (field: string): string => `json_extract(body, '$.${field}')`;

/** A value as SQLite's `json_extract` gives it back: booleans are 1 and 0. */
const sqlValue = (value: IndexedValue): string | number | null =>
  typeof value === "boolean" ? (value ? 1 : 0) : value;

/**
 * An index of a read-model collection: its fields in column order (each followed by the
 * document id), and its name. A one-field index is made when the read model is opened; an
 * index of several fields the first time a query needs it.
 */
export interface SqliteReadModelIndex {
  readonly name: string;
  readonly fields: ReadonlyArray<string>;
}

/**
 * The index a query reads (`queryIndexFields`): it finds the matching documents already in
 * order, however many the collection holds; `undefined` for a query on no field (the
 * primary key serves it).
 *
 * @example
 * sqliteIndexOf("points_statement_lines", planned);
 * // { name: "read_points_statement_lines(accountMonth,version)", fields: ["accountMonth", "version"] }
 */
export const sqliteIndexOf = (
  collection: string,
  query: PlannedQuery,
): SqliteReadModelIndex | undefined => {
  const fields = queryIndexFields(query);
  return fields.length === 0 ? undefined : readModelIndex(collection, fields);
};

/**
 * A read-model index by its fields. Names and fields are letters, digits and "_", so the
 * parentheses keep every collection's and field list's name apart (`read_<collection>_<field>`,
 * the name before, made `notice_x` + `a` and `notice` + `x_a` the same index).
 */
const readModelIndex = (
  collection: string,
  fields: ReadonlyArray<string>,
): SqliteReadModelIndex => ({ name: `read_${collection}(${fields.join(",")})`, fields });

/** The statement that makes a read-model index, if it is not there yet. */
const createIndexSql = (collection: string, index: SqliteReadModelIndex): string =>
  `CREATE INDEX IF NOT EXISTS "${index.name}" ON read_documents (collection, ${index.fields.map(fieldExpression).join(", ")}, id) WHERE collection = '${collection}'`;

/** The conditions of a query, after its collection's. */
const conditionsOf = (
  collection: string,
  query: PlannedQuery,
): { sql: string; values: Array<string | number | null> } => {
  // The name is a literal (checked by defineReadModel), so SQLite uses the partial indexes.
  const clauses = [`collection = '${collection}'`];
  const values: Array<string | number | null> = [];
  for (const [field, value] of query.where) {
    if (value === null) {
      clauses.push(`${fieldExpression(field)} IS NULL`);
    } else {
      clauses.push(`${fieldExpression(field)} = ?`);
      values.push(sqlValue(value));
    }
  }
  return { sql: clauses.join(" AND "), values };
};

/**
 * Where a query reads from: the index of its fields, named (`INDEXED BY`) so that SQLite
 * reads only the documents that match. Without statistics its planner takes
 * `collection = ?` for a narrow condition and prefers an index that gives the order (the
 * primary key, or the order field's) to one that finds the matches: then it reads every
 * document of the collection for a page of a few.
 */
const sourceOf = (index: SqliteReadModelIndex | undefined): string =>
  index === undefined ? "read_documents" : `read_documents INDEXED BY "${index.name}"`;

/** A read-model query or count as SQL: its text, its parameters and the index it reads. */
export interface SqliteReadModelSql {
  readonly sql: string;
  readonly values: ReadonlyArray<string | number | null>;
  readonly index: SqliteReadModelIndex | undefined;
}

/**
 * The SQL of a read-model query (`find`), its parameters (the page size last) and the
 * index it reads.
 *
 * @example
 * const { sql, values } = sqliteFindSql("courier_rows", planned);
 */
export const sqliteFindSql = (collection: string, query: PlannedQuery): SqliteReadModelSql => {
  const index = sqliteIndexOf(collection, query);
  const where = conditionsOf(collection, query);
  const direction = query.descending ? "DESC" : "ASC";
  const field = query.orderField === undefined ? undefined : fieldExpression(query.orderField);
  const after = query.after;
  if (after !== undefined) {
    const idComparison = query.descending ? "id < ?" : "id > ?";
    if (field === undefined) {
      where.sql += ` AND ${idComparison}`;
      where.values.push(after.id);
    } else if (after.value === null) {
      // Nulls come first ascending and last descending.
      where.sql += query.descending
        ? ` AND (${field} IS NULL AND ${idComparison})`
        : ` AND ((${field} IS NULL AND ${idComparison}) OR ${field} IS NOT NULL)`;
      where.values.push(after.id);
    } else {
      const valueComparison = query.descending ? "<" : ">";
      where.sql += ` AND (${field} ${valueComparison} ?${query.descending ? ` OR ${field} IS NULL` : ""} OR (${field} = ? AND ${idComparison}))`;
      where.values.push(sqlValue(after.value), sqlValue(after.value), after.id);
    }
  }
  // An order field the query also asks to equal one value orders nothing: by id alone,
  // SQLite sees that the index gives the order (it does not see it for the field's expression).
  const order =
    field === undefined || query.where.some(([equal]) => equal === query.orderField)
      ? `id ${direction}`
      : `${field} ${direction}, id ${direction}`;
  return {
    sql: `SELECT id, revision, body FROM ${sourceOf(index)} WHERE ${where.sql} ORDER BY ${order} LIMIT ?`,
    values: [...where.values, query.limit + 1],
    index,
  };
};

/**
 * The SQL of a read-model count, its parameters and the index it reads.
 *
 * @example
 * const { sql, values } = sqliteCountSql("courier_rows", planned);
 */
export const sqliteCountSql = (collection: string, query: PlannedQuery): SqliteReadModelSql => {
  const counted: PlannedQuery = { ...query, orderField: undefined, after: undefined };
  const index = sqliteIndexOf(collection, counted);
  const where = conditionsOf(collection, counted);
  return {
    sql: `SELECT count(*) AS total FROM ${sourceOf(index)} WHERE ${where.sql}`,
    values: where.values,
    index,
  };
};

/**
 * Opens a SQLite store on a file (creating it and its tables), in WAL mode. Close it
 * with `close()`; the layer does.
 *
 * **One process per file.** better-sqlite3 is synchronous: a write that waits for
 * another process's lock stops this process's whole event loop (NATS replies, timers)
 * for as long as it waits. So the store takes the file for its process when it opens
 * (`<filename>.lock`, released when it closes or the process dies) and refuses a file
 * another store has with `StoreLocked`, naming that process; and a write waits for a
 * lock another program holds (the sqlite3 shell, a backup tool) only `busyTimeoutMs`
 * (250 ms) before it fails with `StoreUnavailable`. Services that run in several
 * processes share a MongoDB store instead. Moving the writes to a worker thread would
 * keep several processes on one file but put a thread hop on every call, and the
 * embedded station is one process anyway.
 *
 * A file that is damaged or is no database, or another application's SQLite database,
 * is refused with `StoreCorrupt` (and left untouched); so is a page found damaged later.
 *
 * @throws `StoreLocked`, `StoreCorrupt`, or what better-sqlite3 throws when the file
 * cannot be opened (the layer makes that a `StoreUnavailable`).
 *
 * @example
 * const store = openSqliteStore({ filename: "./data/courier-station.sqlite" });
 */
export const openSqliteStore = (
  options: SqliteStoreOptions,
): StoreApi & { readonly close: () => void } => {
  const now = options.now ?? (() => Date.now());
  const lock = takeFileLock(options.filename);
  let db: Database.Database;
  try {
    db = new Database(options.filename);
    try {
      checkStoreFile(db, options.filename);
      db.pragma("journal_mode = WAL");
      db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 250))}`);
      db.pragma("foreign_keys = ON");
      // A page cache of 32 MiB instead of 2: the read models' documents and their
      // indexes are read on every event, and a page the cache misses is a system call.
      db.pragma("cache_size = -32768");
      // Checkpoint the WAL every 10,000 pages (about 40 MiB) rather than every 1,000:
      // every commit rewrites the same hot pages (the events' tail, the indexes' tails,
      // busy aggregates), and a checkpoint copies each page once however often it was
      // committed since the last, so fewer checkpoints copy far fewer pages. Durability is
      // the WAL's and is unchanged.
      db.pragma("wal_autocheckpoint = 10000");
      db.exec(schema);
      db.pragma(`application_id = ${sqliteApplicationId}`);
      db.prepare(
        "INSERT OR REPLACE INTO store_holder (id, pid, host, since) VALUES (1, ?, ?, ?)",
      ).run(process.pid, hostname(), new Date(now()).toISOString());
    } catch (cause) {
      db.close();
      throw isCorruption(cause)
        ? new StoreCorrupt({
            location: options.filename,
            problem: "damaged",
            detail: reasonOf(cause),
            cause,
          })
        : cause;
    }
  } catch (cause) {
    lock.close();
    throw cause;
  }
  const attempt = attemptOn(options.filename);

  const statements = {
    loadAggregate: db.prepare<[string, string, string], { version: number; state: string }>(
      "SELECT version, state FROM aggregates WHERE community = ? AND aggregate = ? AND id = ?",
    ),
    allReceipts: db.prepare<[string, string, string], { receipt: string }>(
      "SELECT receipt FROM receipts WHERE community = ? AND aggregate = ? AND id = ?",
    ),
    oneReceipt: db.prepare<[string, string, string, string], { receipt: string }>(
      "SELECT receipt FROM receipts WHERE community = ? AND aggregate = ? AND id = ? AND command_id = ?",
    ),
    versionOf: db.prepare<[string, string, string], { version: number }>(
      "SELECT version FROM aggregates WHERE community = ? AND aggregate = ? AND id = ?",
    ),
    insertAggregate: db.prepare<[string, string, string, number, string]>(
      "INSERT INTO aggregates (community, aggregate, id, version, state) VALUES (?, ?, ?, ?, ?)",
    ),
    updateAggregate: db.prepare<[number, string, string, string, string, number]>(
      "UPDATE aggregates SET version = ?, state = ? WHERE community = ? AND aggregate = ? AND id = ? AND version = ?",
    ),
    putReceipt: db.prepare<[string, string, string, string, string]>(
      "INSERT OR REPLACE INTO receipts (community, aggregate, id, command_id, receipt) VALUES (?, ?, ?, ?, ?)",
    ),
    lastPosition: db.prepare<[], { last: number }>(
      "SELECT coalesce(max(position), 0) AS last FROM events",
    ),
    insertEvent: db.prepare<[number, string, string, string, string, number, string]>(
      "INSERT INTO events (position, event_id, community, aggregate, id, version, body) VALUES (?, ?, ?, ?, ?, ?, ?)",
    ),
    readStream: db.prepare<[string, string, string, number, number], { body: string }>(
      "SELECT body FROM events WHERE community = ? AND aggregate = ? AND id = ? AND version > ? ORDER BY version LIMIT ?",
    ),
    streamEvents: db.prepare<[string, string, string], { position: number; body: string }>(
      "SELECT position, body FROM events WHERE community = ? AND aggregate = ? AND id = ? ORDER BY version",
    ),
    rewriteEvent: db.prepare<[string, number]>("UPDATE events SET body = ? WHERE position = ?"),
    rewriteReceipt: db.prepare<[string, string, string, string, string]>(
      "UPDATE receipts SET receipt = ? WHERE community = ? AND aggregate = ? AND id = ? AND command_id = ?",
    ),
    readLog: db.prepare<[number, number], { position: number; body: string }>(
      "SELECT position, body FROM events WHERE position > ? ORDER BY position LIMIT ?",
    ),
    readCommunityLog: db.prepare<[string, number, number], { position: number; body: string }>(
      "SELECT position, body FROM events WHERE community = ? AND position > ? ORDER BY position LIMIT ?",
    ),
    readPending: db.prepare<[number], { body: string }>(
      "SELECT body FROM events WHERE relayed = 0 ORDER BY position LIMIT ?",
    ),
    markRelayed: db.prepare<[string]>(
      "UPDATE events SET relayed = 1 WHERE event_id = ? AND relayed = 0",
    ),
    leaseOf: db.prepare<[string], { owner: string; expires_at: number }>(
      "SELECT owner, expires_at FROM leases WHERE name = ?",
    ),
    putLease: db.prepare<[string, string, number]>(
      "INSERT OR REPLACE INTO leases (name, owner, expires_at) VALUES (?, ?, ?)",
    ),
    // An expired lease nobody took since is still the owner's to renew (as on the other adapters).
    renewLease: db.prepare<[number, string, string]>(
      "UPDATE leases SET expires_at = ? WHERE name = ? AND owner = ?",
    ),
    releaseLease: db.prepare<[string, string]>("DELETE FROM leases WHERE name = ? AND owner = ?"),
    hasProcessed: db.prepare<[string, string], { found: number }>(
      "SELECT 1 AS found FROM processed_events WHERE consumer = ? AND event_id = ?",
    ),
    recordProcessed: db.prepare<[string, string]>(
      "INSERT OR IGNORE INTO processed_events (consumer, event_id) VALUES (?, ?)",
    ),
    claimKey: db.prepare<[string, string, string, string]>(
      "INSERT OR IGNORE INTO unique_keys (community, scope, key, owner) VALUES (?, ?, ?, ?)",
    ),
    keyOwner: db.prepare<[string, string, string], { owner: string }>(
      "SELECT owner FROM unique_keys WHERE community = ? AND scope = ? AND key = ?",
    ),
    releaseKey: db.prepare<[string, string, string, string]>(
      "DELETE FROM unique_keys WHERE community = ? AND scope = ? AND key = ? AND owner = ?",
    ),
    // The revision alone, for a write's guard: the body is not read (nor copied out).
    revisionOf: db
      .prepare<[string, string], number>(
        "SELECT revision FROM read_documents WHERE collection = ? AND id = ?",
      )
      .pluck(),
    getDocument: db.prepare<[string, string], { revision: number; body: string }>(
      "SELECT revision, body FROM read_documents WHERE collection = ? AND id = ?",
    ),
    putDocument: db.prepare<[string, string, number, string]>(
      "INSERT OR REPLACE INTO read_documents (collection, id, revision, body) VALUES (?, ?, ?, ?)",
    ),
    deleteDocument: db.prepare<[string, string]>(
      "DELETE FROM read_documents WHERE collection = ? AND id = ?",
    ),
    deleteCollection: db.prepare<[string]>("DELETE FROM read_documents WHERE collection = ?"),
  };

  const keyParameters = (key: AggregateKey): [string, string, string] => [
    key.community,
    key.aggregate,
    key.id,
  ];

  type AppendOutcome = { readonly kind: "appended" } | { readonly kind: "conflict" };

  const writeAppend = db.transaction((checked: CheckedAppend<unknown>): AppendOutcome => {
    const parameters = keyParameters(checked.key);
    const current = statements.versionOf.get(...parameters)?.version ?? 0;
    if (current !== checked.expectedVersion) return { kind: "conflict" };
    // A no-op leaves the version as it was, so the same no-op decided twice at once
    // passes the check above: the first receipt stays (loaded again, the other finds it).
    if (
      checked.events.length === 0 &&
      checked.newReceipts.some(
        (receipt) => statements.oneReceipt.get(...parameters, receipt.commandId) !== undefined,
      )
    ) {
      return { kind: "conflict" };
    }
    const state = JSON.stringify(checked.state);
    // A no-op (no events) writes its receipt only, at the version checked above; it
    // needs an aggregate that exists (checkAppend refuses one at version 0).
    if (checked.events.length > 0 && checked.expectedVersion === 0) {
      statements.insertAggregate.run(...parameters, checked.version, state);
    } else if (checked.events.length > 0) {
      statements.updateAggregate.run(
        checked.version,
        state,
        ...parameters,
        checked.expectedVersion,
      );
    }
    for (const receipt of checked.newReceipts) {
      statements.putReceipt.run(...parameters, receipt.commandId, JSON.stringify(receipt));
    }
    let position = statements.lastPosition.get()?.last ?? 0;
    for (const event of checked.events) {
      position += 1;
      statements.insertEvent.run(
        position,
        event.id,
        ...parameters,
        event.version,
        JSON.stringify(event),
      );
    }
    return { kind: "appended" };
  });

  // The aggregate and its receipts read in one transaction, made once: better-sqlite3's
  // `db.transaction` builds a wrapper (and its savepoint variants) per call, a cost a
  // load per command should not pay again and again.
  const readAggregate = db.transaction(
    (parameters: [string, string, string], loadOptions: LoadOptions) => {
      const row = statements.loadAggregate.get(...parameters);
      if (row === undefined) return undefined;
      const receipts =
        loadOptions.receiptsFor !== undefined
          ? statements.oneReceipt.all(...parameters, loadOptions.receiptsFor)
          : loadOptions.withoutReceipts === true
            ? []
            : statements.allReceipts.all(...parameters);
      return { row, receipts };
    },
  );

  // Made once, like `readAggregate`: the relay calls these every round.
  const markRelayed = db.transaction((events: ReadonlyArray<EventEnvelope>) => {
    for (const event of events) statements.markRelayed.run(event.id);
  });
  const acquireLease = db.transaction((name: string, owner: string, ttlMs: number) => {
    const at = now();
    const current = statements.leaseOf.get(name);
    if (current !== undefined && current.owner !== owner && current.expires_at > at) {
      return false;
    }
    statements.putLease.run(name, owner, at + ttlMs);
    return true;
  });

  const indexedCollections = new Set<string>();
  const openedReadModels = new WeakMap<object, ReadModelApi<object>>();
  const madeIndexes = new Set<string>();
  // Read-model queries are built per shape; each shape is prepared once.
  const preparedQueries = new Map<string, Database.Statement<Array<string | number | null>>>();
  const prepared = <Row>(sql: string): Database.Statement<Array<string | number | null>, Row> => {
    let statement = preparedQueries.get(sql);
    if (statement === undefined) {
      statement = db.prepare<Array<string | number | null>>(sql);
      preparedQueries.set(sql, statement);
    }
    return statement as Database.Statement<Array<string | number | null>, Row>;
  };

  const readModel = <Document extends object>(
    definition: ReadModelDefinition<Document>,
  ): ReadModelApi<Document> => {
    const collection = definition.name;
    const guarded = (
      id: string,
      expectedRevision: number | undefined,
    ): RevisionConflict | undefined => {
      if (expectedRevision === undefined) return undefined;
      const revision = statements.revisionOf.get(collection, id) ?? 0;
      return revision === expectedRevision
        ? undefined
        : new RevisionConflict({ collection, id, expectedRevision });
    };
    const upsertDocument = db.transaction(
      (
        id: string,
        body: string,
        expectedRevision: number | undefined,
      ): number | RevisionConflict => {
        // The revision is read once, for the guard and the next revision alike.
        const current = statements.revisionOf.get(collection, id) ?? 0;
        if (expectedRevision !== undefined && current !== expectedRevision) {
          return new RevisionConflict({ collection, id, expectedRevision });
        }
        statements.putDocument.run(collection, id, current + 1, body);
        return current + 1;
      },
    );
    /** Thrown inside a batch's transaction so that better-sqlite3 rolls all of it back. */
    class BatchConflict extends Error {
      constructor(readonly conflict: RevisionConflict) {
        super(conflict.message);
      }
    }
    const upsertDocuments = db.transaction(
      (
        writes: ReadonlyArray<readonly [id: string, body: string, expected: number | undefined]>,
      ): ReadonlyArray<number> =>
        writes.map(([id, body, expectedRevision]) => {
          // Read inside the transaction, so a later write of an id sees an earlier one's.
          const current = statements.revisionOf.get(collection, id) ?? 0;
          if (expectedRevision !== undefined && current !== expectedRevision) {
            throw new BatchConflict(new RevisionConflict({ collection, id, expectedRevision }));
          }
          statements.putDocument.run(collection, id, current + 1, body);
          return current + 1;
        }),
    );
    const deleteDocument = db.transaction(
      (id: string, expectedRevision: number | undefined): boolean | RevisionConflict => {
        const conflict = guarded(id, expectedRevision);
        if (conflict !== undefined) return conflict;
        return statements.deleteDocument.run(collection, id).changes > 0;
      },
    );
    // An index of several fields is made the first time a query needs it (and one field's,
    // made when the read model was opened, if another definition of the name opened it).
    const ensureIndex = (index: SqliteReadModelIndex | undefined): void => {
      if (index === undefined || madeIndexes.has(index.name)) return;
      db.exec(createIndexSql(collection, index));
      madeIndexes.add(index.name);
    };
    return {
      definition,
      get: (id) =>
        attempt("read a document", () => {
          const row = statements.getDocument.get(collection, id);
          return row === undefined
            ? Option.none()
            : Option.some<StoredDocument<Document>>({
                id,
                revision: row.revision,
                document: parse<Document>(row.body),
              });
        }),
      upsert: (id, document, writeOptions = {}) =>
        Effect.suspend(
          (): Effect.Effect<number, RevisionConflict | InvalidDocument | StoreFailure> => {
            const problem = documentProblem(
              definition as ReadModelDefinition<object>,
              id,
              document,
            );
            if (problem !== undefined) return Effect.fail(problem);
            return Effect.flatMap(
              attempt("write a document", () =>
                upsertDocument.immediate(
                  id,
                  JSON.stringify(document),
                  writeOptions.expectedRevision,
                ),
              ),
              (result) =>
                typeof result === "number" ? Effect.succeed(result) : Effect.fail(result),
            );
          },
        ),
      upsertMany: (writes) =>
        Effect.suspend(
          (): Effect.Effect<
            ReadonlyArray<number>,
            RevisionConflict | InvalidDocument | StoreFailure
          > => {
            const rows: Array<readonly [string, string, number | undefined]> = [];
            for (const write of writes) {
              const problem = documentProblem(
                definition as ReadModelDefinition<object>,
                write.id,
                write.document,
              );
              if (problem !== undefined) return Effect.fail(problem);
              rows.push([write.id, JSON.stringify(write.document), write.expectedRevision]);
            }
            if (rows.length === 0) return Effect.succeed([]);
            return Effect.flatMap(
              attempt("write documents", (): ReadonlyArray<number> | RevisionConflict => {
                try {
                  return upsertDocuments.immediate(rows);
                } catch (cause) {
                  if (cause instanceof BatchConflict) return cause.conflict;
                  throw cause;
                }
              }),
              (result) =>
                result instanceof RevisionConflict ? Effect.fail(result) : Effect.succeed(result),
            );
          },
        ),
      delete: (id, writeOptions = {}) =>
        Effect.flatMap(
          attempt("delete a document", () =>
            deleteDocument.immediate(id, writeOptions.expectedRevision),
          ),
          (result) => (typeof result === "boolean" ? Effect.succeed(result) : Effect.fail(result)),
        ),
      deleteAll: () =>
        attempt("delete all documents", () => {
          statements.deleteCollection.run(collection);
        }),
      find: (findOptions = {}) =>
        Effect.suspend((): Effect.Effect<Page<Document>, InvalidQuery | StoreFailure> => {
          const planned = planQuery(definition, findOptions);
          if (Either.isLeft(planned)) return Effect.fail(planned.left);
          const query = planned.right;
          const { sql, values, index } = sqliteFindSql(collection, query);
          return Effect.map(
            attempt("query documents", () => {
              ensureIndex(index);
              return prepared<{ id: string; revision: number; body: string }>(sql).all(...values);
            }),
            (rows) => {
              const items = rows.slice(0, query.limit).map((row) => ({
                id: row.id,
                revision: row.revision,
                document: parse<Document>(row.body),
              }));
              const last = items.at(-1);
              return {
                items,
                next:
                  rows.length > query.limit && last !== undefined
                    ? encodeCursor(query, {
                        value:
                          query.orderField === undefined
                            ? null
                            : indexedValueOf(last.document, query.orderField),
                        id: last.id,
                      })
                    : undefined,
              };
            },
          );
        }),
      count: (whereOptions) =>
        Effect.suspend((): Effect.Effect<number, InvalidQuery | StoreFailure> => {
          const planned = planQuery(
            definition,
            whereOptions === undefined ? {} : { where: whereOptions },
          );
          if (Either.isLeft(planned)) return Effect.fail(planned.left);
          const { sql, values, index } = sqliteCountSql(collection, planned.right);
          return attempt("count documents", () => {
            ensureIndex(index);
            return prepared<{ total: number }>(sql).get(...values)?.total ?? 0;
          });
        }),
    };
  };

  const store: StoreApi & { readonly close: () => void } = {
    kind: "sqlite",

    close: () => {
      if (db.open) db.close();
      // Last: the file is this process's until the store is closed.
      if (lock.open) lock.close();
    },

    load: <State>(key: AggregateKey, loadOptions: LoadOptions = {}) =>
      attempt("load an aggregate", () => {
        const parameters = keyParameters(key);
        // Without receipts the load is one statement, consistent on its own: the
        // transaction (a BEGIN and a COMMIT around it) is only for reading two tables.
        let found:
          | { row: { version: number; state: string }; receipts: { receipt: string }[] }
          | undefined;
        if (loadOptions.withoutReceipts === true && loadOptions.receiptsFor === undefined) {
          const row = statements.loadAggregate.get(...parameters);
          found = row === undefined ? undefined : { row, receipts: [] };
        } else {
          found = readAggregate(parameters, loadOptions);
        }
        if (found === undefined) return Option.none<AggregateRecord<State>>();
        return Option.some<AggregateRecord<State>>({
          community: key.community,
          aggregate: key.aggregate,
          id: key.id,
          state: parse<State>(found.row.state),
          version: found.row.version,
          receipts: found.receipts.map((row) => parse<CommandReceipt>(row.receipt)),
        });
      }),

    append: (request) =>
      Effect.flatMap(checkAppend(request), (checked) =>
        Effect.flatMap(
          attempt("append events", () => writeAppend.immediate(checked)),
          (outcome) =>
            outcome.kind === "appended"
              ? Effect.succeed({ version: checked.version })
              : Effect.fail(
                  new VersionConflict({ ...checked.key, expectedVersion: checked.expectedVersion }),
                ),
        ),
      ),

    readStream: <Event extends DomainEvent>(
      key: AggregateKey,
      streamOptions: { readonly afterVersion?: number; readonly limit?: number } = {},
    ) =>
      attempt("read a stream", () =>
        statements.readStream
          .all(
            ...keyParameters(key),
            streamOptions.afterVersion ?? 0,
            streamOptions.limit ?? Number.MAX_SAFE_INTEGER,
          )
          .map((row) => parse<EventEnvelope<Event>>(row.body)),
      ),

    readLog: ({ after, limit, community }) =>
      attempt("read the event log", () =>
        (community === undefined
          ? statements.readLog.all(after, rowLimit(limit))
          : statements.readCommunityLog.all(community, after, rowLimit(limit))
        ).map(
          (row): LoggedEvent => ({ position: row.position, event: parse<EventEnvelope>(row.body) }),
        ),
      ),

    sequencePending: () => Effect.succeed(0),

    rewriteEvents: (key, transform, rewriteOptions = {}) =>
      Effect.gen(function* () {
        const parameters = keyParameters(key);
        const rows = yield* attempt("read a stream", () =>
          statements.streamEvents.all(...parameters),
        );
        const changes: Array<readonly [number, string]> = [];
        for (const row of rows) {
          const event = parse<EventEnvelope>(row.body);
          const rewritten = transform(event);
          if (canonicalJson(rewritten.data) === canonicalJson(event.data)) continue;
          const problems = findDocumentProblems(rewritten.data);
          if (problems.length > 0) {
            return yield* Effect.fail(
              new InvalidDocument({ what: `${event.type} ${event.id}`, issues: problems }),
            );
          }
          changes.push([row.position, JSON.stringify({ ...event, data: rewritten.data })]);
        }
        yield* attempt("rewrite a stream", () =>
          db
            .transaction(() => {
              for (const [position, body] of changes) statements.rewriteEvent.run(body, position);
              if (rewriteOptions.eraseReceiptBodies === true) {
                for (const row of statements.allReceipts.all(...parameters)) {
                  const receipt = parse<CommandReceipt>(row.receipt);
                  statements.rewriteReceipt.run(
                    JSON.stringify({ ...receipt, body: erasedReceiptBody }),
                    ...parameters,
                    receipt.commandId,
                  );
                }
              }
            })
            .immediate(),
        );
        return changes.length;
      }),

    outbox: {
      readPending: (limit) =>
        attempt("read the outbox", () =>
          statements.readPending.all(rowLimit(limit)).map((row) => parse<EventEnvelope>(row.body)),
        ),
      markRelayed: (events) => attempt("mark events relayed", () => markRelayed.immediate(events)),
    },

    leases: {
      acquire: ({ name, owner, ttlMs }) =>
        attempt("acquire a lease", () => acquireLease.immediate(name, owner, ttlMs)),
      renew: ({ name, owner, ttlMs }) =>
        attempt("renew a lease", () => {
          return statements.renewLease.run(now() + ttlMs, name, owner).changes > 0;
        }),
      release: ({ name, owner }) =>
        attempt("release a lease", () => {
          statements.releaseLease.run(name, owner);
        }),
      holder: (name) =>
        attempt("read a lease", () => {
          const current = statements.leaseOf.get(name);
          return current === undefined || current.expires_at <= now()
            ? Option.none()
            : Option.some({ owner: current.owner, expiresAt: current.expires_at });
        }),
    },

    processedEvents: {
      has: (consumer, eventId) =>
        attempt(
          "read processed events",
          () => statements.hasProcessed.get(consumer, eventId) !== undefined,
        ),
      record: (consumer, eventId) =>
        attempt("record a processed event", () => {
          statements.recordProcessed.run(consumer, eventId);
        }),
    },

    claimUniqueKey: (claim) =>
      Effect.suspend((): Effect.Effect<UniqueKeyClaimResult, InvalidDocument | StoreFailure> => {
        const problem = checkUniqueKey(claim);
        if (problem !== undefined) return Effect.fail(problem);
        return attempt("claim a unique key", () =>
          db
            .transaction((): UniqueKeyClaimResult => {
              const inserted = statements.claimKey.run(
                claim.community,
                claim.scope,
                claim.key,
                claim.owner,
              );
              if (inserted.changes > 0) return { kind: "claimed" };
              const owner =
                statements.keyOwner.get(claim.community, claim.scope, claim.key)?.owner ?? "";
              return owner === claim.owner ? { kind: "owned" } : { kind: "taken", owner };
            })
            .immediate(),
        );
      }),

    releaseUniqueKey: (claim) =>
      attempt(
        "release a unique key",
        () =>
          statements.releaseKey.run(claim.community, claim.scope, claim.key, claim.owner).changes >
          0,
      ),

    uniqueKeyOwner: (key) =>
      attempt("read a unique key", () =>
        Option.fromNullable(statements.keyOwner.get(key.community, key.scope, key.key)?.owner),
      ),

    readModel: <Document extends object>(definition: ReadModelDefinition<Document>) =>
      attempt("open a read model", () => {
        if (!indexedCollections.has(definition.name)) {
          for (const field of Object.keys(definition.indexes)) {
            const index = readModelIndex(definition.name, [field]);
            db.exec(createIndexSql(definition.name, index));
            madeIndexes.add(index.name);
            // The same index under its earlier name, which queries no longer read.
            db.exec(`DROP INDEX IF EXISTS "read_${definition.name}_${field}"`);
          }
          indexedCollections.add(definition.name);
        }
        // One API per definition, kept: a projection opens its read models on every
        // event, and each API builds its closures and two better-sqlite3 transactions.
        let api = openedReadModels.get(definition);
        if (api === undefined) {
          api = readModel(definition as ReadModelDefinition<object>);
          openedReadModels.set(definition, api);
        }
        return api as unknown as ReadModelApi<Document>;
      }),
  };
  return store;
};

/** The SQLite store as a layer: `SqliteStore.layer({ filename })`. */
export const SqliteStore = {
  /**
   * A SQLite store on one file (the embedded default), opened when the layer is built
   * and closed when it is released, with the relay's `Outbox` and the host's `Leases`
   * and `ProcessedEvents`. Fails with `StoreLocked` when another process has the file,
   * `StoreCorrupt` when it is damaged or another application's, and `StoreUnavailable`
   * when it cannot be opened.
   *
   * @example
   * const layer = SqliteStore.layer({ filename: "./data/courier-station.sqlite" });
   * await Effect.runPromise(program.pipe(Effect.provide(layer)));
   */
  layer: (options: SqliteStoreOptions): Layer.Layer<StoreAndCapabilities, StoreOpenFailure> =>
    withCapabilities(
      Layer.scoped(
        Store,
        Effect.acquireRelease(
          Effect.flatMap(Effect.clock, (clock) =>
            Effect.try({
              // Without a clock of its own, leases read Effect's Clock (a TestClock in a test).
              try: () =>
                openSqliteStore({ now: () => clock.unsafeCurrentTimeMillis(), ...options }),
              catch: (cause): StoreOpenFailure =>
                cause instanceof StoreLocked || cause instanceof StoreCorrupt
                  ? cause
                  : failureOf(options.filename, `open ${options.filename}`)(cause),
            }),
          ),
          (store) => Effect.sync(() => store.close()),
        ),
      ),
    ),
} as const;
