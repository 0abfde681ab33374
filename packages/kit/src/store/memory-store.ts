import {
  type AggregateRecord,
  type CommandReceipt,
  canonicalJson,
  type DomainEvent,
  type EventEnvelope,
} from "@courier-station/core";
import { Effect, Either, Layer, Option } from "effect";
import { checkAppend, checkUniqueKey } from "./append-request.js";
import { findDocumentProblems } from "./document-rules.js";
import {
  compareCodePoints,
  compareIndexedValues,
  documentProblem,
  encodeCursor,
  type IndexedValue,
  indexedValueOf,
  type PlannedQuery,
  planQuery,
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
import { InvalidDocument, RevisionConflict, VersionConflict } from "./store-errors.js";

/** Options of the memory store. */
export interface MemoryStoreOptions {
  /** The clock leases read, in milliseconds since the epoch; default `Date.now`, and in `MemoryStore.layer` Effect's `Clock`. */
  readonly now?: () => number;
}

/** The text of an aggregate key, unambiguous whatever the id holds. */
export const aggregateKeyText = (key: AggregateKey): string =>
  JSON.stringify([key.community, key.aggregate, key.id]);

interface StoredAggregate {
  readonly key: AggregateKey;
  version: number;
  state: string;
  /** Receipts by command id, as JSON text. */
  readonly receipts: Map<string, string>;
  /** Positions of the stream's events in the log, in version order. */
  readonly positions: number[];
}

interface StoredEvent {
  readonly position: number;
  text: string;
  readonly id: string;
  readonly community: string;
}

interface StoredReadModel {
  readonly definition: ReadModelDefinition<object>;
  readonly documents: Map<string, { revision: number; text: string }>;
}

/** JSON in, JSON out: what the other adapters do, so a test sees the same values. */
const copy = <Value>(text: string): Value => JSON.parse(text) as Value;

/**
 * Makes an in-memory store: the reference the other adapters mirror (SQLite does the
 * same in one file). Values are kept as JSON text, so what comes back is what SQLite
 * and MongoDB give back. For tests and tools; everything is lost when the process ends.
 *
 * @example
 * const store = makeMemoryStore();
 * const layer = withCapabilities(Layer.succeed(Store, store)); // two "processes" can share it
 */
export const makeMemoryStore = (options: MemoryStoreOptions = {}): StoreApi => {
  const now = options.now ?? (() => Date.now());
  const aggregates = new Map<string, StoredAggregate>();
  const log: StoredEvent[] = [];
  const positionsById = new Map<string, number>();
  // Insertion order is position order, so iterating gives the oldest first.
  const pending = new Set<number>();
  const uniqueKeys = new Map<string, string>();
  const leases = new Map<string, { owner: string; until: number }>();
  const processed = new Set<string>();
  const readModels = new Map<string, StoredReadModel>();

  const eventAt = (position: number): StoredEvent => {
    const stored = log[position - 1];
    if (stored === undefined) throw new Error(`no event at position ${position}`);
    return stored;
  };

  const readModel = <Document extends object>(
    definition: ReadModelDefinition<Document>,
  ): ReadModelApi<Document> => {
    let collection = readModels.get(definition.name);
    if (collection === undefined) {
      collection = { definition: definition as ReadModelDefinition<object>, documents: new Map() };
      readModels.set(definition.name, collection);
    }
    const documents = collection.documents;
    const stored = (
      id: string,
      entry: { revision: number; text: string },
    ): StoredDocument<Document> => ({
      id,
      revision: entry.revision,
      document: copy<Document>(entry.text),
    });
    const matching = (query: PlannedQuery): Array<readonly [string, Document, number, string]> => {
      const rows: Array<readonly [string, Document, number, string]> = [];
      for (const [id, entry] of documents) {
        const document = copy<Document>(entry.text);
        if (query.where.every(([field, value]) => indexedValueOf(document, field) === value)) {
          rows.push([id, document, entry.revision, entry.text]);
        }
      }
      return rows;
    };
    const valueFor = (query: PlannedQuery, document: Document): IndexedValue =>
      query.orderField === undefined ? null : indexedValueOf(document, query.orderField);
    /** A write expecting another revision than the document's is refused. */
    const revisionConflict = (
      id: string,
      revision: number,
      expectedRevision: number | undefined,
    ): RevisionConflict | undefined =>
      expectedRevision === undefined || expectedRevision === revision
        ? undefined
        : new RevisionConflict({ collection: definition.name, id, expectedRevision });
    return {
      definition,
      get: (id) =>
        Effect.sync(() => {
          const entry = documents.get(id);
          return entry === undefined ? Option.none() : Option.some(stored(id, entry));
        }),
      upsert: (id, document, writeOptions = {}) =>
        Effect.suspend((): Effect.Effect<number, RevisionConflict | InvalidDocument> => {
          const problem = documentProblem(definition, id, document);
          if (problem !== undefined) return Effect.fail(problem);
          const current = documents.get(id);
          const revision = current?.revision ?? 0;
          const conflict = revisionConflict(id, revision, writeOptions.expectedRevision);
          if (conflict !== undefined) return Effect.fail(conflict);
          documents.set(id, { revision: revision + 1, text: JSON.stringify(document) });
          return Effect.succeed(revision + 1);
        }),
      upsertMany: (writes) =>
        Effect.suspend(
          (): Effect.Effect<ReadonlyArray<number>, RevisionConflict | InvalidDocument> => {
            for (const write of writes) {
              const problem = documentProblem(definition, write.id, write.document);
              if (problem !== undefined) return Effect.fail(problem);
            }
            // Staged first and kept only when every guard holds: one transaction, as on SQLite.
            const staged = new Map<string, { revision: number; text: string }>();
            const revisions: number[] = [];
            for (const write of writes) {
              const revision = (staged.get(write.id) ?? documents.get(write.id))?.revision ?? 0;
              const conflict = revisionConflict(write.id, revision, write.expectedRevision);
              if (conflict !== undefined) return Effect.fail(conflict);
              staged.set(write.id, {
                revision: revision + 1,
                text: JSON.stringify(write.document),
              });
              revisions.push(revision + 1);
            }
            for (const [id, entry] of staged) documents.set(id, entry);
            return Effect.succeed(revisions);
          },
        ),
      delete: (id, writeOptions = {}) =>
        Effect.suspend(() => {
          const current = documents.get(id);
          const revision = current?.revision ?? 0;
          const conflict = revisionConflict(id, revision, writeOptions.expectedRevision);
          if (conflict !== undefined) return Effect.fail(conflict);
          return Effect.succeed(documents.delete(id));
        }),
      deleteAll: () =>
        Effect.sync(() => {
          documents.clear();
        }),
      find: (findOptions = {}) =>
        Effect.suspend(() => {
          const planned = planQuery(definition, findOptions);
          if (Either.isLeft(planned)) return Effect.fail(planned.left);
          const query = planned.right;
          const direction = query.descending ? -1 : 1;
          const order = (
            left: { readonly value: IndexedValue; readonly id: string },
            right: { readonly value: IndexedValue; readonly id: string },
          ): number =>
            direction *
            (compareIndexedValues(left.value, right.value) || compareCodePoints(left.id, right.id));
          const after = query.after;
          const rows = matching(query)
            .map(([id, document, revision]) => ({
              id,
              document,
              revision,
              value: valueFor(query, document),
            }))
            .filter((row) => after === undefined || order(row, after) > 0)
            .sort(order);
          const page = rows.slice(0, query.limit);
          const last = page.at(-1);
          return Effect.succeed({
            items: page.map((row) => ({
              id: row.id,
              revision: row.revision,
              document: row.document,
            })),
            next:
              rows.length > query.limit && last !== undefined
                ? encodeCursor(query, { value: last.value, id: last.id })
                : undefined,
          });
        }),
      count: (where) =>
        Effect.suspend(() => {
          const planned = planQuery(definition, where === undefined ? {} : { where });
          if (Either.isLeft(planned)) return Effect.fail(planned.left);
          return Effect.succeed(matching(planned.right).length);
        }),
    };
  };

  const store: StoreApi = {
    kind: "memory",

    load: <State>(key: AggregateKey, loadOptions: LoadOptions = {}) =>
      Effect.sync(() => {
        const found = aggregates.get(aggregateKeyText(key));
        if (found === undefined) return Option.none<AggregateRecord<State>>();
        const texts =
          loadOptions.receiptsFor !== undefined
            ? [found.receipts.get(loadOptions.receiptsFor)].filter((text) => text !== undefined)
            : loadOptions.withoutReceipts === true
              ? []
              : [...found.receipts.values()];
        return Option.some<AggregateRecord<State>>({
          community: key.community,
          aggregate: key.aggregate,
          id: key.id,
          state: copy<State>(found.state),
          version: found.version,
          receipts: texts.map((text) => copy<CommandReceipt>(text)),
        });
      }),

    append: (request) =>
      Effect.flatMap(checkAppend(request), (checked) =>
        Effect.suspend(() => {
          const keyText = aggregateKeyText(checked.key);
          const current = aggregates.get(keyText);
          if ((current?.version ?? 0) !== checked.expectedVersion) {
            return Effect.fail(
              new VersionConflict({ ...checked.key, expectedVersion: checked.expectedVersion }),
            );
          }
          // A no-op leaves the version as it was, so the same no-op decided twice at once
          // passes the check above: the first receipt stays (loaded again, the other finds it).
          if (
            checked.events.length === 0 &&
            checked.newReceipts.some((receipt) => current?.receipts.has(receipt.commandId))
          ) {
            return Effect.fail(
              new VersionConflict({ ...checked.key, expectedVersion: checked.expectedVersion }),
            );
          }
          const aggregate: StoredAggregate = current ?? {
            key: checked.key,
            version: 0,
            state: "null",
            receipts: new Map(),
            positions: [],
          };
          // A no-op (no events) writes its receipt only: the state is as it was.
          if (checked.events.length > 0) {
            aggregate.version = checked.version;
            aggregate.state = JSON.stringify(checked.state);
          }
          for (const receipt of checked.newReceipts) {
            aggregate.receipts.set(receipt.commandId, JSON.stringify(receipt));
          }
          for (const event of checked.events) {
            const position = log.length + 1;
            log.push({
              position,
              text: JSON.stringify(event),
              id: event.id,
              community: event.community,
            });
            positionsById.set(event.id, position);
            aggregate.positions.push(position);
            pending.add(position);
          }
          aggregates.set(keyText, aggregate);
          return Effect.succeed({ version: checked.version });
        }),
      ),

    readStream: <Event extends DomainEvent>(
      key: AggregateKey,
      streamOptions: { readonly afterVersion?: number; readonly limit?: number } = {},
    ) =>
      Effect.sync(() => {
        const found = aggregates.get(aggregateKeyText(key));
        if (found === undefined) return [];
        const after = streamOptions.afterVersion ?? 0;
        const positions = found.positions.slice(
          after,
          streamOptions.limit === undefined ? undefined : after + streamOptions.limit,
        );
        return positions.map((position) => copy<EventEnvelope<Event>>(eventAt(position).text));
      }),

    readLog: ({ after, limit, community }) =>
      Effect.sync(() => {
        const events: LoggedEvent[] = [];
        for (
          let position = Math.max(after, 0) + 1;
          position <= log.length && events.length < limit;
          position++
        ) {
          const stored = eventAt(position);
          if (community !== undefined && stored.community !== community) continue;
          events.push({ position, event: copy<EventEnvelope>(stored.text) });
        }
        return events;
      }),

    sequencePending: () => Effect.succeed(0),

    rewriteEvents: (key, transform, rewriteOptions = {}) =>
      Effect.suspend(() => {
        const found = aggregates.get(aggregateKeyText(key));
        if (found === undefined) return Effect.succeed(0);
        const changes: Array<readonly [StoredEvent, string]> = [];
        for (const position of found.positions) {
          const stored = eventAt(position);
          const event = copy<EventEnvelope>(stored.text);
          const rewritten = transform(event);
          if (canonicalJson(rewritten.data) === canonicalJson(event.data)) continue;
          const problems = findDocumentProblems(rewritten.data);
          if (problems.length > 0) {
            return Effect.fail(
              new InvalidDocument({ what: `${event.type} ${event.id}`, issues: problems }),
            );
          }
          changes.push([stored, JSON.stringify({ ...event, data: rewritten.data })]);
        }
        for (const [stored, text] of changes) stored.text = text;
        if (rewriteOptions.eraseReceiptBodies === true) {
          for (const [commandId, text] of found.receipts) {
            found.receipts.set(
              commandId,
              JSON.stringify({ ...copy<CommandReceipt>(text), body: erasedReceiptBody }),
            );
          }
        }
        return Effect.succeed(changes.length);
      }),

    outbox: {
      readPending: (limit) =>
        Effect.sync(() => {
          const events: EventEnvelope[] = [];
          for (const position of pending) {
            if (events.length >= limit) break;
            events.push(copy<EventEnvelope>(eventAt(position).text));
          }
          return events;
        }),
      markRelayed: (events) =>
        Effect.sync(() => {
          for (const event of events) {
            const position = positionsById.get(event.id);
            if (position !== undefined) pending.delete(position);
          }
        }),
    },

    leases: {
      acquire: ({ name, owner, ttlMs }) =>
        Effect.sync(() => {
          const at = now();
          const current = leases.get(name);
          if (current !== undefined && current.owner !== owner && current.until > at) return false;
          leases.set(name, { owner, until: at + ttlMs });
          return true;
        }),
      renew: ({ name, owner, ttlMs }) =>
        Effect.sync(() => {
          const current = leases.get(name);
          if (current === undefined || current.owner !== owner) return false;
          current.until = now() + ttlMs;
          return true;
        }),
      release: ({ name, owner }) =>
        Effect.sync(() => {
          if (leases.get(name)?.owner === owner) leases.delete(name);
        }),
      holder: (name) =>
        Effect.sync(() => {
          const current = leases.get(name);
          return current === undefined || current.until <= now()
            ? Option.none()
            : Option.some({ owner: current.owner, expiresAt: current.until });
        }),
    },

    processedEvents: {
      has: (consumer, eventId) =>
        Effect.sync(() => processed.has(JSON.stringify([consumer, eventId]))),
      record: (consumer, eventId) =>
        Effect.sync(() => {
          processed.add(JSON.stringify([consumer, eventId]));
        }),
    },

    claimUniqueKey: (claim) =>
      Effect.suspend((): Effect.Effect<UniqueKeyClaimResult, InvalidDocument> => {
        const problem = checkUniqueKey(claim);
        if (problem !== undefined) return Effect.fail(problem);
        const text = JSON.stringify([claim.community, claim.scope, claim.key]);
        const owner = uniqueKeys.get(text);
        if (owner === undefined) {
          uniqueKeys.set(text, claim.owner);
          return Effect.succeed({ kind: "claimed" } as const);
        }
        return Effect.succeed(
          owner === claim.owner
            ? ({ kind: "owned" } as const)
            : ({ kind: "taken", owner } as const),
        );
      }),

    releaseUniqueKey: (claim) =>
      Effect.sync(() => {
        const text = JSON.stringify([claim.community, claim.scope, claim.key]);
        if (uniqueKeys.get(text) !== claim.owner) return false;
        return uniqueKeys.delete(text);
      }),

    uniqueKeyOwner: (key) =>
      Effect.sync(() =>
        Option.fromNullable(uniqueKeys.get(JSON.stringify([key.community, key.scope, key.key]))),
      ),

    readModel: (definition) => Effect.sync(() => readModel(definition)),
  };
  return store;
};

/** The in-memory store as layers: `MemoryStore.layer()`. */
export const MemoryStore = {
  /**
   * A fresh in-memory store with the relay's `Outbox` and the host's `Leases` and
   * `ProcessedEvents`.
   *
   * @example
   * await Effect.runPromise(program.pipe(Effect.provide(MemoryStore.layer())));
   */
  layer: (options: MemoryStoreOptions = {}): Layer.Layer<StoreAndCapabilities> =>
    withCapabilities(
      Layer.effect(
        Store,
        // Without a clock of its own, leases read Effect's Clock (a TestClock in a test).
        Effect.map(Effect.clock, (clock) =>
          makeMemoryStore({ now: () => clock.unsafeCurrentTimeMillis(), ...options }),
        ),
      ),
    ),
} as const;
