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
  type FindOptions,
  type LoggedEvent,
  type ReadModelApi,
  type ReadModelDefinition,
  Store,
  type StoredDocument,
} from "@courier-station/kit";
import {
  accountTransfersOf,
  courierPositionAfter,
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
 *   per account and UTC month of the transfer's `at`, with where the account stood when
 *   the month began (`courierPositionAfter`: posted balance and points held), so an event
 *   rewrites its month's document only, never the account's whole history, and a figure
 *   reads the months of its period only, with their openings as `pointsSummary`'s;
 * - `pointsPosition`: per account, its position when each of those months began and after
 *   its last transfer, and its latest month: what a figure takes for the accounts without
 *   transfers in its months (only those are read, by their latest month), and where a new
 *   month of the account opens.
 *
 * Months are UTC months, not the community's: the time zone is the policy's, which the
 * log's events do not carry and which may change, and a document must not move when it
 * does. A local month (or quarter, year) touches at most one UTC month more than it
 * covers (the one its first or last hours fall in), so a figure reads the UTC months
 * overlapping its period, and `pointsSummary` counts the transfers of those hours into
 * the opening by their `at`, as it always did.
 *
 * Each document keeps the version of the last event applied to it and skips events at or
 * below it. An account's events go to several documents (its positions, the month of each
 * transfer, and the later months a late transfer moves the opening of), each skipping on
 * its own: an instance applies a page only after every earlier event has been applied (it
 * read the pages before, or its checkpoint is past them), so a document at version v has
 * taken every event up to v that belongs to it; and the positions are written after the
 * months, so they are never ahead of them, and a new month opens where they stood.
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
  /** For a points account's positions: its latest month with transfers. */
  readonly latestMonth?: string;
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
    indexes: { community: "string", aggregate: "string", month: "string", latestMonth: "string" },
  }),
  checkpoints: defineReadModel<ProjectionCheckpoint>({
    name: `${prefix}_${PROJECTION_LAYOUT}_checkpoints`,
    indexes: {},
  }),
});

/** The service's projection. */
export const serviceProjection = insightsProjection();

/**
 * A points account's month as the projection keeps it: where the account stood when the
 * month began, and the transfers its events recorded in it.
 */
