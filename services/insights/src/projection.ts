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
  defineReadModel,
  type LoggedEvent,
  type ReadModelApi,
  type ReadModelDefinition,
  Store,
} from "@courier-station/kit";
import {
  accountTransfersOf,
  courierPositionAfter,
  type PointsOpening,
  pointsAccountDecider,
  type StatementPosition,
  type Transfer,
} from "@courier-station/points";
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
 *   account's state keeps balances, not the history `pointsSummary` counts — one document
 *   per account and UTC month of the transfer's `at`, so an event rewrites its month's
 *   transfers only, never the account's whole history, and a figure reads the months of
 *   its period only;
 * - `pointsPosition`: per account, its position (`courierPositionAfter`: posted balance and
 *   points held) when each of those months began, and after its last transfer: what
 *   `pointsSummary` takes as its opening instead of every transfer before the period.
 *
 * Months are UTC months, not the community's: the time zone is the policy's, which the
 * log's events do not carry and which may change, and a document must not move when it
 * does. A local month (or quarter, year) touches at most one UTC month more than it
 * covers (the one its first or last hours fall in), so a figure reads the UTC months
 * overlapping its period, and `pointsSummary` counts the transfers of those hours into
 * the opening by their `at`, as it always did.
 *
 * Each document keeps the version of the last event applied to it and skips events at or
 * below it. An account's events go to several documents (the position, and the month of
 * each transfer), each skipping on its own: an instance applies a page only after every
 * earlier event has been applied (it read the pages before, or its checkpoint is past
 * them), so a document at version v has taken every event up to v that belongs to it.
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
  /** The state (see above), `{ transfers }` for a points account's month, or its positions. */
  readonly state: unknown;
  /** For a points account's transfers: the UTC month ("2026-11") they were recorded in; absent otherwise. */
  readonly month?: string;
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
 * The layout of the projection's documents, part of its collections' names. A station
 * upgraded to a new layout finds its collections empty and its checkpoint at 0, so its
 * `projection` timer (and the first queries) build the new layout from the whole log, as
 * `rebuildInsights` would, while documents of the old layout stay in the old collections
 * and are never read or mixed in. `v1` kept one document per points account with all its
 * transfers (`insights_aggregates`); `v2` keeps them by month, with the account's positions.
 */
export const PROJECTION_LAYOUT = "v2";

/**
 * The read models of a projection whose collections start with `prefix` (the service's is
 * `insights`; a test builds a second one from position 0 beside it to compare).
 *
 * @example
 * const rebuilt = insightsProjection("insights_rebuilt");
 */
export const insightsProjection = (prefix = "insights"): InsightsProjection => ({
  aggregates: defineReadModel<ProjectedAggregate>({
    name: `${prefix}_${PROJECTION_LAYOUT}_aggregates`,
    indexes: { community: "string", aggregate: "string", month: "string" },
  }),
  checkpoints: defineReadModel<ProjectionCheckpoint>({
    name: `${prefix}_${PROJECTION_LAYOUT}_checkpoints`,
    indexes: {},
  }),
});

/** The service's projection. */
export const serviceProjection = insightsProjection();

/** A points account's month as the projection keeps it: the transfers its events recorded in it. */
export interface ProjectedAccount {
  readonly transfers: ReadonlyArray<Transfer>;
}

/** The aggregate kind of an account's positions document. */
export const POINTS_POSITION = "pointsPosition";

/** A points account's positions: where it stood when each UTC month with transfers began, and now. */
export interface ProjectedPositions {
  /** By UTC month ("2026-11"), the position before the month's first transfer. */
  readonly openings: Readonly<Record<string, StatementPosition>>;
  /** The position after the account's last transfer. */
  readonly closing: StatementPosition;
}

/** The UTC month ("2026-11") of an instant. */
export const utcMonthOf = (instant: string): string => instant.slice(0, 7);

/**
 * The UTC months ("2026-11") a period overlaps, oldest first: the months whose transfers
 * a figure over it reads.
 *
 * @example
 * utcMonthsOf(monthPeriod(2026, 11, "Asia/Shanghai")); // ["2026-10", "2026-11"]
 */
