import type {
  AggregateRecord,
  CommandReceipt,
  CommunityId,
  DomainEvent,
  EventEnvelope,
} from "@courier-station/core";
import { Context, Effect, Layer, type Option } from "effect";
import { type LeaseRequest, Leases, type LeasesApi } from "../host/leases.js";
import { ProcessedEvents, type ProcessedEventsApi } from "../host/processed-events.js";
import { Outbox } from "../relay/outbox.js";
import type { ReadModelApi, ReadModelDefinition } from "./read-model.js";
import type { InvalidDocument, StoreFailure, VersionConflict } from "./store-errors.js";

/** Which aggregate instance: its community, its kind (`courier`) and its id. */
export interface AggregateKey {
  readonly community: CommunityId;
  readonly aggregate: string;
  readonly id: string;
}

/** How to load an aggregate. */
export interface LoadOptions {
  /**
   * Load only the receipt of this command id (when the aggregate has one) instead of
   * every receipt: all `handleCommand` needs to tell a retry from a new command, and
   * what keeps loading fast however many commands an aggregate has taken.
   */
  readonly receiptsFor?: string;
  /**
   * The caller will append at the version it gets, which a store refuses with a
   * `VersionConflict` when the aggregate has moved on: so a store may answer with the
   * newest version it knows of without reading whether another writer moved it (the
   * MongoDB store saves a round trip so). The receipt asked for by `receiptsFor` is
   * still looked up. A caller that answers from the record without appending (a
   * refusal, a duplicate, a no-op) loads again without this option first, as
   * `executeCommand` does.
   */
  readonly toAppend?: boolean;
  /**
   * The caller reads the state and the version only (a projection, a query): the store
   * loads no receipt and answers `receipts` empty. Loading every receipt costs reading
   * and parsing one per command the aggregate ever took, which grows without end on a
   * long-lived account. Ignored when `receiptsFor` is given.
   */
  readonly withoutReceipts?: boolean;
}

/**
 * One atomic write: the aggregate's new state, version and receipts, and its new
 * events, both in its stream and in the outbox, guarded by the version it was read at.
 * `handleCommand`'s `applied` outcome has the `record`, `events` and `receipt` to pass.
 *
 * A command accepted with no events (a no-op) is appended too, with no events and its
 * `receipt`: the write stores that receipt only, guarded by the expected version like
 * any other (the version stays; `VersionConflict` when the aggregate moved on, and then
 * `executeCommand` decides again on the fresh state). Without it, the same command id
 * sent again after another command changed the state would be decided again and could
 * undo that change. Such an append needs an aggregate that exists (`expectedVersion`
 * ≥ 1): a store keeps no record of an aggregate without events (`load` answers none),
 * so `executeCommand` stores nothing for a no-op on an aggregate that does not exist.
 *
 * @example
 * // A no-op: `UpdateStation` with the values the station has already.
 * yield* store.append({ record: outcome.record, expectedVersion: 7, events: [], receipt: outcome.receipt });
 */
export interface AppendRequest<State> {
  /** The record after the command (state, version and receipts). */
  readonly record: AggregateRecord<State>;
  /** The version the record was loaded at (0 for a new aggregate). */
  readonly expectedVersion: number;
  /**
   * The new events, versions `expectedVersion + 1` to `record.version`; none only for
   * a no-op, which then carries its `receipt`.
   */
  readonly events: ReadonlyArray<EventEnvelope>;
  /**
   * The receipt of the command this write is for (`handleCommand`'s `outcome.receipt`).
   * Required when `events` is empty (it is all such a write stores). With events it may
   * be left out: every receipt of `record` newer than `expectedVersion` is stored.
   */
  readonly receipt?: CommandReceipt;
}

/** What an append did. */
export interface AppendResult {
  /** The aggregate's version now. */
  readonly version: number;
}

/** Which part of a stream to read. */
export interface ReadStreamOptions {
  /** Only events after this version; default 0 (from the first). */
  readonly afterVersion?: number;
  /** At most this many events; default all. */
  readonly limit?: number;
}

/** An event with its position in the deployment's event log. */
export interface LoggedEvent {
  /**
   * The event's position in the log: one sequence for the whole deployment, strictly
   * increasing and gap-free in the order events are sequenced. A reader keeps the last
   * position it handled as its checkpoint.
   */
  readonly position: number;
  readonly event: EventEnvelope;
}

/** Which part of the event log to read. */
export interface ReadLogOptions {
  /** The checkpoint: only events after this position; 0 to read from the start. */
  readonly after: number;
  /** At most this many events (1 to 10,000). */
  readonly limit: number;
  /** Only this community's events; positions stay the global ones, so they skip. */
  readonly community?: CommunityId;
}

/** How to rewrite a stream's past events. */
export interface RewriteOptions {
  /**
   * Also replace the bodies the aggregate's command receipts keep (they hold each
   * command as sent, personal data included) by {@link erasedReceiptBody}. A command
   * sent again with one of those ids is then refused as a conflict instead of answered
   * as a duplicate. Default false.
   */
  readonly eraseReceiptBodies?: boolean;
}

