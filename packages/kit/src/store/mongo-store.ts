import {
  type AggregateRecord,
  type CommandReceipt,
  canonicalJson,
  type DomainEvent,
  type EventEnvelope,
} from "@courier-station/core";
import { Effect, Either, Layer, Option, type Scope } from "effect";
import type { Collection, Db, Document, Filter, MongoClientOptions, Sort } from "mongodb";
import { checkAppend, checkUniqueKey } from "./append-request.js";
import { findDocumentProblems } from "./document-rules.js";
import {
  documentProblem,
  encodeCursor,
  type IndexedValue,
  indexedValueOf,
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
  type ReadStreamOptions,
  Store,
  type StoreAndCapabilities,
  type StoreApi,
  type UniqueKeyClaimResult,
  withCapabilities,
} from "./store.js";
import {
  InvalidDocument,
  RevisionConflict,
  StoreUnavailable,
  VersionConflict,
} from "./store-errors.js";

/*
 * The MongoDB adapter, written for the subset a standalone mongod and FerretDB v1.24
 * share. One thing shapes it more than any other: on FerretDB v1.24 (SQLite backend)
 * an update is a read, a change and a write of the whole document, not one atomic
 * step — a version-guarded `updateOne` lets several racing writers through, and even
 * `$inc` loses increments (measured: 30 writers racing on one version, 4 to 8 "won").
 * What both servers do atomically is an insert refused by a unique index. So every
 * write that must win a race here is an insert:
 *
 * - **Aggregates** are chains of commits (`commits`): one document per append, holding
 *   the state and version after it, the receipts of the commands it took and its
 *   events (which stay in the commit as the stream, and are its outbox until
 *   sequenced). Its `_id` is the aggregate and the version it follows, so of two
 *   appends at one version the unique `_id` lets exactly one in; an append at a version
 *   the head is not at is refused before it tries. The head is found by `_id` alone:
 *   from a hint (`heads`, where the head commit starts; it may lag, never lead) along
 *   the chain, the commit after one ending at `v` being `[aggregate, v]`. (FerretDB
 *   v1.24 finds a document without reading the whole collection only by a string `_id`;
 *   every other filter, and every sort, reads it all. On mongod the indexes serve.)
 *   Loading reads the head commit and, for `receiptsFor`, the
 *   one commit a receipt marker (`receipts`, by `_id`) points to, never all receipts.
 *   Markers are written after the commit and before the head hint moves past it, and
 *   whoever finds the hint behind writes the markers of the commits past it before
 *   moving it: so every commit has its markers or is reached by the walk to the head,
 *   which writes them — a crash between the commit and its markers loses no receipt.
 *   A store keeps the heads of the aggregates it handled in memory, with the commits
 *   past the last markers it wrote: it writes their markers in one insert every
 *   `markerBatch` commits and moves the hint with the next command, and meanwhile
 *   finds their receipts in memory. A load to append answers from that head without a
 *   read: a commit it does not know follows it, so the append's insert at its `_id`
 *   is refused (and the head learned). So a command costs the marker lookup and the
 *   insert, and never more than 3 round trips (`mongoRoundTripBudget`).
 *   A command accepted with no events (a no-op) has no commit: its receipt is kept in
 *   its marker, one insert guarded by the unique `_id` (its command id) after checking
 *   the head is at the version it was decided at (else `VersionConflict`). The head may
 *   move between that check and the insert; the no-op changed nothing, so it still
 *   counts as taken at the version it read. If the same command id was meanwhile taken
 *   by a commit with events (the same command sent twice at once, one decided before
 *   and one after another command), the commit's marker wins: writing markers replaces
 *   a no-op marker it finds in its place, since those events did happen. A crash before
 *   the insert stores nothing (the command was not answered); after it, the receipt is
 *   there, whole.
 * - **The event log** (`event_log`): one document per event, `_id` its position, unique
 *   on the event id too. A position is taken only by a successful insert at the position
 *   after one that exists: the sequencer starts after the hint in `counters` (only
 *   ever a taken position, so it may lag but never lead) and steps past the positions
 *   the unique `_id` refuses. Every position below a taken one is therefore taken, and
 *   an insert at `p + 1` starts only once `p` is committed: a reader never meets a gap
 *   it would skip, and no position is reserved for a crash to strand. A store that took
 *   the last position it knows of starts after that one instead of reading the hint,
 *   and moves the hint every `markerBatch` positions (a lagging hint is only stepped
 *   past); once another sequencer takes a position first it reads the hint again. Commits are
 *   sequenced oldest first, each stream in version order; a commit is marked
 *   `sequenced` after its events are in the log. The crash windows are retries: a
 *   commit not sequenced stays `sequenced: false`; an event in the log whose commit was
 *   not marked is refused by the unique event id next time and found there (no
 *   repeat); a hint left behind makes the next sequencer step past taken positions (no
 *   overwrite).
 * - **Leases** are chains of terms (`leases`, `_id` the name and the term): taking,
 *   renewing or releasing one inserts the next term, so of two takers one wins.
 * - **Unique keys** and **processed events**: one insert each, by `_id`.
 * - **Read models** (`read_model_<name>`): one document per write of a document, `_id`
 *   its id and slot, so a write guarded by a revision is the insert of the next slot
 *   and of two such writers one wins. The slot a write replaced loses its document but
 *   keeps its `_id` for ten minutes, so a writer that read it as the head long ago
 *   still finds the next slot taken. A delete writes a tombstone slot; a document
 *   written after it counts its revisions from 1 again. A store that read or wrote a
 *   document's newest slot in the last minute writes the next one without reading it
 *   again: any slot taken since still blocks the insert, which is then read and decided
 *   again, so a row read and written back at its revision costs the read, the insert
 *   and the mark of the slot it replaced.
 *
 * Updates remain only where a lost update is harmless or repaired: marking a commit
 * sequenced (done again at worst) and dropping the state snapshot of a commit that is
 * no longer the head, the head and counter hints (only hints), marking an event relayed
 * (published again at worst: at least once), marking a read-model slot replaced (done
 * again by the next read), rewrites of history (read back and repeated until they hold).
 *
 * Known costs on FerretDB: reading the log, the outbox and read-model queries read
 * the collection; a read-model `count` may count a revision a write is replacing at
 * that moment (or a crash left behind, until a read of that document removes it).
 */

/** Options of the MongoDB store. */
export interface MongoStoreOptions {
  /** The connection string: `mongodb://host:27017/`. */
  readonly uri: string;
  /** The database the store keeps its collections in. */
  readonly database: string;
  /**
   * Driver options added to the store's own (`ignoreUndefined: true`). A short
   * `serverSelectionTimeoutMS` makes an unreachable server a `StoreUnavailable` sooner.
   */
  readonly client?: MongoClientOptions;
  /** The clock leases read, in milliseconds since the epoch; default Effect's `Clock`. */
  readonly now?: () => number;
}

/** The names of the store's fixed collections in its database. */
export const mongoCollectionNames = {
  commits: "commits",
  heads: "heads",
  receipts: "receipts",
  eventLog: "event_log",
  counters: "counters",
  leases: "leases",
  uniqueKeys: "unique_keys",
  processedEvents: "processed_events",
} as const;

/**
 * What one command on an aggregate this store has handled before costs on the server,
 * and how the writes that need not be made at once are batched: `perCommand` round
 * trips on average (the head found once, the commit inserted once, the duplicate check
 * by a receipt marker), and an aggregate's receipt markers and head hint written once
 * every `markerBatch` commits rather than with each.
 */
export const mongoRoundTripBudget = { perCommand: 3, markerBatch: 8 } as const;

/** The collection of a read model: `read_model_<name>`. */
export const readModelCollectionName = (name: string): string => `read_model_${name}`;

interface CommitDocument {
  /** The aggregate and the version this commit follows: `[community, aggregate, id, fromVersion]`. */
  readonly _id: string;
  /** The aggregate: `[community, aggregate, id]`. */
  readonly key: string;
  readonly fromVersion: number;
  /** The aggregate's version after this commit. */
  readonly version: number;
  /** The state after this commit; removed once a later commit is sequenced (only the head's is read). */
  readonly state?: unknown;
  /** The `fromVersion` of the commit before this one (absent on the first). */
  readonly previousFrom?: number;
  readonly receipts: ReadonlyArray<CommandReceipt>;
  readonly commandIds: ReadonlyArray<string>;
  readonly events: ReadonlyArray<EventEnvelope>;
  readonly sequenced: boolean;
  /** When it was appended, in microseconds, strictly increasing per process: the sequencing order. */
  readonly order: number;
  /** How many times its events or receipts were rewritten (guards marking it sequenced). */
  readonly rewrites: number;
}

/** Where an aggregate's head commit starts, a hint (it may lag, never lead). */
interface HeadDocument {
  /** The aggregate: `[community, aggregate, id]`. */
  readonly _id: string;
  readonly fromVersion: number;
}

/** A commit whose receipt markers may not be written yet. */
interface UnmarkedCommit {
  readonly fromVersion: number;
  readonly commandIds: ReadonlyArray<string>;
}

/** An aggregate's head commit as a command needs it; `state` as JSON, parsed for each load. */
interface HeadCommit extends UnmarkedCommit {
  readonly version: number;
  readonly state: string;
}

