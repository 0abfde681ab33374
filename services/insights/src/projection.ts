import {
  type ActivityState,
  activityDecider,
  type CourierState,
  courierDecider,
  courierPseudonym,
  type EventEnvelope,
  isCourierRegistered,
  type ReportState,
  reportDecider,
  type StationState,
  type SuggestionState,
  stationDecider,
  suggestionDecider,
} from "@courier-station/core";
import {
  type DocumentWrite,
  defineReadModel,
  type LoggedEvent,
  type ReadModelApi,
  type ReadModelDefinition,
  Store,
  type StoredDocument,
} from "@courier-station/kit";
import { accountTransfersOf, pointsAccountDecider, type Transfer } from "@courier-station/points";
import {
  type CatalogueRedemptionState,
  catalogueRedemptionDecider,
  type WishState,
  wishDecider,
} from "@courier-station/wishes";
import { Effect, Option } from "effect";

/*
 * What the projection keeps, and why.
 *
 * The statistics functions of the packages (`programmeFigures`, `wishFigures`,
 * `catalogueFigures`, `pointsSummary`, `runningTotals`) take aggregates' states and the
 * ledger's transfers, and count them for any period and station. So the projection keeps
 * exactly those inputs, one document per aggregate, rebuilt by the packages' own `evolve`
 * from the event log: then a figure for any period — a month, a quarter, a year, since a
 * station opened, or one nobody has asked for yet — is the package's function over the
 * documents, and nothing is counted twice or by a rule of the service's own. Keeping
 * running counters instead would need a rule per figure and per period, and standing
 * figures (overdue reports, open wishes, couriers by status) cannot be added up at all.
 *
 * - `courier`, `station`, `activity`, `report`, `suggestion`, `wish`, `catalogueRedemption`:
 *   the aggregate's state after its events, at its version;
 * - `pointsAccount`: the transfers its events record (`accountTransfersOf`), since the
 *   account's state keeps balances, not the history `pointsSummary` counts.
 *
 * No personal data: a courier's real name and number (sealed or not), their nickname, work
 * area and the number's key are replaced, as the courier's erasure would replace them
 * (`erasePersonalData`), before the state is stored. The figures need none of them; and so
 * a projection built before a courier's erasure is the same as one rebuilt from the
 * erased log after it, and an erasure has nothing to change here.
 */

/** An aggregate as the projection keeps it: its kind, id, version and what the figures need. */
export interface ProjectedAggregate {
  readonly community: string;
  readonly aggregate: string;
  readonly aggregateId: string;
  /** The version of the last event applied; older and equal ones are skipped. */
  readonly version: number;
  /** The log position of the last event applied. */
  readonly position: number;
  /** The state (see above), or `{ transfers }` for a points account. */
  readonly state: unknown;
}

/** How far the projection has read the log. */
export interface ProjectionCheckpoint {
  readonly position: number;
}

/** The read models of one projection (the service's, or a second one to compare with). */
export interface InsightsProjection {
  readonly aggregates: ReadModelDefinition<ProjectedAggregate>;
  readonly checkpoints: ReadModelDefinition<ProjectionCheckpoint>;
}

/**
 * The read models of a projection whose collections start with `prefix` (the service's is
 * `insights`; a test builds a second one from position 0 beside it to compare).
 *
 * @example
 * const rebuilt = insightsProjection("insights_rebuilt");
 */
export const insightsProjection = (prefix = "insights"): InsightsProjection => ({
  aggregates: defineReadModel<ProjectedAggregate>({
    name: `${prefix}_aggregates`,
    indexes: { community: "string", aggregate: "string" },
  }),
  checkpoints: defineReadModel<ProjectionCheckpoint>({
    name: `${prefix}_checkpoints`,
    indexes: {},
  }),
});

/** The service's projection. */
export const serviceProjection = insightsProjection();

/** A points account as the projection keeps it: the transfers its events recorded. */
export interface ProjectedAccount {
  readonly transfers: ReadonlyArray<Transfer>;
}