/** The body a receipt keeps once it was erased (see {@link RewriteOptions}). */
export const erasedReceiptBody = '{"erased":true}';

/** A unique key: one value of a scope in a community, such as one mobile-number hash. */
export interface UniqueKey {
  readonly community: CommunityId;
  /** What the key is unique among: `courier-mobile`, `processed:points-earn`. At most 200 characters. */
  readonly scope: string;
  /** The value: at most 200 characters. */
  readonly key: string;
}

/** A claim of a unique key by an owner (the aggregate id that holds it, usually). */
export interface UniqueKeyClaim extends UniqueKey {
  readonly owner: string;
}

/** What a claim found. */
export type UniqueKeyClaimResult =
  /** The key was free and is now the owner's. */
  | { readonly kind: "claimed" }
  /** The owner already held it (a retry). */
  | { readonly kind: "owned" }
  /** Another owner holds it. */
  | { readonly kind: "taken"; readonly owner: string };

/** Who holds a lease, until when. */
export interface LeaseHolder {
  readonly owner: string;
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
}

/**
 * Leases kept in the store. `acquire` takes a free or expired lease or renews one the
 * owner holds; `renew` only extends a lease the owner holds; `release` gives it up.
 * Times are the instance's clock: keep the clocks of instances in sync (NTP) and the
 * TTL well above their skew.
 */
export interface StoreLeasesApi extends LeasesApi {
  readonly acquire: (lease: LeaseRequest) => Effect.Effect<boolean, StoreFailure>;
  readonly release: (lease: Omit<LeaseRequest, "ttlMs">) => Effect.Effect<void, StoreFailure>;
  /** Extends a lease `owner` holds; `false` when it does not hold it (any more). */
  readonly renew: (lease: LeaseRequest) => Effect.Effect<boolean, StoreFailure>;
  /** The current holder of a lease, if it has one that has not expired. */
  readonly holder: (name: string) => Effect.Effect<Option.Option<LeaseHolder>, StoreFailure>;
}

/** The outbox as the store offers it to the relay (see the relay's `Outbox` port). */
export interface StoreOutboxApi {
  /**
   * Up to `limit` events not yet marked relayed, in log order, so events of one stream
   * come in version order. On MongoDB this first sequences pending events.
   */
  readonly readPending: (
    limit: number,
  ) => Effect.Effect<ReadonlyArray<EventEnvelope>, StoreFailure>;
  /** Marks events relayed, so they are not read again. Idempotent. */
  readonly markRelayed: (events: ReadonlyArray<EventEnvelope>) => Effect.Effect<void, StoreFailure>;
}

/**
 * The Store port: everything a service keeps. Three adapters pass one contract suite
 * (`store.contract.ts`): `MemoryStore.layer()` for tests, `SqliteStore.layer({ filename })`
 * embedded (the default), and `MongoStore.layer({ uri, database })` for deployments
 * (a standalone mongod or FerretDB: no multi-document transactions anywhere).
 *
 * **Aggregates.** `load` returns the record (state, version, command receipts);
 * `append` writes a command's outcome as one atomic write guarded by the version it
 * was loaded at, or fails with `VersionConflict`. `executeCommand` does both, with
 * retries.
 *
 * **The event log.** Every event gets a position in one log for the whole deployment.
 * `readLog({ after, limit })` reads it in order from a checkpoint and never skips or
 * repeats an event, even while writers append: on SQLite and memory an event gets its
 * position in the append's transaction; on MongoDB the append keeps new events in the
 * aggregate's document (its outbox) and `sequencePending` moves them into the log —
 * the outbox relay does that on every round, under its lease.
 *
 * **The outbox** (`outbox`, also provided as the relay's `Outbox`): at least once. Every
 * appended event is pending until the relay marks it relayed after publishing it; a
 * crash between the two publishes it again, and consumers are idempotent.
 *
 * **Unique keys**, **leases**, **processed events** and **read models** complete it.
 */
export interface StoreApi {
  /** Which adapter this is. */
  readonly kind: "memory" | "sqlite" | "mongodb";

  /** The aggregate's record, or none before its first event. */
  readonly load: <State>(
    key: AggregateKey,
    options?: LoadOptions,
  ) => Effect.Effect<Option.Option<AggregateRecord<State>>, StoreFailure>;

  /**
   * Writes a command's outcome atomically: state, version, new receipts, and the events
   * in the stream and the outbox (or, for a command accepted with no events, its receipt
   * alone; see {@link AppendRequest}). Fails with `VersionConflict` (writing nothing) when
   * the aggregate is no longer at `expectedVersion`, and with `InvalidDocument` when the
   * state or an event cannot be stored (see `findDocumentProblems`).
   */
  readonly append: <State>(
    request: AppendRequest<State>,
  ) => Effect.Effect<AppendResult, VersionConflict | InvalidDocument | StoreFailure>;