/** What a store knows of an aggregate's head (see `knownHeads`). */
interface KnownHead {
  readonly head: HeadCommit;
  /** The `fromVersion` of the newest commit whose markers are known to be written; -1 for none. */
  readonly markedFrom: number;
  /** The commits after `markedFrom` this store appended or found, oldest first. */
  readonly unmarked: ReadonlyArray<UnmarkedCommit>;
  /** Where the head hint is to be moved, its commits' markers being written. */
  readonly hintTo?: number;
}

/** How many aggregates' heads a store keeps in memory (about a kilobyte each). */
const knownHeadsLimit = 10_000;

/**
 * Where a command's receipt is: the commit that took it, or, for a command accepted
 * with no events, the receipt itself.
 */
interface ReceiptMarkerDocument {
  /** `[community, aggregate, id, commandId]`. */
  readonly _id: string;
  /** The commit's `fromVersion`; for a no-op, the version it was taken at. */
  readonly fromVersion: number;
  /** A no-op's aggregate, `[community, aggregate, id]` (a full load finds its receipts by it). */
  readonly key?: string;
  /** A no-op's receipt (it has no commit). */
  readonly receipt?: CommandReceipt;
}

interface LogDocument {
  /** The position. */
  readonly _id: number;
  readonly eventId: string;
  /** The aggregate: `[community, aggregate, id]`. */
  readonly key: string;
  readonly version: number;
  readonly community: string;
  readonly relayed: boolean;
  readonly event: EventEnvelope;
}

interface CounterDocument {
  readonly _id: string;
  readonly position: number;
}

interface LeaseDocument {
  /** `[name, term]`. */
  readonly _id: string;
  readonly name: string;
  readonly term: number;
  /** Empty once released. */
  readonly owner: string;
  readonly expiresAt: number;
}

interface UniqueKeyDocument {
  readonly _id: string;
  readonly owner: string;
}

interface ProcessedEventDocument {
  readonly _id: string;
}

interface ReadModelDocument {
  /** `[id, revision]`. */
  readonly _id: string;
  readonly id: string;
  /**
   * The slot this write took: each write of an id takes the one after the newest, so
   * two writers of one revision cannot both get it. Never counts down, even across a
   * delete, so a slot is not taken twice while a newer one exists.
   */
  readonly revision: number;
  /** The slot of the tombstone this document's life began after (0 for the first): its revision is `revision - base`. */
  readonly base?: number;
  /** False for a tombstone (the document was deleted) and for a slot a later write replaced. */
  readonly live: boolean;
  readonly document?: object;
  /**
   * When a later write replaced this slot (milliseconds). A replaced slot stays, without
   * its document, so no writer that read it as the head can take the next slot twice;
   * it is removed after {@link replacedSlotRetentionMs}.
   */
  readonly replacedAt?: number;
}

/** A read-model slot without its document: what a write needs to know of the newest. */
type SlotOf = Pick<ReadModelDocument, "_id" | "id" | "revision" | "base" | "live">;

/** Stands for "no slot at all" where a slot is known without reading (a fresh id). */
const noSlot: SlotOf = { _id: "", id: "", revision: 0, live: false };

/** How many documents' newest slots a read model keeps in memory (a few dozen bytes each). */
const knownSlotsLimit = 10_000;

/**
 * How long a known newest slot is written after without reading it again: a minute, a
 * tenth of {@link replacedSlotRetentionMs}, within which any slot taken after it still
 * blocks the insert.
 */
const knownSlotMaxAgeMs = 60_000;

/**
 * How long a replaced read-model slot is kept: a writer that read a document and writes
 * it back later than this could take a slot a second time. Ten minutes, far above any
 * pause between a read and its write.
 */
const replacedSlotRetentionMs = 10 * 60_000;

const logCounter = "event_log";

/** How many commits `sequencePending` without a limit takes per batch. */
const sequencingBatch = 100;

/** The `key` of an aggregate's commits: unambiguous whatever its id holds. */
const aggregateKeyOf = (key: AggregateKey): string =>
  JSON.stringify([key.community, key.aggregate, key.id]);

/** The parts of an aggregate's `key`. */
const parseKey = (key: string): readonly [string, string, string] =>
  JSON.parse(key) as [string, string, string];

const commitId = (key: AggregateKey, fromVersion: number): string =>
  JSON.stringify([key.community, key.aggregate, key.id, fromVersion]);

const receiptMarkerId = (key: AggregateKey, commandId: string): string =>
  JSON.stringify([key.community, key.aggregate, key.id, commandId]);

/** Whether an insert of several documents failed only on duplicate keys. */
const onlyDuplicates = (cause: unknown): boolean => {
  if (isDuplicateKey(cause)) return true;
  const writeErrors =
    typeof cause === "object" && cause !== null && "writeErrors" in cause
      ? cause.writeErrors
      : undefined;
  const list = Array.isArray(writeErrors)
    ? writeErrors
    : writeErrors === undefined
      ? []
      : [writeErrors];
  return list.length > 0 && list.every((error: unknown) => isDuplicateKey(error));
};

const errorName = (cause: unknown): string =>
  typeof cause === "object" && cause !== null && "name" in cause ? String(cause.name) : "";

const errorCode = (cause: unknown): unknown =>
  typeof cause === "object" && cause !== null && "code" in cause ? cause.code : undefined;

const errorMessage = (cause: unknown): string =>
  cause instanceof Error ? cause.message : String(cause);

/** Whether a driver error is a duplicate key (E11000). */
const isDuplicateKey = (cause: unknown): boolean =>
  errorCode(cause) === 11000 || errorCode(cause) === 11001;

const unavailableNames = new Set([
  "MongoNetworkError",
  "MongoNetworkTimeoutError",
  "MongoServerSelectionError",
  "MongoTopologyClosedError",
  "MongoNotConnectedError",
  "MongoPoolClearedError",
  "MongoServerClosedError",
  "MongoOperationTimeoutError",
  "MongoWriteConcernError",
]);

// Server codes that mean "not now" rather than "wrong": shutdown, step-down, no primary,
// network and time limits, no disk space.
const unavailableCodes = new Set([
  6, 7, 50, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436, 14031,
]);

// Node's socket errors, which the driver sometimes passes on as they are (a write to a
// socket the server closed: EPIPE, "This socket has been ended by the other party").
const socketErrorCodes = new Set([
  "EPIPE",
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTCONN",
  "ERR_STREAM_WRITE_AFTER_END",
  "ERR_SOCKET_CLOSED",
]);

/**
 * Whether a driver error means the store could not be reached or cannot serve now (a
 * `StoreUnavailable`), as opposed to a request the server refused as wrong (a defect).
 * By the error's shape (`name`, `code`, labels), so two copies of the driver agree.
 *
 * @example
 * isMongoUnavailable({ name: "MongoServerSelectionError" }); // true
 * isMongoUnavailable({ name: "MongoServerError", code: 11000 }); // false: a duplicate key
 */
export const isMongoUnavailable = (cause: unknown): boolean => {
  if (unavailableNames.has(errorName(cause))) return true;
  const code = errorCode(cause);
  if (typeof code === "number" && unavailableCodes.has(code)) return true;
  if (typeof code === "string" && socketErrorCodes.has(code)) return true;
  const labels =
    typeof cause === "object" && cause !== null && "errorLabels" in cause
      ? cause.errorLabels
      : undefined;
  return (
    Array.isArray(labels) &&
    labels.some((label) => label === "RetryableWriteError" || label === "ResetPool")
  );
};

const unavailable = (operation: string, cause: unknown) =>
  new StoreUnavailable({ operation, reason: errorMessage(cause), cause });

/**
 * Runs a driver call: a network or availability error becomes `StoreUnavailable`
 * naming the operation; any other error is a defect (a bug, or a server that lacks
 * what the adapter needs).
 */
const attempt = <A>(operation: string, run: () => Promise<A>): Effect.Effect<A, StoreUnavailable> =>
  Effect.tryPromise({ try: run, catch: (cause) => cause }).pipe(
    Effect.catchAll((cause) =>
      isMongoUnavailable(cause) ? Effect.fail(unavailable(operation, cause)) : Effect.die(cause),
    ),
  );

/** Like {@link attempt} for an insert: `false` when a unique index refused it. */
const attemptInsert = (
  operation: string,
  run: () => Promise<unknown>,
): Effect.Effect<boolean, StoreUnavailable> =>
  Effect.tryPromise({ try: run, catch: (cause) => cause }).pipe(
    Effect.as(true),
    Effect.catchAll((cause) => {
      if (isDuplicateKey(cause)) return Effect.succeed(false);
      return isMongoUnavailable(cause)
        ? Effect.fail(unavailable(operation, cause))
        : Effect.die(cause);
    }),
  );