/** A courier's state without anything that says who they are (see above). */
export const statisticalCourier = (state: CourierState): CourierState => {
  if (!isCourierRegistered(state)) return state;
  const { workArea: _workArea, ...kept } = state;
  const pseudonym = courierPseudonym(state.courierId);
  return {
    ...kept,
    nickname: pseudonym,
    personal: { kind: "erased", pseudonym },
    mobileKey: null,
  };
};

interface Projector {
  readonly initial: () => unknown;
  /** The state after `events`, in order: all of one aggregate's events of a page at once. */
  readonly apply: (state: unknown, events: ReadonlyArray<EventEnvelope>) => unknown;
}

const evolving = <State>(
  decider: {
    readonly initialState: () => State;
    readonly evolve: (state: State, event: never) => State;
  },
  keep: (state: State) => State = (state) => state,
): Projector => ({
  initial: decider.initialState,
  apply: (state, events) => {
    let current = state as State;
    for (const event of events) {
      current = keep(
        (decider.evolve as (state: State, event: unknown) => State)(current, {
          type: event.type,
          data: event.data,
        }),
      );
    }
    return current;
  },
});

const projectors: Readonly<Record<string, Projector>> = {
  [courierDecider.aggregate]: evolving<CourierState>(courierDecider, statisticalCourier),
  [stationDecider.aggregate]: evolving<StationState>(stationDecider),
  [activityDecider.aggregate]: evolving<ActivityState>(activityDecider),
  [reportDecider.aggregate]: evolving<ReportState>(reportDecider),
  [suggestionDecider.aggregate]: evolving<SuggestionState>(suggestionDecider),
  [wishDecider.aggregate]: evolving<WishState>(wishDecider),
  [catalogueRedemptionDecider.aggregate]: evolving<CatalogueRedemptionState>(
    catalogueRedemptionDecider,
  ),
  [pointsAccountDecider.aggregate]: {
    initial: (): ProjectedAccount => ({ transfers: [] }),
    // The account's transfers copied once for all of a page's events, not once per event
    // (an account's history grows with every transfer, so a copy per event was quadratic).
    apply: (state, events) => {
      const recorded = accountTransfersOf(events);
      if (recorded.length === 0) return state;
      return { transfers: [...(state as ProjectedAccount).transfers, ...recorded] };
    },
  },
};

/** The aggregate kinds the projection keeps; events of others only move the checkpoint. */
export const projectedAggregates: ReadonlyArray<string> = Object.keys(projectors);

/** The id of an aggregate's document: its community, kind and id. */
export const projectedAggregateId = (community: string, aggregate: string, id: string): string =>
  `${community}/${aggregate}/${id}`;

const aggregateIdOf = (event: EventEnvelope): string =>
  event.stream.slice(event.aggregate.length + 1);

const CHECKPOINT = "log";

/**
 * What one run of a catch-up knows of the documents without reading them: those it wrote
 * on the page before (a page's aggregates often go on in the next), and, in a rebuild,
 * that a document it has not written does not exist since the wipe. Each is only a guess
 * of the revision: every write is still guarded by it, and a conflict reads them again.
 */
interface KnownDocuments {
  /** The documents written by the last page, at their revisions. */
  recent: Map<string, StoredDocument<ProjectedAggregate>>;
  /** In a rebuild, the ids written since the wipe; `undefined` when absence is unknown. */
  readonly written: Set<string> | undefined;
  /** Set on a conflict: another writer is about, so documents are read from then on. */
  contended: boolean;
}

/** The document of `id` as the page starts from it, read only when it is not known. */
const startingDocument = (
  rows: ReadModelApi<ProjectedAggregate>,
  known: KnownDocuments,
  id: string,
): Effect.Effect<StoredDocument<ProjectedAggregate> | undefined, unknown> => {
  if (!known.contended) {
    const recent = known.recent.get(id);
    if (recent !== undefined) return Effect.succeed(recent);
    if (known.written !== undefined && !known.written.has(id)) return Effect.succeed(undefined);
  }
  return Effect.map(rows.get(id), Option.getOrUndefined);
};