  /** A stream's events in version order. */
  readonly readStream: <Event extends DomainEvent = DomainEvent>(
    key: AggregateKey,
    options?: ReadStreamOptions,
  ) => Effect.Effect<ReadonlyArray<EventEnvelope<Event>>, StoreFailure>;

  /** The event log from a checkpoint, in position order. */
  readonly readLog: (
    options: ReadLogOptions,
  ) => Effect.Effect<ReadonlyArray<LoggedEvent>, StoreFailure>;

  /**
   * Moves up to `limit` aggregates' pending events into the log, giving them positions;
   * returns how many events it moved. Only MongoDB needs it (the outbox relay calls it
   * through `readPending`); the other adapters sequence in `append` and return 0. Safe
   * to run in several instances at once (unique indexes make a race a retry), but one
   * at a time (under the relay's lease) is cheaper.
   */
  readonly sequencePending: (limit?: number) => Effect.Effect<number, StoreFailure>;

  /**
   * Rewrites a stream's past events — the one sanctioned change to history, for the
   * erasure of personal data (`erasePersonalData` from core, after
   * `CourierPersonalDataErased`). Only each event's `data` is taken from `transform`'s
   * result: ids, types, versions, positions and metadata stay. Rewrites the stream in
   * the log and in the outbox; returns how many events changed. Events already
   * published to the bus (JetStream) are not touched here.
   *
   * @example
   * yield* store.rewriteEvents(key, (event) => erasePersonalData(event, pseudonym), {
   *   eraseReceiptBodies: true,
   * });
   */
  readonly rewriteEvents: (
    key: AggregateKey,
    transform: (event: EventEnvelope) => EventEnvelope,
    options?: RewriteOptions,
  ) => Effect.Effect<number, InvalidDocument | StoreFailure>;

  /** What the outbox relay needs: pending events and marking them relayed. */
  readonly outbox: StoreOutboxApi;

  /** Named, time-limited leases, so work several instances could do is done by one. */
  readonly leases: StoreLeasesApi;

  /** The events each consumer has finished (the host skips them when redelivered). */
  readonly processedEvents: ProcessedEventsApi & {
    readonly has: (consumer: string, eventId: string) => Effect.Effect<boolean, StoreFailure>;
    readonly record: (consumer: string, eventId: string) => Effect.Effect<void, StoreFailure>;
  };

  /**
   * Claims a unique key for an owner: one insert guarded by the key, so of concurrent
   * claims exactly one wins. Claiming a key one already owns answers `owned`.
   *
   * @example
   * // One registration per mobile-number hash per community (小哥报到):
   * const claim = yield* store.claimUniqueKey({
   *   community, scope: "courier-mobile", key: mobileKey, owner: courierId,
   * });
   * const mobileKeyTaken = claim.kind === "taken";
   */
  readonly claimUniqueKey: (
    claim: UniqueKeyClaim,
  ) => Effect.Effect<UniqueKeyClaimResult, InvalidDocument | StoreFailure>;

  /** Releases a key `owner` holds; `true` when it did. Another owner's key is left alone. */
  readonly releaseUniqueKey: (claim: UniqueKeyClaim) => Effect.Effect<boolean, StoreFailure>;

  /** Who holds a unique key, if anyone. */
  readonly uniqueKeyOwner: (key: UniqueKey) => Effect.Effect<Option.Option<string>, StoreFailure>;

  /**
   * A read-model collection, created (with its indexes) on first use.
   *
   * @example
   * const rows = yield* store.readModel(courierRows);
   * yield* rows.upsert("c-1", { community: "jinshan-wanda", status: "active", points: 10 });
   */
  readonly readModel: <Document extends object>(
    definition: ReadModelDefinition<Document>,
  ) => Effect.Effect<ReadModelApi<Document>, StoreFailure>;
}

/** The store: `yield* Store`. Provided by `MemoryStore.layer`, `SqliteStore.layer` or `MongoStore.layer`. */
export class Store extends Context.Tag("@courier-station/kit/Store")<Store, StoreApi>() {}

/** Everything a store layer provides: the Store and the narrow ports the relay and host use. */
export type StoreAndCapabilities = Store | Outbox | Leases | ProcessedEvents;

/**
 * The relay's `Outbox`, the host's `Leases` and `ProcessedEvents`, from a Store. Every
 * adapter's layer includes it, so one layer gives a service all four.
 */
export const storeCapabilities: Layer.Layer<Outbox | Leases | ProcessedEvents, never, Store> =
  Layer.effectContext(
    Effect.map(Store, (store) =>
      Context.make(Outbox, store.outbox).pipe(
        Context.add(Leases, store.leases),
        Context.add(ProcessedEvents, store.processedEvents),
      ),
    ),
  );

/**
 * A store layer with the capabilities added: what each adapter's `layer` returns.
 *
 * @example
 * const layer = withCapabilities(Layer.succeed(Store, myStore));
 */
export const withCapabilities = <E, R>(
  layer: Layer.Layer<Store, E, R>,
): Layer.Layer<StoreAndCapabilities, E, R> => Layer.provideMerge(storeCapabilities, layer);