export interface ProjectedAccount {
  readonly opening: StatementPosition;
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

/** The UTC month ("2026-11") of an instant (an `Instant` is in UTC already). */
export const utcMonthOf = (instant: string): string =>
  (instant.endsWith("Z") ? instant : new Date(instant).toISOString()).slice(0, 7);

/**
 * The UTC months ("2026-11") a period overlaps, oldest first: the months whose transfers
 * a figure over it reads (an empty period, the month it is in: its opening is read there).
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
  const end = Math.max(year * 12 + month, last.getUTCFullYear() * 12 + last.getUTCMonth());
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

/** An event of a points account and the transfers it records. */
interface RecordingEvent {
  readonly logged: LoggedEvent;
  readonly transfers: ReadonlyArray<Transfer>;
}

/** A document as a page's events change it: what was stored, and what will be. */
interface Changing<State> {
  readonly revision: number;
  readonly document: ProjectedAggregate;
  state: State;
  /** The version and log position of the last event applied, once one is. */
  version?: number;
  position?: number;
  changed: boolean;
}

/** A changed document's version and position, from the last event applied to it. */
const appliedOf = (changing: Changing<unknown>) => ({
  version: changing.version ?? changing.document.version,
  position: changing.position ?? changing.document.position,
});

const NO_POSITION: StatementPosition = courierPositionAfter({ balance: 0, held: 0 }, []);

/**
 * Applies a page's events of one points account: each transfer to its month's document,
 * the months after it (a transfer recorded late, in an earlier month) moved by it, and
 * every transfer to the account's positions. Each document skips the events at or below
 * its version; a new month's opening is the positions' before the event that opens it
 * (the positions document is written after the months, so it is never ahead of them). On
 * a concurrent write, the whole page is applied again from the fresh documents.
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
    const monthId = (month: string) =>
      `${projectedAggregateId(community, pointsAccountDecider.aggregate, account)}/${month}`;
    const positionsId = projectedAggregateId(community, POINTS_POSITION, account);

    const storedPositions = Option.getOrUndefined(yield* rows.get(positionsId));
    const positionsState = storedPositions?.document.state as ProjectedPositions | undefined;
    const positions: Changing<{
      openings: Record<string, StatementPosition>;
      closing: StatementPosition;
    }> = {
      revision: storedPositions?.revision ?? 0,
      document: storedPositions?.document ?? {
        community,
        aggregate: POINTS_POSITION,
        aggregateId: account,
        version: 0,
        position: 0,
        state: undefined,
      },
      state: {
        openings: { ...(positionsState?.openings ?? {}) },
        closing: positionsState?.closing ?? NO_POSITION,
      },
      changed: false,
    };
    // Every month the page can change, read first: its transfers' months, and the later
    // months already kept, whose openings a late transfer moves.
    const wanted = new Set<string>();
    for (const { transfers } of recording) {
      for (const transfer of transfers) wanted.add(utcMonthOf(transfer.at));
    }
    let earliest: string | undefined;
    for (const month of wanted) if (earliest === undefined || month < earliest) earliest = month;
    for (const month of Object.keys(positions.state.openings)) {
      if (earliest !== undefined && month > earliest) wanted.add(month);
    }
    const stored = new Map<string, StoredDocument<ProjectedAggregate>>();
    for (const month of wanted) {
      const found = Option.getOrUndefined(yield* rows.get(monthId(month)));
      if (found !== undefined) stored.set(month, found);
    }
    const months = new Map<
      string,
      Changing<{ opening: StatementPosition; transfers: Transfer[] }>
    >();
    const monthOf = (month: string) => {
      const known = months.get(month);
      if (known !== undefined) return known;
      const found = stored.get(month);
      const state = found?.document.state as ProjectedAccount | undefined;
      const loaded = {
        revision: found?.revision ?? 0,
        document: found?.document ?? {
          community,
          aggregate: pointsAccountDecider.aggregate,
          aggregateId: account,
          version: 0,
          position: 0,
          state: undefined,
          month,
        },
        state: {
          // A new month opens where the account stood before the event that opens it.
          opening: state?.opening ?? positionAtStartOf(positions.state, month),
          transfers: [...(state?.transfers ?? [])],
        },
        changed: false,
      };
      months.set(month, loaded);
      return loaded;
    };
    // The account's months in order, to find those after a transfer's.
    const known = Object.keys(positions.state.openings).sort();
    const laterThan = (month: string): ReadonlyArray<string> => {
      const last = known.at(-1);
      if (last === undefined || last <= month) return [];
      return known.filter((each) => each > month);
    };

    for (const { logged, transfers } of recording) {
      const { version } = logged.event;
      const touched = new Set<Changing<unknown>>();
      for (const transfer of transfers) {
        const month = utcMonthOf(transfer.at);
        const own = monthOf(month);
        if (version > own.document.version) {
          own.state.transfers.push(transfer);
          touched.add(own);
        }
        // The months after it open where this transfer leaves the account.
        const later = laterThan(month);
        for (const each of later) {
          const moved = monthOf(each);
          if (version > moved.document.version) {
            moved.state.opening = courierPositionAfter(moved.state.opening, [transfer]);
            touched.add(moved);
          }
        }
        if (version > positions.document.version) {
          const { openings } = positions.state;
          if (openings[month] === undefined) {
            openings[month] = positionAtStartOf(positions.state, month);
          }
          for (const each of later) {
            const opening = openings[each];
            if (opening !== undefined) openings[each] = courierPositionAfter(opening, [transfer]);
          }
          positions.state.closing = courierPositionAfter(positions.state.closing, [transfer]);
          touched.add(positions);
        }
        if (!known.includes(month)) {
          known.push(month);
          known.sort();
        }
      }
      for (const document of touched) {
        document.version = version;
        document.position = logged.position;
        document.changed = true;
      }
    }

    for (const [month, changing] of months) {
      if (!changing.changed) continue;
      yield* rows.upsert(
        monthId(month),
        {
          ...changing.document,
          ...appliedOf(changing),
          state: {
            opening: changing.state.opening,
            transfers: changing.state.transfers,
          } satisfies ProjectedAccount,
        },
        { expectedRevision: changing.revision },
      );
    }
    if (positions.changed) {
      const { openings, closing } = positions.state;
      let latestMonth = "";
      for (const month of Object.keys(openings)) if (month > latestMonth) latestMonth = month;
      yield* rows.upsert(
        positionsId,
        {
          ...positions.document,
          ...appliedOf(positions),
          latestMonth,
          state: { openings, closing } satisfies ProjectedPositions,
        },
        { expectedRevision: positions.revision },
      );
    }
  }).pipe(
    Effect.catchIf(
      (error) => (error as { readonly _tag?: string })._tag === "RevisionConflict",
      () => applyToAccount(rows, events),
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

/** Reads every page of a query. */
const everyPage = (
  rows: ReadModelApi<ProjectedAggregate>,
  query: Omit<FindOptions<ProjectedAggregate>, "after" | "limit">,
  until?: (document: ProjectedAggregate) => boolean,
): Effect.Effect<ReadonlyArray<ProjectedAggregate>, unknown> =>
  Effect.gen(function* () {
    const documents: ProjectedAggregate[] = [];
    let after: string | undefined;
    do {
      const page = yield* rows.find({
        ...query,
        limit: 1_000,
        ...(after === undefined ? {} : { after }),
      });
      for (const item of page.items) {
        if (until?.(item.document) === true) return documents;
        documents.push(item.document);
      }
      after = page.next;
    } while (after !== undefined);
    return documents;
  });

/**
 * Every document the projection keeps for a community, or, with `months`, the aggregates'
 * and, for the points, what a figure over those UTC months reads (`pointsDocumentsOf`).
 *
 * @example
 * const documents = yield* projectedAggregatesOf(community);
 */
export const projectedAggregatesOf = (
  community: string,
  projection: InsightsProjection = serviceProjection,
  months?: ReadonlyArray<string>,
): Effect.Effect<ReadonlyArray<ProjectedAggregate>, unknown, Store> =>
  Effect.gen(function* () {
    const store = yield* Store;
    const rows = yield* store.readModel(projection.aggregates);
    if (months === undefined) return yield* everyPage(rows, { where: { community } });
    const documents: ProjectedAggregate[] = [];
    for (const aggregate of Object.keys(projectors)) {
      documents.push(...(yield* everyPage(rows, { where: { community, aggregate } })));
    }
    documents.push(...(yield* pointsDocumentsOf(community, months, projection)));
    return documents;
  });

/**
 * What figures over some consecutive UTC months read of the points: the accounts' months
 * among them (each with where the account stood when it began), and the positions of the
 * accounts with no transfers in them — those whose latest month is before the first or
 * after the last, read in the order of their latest month from either end, so a month's
 * figures read the accounts that were quiet in it, not every account. None for `[]`.
 *
 * @example
 * const points = yield* pointsDocumentsOf(community, utcMonthsOf(period));
 */
export const pointsDocumentsOf = (
  community: string,
  months: ReadonlyArray<string>,
  projection: InsightsProjection = serviceProjection,
): Effect.Effect<ReadonlyArray<ProjectedAggregate>, unknown, Store> =>
  Effect.gen(function* () {
    const first = months[0];
    const last = months.at(-1);
    if (first === undefined || last === undefined) return [];
    const store = yield* Store;
    const rows = yield* store.readModel(projection.aggregates);
    const documents: ProjectedAggregate[] = [];
    for (const month of months) {
      documents.push(...(yield* everyPage(rows, { where: { community, month } })));
    }
    const positions = { community, aggregate: POINTS_POSITION };
    documents.push(
      ...(yield* everyPage(
        rows,
        { where: positions, orderBy: { field: "latestMonth" } },
        (document) => (document.latestMonth ?? "") >= first,
      )),
      ...(yield* everyPage(
        rows,
        { where: positions, orderBy: { field: "latestMonth", direction: "descending" } },
        (document) => (document.latestMonth ?? "") <= last,
      )),
    );
    return documents;
  });