/** The indexes the store creates on start, by collection. */
export const mongoStoreIndexes = {
  [mongoCollectionNames.commits]: [
    { key: { key: 1, version: 1 }, name: "head", unique: true },
    { key: { sequenced: 1, order: 1 }, name: "unsequenced" },
  ],
  [mongoCollectionNames.eventLog]: [
    { key: { eventId: 1 }, name: "event_id", unique: true },
    { key: { key: 1, version: 1 }, name: "stream" },
    { key: { community: 1, _id: 1 }, name: "community_position" },
    { key: { relayed: 1, _id: 1 }, name: "relayed_position" },
  ],
  [mongoCollectionNames.leases]: [{ key: { name: 1, term: 1 }, name: "terms" }],
  // A full load and an erasure find an aggregate's no-op receipts by their key.
  [mongoCollectionNames.receipts]: [{ key: { key: 1 }, name: "no_op_receipts" }],
} as const;

/**
 * Creates indexes one command each: FerretDB v1.24 panics (and drops the connection)
 * on a `createIndexes` of several indexes that all exist already — what every instance
 * after the first does on start.
 */
const createIndexes = (
  collection: Collection<Document> | Collection<ReadModelDocument>,
  indexes: ReadonlyArray<{
    readonly key: Readonly<Record<string, 1 | -1>>;
    readonly name: string;
    readonly unique?: boolean;
  }>,
): Effect.Effect<void, StoreUnavailable> =>
  Effect.forEach(
    indexes,
    (index) =>
      attempt(`create the index ${index.name} of ${collection.collectionName}`, () =>
        collection.createIndexes([{ ...index, key: { ...index.key } }]),
      ),
    { discard: true },
  );

/**
 * Makes a MongoDB store on a database of a connected client and creates its indexes.
 * The client stays the caller's to close; `MongoStore.layer` does both for you. Several
 * stores (processes) may share one database.
 *
 * @example
 * const client = await new MongoClient(uri, { ignoreUndefined: true }).connect();
 * const store = yield* makeMongoStore(client.db("courier_station"));
 */
export const makeMongoStore = (
  database: Db,
  options: { readonly now?: () => number } = {},
): Effect.Effect<StoreApi, StoreUnavailable> =>
  Effect.gen(function* () {
    for (const [name, indexes] of Object.entries(mongoStoreIndexes)) {
      yield* createIndexes(database.collection(name), indexes);
    }
    // Without a clock of its own, leases read Effect's Clock (a TestClock in a test).
    const clock = yield* Effect.clock;
    return mongoStoreOn(database, options.now ?? (() => clock.unsafeCurrentTimeMillis()));
  });