/**
 * Applies a page's events to their aggregates' documents and writes every changed one in
 * one batch (`upsertMany`: one commit on SQLite), each guarded by the revision it was
 * read at. A conflict (another instance wrote one of them) applies the page again on the
 * documents as they then are: events a document already has are skipped by version.
 */
const applyPage = (
  rows: ReadModelApi<ProjectedAggregate>,
  known: KnownDocuments,
  page: ReadonlyArray<LoggedEvent>,
): Effect.Effect<void, unknown> =>
  Effect.gen(function* () {
    const byAggregate = new Map<string, LoggedEvent[]>();
    for (const logged of page) {
      const { event } = logged;
      if (projectors[event.aggregate] === undefined) continue;
      const id = projectedAggregateId(event.community, event.aggregate, aggregateIdOf(event));
      const events = byAggregate.get(id);
      if (events === undefined) byAggregate.set(id, [logged]);
      else events.push(logged);
    }
    const writes: Array<DocumentWrite<ProjectedAggregate>> = [];
    for (const [id, events] of byAggregate) {
      const first = events[0];
      const projector = first === undefined ? undefined : projectors[first.event.aggregate];
      if (first === undefined || projector === undefined) continue;
      const current = yield* startingDocument(rows, known, id);
      const document: ProjectedAggregate = current?.document ?? {
        community: first.event.community,
        aggregate: first.event.aggregate,
        aggregateId: aggregateIdOf(first.event),
        version: 0,
        position: 0,
        state: projector.initial(),
      };
      // Seen before (a page read again, or another instance got here first).
      const fresh = events.filter(({ event }) => event.version > document.version);
      const last = fresh.at(-1);
      if (last === undefined) continue;
      writes.push({
        id,
        document: {
          ...document,
          version: last.event.version,
          position: last.position,
          state: projector.apply(
            document.state,
            fresh.map(({ event }) => event),
          ),
        },
        expectedRevision: current?.revision ?? 0,
      });
    }
    const revisions = yield* rows.upsertMany(writes);
    const recent = new Map<string, StoredDocument<ProjectedAggregate>>();
    writes.forEach((write, index) => {
      const revision = revisions[index] ?? 0;
      recent.set(write.id, { id: write.id, revision, document: write.document });
      known.written?.add(write.id);
    });
    known.recent = recent;
  }).pipe(
    Effect.catchIf(
      (error) => (error as { readonly _tag?: string })._tag === "RevisionConflict",
      () =>
        Effect.suspend(() => {
          known.contended = true;
          known.recent = new Map();
          return applyPage(rows, known, page);
        }),
    ),
  );

/** Moves the checkpoint forward to `position`, never back. */
const advanceCheckpoint = (
  checkpoints: ReadModelApi<ProjectionCheckpoint>,
  position: number,
): Effect.Effect<void, unknown> =>
  Effect.gen(function* () {
    const stored = Option.getOrUndefined(yield* checkpoints.get(CHECKPOINT));
    if (stored !== undefined && stored.document.position >= position) return;
    yield* checkpoints.upsert(
      CHECKPOINT,
      { position },
      { expectedRevision: stored?.revision ?? 0 },
    );
  }).pipe(
    Effect.catchIf(
      (error) => (error as { readonly _tag?: string })._tag === "RevisionConflict",
      () => advanceCheckpoint(checkpoints, position),
    ),
  );

/** How far a projection has read the log (0 before its first event). */
export const projectionPosition = (
  projection: InsightsProjection = serviceProjection,
): Effect.Effect<number, unknown, Store> =>
  Effect.gen(function* () {
    const store = yield* Store;
    const checkpoints = yield* store.readModel(projection.checkpoints);
    return Option.match(yield* checkpoints.get(CHECKPOINT), {
      onNone: () => 0,
      onSome: (stored) => stored.document.position,
    });
  });