export const utcMonthsOf = (period: {
  readonly from: string;
  readonly to: string;
}): ReadonlyArray<string> => {
  const from = new Date(period.from);
  const last = new Date(Date.parse(period.to) - 1);
  const months: string[] = [];
  let year = from.getUTCFullYear();
  let month = from.getUTCMonth();
  const end = last.getUTCFullYear() * 12 + last.getUTCMonth();
  while (year * 12 + month <= end) {
    months.push(`${String(year).padStart(4, "0")}-${String(month + 1).padStart(2, "0")}`);
    month += 1;
    if (month === 12) {
      month = 0;
      year += 1;
    }
  }
  return months;
};

/**
 * Where an account stood when a UTC month began: the opening of its first month with
 * transfers from then on, or, when it has none since, its position after its last.
 */
export const positionAtStartOf = (
  positions: ProjectedPositions,
  month: string,
): StatementPosition => {
  let found: string | undefined;
  for (const key of Object.keys(positions.openings)) {
    if (key >= month && (found === undefined || key < found)) found = key;
  }
  return found === undefined ? positions.closing : (positions.openings[found] ?? positions.closing);
};

/**
 * The couriers' position when a UTC month began, summed over the accounts' positions
 * documents: the opening `pointsSummary` takes with the transfers from that month on.
 */
export const pointsOpeningAt = (
  positions: Iterable<ProjectedPositions>,
  month: string,
): PointsOpening => {
  let balance = 0;
  let held = 0;
  for (const account of positions) {
    const position = positionAtStartOf(account, month);
    balance += position.balance;
    held += position.held;
  }
  return { balance, held };
};

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
  readonly apply: (state: unknown, event: EventEnvelope) => unknown;
}