const mongoStoreOn = (database: Db, now: () => number): StoreApi => {
  const commits = database.collection<CommitDocument>(mongoCollectionNames.commits);
  const heads = database.collection<HeadDocument>(mongoCollectionNames.heads);
  const receiptMarkers = database.collection<ReceiptMarkerDocument>(mongoCollectionNames.receipts);

  /**
   * Makes the markers of a commit's command ids point to it where a no-op's receipt took
   * their place (see the top of the file): its events happened, the no-op's did not.
   */
  const replaceNoOpMarkers = (
    key: AggregateKey,
    commit: Pick<CommitDocument, "fromVersion" | "commandIds">,
    operation: string,
  ): Effect.Effect<void, StoreUnavailable> =>
    Effect.forEach(
      commit.commandIds,
      (commandId) =>
        Effect.gen(function* () {
          const _id = receiptMarkerId(key, commandId);
          const found = yield* attempt(operation, () => receiptMarkers.findOne({ _id }));
          if (found?.receipt === undefined) return;
          yield* attempt(operation, () =>
            receiptMarkers.updateOne(
              { _id },
              { $set: { fromVersion: commit.fromVersion }, $unset: { receipt: "", key: "" } },
            ),
          );
        }),
      { discard: true },
    );

  /**
   * Writes the receipt markers of commits, in one insert: those there already are left
   * alone, unless a no-op's receipt took the place of one (then it points to the
   * commit instead).
   */
  const writeMarkers = (
    key: AggregateKey,
    written: ReadonlyArray<Pick<CommitDocument, "fromVersion" | "commandIds">>,
    operation: string,
  ): Effect.Effect<void, StoreUnavailable> => {
    const markers = written.flatMap((commit) =>
      commit.commandIds.map((commandId) => ({
        _id: receiptMarkerId(key, commandId),
        fromVersion: commit.fromVersion,
      })),
    );
    return markers.length === 0
      ? Effect.void
      : Effect.tryPromise({
          try: () => receiptMarkers.insertMany(markers, { ordered: false }),
          catch: (cause) => cause,
        }).pipe(
          Effect.asVoid,
          Effect.catchAll((cause) => {
            if (onlyDuplicates(cause)) {
              return Effect.forEach(
                written,
                (commit) => replaceNoOpMarkers(key, commit, operation),
                { discard: true },
              );
            }
            return isMongoUnavailable(cause)
              ? Effect.fail(unavailable(operation, cause))
              : Effect.die(cause);
          }),
        );
  };

  const eventLog = database.collection<LogDocument>(mongoCollectionNames.eventLog);
  const counters = database.collection<CounterDocument>(mongoCollectionNames.counters);
  const leases = database.collection<LeaseDocument>(mongoCollectionNames.leases);
  const uniqueKeys = database.collection<UniqueKeyDocument>(mongoCollectionNames.uniqueKeys);
  const processed = database.collection<ProcessedEventDocument>(
    mongoCollectionNames.processedEvents,
  );

  // Append order: microseconds, strictly increasing in this process, so one writer's
  // appends are sequenced in the order it made them.
  let lastOrder = 0;
  const nextOrder = (): number => {
    lastOrder = Math.max(Date.now() * 1000, lastOrder + 1);
    return lastOrder;
  };

  /**
   * Puts one event into the log unless it is there: tries the positions after `from`
   * until one is free. Returns the position it took (or found) and whether this call
   * inserted it. An event found with other data (a rewrite that raced a sequencer) is
   * given the commit's data, which is the newer.
   */
  const sequenceEvent = (
    key: string,
    event: EventEnvelope,
    from: number,
  ): Effect.Effect<{ readonly position: number; readonly inserted: boolean }, StoreUnavailable> =>
    Effect.gen(function* () {
      let position = from + 1;
      for (let refused = 1; ; refused++) {
        const inserted = yield* attemptInsert("sequence an event", () =>
          eventLog.insertOne({
            _id: position,
            eventId: event.id,
            key,
            version: event.version,
            community: event.community,
            relayed: false,
            event,
          }),
        );
        if (inserted) return { position, inserted: true };
        // Refused: the event is in the log already (an earlier round died before marking
        // its commit, or another sequencer raced this one), or the position is taken.
        const present = yield* attempt("sequence an event", () =>
          eventLog.findOne({ eventId: event.id }, { projection: { _id: 1, event: 1 } }),
        );
        if (present !== null) {
          if (canonicalJson(present.event) !== canonicalJson(event)) {
            yield* attempt("sequence an event", () =>
              eventLog.updateOne({ _id: present._id }, { $set: { event } }),
            );
          }
          return { position: present._id, inserted: false };
        }
        if (refused % 16 === 0) {
          // Far behind (a stale hint): jump to the end of the log.
          const last = yield* attempt("sequence an event", () =>
            eventLog
              .find({}, { projection: { _id: 1 } })
              .sort({ _id: -1 })
              .limit(1)
              .toArray(),
          );
          position = Math.max(position + 1, (last[0]?._id ?? 0) + 1);
        } else {
          position += 1;
        }
      }
    });

  // What this store's sequencing knows, so a round does not read or write it again for
  // every commit: the last position it took in the log (a taken position, so a start
  // after it never leaves a gap; 0 when unknown, and after a refused insert, which
  // means another sequencer took positions: then the counter is read), the position
  // the counter hint was last moved to, the commits it marked sequenced lately (a mark
  // is never taken back), and the commits whose state snapshot is to be dropped.
  let lastTaken = 0;
  let hinted = 0;
  const sequencedLately = new Set<string>();
  const statesToDrop: string[] = [];

  /** Remembers a commit as sequenced, forgetting the oldest past a bound. */
  const rememberSequenced = (id: string): void => {
    sequencedLately.add(id);
    if (sequencedLately.size > knownHeadsLimit) {
      const oldest = sequencedLately.values().next();
      if (oldest.done !== true) sequencedLately.delete(oldest.value);
    }
  };

  /**
   * Moves the counter hint to the last position taken, once it is
   * {@link mongoRoundTripBudget}`.markerBatch` behind (or `force`d): a hint that lags
   * only makes the next sequencer step past the positions taken, as after a crash.
   */
  const advanceCounter = (force: boolean): Effect.Effect<void, StoreUnavailable> =>
    Effect.suspend(() => {
      const to = lastTaken;
      if (to <= hinted || (!force && to - hinted < mongoRoundTripBudget.markerBatch)) {
        return Effect.void;
      }
      // A lost update on FerretDB, or a crash before it, leaves the hint behind; two
      // first upserts at once: one loses to the unique `_id`. The hint stays a hint.
      return attemptInsert("sequence pending events", () =>
        counters.updateOne({ _id: logCounter }, { $max: { position: to } }, { upsert: true }),
      ).pipe(
        Effect.tap(() =>
          Effect.sync(() => {
            hinted = Math.max(hinted, to);
          }),
        ),
        Effect.asVoid,
      );
    });

  /**
   * Drops the state snapshots of commits that are no head any more (so an aggregate
   * keeps one state, not one per command), in one update once there are
   * {@link mongoRoundTripBudget}`.markerBatch` of them. A crash before leaves a few
   * snapshots nobody reads.
   */
  const dropStates = (force: boolean): Effect.Effect<void, StoreUnavailable> =>
    Effect.suspend(() => {
      if (
        statesToDrop.length === 0 ||
        (!force && statesToDrop.length < mongoRoundTripBudget.markerBatch)
      ) {
        return Effect.void;
      }
      const ids = statesToDrop.splice(0);
      return Effect.asVoid(
        attempt("sequence pending events", () =>
          commits.updateMany({ _id: { $in: ids }, sequenced: true }, { $unset: { state: "" } }),
        ),
      );
    });

  /** Sequences one commit's events and marks it sequenced; how many events it inserted. */
  const sequenceCommit = (commit: CommitDocument): Effect.Effect<number, StoreUnavailable> =>
    Effect.gen(function* () {
      let current = commit;
      let moved = 0;
      for (;;) {
        let last = lastTaken;
        if (last === 0) {
          const counter = yield* attempt("sequence pending events", () =>
            counters.findOne({ _id: logCounter }),
          );
          last = counter?.position ?? 0;
        }
        for (const event of [...current.events].sort((a, b) => a.version - b.version)) {
          const outcome = yield* sequenceEvent(current.key, event, last);
          if (outcome.inserted) moved += 1;
          // Taken past the first try: another sequencer moves the log too, so the
          // counter is read next time rather than stepped past position by position.
          const stepped = outcome.inserted && outcome.position !== last + 1;
          last = Math.max(last, outcome.position);
          lastTaken = stepped || !outcome.inserted ? 0 : last;
        }
        if (lastTaken === 0 && last > hinted) {
          // Another sequencer is about: the hint moves now, as it did before each commit.
          lastTaken = last;
          yield* advanceCounter(true);
          lastTaken = 0;
        } else {
          yield* advanceCounter(false);
        }
        // Marked only if it was not rewritten meanwhile (on MongoDB; FerretDB checks
        // the guard but not atomically): otherwise the log may hold the old data, so
        // go round again with the commit as it is now.
        const marked = yield* attempt("sequence pending events", () =>
          commits.updateOne(
            { _id: current._id, rewrites: current.rewrites },
            { $set: { sequenced: true } },
          ),
        );
        if (marked.matchedCount > 0) {
          rememberSequenced(current._id);
          const previousFrom = current.previousFrom;
          if (previousFrom !== undefined) {
            // The commit before this one is no head any more: its state snapshot can go.
            statesToDrop.push(JSON.stringify([...parseKey(current.key), previousFrom]));
            yield* dropStates(false);
          }
          return moved;
        }
        const again = yield* attempt("sequence pending events", () =>
          commits.findOne({ _id: current._id }, { projection: { state: 0 } }),
        );
        if (again === null) return moved;
        current = again;
      }
    });

  /**
   * Sequences a commit after the commits before it that are not sequenced yet (found
   * back along `previousFrom` by `_id`), so a stream's events enter the log in version
   * order even when another process appended the earlier commit with a later clock.
   */
  const sequenceInOrder = (
    commit: CommitDocument,
    done: Set<string>,
  ): Effect.Effect<number, StoreUnavailable> =>
    Effect.gen(function* () {
      const chain: CommitDocument[] = [commit];
      const aggregate = parseKey(commit.key);
      for (let earliest = commit; earliest.previousFrom !== undefined; ) {
        const previousId = JSON.stringify([...aggregate, earliest.previousFrom]);
        if (done.has(previousId) || sequencedLately.has(previousId)) break;
        const previous = yield* attempt("sequence pending events", () =>
          commits.findOne({ _id: previousId }, { projection: { state: 0 } }),
        );
        if (previous === null || previous.sequenced) break;
        chain.unshift(previous);
        earliest = previous;
      }
      let moved = 0;
      for (const next of chain) {
        if (done.has(next._id)) continue;
        moved += yield* sequenceCommit(next);
        done.add(next._id);
      }
      return moved;
    });

  /** One batch: the `limit` oldest commits not sequenced; how many there were and events moved. */
  const sequenceBatch = (
    limit: number,
  ): Effect.Effect<{ readonly commits: number; readonly moved: number }, StoreUnavailable> =>
    Effect.gen(function* () {
      const waiting = yield* attempt("sequence pending events", () =>
        commits
          .find({ sequenced: false }, { projection: { state: 0, receipts: 0 } })
          .sort({ sequenced: 1, order: 1 })
          .limit(limit)
          .toArray(),
      );
      const done = new Set<string>();
      let moved = 0;
      for (const commit of waiting) moved += yield* sequenceInOrder(commit, done);
      return { commits: waiting.length, moved };
    });

  /**
   * Sequences the `limit` oldest commits, or without a limit every commit waiting when
   * it started (in batches, stopping at the first batch that is not full), and then
   * writes the counter hint and drops the snapshots that wait for a batch.
   */
  const sequencePending = (limit?: number): Effect.Effect<number, StoreUnavailable> =>
    limit === undefined
      ? Effect.gen(function* () {
          let moved = 0;
          for (;;) {
            const batch = yield* sequenceBatch(sequencingBatch);
            moved += batch.moved;
            if (batch.commits < sequencingBatch) break;
          }
          yield* advanceCounter(true);
          yield* dropStates(true);
          return moved;
        })
      : Effect.map(sequenceBatch(Math.max(1, Math.floor(limit))), (batch) => batch.moved);

  /**
   * What this store knows of each aggregate it has handled lately, so that a command
   * finds the head with one read and appends without reading it again (see the top of
   * the file): the head commit (a commit's state never changes once written) and the
   * commits after `markedFrom` whose receipt markers this store has not written yet.
   * The least recently used are forgotten past {@link knownHeadsLimit}; forgetting one
   * leaves its markers to whoever next walks from the head hint, which has not moved
   * past them.
   */
  const knownHeads = new Map<string, KnownHead>();

  /** Records what was learned of a head: the newer head wins, unmarked commits are merged. */
  const remember = (aggregate: string, learned: KnownHead): void => {
    const known = knownHeads.get(aggregate);
    knownHeads.delete(aggregate);
    if (known === undefined) {
      knownHeads.set(aggregate, learned);
    } else {
      const markedFrom = Math.max(known.markedFrom, learned.markedFrom);
      const unmarked = new Map<number, UnmarkedCommit>();
      for (const commit of [...known.unmarked, ...learned.unmarked]) {
        if (commit.fromVersion > markedFrom) unmarked.set(commit.fromVersion, commit);
      }
      const head = learned.head.version >= known.head.version ? learned.head : known.head;
      const hintTo = known.hintTo ?? learned.hintTo;
      knownHeads.set(aggregate, {
        head,
        markedFrom,
        unmarked: [...unmarked.values()].sort((a, b) => a.fromVersion - b.fromVersion),
        ...(hintTo === undefined ? {} : { hintTo }),
      });
    }
    if (knownHeads.size > knownHeadsLimit) {
      const oldest = knownHeads.keys().next();
      if (oldest.done !== true) knownHeads.delete(oldest.value);
    }
  };

  /**
   * Writes the markers of the commits this store appended or found past the head hint
   * once there are {@link mongoRoundTripBudget}`.markerBatch` of them (one insert), and
   * with the next command moves the hint past them (one update): so no command pays
   * for both, and the hint never passes a commit whose markers are not written.
   */
  const writeDueMarkers = (
    key: AggregateKey,
    operation: string,
  ): Effect.Effect<void, StoreUnavailable> =>
    Effect.gen(function* () {
      const aggregate = aggregateKeyOf(key);
      const known = knownHeads.get(aggregate);
      if (known === undefined) return;
      if (known.hintTo !== undefined) {
        yield* advanceHead(aggregate, known.hintTo, operation);
        const now = knownHeads.get(aggregate);
        if (now?.hintTo === known.hintTo) {
          const { hintTo: _moved, ...rest } = now;
          knownHeads.set(aggregate, rest);
        }
        return;
      }
      if (known.unmarked.length < mongoRoundTripBudget.markerBatch) return;
      const batch = known.unmarked;
      const last = batch[batch.length - 1] as UnmarkedCommit;
      yield* writeMarkers(key, batch, operation);
      const now = knownHeads.get(aggregate);
      if (now !== undefined) {
        knownHeads.set(aggregate, {
          ...now,
          markedFrom: Math.max(now.markedFrom, last.fromVersion),
          unmarked: now.unmarked.filter((commit) => commit.fromVersion > last.fromVersion),
          hintTo: Math.max(now.hintTo ?? -1, last.fromVersion),
        });
      }
    });

  const commitFrom = (key: AggregateKey, fromVersion: number, operation: string) =>
    attempt(operation, () =>
      commits.findOne(
        { _id: commitId(key, fromVersion) },
        { projection: { version: 1, state: 1, fromVersion: 1, commandIds: 1 } },
      ),
    );

  const headOf = (commit: CommitDocument): HeadCommit => ({
    fromVersion: commit.fromVersion,
    version: commit.version,
    commandIds: commit.commandIds,
    state: JSON.stringify(commit.state),
  });

  /**
   * The aggregate's head commit. From the head this store knows, when it knows one: the
   * commit after it is looked for (one read) and followed. Otherwise from the hint in
   * `heads`, following the chain by `_id` (the commit after one that ends at `v` is
   * `[key, v]`) until no commit follows; a hint found behind is moved on (best effort),
   * after the markers of the commits past it. Only `_id` lookups, the one kind FerretDB
   * answers without scanning the collection.
   */
  const headCommit = (
    key: AggregateKey,
    operation: string,
  ): Effect.Effect<HeadCommit | undefined, StoreUnavailable> =>
    Effect.gen(function* () {
      const aggregate = aggregateKeyOf(key);
      const known = knownHeads.get(aggregate);
      if (known !== undefined) {
        let current = known.head;
        const found: UnmarkedCommit[] = [];
        for (;;) {
          const next: CommitDocument | null = yield* commitFrom(key, current.version, operation);
          if (next === null) break;
          current = headOf(next);
          found.push({ fromVersion: next.fromVersion, commandIds: next.commandIds });
        }
        remember(aggregate, { head: current, markedFrom: known.markedFrom, unmarked: found });
        if (found.length > 0) yield* writeDueMarkers(key, operation);
        return current;
      }
      const hint = yield* attempt(operation, () => heads.findOne({ _id: aggregate }));
      let current: CommitDocument | null = yield* commitFrom(
        key,
        hint?.fromVersion ?? 0,
        operation,
      );
      if (current === null) return undefined;
      // Without a hint the first commit may be the one an append left without markers.
      const beyondHint: CommitDocument[] = hint === null ? [current] : [];
      for (;;) {
        const next: CommitDocument | null = yield* commitFrom(key, current.version, operation);
        if (next === null) break;
        current = next;
        beyondHint.push(next);
      }
      if (beyondHint.length > 0) {
        // The hint is behind: the appends past it may have died before their markers.
        yield* writeMarkers(key, beyondHint, operation);
        yield* advanceHead(aggregate, current.fromVersion, operation);
      }
      const head = headOf(current);
      remember(aggregate, { head, markedFrom: current.fromVersion, unmarked: [] });
      return head;
    });

  /** Moves an aggregate's head hint forward (`$max`: a lost update only leaves it behind). */
  const advanceHead = (
    aggregate: string,
    fromVersion: number,
    operation: string,
  ): Effect.Effect<void, StoreUnavailable> =>
    Effect.asVoid(
      attemptInsert(operation, () =>
        heads.updateOne({ _id: aggregate }, { $max: { fromVersion } }, { upsert: true }),
      ),
    );

  /** The head of a lease's chain of terms. */
  const leaseHead = (name: string) =>
    attempt("read a lease", () => leases.find({ name }).toArray()).pipe(
      // The few terms not pruned yet, the newest first; sorted here (see the top of the file).
      Effect.map((found) => [...found].sort((a, b) => b.term - a.term)[0]),
    );

  /**
   * Inserts the term after `head` and answers whether `owner` holds the lease after it.
   * Pruning older terms frees their `_id`s, so a taker that read a long-pruned head may
   * still insert one — always below the head, which is never pruned: the head is read
   * back, such a term removed, and only the head's owner holds the lease. (A concurrent
   * renewal by the same owner that took the next term first also leaves it the holder.)
   */
  const nextTerm = (
    name: string,
    head: LeaseDocument | undefined,
    owner: string,
    expiresAt: number,
  ): Effect.Effect<boolean, StoreUnavailable> =>
    Effect.gen(function* () {
      const term = (head?.term ?? 0) + 1;
      const _id = JSON.stringify([name, term]);
      const inserted = yield* attemptInsert("write a lease", () =>
        leases.insertOne({ _id, name, term, owner, expiresAt }),
      );
      const newest = yield* leaseHead(name);
      if (inserted && newest !== undefined && newest.term > term) {
        yield* attempt("write a lease", () => leases.deleteOne({ _id, term }));
      }
      if (inserted && newest?.term === term && head !== undefined) {
        yield* attempt("write a lease", () => leases.deleteMany({ name, term: { $lt: term } }));
      }
      return owner !== "" && newest?.owner === owner;
    });

  const readModels = new Map<string, ReadModelApi<object>>();

  const readModel = <Shape extends object>(
    definition: ReadModelDefinition<Shape>,
  ): Effect.Effect<ReadModelApi<Shape>, StoreUnavailable> =>
    Effect.suspend(() => {
      const known = readModels.get(definition.name);
      if (known !== undefined) return Effect.succeed(known as unknown as ReadModelApi<Shape>);
      const collection = database.collection<ReadModelDocument>(
        readModelCollectionName(definition.name),
      );
      const create = createIndexes(collection, [
        { key: { id: 1, revision: 1 }, name: "revisions" },
        ...Object.keys(definition.indexes).map((field) => ({
          key: { [`document.${field}`]: 1 as const, id: 1 as const },
          name: `by_${field}`,
        })),
      ]);
      return Effect.map(create, () => {
        const api = readModelOn(definition, collection, now);
        readModels.set(definition.name, api as unknown as ReadModelApi<object>);
        return api;
      });
    });

  const store: StoreApi = {
    kind: "mongodb",

    load: <State>(key: AggregateKey, loadOptions: LoadOptions = {}) =>
      Effect.gen(function* () {
        const aggregate = aggregateKeyOf(key);
        const known = loadOptions.toAppend === true ? knownHeads.get(aggregate) : undefined;
        // To append: the head this store knows; an append after a commit it does not
        // know fails on that commit's `_id`, and refreshes what it knows.
        const head = known?.head ?? (yield* headCommit(key, "load an aggregate"));
        if (head === undefined) return Option.none<AggregateRecord<State>>();
        const only = loadOptions.receiptsFor;
        let receipts: ReadonlyArray<CommandReceipt>;
        if (only === undefined && loadOptions.withoutReceipts === true) {
          // State and version only: no receipt is read (two finds saved).
          receipts = [];
        } else if (only === undefined) {
          const withReceipts = yield* attempt("load an aggregate", () =>
            commits
              .find(
                { key: aggregate, version: { $lte: head.version } },
                { projection: { receipts: 1, version: 1 } },
              )
              .toArray(),
          );
          const taken = [...withReceipts].flatMap((commit) => commit.receipts ?? []);
          const takenIds = new Set(taken.map((receipt) => receipt.commandId));
          // No-ops' receipts (a full load is not the fast path: FerretDB reads the collection).
          const noOps = yield* attempt("load an aggregate", () =>
            receiptMarkers.find({ key: aggregate }).toArray(),
          );
          // Sorted here rather than by the server: FerretDB sorts by reading everything.
          receipts = [
            ...taken,
            ...noOps.flatMap((marker) =>
              marker.receipt === undefined || takenIds.has(marker.receipt.commandId)
                ? []
                : [marker.receipt],
            ),
          ].sort((a, b) => a.version - b.version);
        } else {
          const marker = yield* attempt("load an aggregate", () =>
            receiptMarkers.findOne({ _id: receiptMarkerId(key, only) }),
          );
          // A commit whose markers are not written yet is one this store knows of; it
          // wins over a no-op's marker of the same command id (its events happened).
          const unmarked = knownHeads
            .get(aggregate)
            ?.unmarked.find((commit) => commit.commandIds.includes(only));
          const takenFrom = marker?.receipt === undefined ? marker?.fromVersion : undefined;
          const commitFromVersion = unmarked?.fromVersion ?? takenFrom;
          const commit =
            commitFromVersion === undefined
              ? null
              : yield* attempt("load an aggregate", () =>
                  commits.findOne(
                    { _id: commitId(key, commitFromVersion) },
                    { projection: { receipts: 1 } },
                  ),
                );
          receipts =
            unmarked === undefined && marker?.receipt !== undefined
              ? [marker.receipt]
              : (commit?.receipts ?? []).filter((receipt) => receipt.commandId === only);
        }
        return Option.some<AggregateRecord<State>>({
          community: key.community,
          aggregate: key.aggregate,
          id: key.id,
          state: JSON.parse(head.state) as State,
          version: head.version,
          receipts,
        });
      }),

    append: (request) =>
      Effect.flatMap(checkAppend(request), (checked) =>
        Effect.gen(function* () {
          const aggregate = aggregateKeyOf(checked.key);
          const conflict = new VersionConflict({
            ...checked.key,
            expectedVersion: checked.expectedVersion,
          });
          if (checked.events.length === 0) {
            // A no-op: its receipt in its marker, at the head's version (see the top of
            // the file). checkAppend makes sure the aggregate exists and a receipt is there.
            const head = yield* headCommit(checked.key, "append to an aggregate");
            if (head?.version !== checked.expectedVersion) return yield* Effect.fail(conflict);
            for (const receipt of checked.newReceipts) {
              const inserted = yield* attemptInsert("append to an aggregate", () =>
                receiptMarkers.insertOne({
                  _id: receiptMarkerId(checked.key, receipt.commandId),
                  fromVersion: checked.expectedVersion,
                  key: aggregate,
                  receipt,
                }),
              );
              // Taken meanwhile by the same command sent again: loaded again, it is found.
              if (!inserted) return yield* Effect.fail(conflict);
            }
            return { version: checked.version };
          }
          let previousFrom: number | undefined;
          const known = knownHeads.get(aggregate);
          let markedFrom = known?.markedFrom ?? -1;
          if (known !== undefined && known.head.version === checked.expectedVersion) {
            // A commit this store saw ends at the expected version, and a commit's end
            // stays one: the unique `_id` below lets this append in only if nothing
            // follows it yet, that is, if it is still the head. No read needed.
            previousFrom = known.head.fromVersion;
          } else if (checked.expectedVersion > 0) {
            // The head must be at the expected version (so a commit ends there); the
            // unique `_id` below then makes sure no other append follows it first.
            const head = yield* headCommit(checked.key, "append to an aggregate");
            if (head?.version !== checked.expectedVersion) return yield* Effect.fail(conflict);
            previousFrom = head.fromVersion;
            markedFrom = knownHeads.get(aggregate)?.markedFrom ?? -1;
          }
          const inserted = yield* attemptInsert("append to an aggregate", () =>
            commits.insertOne({
              _id: commitId(checked.key, checked.expectedVersion),
              key: aggregate,
              fromVersion: checked.expectedVersion,
              version: checked.version,
              state: checked.state,
              ...(previousFrom === undefined ? {} : { previousFrom }),
              receipts: [...checked.newReceipts],
              commandIds: checked.newReceipts.map((receipt) => receipt.commandId),
              events: [...checked.events],
              sequenced: false,
              order: nextOrder(),
              rewrites: 0,
            }),
          );
          if (!inserted) {
            // Another writer's commit is there: learn the head (the retry loads it).
            yield* headCommit(checked.key, "append to an aggregate");
            return yield* Effect.fail(conflict);
          }
          // Its markers, and the hint past it, with the next batch (see the top of the
          // file); a crash before then leaves them to whoever walks from the hint.
          const commandIds = checked.newReceipts.map((receipt) => receipt.commandId);
          remember(aggregate, {
            head: {
              fromVersion: checked.expectedVersion,
              version: checked.version,
              commandIds,
              state: JSON.stringify(checked.state),
            },
            markedFrom,
            unmarked: [{ fromVersion: checked.expectedVersion, commandIds }],
          });
          yield* writeDueMarkers(checked.key, "append to an aggregate");
          return { version: checked.version };
        }),
      ),

    readStream: <Event extends DomainEvent>(
      key: AggregateKey,
      streamOptions: ReadStreamOptions = {},
    ) =>
      Effect.gen(function* () {
        const after = streamOptions.afterVersion ?? 0;
        const found = yield* attempt("read a stream", () =>
          commits
            .find(
              { key: aggregateKeyOf(key), version: { $gt: after } },
              { projection: { events: 1, version: 1 } },
            )
            .toArray(),
        );
        // Sorted here rather than by the server (see the top of the file).
        const events = [...found]
          .sort((a, b) => a.version - b.version)
          .flatMap((commit) => commit.events)
          .filter((event) => event.version > after);
        const limited =
          streamOptions.limit === undefined ? events : events.slice(0, streamOptions.limit);
        return limited as unknown as ReadonlyArray<EventEnvelope<Event>>;
      }),

    readLog: ({ after, limit, community }) =>
      Effect.gen(function* () {
        const filter: Filter<LogDocument> =
          community === undefined ? { _id: { $gt: after } } : { community, _id: { $gt: after } };
        const sort: Sort = community === undefined ? { _id: 1 } : { community: 1, _id: 1 };
        const entries = yield* attempt("read the event log", () =>
          eventLog
            .find(filter, { projection: { event: 1 } })
            .sort(sort)
            .limit(limit)
            .toArray(),
        );
        return entries.map((entry): LoggedEvent => ({ position: entry._id, event: entry.event }));
      }),

    sequencePending,

    rewriteEvents: (key, transform, rewriteOptions = {}) =>
      Effect.gen(function* () {
        const aggregate = aggregateKeyOf(key);
        const rewrite = (
          event: EventEnvelope,
        ): Either.Either<EventEnvelope | undefined, InvalidDocument> => {
          const rewritten = transform(event);
          if (canonicalJson(rewritten.data) === canonicalJson(event.data)) {
            return Either.right(undefined);
          }
          const problems = findDocumentProblems(rewritten.data);
          if (problems.length > 0) {
            return Either.left(
              new InvalidDocument({ what: `${event.type} ${event.id}`, issues: problems }),
            );
          }
          return Either.right({ ...event, data: rewritten.data });
        };
        const erase = rewriteOptions.eraseReceiptBodies === true;
        const changed = new Set<string>();
        // Check every event first, so a bad rewrite changes nothing.
        const found = yield* attempt("rewrite a stream", () =>
          commits.find({ key: aggregate }, { projection: { state: 0 } }).toArray(),
        );
        const planned: Array<{
          readonly commit: CommitDocument;
          readonly events: ReadonlyArray<EventEnvelope>;
        }> = [];
        for (const commit of found) {
          let commitChanged = false;
          const events: EventEnvelope[] = [];
          for (const event of commit.events) {
            const outcome = rewrite(event);
            if (Either.isLeft(outcome)) return yield* Effect.fail(outcome.left);
            if (outcome.right !== undefined) {
              changed.add(event.id);
              commitChanged = true;
            }
            events.push(outcome.right ?? event);
          }
          const receiptsToErase =
            erase && commit.receipts.some((receipt) => receipt.body !== erasedReceiptBody);
          if (commitChanged || receiptsToErase) planned.push({ commit, events });
        }
        // The commits first (the stream and the outbox), then the log. Each write is
        // read back and repeated until it holds: on FerretDB a concurrent update of the
        // same document (a sequencer marking it) may write over it.
        for (const { commit, events } of planned) {
          for (let tries = 0; ; tries++) {
            const receipts = erase
              ? commit.receipts.map((receipt) => ({ ...receipt, body: erasedReceiptBody }))
              : commit.receipts;
            yield* attempt("rewrite a stream", () =>
              commits.updateOne(
                { _id: commit._id },
                { $set: { events: [...events], receipts }, $inc: { rewrites: 1 } },
              ),
            );
            const check = yield* attempt("rewrite a stream", () =>
              commits.findOne({ _id: commit._id }, { projection: { events: 1, receipts: 1 } }),
            );
            if (
              check === null ||
              (canonicalJson(check.events) === canonicalJson(events) &&
                canonicalJson(check.receipts) === canonicalJson(receipts)) ||
              tries >= 10
            ) {
              break;
            }
          }
        }
        if (erase) {
          // No-ops keep their receipts in their markers; erased the same way, read back.
          const noOps = yield* attempt("rewrite a stream", () =>
            receiptMarkers.find({ key: aggregate }).toArray(),
          );
          for (const marker of noOps) {
            if (marker.receipt === undefined || marker.receipt.body === erasedReceiptBody) continue;
            for (let tries = 0; tries < 10; tries++) {
              yield* attempt("rewrite a stream", () =>
                receiptMarkers.updateOne(
                  { _id: marker._id },
                  { $set: { "receipt.body": erasedReceiptBody } },
                ),
              );
              const check = yield* attempt("rewrite a stream", () =>
                receiptMarkers.findOne({ _id: marker._id }),
              );
              if (check?.receipt === undefined || check.receipt.body === erasedReceiptBody) break;
            }
          }
        }
        const newData = new Map<string, unknown>();
        for (const { events } of planned) {
          for (const event of events) if (changed.has(event.id)) newData.set(event.id, event.data);
        }
        if (newData.size > 0) {
          const logged = yield* attempt("rewrite a stream", () =>
            eventLog.find({ key: aggregate }, { projection: { eventId: 1, event: 1 } }).toArray(),
          );
          for (const entry of logged) {
            if (!newData.has(entry.eventId)) continue;
            const data = newData.get(entry.eventId);
            if (canonicalJson(entry.event.data) === canonicalJson(data)) continue;
            // Read back and repeated, as for the commits: on FerretDB the relay marking
            // the entry relayed at the same moment may write the old data back.
            for (let tries = 0; tries < 10; tries++) {
              yield* attempt("rewrite a stream", () =>
                eventLog.updateOne({ _id: entry._id }, { $set: { "event.data": data } }),
              );
              const check = yield* attempt("rewrite a stream", () =>
                eventLog.findOne({ _id: entry._id }, { projection: { event: 1 } }),
              );
              if (check === null || canonicalJson(check.event.data) === canonicalJson(data)) break;
            }
          }
        }
        return changed.size;
      }),

    outbox: {
      readPending: (limit) =>
        Effect.gen(function* () {
          const count = Math.max(1, Math.floor(limit));
          yield* sequencePending(count);
          const entries = yield* attempt("read the outbox", () =>
            eventLog
              .find({ relayed: false }, { projection: { event: 1 } })
              .sort({ relayed: 1, _id: 1 })
              .limit(count)
              .toArray(),
          );
          return entries.map((entry) => entry.event);
        }),
      markRelayed: (events) =>
        events.length === 0
          ? Effect.void
          : Effect.asVoid(
              attempt("mark events relayed", () =>
                eventLog.updateMany(
                  { eventId: { $in: events.map((event) => event.id) } },
                  { $set: { relayed: true } },
                ),
              ),
            ),
    },

    leases: {
      acquire: ({ name, owner, ttlMs }) =>
        Effect.gen(function* () {
          const at = now();
          const head = yield* leaseHead(name);
          if (
            head !== undefined &&
            head.owner !== "" &&
            head.owner !== owner &&
            head.expiresAt > at
          ) {
            return false;
          }
          return yield* nextTerm(name, head, owner, at + ttlMs);
        }),
      renew: ({ name, owner, ttlMs }) =>
        Effect.gen(function* () {
          const head = yield* leaseHead(name);
          if (head === undefined || head.owner !== owner) return false;
          return yield* nextTerm(name, head, owner, now() + ttlMs);
        }),
      release: ({ name, owner }) =>
        Effect.gen(function* () {
          const head = yield* leaseHead(name);
          if (head === undefined || head.owner !== owner) return;
          // A released term: free for anyone. Losing the race means another took it.
          yield* nextTerm(name, head, "", 0);
        }),
      holder: (name) =>
        Effect.map(leaseHead(name), (head) =>
          head === undefined || head.owner === "" || head.expiresAt <= now()
            ? Option.none()
            : Option.some({ owner: head.owner, expiresAt: head.expiresAt }),
        ),
    },

    processedEvents: {
      has: (consumer, eventId) =>
        Effect.map(
          attempt("read processed events", () =>
            processed.findOne(
              { _id: JSON.stringify([consumer, eventId]) },
              { projection: { _id: 1 } },
            ),
          ),
          (found) => found !== null,
        ),
      record: (consumer, eventId) =>
        Effect.asVoid(
          attemptInsert("record a processed event", () =>
            processed.insertOne({ _id: JSON.stringify([consumer, eventId]) }),
          ),
        ),
    },

    claimUniqueKey: (claim) =>
      Effect.gen(function* () {
        const problem = checkUniqueKey(claim);
        if (problem !== undefined) return yield* Effect.fail(problem);
        const _id = JSON.stringify([claim.community, claim.scope, claim.key]);
        for (;;) {
          const claimed = yield* attemptInsert("claim a unique key", () =>
            uniqueKeys.insertOne({ _id, owner: claim.owner }),
          );
          if (claimed) return { kind: "claimed" } as UniqueKeyClaimResult;
          const holder = yield* attempt("claim a unique key", () => uniqueKeys.findOne({ _id }));
          // Released between the insert and the read: claim again.
          if (holder === null) continue;
          return holder.owner === claim.owner
            ? ({ kind: "owned" } as const)
            : ({ kind: "taken", owner: holder.owner } as const);
        }
      }),

    releaseUniqueKey: (claim) =>
      Effect.map(
        attempt("release a unique key", () =>
          uniqueKeys.deleteOne({
            _id: JSON.stringify([claim.community, claim.scope, claim.key]),
            owner: claim.owner,
          }),
        ),
        (result) => result.deletedCount > 0,
      ),

    uniqueKeyOwner: (key) =>
      Effect.map(
        attempt("read a unique key", () =>
          uniqueKeys.findOne({ _id: JSON.stringify([key.community, key.scope, key.key]) }),
        ),
        (found) => (found === null ? Option.none() : Option.some(found.owner)),
      ),

    readModel,
  };
  return store;
};