/** How a catch-up reads the log. */
export interface CatchUpOptions {
  readonly projection?: InsightsProjection;
  /** Events per page of the log (default 500). */
  readonly pageSize?: number;
  /** Stop after this many pages (default: read to the end). */
  readonly maxPages?: number;
}

/** Reads the log from the checkpoint to its end (or `maxPages`), a page at a time. */
const catchUpFrom = (
  options: CatchUpOptions,
  defaultPageSize: number,
  afterWipe: boolean,
): Effect.Effect<number, unknown, Store> =>
  Effect.gen(function* () {
    const projection = options.projection ?? serviceProjection;
    const pageSize = options.pageSize ?? defaultPageSize;
    const store = yield* Store;
    const rows = yield* store.readModel(projection.aggregates);
    const checkpoints = yield* store.readModel(projection.checkpoints);
    const known: KnownDocuments = {
      recent: new Map(),
      written: afterWipe ? new Set() : undefined,
      contended: false,
    };
    let after = yield* projectionPosition(projection);
    for (let pages = 0; options.maxPages === undefined || pages < options.maxPages; pages++) {
      const page = yield* store.readLog({ after, limit: pageSize });
      const last = page.at(-1);
      if (last === undefined) break;
      yield* applyPage(rows, known, page);
      yield* advanceCheckpoint(checkpoints, last.position);
      after = last.position;
    }
    return after;
  });

/**
 * Brings the projection up to the end of the event log (the store's `readLog` from its
 * checkpoint), a page at a time: each aggregate's events applied to its document with the
 * package's `evolve`, the page's changed documents written in one batch, then the
 * checkpoint moved past the page. Safe to run in several instances at once and to stop
 * anywhere: a document takes only events newer than its version, each write is guarded
 * by the document's revision (a lost race applies the page again on the fresh
 * documents), and the checkpoint only moves forward. Returns the position read to.
 *
 * @example
 * const position = yield* catchUpInsights();
 */
export const catchUpInsights = (
  options: CatchUpOptions = {},
): Effect.Effect<number, unknown, Store> => catchUpFrom(options, 500, false);

/**
 * Throws the projection away and builds it again from position 0: what to run after a
 * change to how figures are kept (or to check it). While it runs, figures read from it are
 * incomplete. The documents it builds are the ones a catch-up from position 0 builds; it
 * empties the collection in one statement, reads pages of 1,000 events by default (each
 * page one batch of its documents and one checkpoint write) and does not read a document it
 * has not written since then (its write still expects none, so another writer is noticed).
 * Stopped anywhere, running it again builds it all again; a catch-up goes on from its
 * checkpoint.
 *
 * @example
 * yield* rebuildInsights();
 */
export const rebuildInsights = (
  options: Omit<CatchUpOptions, "maxPages"> = {},
): Effect.Effect<number, unknown, Store> =>
  Effect.gen(function* () {
    const projection = options.projection ?? serviceProjection;
    const store = yield* Store;
    const rows = yield* store.readModel(projection.aggregates);
    const checkpoints = yield* store.readModel(projection.checkpoints);
    yield* checkpoints.delete(CHECKPOINT);
    yield* rows.deleteAll();
    return yield* catchUpFrom(options, 1_000, true);
  });

/** Every aggregate the projection keeps for a community. */
export const projectedAggregatesOf = (
  community: string,
  projection: InsightsProjection = serviceProjection,
): Effect.Effect<ReadonlyArray<ProjectedAggregate>, unknown, Store> =>
  Effect.gen(function* () {
    const store = yield* Store;
    const rows = yield* store.readModel(projection.aggregates);
    const documents: ProjectedAggregate[] = [];
    let after: string | undefined;
    do {
      const page = yield* rows.find({
        where: { community },
        limit: 1_000,
        ...(after === undefined ? {} : { after }),
      });
      for (const item of page.items) documents.push(item.document);
      after = page.next;
    } while (after !== undefined);
    return documents;
  });