const evolving = <State>(
  decider: {
    readonly initialState: () => State;
    readonly evolve: (state: State, event: never) => State;
  },
  keep: (state: State) => State = (state) => state,
): Projector => ({
  initial: decider.initialState,
  apply: (state, event) =>
    keep(
      (decider.evolve as (state: State, event: unknown) => State)(state as State, {
        type: event.type,
        data: event.data,
      }),
    ),
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
};

/** The aggregate kinds the projection keeps; events of others only move the checkpoint. */
export const projectedAggregates: ReadonlyArray<string> = [
  ...Object.keys(projectors),
  pointsAccountDecider.aggregate,
];

/** The id of an aggregate's document: its community, kind and id. */
export const projectedAggregateId = (community: string, aggregate: string, id: string): string =>
  `${community}/${aggregate}/${id}`;

const aggregateIdOf = (event: EventEnvelope): string =>
  event.stream.slice(event.aggregate.length + 1);

const CHECKPOINT = "log";

/** Applies events of one aggregate to its document, again on a concurrent write. */
const applyToAggregate = (
  rows: ReadModelApi<ProjectedAggregate>,
  projector: Projector,
  id: string,
  events: ReadonlyArray<LoggedEvent>,
): Effect.Effect<void, unknown> =>
  Effect.gen(function* () {
    const first = events[0];
    if (first === undefined) return;
    const stored = yield* rows.get(id);
    const current = Option.getOrUndefined(stored);
    let document: ProjectedAggregate = current?.document ?? {
      community: first.event.community,
      aggregate: first.event.aggregate,
      aggregateId: aggregateIdOf(first.event),
      version: 0,
      position: 0,
      state: projector.initial(),
    };
    let changed = false;
    for (const { position, event } of events) {
      // Seen before (a page read again, or another instance got here first).
      if (event.version <= document.version) continue;
      document = {
        ...document,
        version: event.version,
        position,
        state: projector.apply(document.state, event),
      };
      changed = true;
    }
    if (!changed) return;
    yield* rows.upsert(id, document, { expectedRevision: current?.revision ?? 0 });
  }).pipe(
    Effect.catchIf(
      (error) => (error as { readonly _tag?: string })._tag === "RevisionConflict",
      () => applyToAggregate(rows, projector, id, events),
    ),
  );

/** Reads a document and writes what `change` makes of it, again on a concurrent write. */
const rewrite = (
  rows: ReadModelApi<ProjectedAggregate>,
  id: string,
  change: (current: ProjectedAggregate | undefined) => ProjectedAggregate | undefined,
): Effect.Effect<void, unknown> =>
  Effect.gen(function* () {
    const current = Option.getOrUndefined(yield* rows.get(id));
    const changed = change(current?.document);
    if (changed === undefined) return;
    yield* rows.upsert(id, changed, { expectedRevision: current?.revision ?? 0 });
  }).pipe(
    Effect.catchIf(
      (error) => (error as { readonly _tag?: string })._tag === "RevisionConflict",
      () => rewrite(rows, id, change),
    ),
  );

/** An event of a points account and the transfers it records. */
interface RecordingEvent {
  readonly logged: LoggedEvent;
  readonly transfers: ReadonlyArray<Transfer>;
}

/**
 * Applies a page's events of one points account: each month's transfers to that month's
 * document, and every transfer to the account's positions, each document skipping the
 * events at or below its version and written once.
 */
const applyToAccount = (
  rows: ReadModelApi<ProjectedAggregate>,
  events: ReadonlyArray<LoggedEvent>,
): Effect.Effect<void, unknown> =>
  Effect.gen(function* () {
    const recording: RecordingEvent[] = [];
    for (const logged of events) {
      const transfers = accountTransfersOf([logged.event]);
      if (transfers.length > 0) recording.push({ logged, transfers });
    }
    const first = recording[0]?.logged.event;
    if (first === undefined) return;
    const { community } = first;
    const account = aggregateIdOf(first);
    const base = (aggregate: string) => ({
      community,
      aggregate,
      aggregateId: account,
      version: 0,
      position: 0,
    });
    const months = new Map<string, RecordingEvent[]>();
    for (const each of recording) {
      for (const transfer of each.transfers) {
        const month = utcMonthOf(transfer.at);
        const list = months.get(month) ?? [];
        if (list.at(-1) !== each) list.push(each);
        months.set(month, list);
      }
    }
    for (const [month, monthEvents] of months) {
      yield* rewrite(
        rows,
        `${projectedAggregateId(community, pointsAccountDecider.aggregate, account)}/${month}`,
        (current) => {
          const document = current ?? {
            ...base(pointsAccountDecider.aggregate),
            state: { transfers: [] } satisfies ProjectedAccount,
            month,
          };
          const fresh = monthEvents.filter((each) => each.logged.event.version > document.version);
          const last = fresh.at(-1);
          if (last === undefined) return undefined;
          const added = fresh.flatMap((each) =>
            each.transfers.filter((transfer) => utcMonthOf(transfer.at) === month),
          );
          return {
            ...document,
            version: last.logged.event.version,
            position: last.logged.position,
            state: {
              transfers: [...(document.state as ProjectedAccount).transfers, ...added],
            } satisfies ProjectedAccount,
          };
        },
      );
    }
    yield* rewrite(rows, projectedAggregateId(community, POINTS_POSITION, account), (current) => {
      const document = current ?? {
        ...base(POINTS_POSITION),
        state: {
          openings: {},
          closing: courierPositionAfter({ balance: 0, held: 0 }, []),
        } satisfies ProjectedPositions,
      };
      const fresh = recording.filter((each) => each.logged.event.version > document.version);
      const last = fresh.at(-1);
      if (last === undefined) return undefined;
      const state = document.state as ProjectedPositions;
      const openings: Record<string, StatementPosition> = { ...state.openings };
      let closing = state.closing;
      for (const transfer of fresh.flatMap((each) => each.transfers)) {
        const month = utcMonthOf(transfer.at);
        if (openings[month] === undefined) {
          openings[month] = positionAtStartOf({ openings, closing }, month);
        }
        // A transfer recorded in a month before others already kept moves their openings too.
        for (const later of Object.keys(openings)) {
          const opening = openings[later];
          if (later > month && opening !== undefined) {
            openings[later] = courierPositionAfter(opening, [transfer]);
          }
        }
        closing = courierPositionAfter(closing, [transfer]);
      }
      return {
        ...document,
        version: last.logged.event.version,
        position: last.logged.position,
        state: { openings, closing } satisfies ProjectedPositions,
      };
    });
  });

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

/**
 * Brings the projection up to the end of the event log (the store's `readLog` from its
 * checkpoint), a page at a time: each aggregate's events applied to its document with the
 * package's `evolve`, then the checkpoint moved past the page. Safe to run in several
 * instances at once and to stop anywhere: a document takes only events newer than its
 * version, each write is guarded by the document's revision (a lost race applies again
 * on the fresh document), and the checkpoint only moves forward. Returns the position
 * read to.
 *
 * @example
 * const position = yield* catchUpInsights();
 */
export const catchUpInsights = (
  options: CatchUpOptions = {},
): Effect.Effect<number, unknown, Store> =>
  Effect.gen(function* () {
    const projection = options.projection ?? serviceProjection;
    const pageSize = options.pageSize ?? 500;
    const store = yield* Store;
    const rows = yield* store.readModel(projection.aggregates);
    const checkpoints = yield* store.readModel(projection.checkpoints);
    let after = yield* projectionPosition(projection);
    for (let pages = 0; options.maxPages === undefined || pages < options.maxPages; pages++) {
      const page = yield* store.readLog({ after, limit: pageSize });
      const last = page.at(-1);
      if (last === undefined) break;
      const byAggregate = new Map<string, LoggedEvent[]>();
      for (const logged of page) {
        const { event } = logged;
        if (!projectedAggregates.includes(event.aggregate)) continue;
        const id = projectedAggregateId(event.community, event.aggregate, aggregateIdOf(event));
        const events = byAggregate.get(id) ?? [];
        events.push(logged);
        byAggregate.set(id, events);
      }
      for (const [id, events] of byAggregate) {
        const aggregate = events[0]?.event.aggregate ?? "";
        const projector = projectors[aggregate];
        if (projector !== undefined) yield* applyToAggregate(rows, projector, id, events);
        else if (aggregate === pointsAccountDecider.aggregate) yield* applyToAccount(rows, events);
      }
      yield* advanceCheckpoint(checkpoints, last.position);
      after = last.position;
    }
    return after;
  });

/**
 * Throws the projection away and builds it again from position 0: what to run after a
 * change to how figures are kept (or to check it). While it runs, figures read from it are
 * incomplete.
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
    for (;;) {
      const page = yield* rows.find({ limit: 1_000 });
      if (page.items.length === 0) break;
      for (const item of page.items) yield* rows.delete(item.id);
    }
    return yield* catchUpInsights(options);
  });

/**
 * The documents the projection keeps for a community: every one, or, with `months`, the
 * aggregates, the points accounts' positions and the accounts' transfers of those UTC
 * months only (none for `[]`).
 *
 * @example
 * const documents = yield* projectedAggregatesOf(community, serviceProjection, utcMonthsOf(period));
 */
export const projectedAggregatesOf = (
  community: string,
  projection: InsightsProjection = serviceProjection,
  months?: ReadonlyArray<string>,
): Effect.Effect<ReadonlyArray<ProjectedAggregate>, unknown, Store> =>
  Effect.gen(function* () {
    const store = yield* Store;
    const rows = yield* store.readModel(projection.aggregates);
    const documents: ProjectedAggregate[] = [];
    const wheres: ReadonlyArray<{ readonly community: string; readonly month?: string | null }> =
      months === undefined
        ? [{ community }]
        : [{ community, month: null }, ...months.map((month) => ({ community, month }))];
    for (const where of wheres) {
      let after: string | undefined;
      do {
        const page = yield* rows.find({
          where,
          limit: 1_000,
          ...(after === undefined ? {} : { after }),
        });
        for (const item of page.items) documents.push(item.document);
        after = page.next;
      } while (after !== undefined);
    }
    return documents;
  });