/** The filter of a planned query's equality conditions and cursor, on live revisions. */
const queryFilter = (query: PlannedQuery): Filter<ReadModelDocument> => {
  const conditions: Filter<Document>[] = [{ live: true }];
  for (const [field, value] of query.where) conditions.push({ [`document.${field}`]: value });
  const after = query.after;
  if (after !== undefined) {
    const idAfter = { id: { [query.descending ? "$lt" : "$gt"]: after.id } };
    if (query.orderField === undefined) {
      conditions.push(idAfter);
    } else {
      const path = `document.${query.orderField}`;
      if (!query.descending) {
        // Ascending: null first, then by value; ties by id.
        conditions.push(
          after.value === null
            ? { $or: [{ [path]: { $ne: null } }, { [path]: null, ...idAfter }] }
            : { $or: [{ [path]: { $gt: after.value } }, { [path]: after.value, ...idAfter }] },
        );
      } else {
        // Descending: by value, null last; ties by id.
        conditions.push(
          after.value === null
            ? { [path]: null, ...idAfter }
            : {
                $or: [
                  { [path]: { $lt: after.value } },
                  { [path]: after.value, ...idAfter },
                  { [path]: null },
                ],
              },
        );
      }
    }
  }
  return { $and: conditions } as Filter<ReadModelDocument>;
};

