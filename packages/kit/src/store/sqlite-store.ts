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
  type ReadModelApi,
  type ReadModelDefinition,
  type StoredDocument,
} from "./read-model.js";
import {
  type AggregateKey,
  erasedReceiptBody,
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
  StoreUnavailable,
  VersionConflict,
} from "./store-errors.js";

/** Options of the SQLite store. */
export interface SqliteStoreOptions {
  /** The database file; created with its tables when it does not exist. */
  readonly filename: string;
  /** How long a write waits for another process's write to finish, in ms; default 5,000. */
  readonly busyTimeoutMs?: number;
  /** The clock leases read, in milliseconds since the epoch; default `Date.now`. */
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
`;

/** A LIMIT for SQLite, where a negative one would mean no limit at all. */
const rowLimit = (limit: number): number => Math.max(0, Math.trunc(limit));

const parse = <Value>(text: string): Value => JSON.parse(text) as Value;

const reasonOf = (cause: unknown): string =>
  cause instanceof Error ? cause.message : String(cause);

/** Runs a synchronous database call, mapping what it throws to `StoreUnavailable`. */
const attempt = <A>(operation: string, body: () => A): Effect.Effect<A, StoreUnavailable> =>
  Effect.try({
    try: body,
    catch: (cause) => new StoreUnavailable({ operation, reason: reasonOf(cause), cause }),
  });

/** A SQL expression for a read-model field (the name is checked by `defineReadModel`). */
const fieldExpression = (field: string): string => `json_extract(body, '$.${field}')`;

/** A value as SQLite's `json_extract` gives it back: booleans are 1 and 0. */
const sqlValue = (value: IndexedValue): string | number | null =>
  typeof value === "boolean" ? (value ? 1 : 0) : value;

/**
 * Opens a SQLite store on a file (creating it and its tables), in WAL mode with a busy
 * timeout so that several processes can share the file. Close it with `close()`; the
 * layer does.
 *
 * @example
 * const store = openSqliteStore({ filename: "./data/courier-station.sqlite" });
 */
export const openSqliteStore = (
  options: SqliteStoreOptions,
): StoreApi & { readonly close: () => void } => {
  const now = options.now ?? (() => Date.now());
  const db = new Database(options.filename);
  db.pragma("journal_mode = WAL");
  db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5_000))}`);
  db.pragma("foreign_keys = ON");
  db.exec(schema);

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
    getDocument: db.prepare<[string, string], { revision: number; body: string }>(
      "SELECT revision, body FROM read_documents WHERE collection = ? AND id = ?",
    ),
    putDocument: db.prepare<[string, string, number, string]>(
      "INSERT OR REPLACE INTO read_documents (collection, id, revision, body) VALUES (?, ?, ?, ?)",
    ),
    deleteDocument: db.prepare<[string, string]>(
      "DELETE FROM read_documents WHERE collection = ? AND id = ?",
    ),
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

  const indexedCollections = new Set<string>();
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
      const revision = statements.getDocument.get(collection, id)?.revision ?? 0;
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
        const conflict = guarded(id, expectedRevision);
        if (conflict !== undefined) return conflict;
        const revision = (statements.getDocument.get(collection, id)?.revision ?? 0) + 1;
        statements.putDocument.run(collection, id, revision, body);
        return revision;
      },
    );
    const deleteDocument = db.transaction(
      (id: string, expectedRevision: number | undefined): boolean | RevisionConflict => {
        const conflict = guarded(id, expectedRevision);
        if (conflict !== undefined) return conflict;
        return statements.deleteDocument.run(collection, id).changes > 0;
      },
    );
    const conditions = (
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
          (): Effect.Effect<number, RevisionConflict | InvalidDocument | StoreUnavailable> => {
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
      delete: (id, writeOptions = {}) =>
        Effect.flatMap(
          attempt("delete a document", () =>
            deleteDocument.immediate(id, writeOptions.expectedRevision),
          ),
          (result) => (typeof result === "boolean" ? Effect.succeed(result) : Effect.fail(result)),
        ),
      find: (findOptions = {}) =>
        Effect.suspend((): Effect.Effect<Page<Document>, InvalidQuery | StoreUnavailable> => {
          const planned = planQuery(definition, findOptions);
          if (Either.isLeft(planned)) return Effect.fail(planned.left);
          const query = planned.right;
          const where = conditions(query);
          const direction = query.descending ? "DESC" : "ASC";
          const field =
            query.orderField === undefined ? undefined : fieldExpression(query.orderField);
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
          const order =
            field === undefined ? `id ${direction}` : `${field} ${direction}, id ${direction}`;
          return Effect.map(
            attempt("query documents", () =>
              prepared<{ id: string; revision: number; body: string }>(
                `SELECT id, revision, body FROM read_documents WHERE ${where.sql} ORDER BY ${order} LIMIT ?`,
              ).all(...where.values, query.limit + 1),
            ),
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
        Effect.suspend((): Effect.Effect<number, InvalidQuery | StoreUnavailable> => {
          const planned = planQuery(
            definition,
            whereOptions === undefined ? {} : { where: whereOptions },
          );
          if (Either.isLeft(planned)) return Effect.fail(planned.left);
          const where = conditions(planned.right);
          return attempt(
            "count documents",
            () =>
              prepared<{ total: number }>(
                `SELECT count(*) AS total FROM read_documents WHERE ${where.sql}`,
              ).get(...where.values)?.total ?? 0,
          );
        }),
    };
  };

  const store: StoreApi & { readonly close: () => void } = {
    kind: "sqlite",

    close: () => {
      if (db.open) db.close();
    },

    load: <State>(key: AggregateKey, loadOptions: { readonly receiptsFor?: string } = {}) =>
      attempt("load an aggregate", () => {
        const parameters = keyParameters(key);
        const read = db.transaction(() => {
          const row = statements.loadAggregate.get(...parameters);
          if (row === undefined) return undefined;
          const receipts =
            loadOptions.receiptsFor === undefined
              ? statements.allReceipts.all(...parameters)
              : statements.oneReceipt.all(...parameters, loadOptions.receiptsFor);
          return { row, receipts };
        });
        const found = read();
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
      markRelayed: (events) =>
        attempt("mark events relayed", () =>
          db
            .transaction(() => {
              for (const event of events) statements.markRelayed.run(event.id);
            })
            .immediate(),
        ),
    },

    leases: {
      acquire: ({ name, owner, ttlMs }) =>
        attempt("acquire a lease", () =>
          db
            .transaction(() => {
              const at = now();
              const current = statements.leaseOf.get(name);
              if (current !== undefined && current.owner !== owner && current.expires_at > at) {
                return false;
              }
              statements.putLease.run(name, owner, at + ttlMs);
              return true;
            })
            .immediate(),
        ),
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
      Effect.suspend(
        (): Effect.Effect<UniqueKeyClaimResult, InvalidDocument | StoreUnavailable> => {
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
        },
      ),

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

    readModel: (definition) =>
      attempt("open a read model", () => {
        if (!indexedCollections.has(definition.name)) {
          for (const field of Object.keys(definition.indexes)) {
            db.exec(
              `CREATE INDEX IF NOT EXISTS read_${definition.name}_${field} ON read_documents (collection, ${fieldExpression(field)}, id) WHERE collection = '${definition.name}'`,
            );
          }
          indexedCollections.add(definition.name);
        }
        return readModel(definition);
      }),
  };
  return store;
};

/** The SQLite store as a layer: `SqliteStore.layer({ filename })`. */
export const SqliteStore = {
  /**
   * A SQLite store on one file (the embedded default), opened when the layer is built
   * and closed when it is released, with the relay's `Outbox` and the host's `Leases`
   * and `ProcessedEvents`. Fails with `StoreUnavailable` when the file cannot be opened.
   *
   * @example
   * const layer = SqliteStore.layer({ filename: "./data/courier-station.sqlite" });
   * await Effect.runPromise(program.pipe(Effect.provide(layer)));
   */
  layer: (options: SqliteStoreOptions): Layer.Layer<StoreAndCapabilities, StoreUnavailable> =>
    withCapabilities(
      Layer.scoped(
        Store,
        Effect.acquireRelease(
          attempt(`open ${options.filename}`, () => openSqliteStore(options)),
          (store) => Effect.sync(() => store.close()),
        ),
      ),
    ),
} as const;