const readModelOn = <Shape extends object>(
  definition: ReadModelDefinition<Shape>,
  collection: Collection<ReadModelDocument>,
  now: () => number,
): ReadModelApi<Shape> => {
  const name = definition.name;
  const conflict = (id: string, expectedRevision: number) =>
    new RevisionConflict({ collection: name, id, expectedRevision });

  // An index of several fields (`queryIndexFields`) is made the first time a query needs
  // it; one field's (`by_<field>`) when the read model is opened. The parentheses keep its
  // name apart from any one field's.
  const madeIndexes = new Set<string>();
  const indexFor = (query: PlannedQuery): Effect.Effect<void, StoreUnavailable> => {
    const fields = queryIndexFields(query);
    const indexName = `by(${fields.join(",")})`;
    if (fields.length < 2 || madeIndexes.has(indexName)) return Effect.void;
    const key: Record<string, 1> = {};
    for (const field of fields) key[`document.${field}`] = 1;
    key.id = 1;
    return Effect.tap(createIndexes(collection, [{ key, name: indexName }]), () =>
      Effect.sync(() => madeIndexes.add(indexName)),
    );
  };
  const revisionId = (id: string, revision: number) => JSON.stringify([id, revision]);

  /** Marks a slot replaced: its document goes, its `_id` stays to block the slot. */
  const markReplaced = (_id: string): Effect.Effect<void, StoreUnavailable> =>
    Effect.asVoid(
      attempt(`write to ${name}`, () =>
        collection.updateOne(
          { _id },
          { $set: { live: false, replacedAt: now() }, $unset: { document: "" } },
        ),
      ),
    );

  // The newest slot of each document this store read or wrote lately, and when: a write
  // soon after (a read-model row read, then written back at its revision) takes the
  // next slot without reading again. That insert is refused if any writer took that
  // slot since, and a taken slot keeps its `_id` for `replacedSlotRetentionMs`, far
  // longer than an entry is used: so a slot is never taken twice.
  const knownSlots = new Map<string, { readonly slot: SlotOf; readonly at: number }>();
  const knowSlot = (id: string, slot: ReadModelDocument | undefined): void => {
    knownSlots.delete(id);
    if (slot === undefined) return;
    const { _id, revision, base, live } = slot;
    knownSlots.set(id, {
      slot: base === undefined ? { _id, id, revision, live } : { _id, id, revision, base, live },
      at: now(),
    });
    if (knownSlots.size > knownSlotsLimit) {
      const oldest = knownSlots.keys().next();
      if (oldest.done !== true) knownSlots.delete(oldest.value);
    }
  };
  /** The newest slot of a document as known lately, if it is. */
  const knownSlot = (id: string): SlotOf | undefined => {
    const known = knownSlots.get(id);
    if (known === undefined) return undefined;
    const age = now() - known.at;
    if (age >= 0 && age < knownSlotMaxAgeMs) return known.slot;
    knownSlots.delete(id);
    return undefined;
  };

  /**
   * The newest slot of a document (live, or the tombstone of a delete). Older slots
   * still live (a write or a crash between a write and its marking) are marked
   * replaced; replaced ones past their retention are removed.
   */
  const head = (id: string): Effect.Effect<ReadModelDocument | undefined, StoreUnavailable> =>
    Effect.gen(function* () {
      // Sorted here, not by the server: FerretDB sorts by reading the whole collection.
      // One read with the documents (replaced slots have none), so the newest is seen
      // as it was, not half replaced by a second read.
      const found = yield* attempt(`read from ${name}`, () =>
        collection.find({ id }).toArray(),
      ).pipe(Effect.map((rows) => [...rows].sort((a, b) => b.revision - a.revision)));
      const newest = found[0];
      knowSlot(id, newest);
      if (newest === undefined) return undefined;
      const older = found.slice(1);
      for (const slot of older) {
        if (slot.replacedAt === undefined) yield* markReplaced(slot._id);
      }
      const expired = older
        .filter(
          (slot) =>
            slot.replacedAt !== undefined && slot.replacedAt < now() - replacedSlotRetentionMs,
        )
        .map((slot) => slot._id);
      if (expired.length > 0) {
        yield* attempt(`write to ${name}`, () => collection.deleteMany({ _id: { $in: expired } }));
      }
      return newest;
    });

  /** The revision a stored slot stands for. */
  const revisionOf = (found: SlotOf): number => found.revision - (found.base ?? 0);

  /**
   * Writes the slot after the newest: a document, or the tombstone of a delete; then
   * marks the slot it replaced. `conflict` when the document is not at
   * `expectedRevision`, or another writer took the slot first; `absent` for a delete of
   * a document that does not exist.
   */
  const writeNext = (
    id: string,
    document: Shape | undefined,
    expectedRevision: number | undefined,
    fresh = false,
  ): Effect.Effect<
    | { readonly kind: "written"; readonly revision: number }
    | { readonly kind: "absent" }
    | { readonly kind: "conflict" },
    StoreUnavailable
  > =>
    Effect.gen(function* () {
      for (let tries = 1; ; tries++) {
        // The slot known from a read or write a moment ago, on the first try only: if
        // another writer moved on since, the insert is refused and the next try reads.
        // A fresh id (see `WriteOptions.fresh`) has no slot yet, unless a writer took the
        // first a moment ago, which then refuses the insert: nothing is read for it.
        const known = tries === 1 ? (knownSlot(id) ?? (fresh ? noSlot : undefined)) : undefined;
        const newest: SlotOf | undefined =
          known === noSlot ? undefined : (known ?? (yield* head(id)));
        const live = newest?.live === true ? newest : undefined;
        const revision = live === undefined ? 0 : revisionOf(live);
        // What a slot known without reading says against the write is read to be sure.
        if (expectedRevision !== undefined && expectedRevision !== revision) {
          if (known !== undefined) continue;
          return { kind: "conflict" } as const;
        }
        if (document === undefined && live === undefined) {
          if (known !== undefined) continue;
          return { kind: "absent" } as const;
        }
        const slot = (newest?.revision ?? 0) + 1;
        const base = live === undefined ? (newest?.revision ?? 0) : (live.base ?? 0);
        const _id = revisionId(id, slot);
        const written: ReadModelDocument =
          document === undefined
            ? { _id, id, revision: slot, base, live: false }
            : { _id, id, revision: slot, base, live: true, document };
        const inserted = yield* attemptInsert(`write to ${name}`, () =>
          collection.insertOne(written),
        );
        if (!inserted) {
          knownSlots.delete(id);
          // A slot known, not read, may be old: the document is read before saying so.
          if (known !== undefined) continue;
          if (expectedRevision !== undefined) return { kind: "conflict" } as const;
          continue;
        }
        knowSlot(id, written);
        if (newest !== undefined) yield* markReplaced(newest._id);
        return { kind: "written", revision: slot - base } as const;
      }
    });

  const stored = (found: ReadModelDocument): StoredDocument<Shape> => ({
    id: found.id,
    revision: revisionOf(found),
    document: (found.document ?? {}) as Shape,
  });

  return {
    definition,
    get: (id) =>
      Effect.map(head(id), (found) =>
        found?.live === true ? Option.some(stored(found)) : Option.none(),
      ),
    upsert: (id, document, writeOptions = {}) =>
      Effect.gen(function* () {
        const problem = documentProblem(definition as ReadModelDefinition<object>, id, document);
        if (problem !== undefined) return yield* Effect.fail(problem);
        const expected = writeOptions.expectedRevision;
        const outcome = yield* writeNext(id, document, expected, writeOptions.fresh === true);
        if (outcome.kind !== "written") return yield* Effect.fail(conflict(id, expected ?? 0));
        return outcome.revision;
      }),
    upsertMany: (writes) =>
      Effect.gen(function* () {
        for (const write of writes) {
          const problem = documentProblem(
            definition as ReadModelDefinition<object>,
            write.id,
            write.document,
          );
          if (problem !== undefined) return yield* Effect.fail(problem);
        }
        // One after another, each guarded on its own: a document's write is a new slot and
        // the marking of the one it replaced, which a bulk write could not keep in order,
        // and without multi-document transactions a batch cannot be all or nothing anyway.
        const revisions: number[] = [];
        for (const write of writes) {
          const outcome = yield* writeNext(write.id, write.document, write.expectedRevision);
          if (outcome.kind !== "written") {
            return yield* Effect.fail(conflict(write.id, write.expectedRevision ?? 0));
          }
          revisions.push(outcome.revision);
        }
        return revisions;
      }),
    delete: (id, writeOptions = {}) =>
      Effect.gen(function* () {
        const expected = writeOptions.expectedRevision;
        const outcome = yield* writeNext(id, undefined, expected);
        if (outcome.kind === "conflict") return yield* Effect.fail(conflict(id, expected ?? 0));
        return outcome.kind === "written";
      }),
    // A tombstone per live document, as `delete` writes: removing the slots instead would
    // free the next slot a writer knew a moment ago, and its guarded write would then be
    // taken against a document that is gone. No multi-document transactions either way.
    deleteAll: () =>
      Effect.gen(function* () {
        for (;;) {
          const live = yield* attempt(`read from ${name}`, () =>
            collection
              .find({ live: true }, { projection: { id: 1 } })
              .limit(1_000)
              .toArray(),
          );
          if (live.length === 0) return;
          for (const id of new Set(live.map((row) => row.id))) {
            yield* writeNext(id, undefined, undefined);
          }
        }
      }),
    find: (findOptions = {}) =>
      Effect.gen(function* () {
        const planned = planQuery(definition, findOptions);
        if (Either.isLeft(planned)) return yield* Effect.fail(planned.left);
        const query = planned.right;
        yield* indexFor(query);
        const direction = query.descending ? -1 : 1;
        const sort: Sort =
          query.orderField === undefined
            ? { id: direction }
            : { [`document.${query.orderField}`]: direction, id: direction };
        for (;;) {
          const found = yield* attempt(`read from ${name}`, () =>
            collection
              .find(queryFilter(query))
              .sort(sort)
              .limit(query.limit + 1)
              .toArray(),
          );
          // A revision that a newer one replaced (a write in progress, or one a crash
          // interrupted) is removed and the page read again.
          const newest = yield* attempt(`read from ${name}`, () =>
            collection
              .find(
                { id: { $in: found.map((row) => row.id) } },
                { projection: { id: 1, revision: 1 } },
              )
              .toArray(),
          );
          const newestRevision = new Map<string, number>();
          for (const row of newest) {
            newestRevision.set(row.id, Math.max(newestRevision.get(row.id) ?? 0, row.revision));
          }
          const stale = found.filter((row) => (newestRevision.get(row.id) ?? 0) > row.revision);
          if (stale.length > 0) {
            for (const row of stale) yield* head(row.id);
            continue;
          }
          const page = found.slice(0, query.limit).map(stored);
          const last = page.at(-1);
          const value: IndexedValue =
            last === undefined || query.orderField === undefined
              ? null
              : indexedValueOf(last.document, query.orderField);
          return {
            items: page,
            next:
              found.length > query.limit && last !== undefined
                ? encodeCursor(query, { value, id: last.id })
                : undefined,
          };
        }
      }),
    count: (where) =>
      Effect.gen(function* () {
        const planned = planQuery(definition, where === undefined ? {} : { where });
        if (Either.isLeft(planned)) return yield* Effect.fail(planned.left);
        yield* indexFor(planned.right);
        return yield* attempt(`count in ${name}`, () =>
          collection.countDocuments(queryFilter({ ...planned.right, after: undefined })),
        );
      }),
  };
};

/**
 * Connects to MongoDB and makes the store, closing the client when the scope closes.
 * Fails with `StoreUnavailable` when the server cannot be reached.
 */
export const connectMongoStore = (
  options: MongoStoreOptions,
): Effect.Effect<StoreApi, StoreUnavailable, Scope.Scope> =>
  Effect.gen(function* () {
    // The driver is loaded here, not at the top: `mongodb` is an optional peer
    // dependency, and a bundle of the package must not need it unless this runs.
    const { MongoClient } = yield* Effect.tryPromise({
      try: () => import("mongodb"),
      catch: (cause) =>
        new StoreUnavailable({
          operation: "load the MongoDB driver",
          reason: `${errorMessage(cause)} (install the optional peer dependency: npm install mongodb@7)`,
          cause,
        }),
    });
    const client = yield* Effect.acquireRelease(
      attempt("connect to MongoDB", () =>
        new MongoClient(options.uri, {
          serverSelectionTimeoutMS: 10_000,
          ...options.client,
          ignoreUndefined: true,
        }).connect(),
      ),
      (connected) => Effect.promise(() => connected.close()).pipe(Effect.ignore),
    );
    return yield* makeMongoStore(
      client.db(options.database),
      options.now === undefined ? {} : { now: options.now },
    );
  });

/** The MongoDB store as layers: `MongoStore.layer({ uri, database })`. */
export const MongoStore = {
  /**
   * A store on a MongoDB database (a standalone mongod, a replica set, or FerretDB),
   * with the relay's `Outbox` and the host's `Leases` and `ProcessedEvents`. Connects
   * and creates the indexes when the layer is built; closes the connection with it.
   *
   * @example
   * const layer = MongoStore.layer({ uri: process.env.MONGODB_URI ?? "", database: "courier-station" });
   * await Effect.runPromise(program.pipe(Effect.provide(layer), Effect.scoped));
   */
  layer: (options: MongoStoreOptions): Layer.Layer<StoreAndCapabilities, StoreUnavailable> =>
    withCapabilities(Layer.scoped(Store, connectMongoStore(options))),
} as const;
