import {
  decisionTime,
  type Open311RequestArguments,
  type ReportListItem,
  type ReportView,
  type SuggestionView,
  type Unversioned,
} from "@courier-station/contracts";
import {
  type Actor,
  type CommunityPolicy,
  type DuplicateCandidate,
  type DuplicateHint,
  duplicateCandidateOf,
  duplicateHints,
  type GeoPoint,
  HOUR,
  type Instant,
  instantFromMillis,
  isReportOverdue,
  isReportSubmitted,
  isResolutionConfirmationDue,
  isSuggestionResponseOverdue,
  isSuggestionSubmitted,
  type Language,
  localized,
  millisOf,
  Open311QueryInvalid,
  type Open311RequestQuery,
  type Open311ServiceRequest,
  open311RequestLimit,
  open311RequestQuery,
  open311ServiceRequest,
  ReportNotFound,
  type ReportState,
  type ReportStatus,
  reportCategoryName,
  reportHandlerName,
  reportOverdueMillis,
  reportPublicView,
  reportReporterView,
  reportStaffView,
  SuggestionNotFound,
  type SuggestionState,
  selectOpen311Requests,
  suggestionCourierView,
  suggestionPublicView,
  suggestionStaffView,
} from "@courier-station/core";
import {
  type FindOptions,
  type InvalidQuery,
  type Page,
  type ReadModelApi,
  Store,
  type StoredDocument,
  type StoreFailure,
} from "@courier-station/kit";
import { Effect, Either, Option } from "effect";
import { z } from "zod";
import { reportKey, suggestionKey } from "./commands.js";
import {
  cellsAround,
  type ReportRow,
  reportRowId,
  reportRows,
  type SuggestionRow,
} from "./read-models.js";

/** A page of a list query, as the contracts reply it. */
export interface ListPage<Item> {
  readonly items: Item[];
  readonly next?: string;
}

/** A page of read-model rows mapped to items, keeping the cursor. */
export const pageOf = <Row, Item>(
  page: Page<Row>,
  map: (row: Row) => Item | undefined,
): ListPage<Item> => {
  const items = page.items.flatMap((item) => {
    const mapped = map(item.document);
    return mapped === undefined ? [] : [mapped];
  });
  return page.next === undefined ? { items } : { items, next: page.next };
};

/**
 * Reads a read model page by page from a query, handing each row to `visit` until it
 * says to stop or `maxRows` were read: the scans of the duplicate hint, Open311 and the
 * timers, which stop on a time bound rather than a page size.
 */
export const scanRows = <Row extends object>(
  rows: ReadModelApi<Row>,
  query: Omit<FindOptions<Row>, "after" | "limit">,
  visit: (row: StoredDocument<Row>) => "continue" | "stop",
  maxRows = 5_000,
): Effect.Effect<void, InvalidQuery | StoreFailure> =>
  Effect.gen(function* () {
    let after: string | undefined;
    let read = 0;
    for (;;) {
      const page = yield* rows.find({
        ...query,
        limit: 200,
        ...(after === undefined ? {} : { after }),
      });
      for (const row of page.items) {
        read += 1;
        if (visit(row) === "stop" || read >= maxRows) return;
      }
      if (page.next === undefined) return;
      after = page.next;
    }
  });

// Core's views have readonly arrays where the contract's inferred types are mutable; the
// shapes are the same, and the kit checks every reply against the contract.
const asReportView = (view: object): Unversioned<ReportView> => view as Unversioned<ReportView>;
const asSuggestionView = (view: object): Unversioned<SuggestionView> =>
  view as Unversioned<SuggestionView>;

/**
 * A report as an actor may see it: staff, auditors and the system the staff view, as does
 * the handler it is routed to; its reporter the reporter's view; anyone else the public
 * timeline while the public may see it. What the actor may not see is
 * `report.not_found`, so a report's existence is not given away.
 *
 * @example
 * reportViewFor(courier, state, policy, now); // Either.right({ view: "reporter", … })
 */
export const reportViewFor = (
  actor: Actor,
  state: ReportState,
  policy: CommunityPolicy,
  now: Instant,
  reportId: string,
): Either.Either<Unversioned<ReportView>, ReportNotFound> => {
  const notFound = Either.left(new ReportNotFound({ reportId }));
  if (!isReportSubmitted(state)) return notFound;
  const staff = () => {
    const view = reportStaffView(state, policy.reports, now);
    return view === undefined ? notFound : Either.right(asReportView({ view: "staff", ...view }));
  };
  const publicView = () => {
    const view = reportPublicView(state, policy.reports);
    return view === undefined ? notFound : Either.right(asReportView({ view: "public", ...view }));
  };
  switch (actor.role) {
    case "staff":
    case "auditor":
    case "system":
      return staff();
    case "handler":
      return state.handlerId === actor.id ? staff() : publicView();
    case "courier": {
      const own = reportReporterView(state, policy.reports, actor.id);
      return own === undefined
        ? publicView()
        : Either.right(asReportView({ view: "reporter", ...own }));
    }
    default:
      return publicView();
  }
};

/**
 * A report of a staff list at `now`: the staff view's figures without the history.
 *
 * @example
 * reportListItemOf(row.report, policy, now).overdue; // true
 */
export const reportListItemOf = (
  state: ReportState,
  policy: CommunityPolicy,
  now: Instant,
): ReportListItem | undefined => {
  if (!isReportSubmitted(state)) return undefined;
  const report = state;
  return {
    reportId: report.reportId,
    status: report.status,
    category: report.category,
    categoryName: reportCategoryName(policy.reports, report.category),
    reporterId: report.reporterId,
    description: report.description,
    location: report.location,
    photoCount: report.photos.length,
    ...(report.stationId === undefined ? {} : { stationId: report.stationId }),
    ...(report.handlerId === undefined
      ? {}
      : {
          handlerId: report.handlerId,
          handlerName: reportHandlerName(policy.reports, report.handlerId),
        }),
    observedAt: report.observedAt,
    submittedAt: report.submittedAt,
    ...(report.acceptedAt === undefined ? {} : { acceptedAt: report.acceptedAt }),
    ...(report.dueAt === undefined ? {} : { dueAt: report.dueAt }),
    overdue: isReportOverdue(report, now),
    overdueMillis: reportOverdueMillis(report, now),
    ...(report.resolution === undefined
      ? {}
      : { confirmationDueAt: report.resolution.confirmationDueAt }),
    confirmationDue: isResolutionConfirmationDue(report, now),
    ...(report.rejection === undefined ? {} : { rejection: report.rejection }),
    hidden: report.hidden !== undefined,
    reopenCount: report.reopenCount,
    updatedAt: report.updatedAt,
  };
};

/**
 * A suggestion as an actor may see it: staff, auditors and the system the staff view,
 * couriers the courier view, others the public view; a withdrawn suggestion only staff
 * (`suggestion.not_found` for the rest).
 *
 * @example
 * suggestionViewFor(courier, state, policy, now); // Either.right({ view: "courier", … })
 */
export const suggestionViewFor = (
  actor: Actor,
  state: SuggestionState,
  policy: CommunityPolicy,
  now: Instant,
  suggestionId: string,
): Either.Either<Unversioned<SuggestionView>, SuggestionNotFound> => {
  const notFound = Either.left(new SuggestionNotFound({ suggestionId }));
  if (!isSuggestionSubmitted(state)) return notFound;
  switch (actor.role) {
    case "staff":
    case "auditor":
    case "system": {
      const view = suggestionStaffView(state, policy.suggestions, now);
      return view === undefined
        ? notFound
        : Either.right(asSuggestionView({ view: "staff", ...view }));
    }
    case "courier": {
      const view = suggestionCourierView(state, policy.suggestions, actor.id as never);
      return view === undefined
        ? notFound
        : Either.right(asSuggestionView({ view: "courier", ...view }));
    }
    default: {
      const view = suggestionPublicView(state, policy.suggestions);
      return view === undefined
        ? notFound
        : Either.right(asSuggestionView({ view: "public", ...view }));
    }
  }
};

/** A suggestion in a list, as the actor may see it; nothing when they may not. */
export const suggestionListViewOf = (
  actor: Actor,
  row: SuggestionRow,
  policy: CommunityPolicy,
  now: Instant,
): Unversioned<SuggestionView> | undefined =>
  Either.getOrUndefined(suggestionViewFor(actor, row.suggestion, policy, now, row.suggestionId));

/** Loads a report's state; the initial state when there is none. */
export const loadReportState = (community: string, reportId: string) =>
  Effect.map(loadReportRecord(community, reportId), (record) => record.state);

/** Loads a report's state with its record's version; the initial state at 0 when there is none. */
export const loadReportRecord = (community: string, reportId: string) =>
  Effect.flatMap(Store, (store) =>
    Effect.map(
      store.load<ReportState>(reportKey(community, reportId)),
      Option.match({
        onNone: () => ({ state: { status: "none" } as ReportState, version: 0 }),
        onSome: (record) => ({ state: record.state, version: record.version }),
      }),
    ),
  );

/** Loads a suggestion's state; the initial state when there is none. */
export const loadSuggestionState = (community: string, suggestionId: string) =>
  Effect.map(loadSuggestionRecord(community, suggestionId), (record) => record.state);

/** Loads a suggestion's state with its record's version; the initial state at 0 when there is none. */
export const loadSuggestionRecord = (community: string, suggestionId: string) =>
  Effect.flatMap(Store, (store) =>
    Effect.map(
      store.load<SuggestionState>(suggestionKey(community, suggestionId)),
      Option.match({
        onNone: () => ({ state: { status: "none" } as SuggestionState, version: 0 }),
        onSome: (record) => ({ state: record.state, version: record.version }),
      }),
    ),
  );

/**
 * The duplicate hint: reports of a category within the policy's radius and time window
 * of a point, closest first. The candidates come from the grid cells around the point
 * (see `cellsAround`), each read newest observation first and only as far back as the
 * window; core's `duplicateHints` measures them exactly.
 *
 * @example
 * const hints = yield* findDuplicateHints("jinshan-wanda", { category, point, observedAt }, policy);
 */
export const findDuplicateHints = (
  community: string,
  report: {
    readonly category: string;
    readonly point: GeoPoint;
    readonly observedAt: Instant;
    readonly reportId?: string;
  },
  policy: CommunityPolicy,
  limit: number,
) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const rows = yield* store.readModel(reportRows);
    const { duplicateRadiusMetres, duplicateWindowHours } = policy.reports;
    const earliest = millisOf(report.observedAt) - duplicateWindowHours * HOUR;
    const grid = cellsAround(report.point, duplicateRadiusMetres);
    const candidates = new Map<string, DuplicateCandidate>();
    const visit = (row: StoredDocument<ReportRow>) => {
      if (row.document.observedAtMillis < earliest) return "stop" as const;
      const candidate = duplicateCandidateOf(row.document.report);
      if (candidate !== undefined) candidates.set(candidate.reportId, candidate);
      return "continue" as const;
    };
    const where = { community, category: report.category };
    const orderBy = { field: "observedAtMillis", direction: "descending" } as const;
    if (grid === undefined) {
      yield* scanRows(rows, { where, orderBy }, visit);
    } else {
      for (const cell of grid.cells) {
        yield* scanRows(rows, { where: { ...where, [grid.field]: cell }, orderBy }, visit);
      }
    }
    const hints: DuplicateHint[] = duplicateHints(
      {
        reportId: (report.reportId ?? "") as DuplicateCandidate["reportId"],
        category: report.category,
        point: report.point,
        observedAt: report.observedAt,
      },
      candidates.values(),
      policy.reports,
    );
    return hints.slice(0, limit);
  });

/** The report statuses of each Open311 status. */
const statusesOfOpen311: Readonly<Record<"open" | "closed", ReadonlyArray<ReportStatus>>> = {
  open: ["submitted", "accepted", "in_progress", "reopened"],
  closed: ["resolved", "closed", "rejected"],
};

/** Where a page of Open311 requests ended: the time the query was read at, and how many came before. */
interface Open311Cursor {
  readonly at: number;
  readonly offset: number;
}

const open311Cursor = z.strictObject({
  at: z.number().int().nonnegative(),
  offset: z.number().int().min(1).max(open311RequestLimit),
});

const encodeOpen311Cursor = (cursor: Open311Cursor): string =>
  Buffer.from(JSON.stringify(cursor), "utf8").toString("base64url");

const decodeOpen311Cursor = (after: string): Open311Cursor | undefined => {
  try {
    const parsed = open311Cursor.safeParse(
      JSON.parse(Buffer.from(after, "base64url").toString("utf8")),
    );
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
};

const badCursor = () =>
  new Open311QueryInvalid({
    issues: [
      {
        path: ["after"],
        field: "after",
        code: "custom",
        message: localized("分页游标无效", "the cursor of the page is not valid"),
      },
    ],
  });

/**
 * Open311 `GET requests`, a page at a time (a thousand requests would not fit one bus
 * message): the query read by core's `open311RequestQuery` (every problem refused at
 * once) at the time of its first page — the cursor keeps that time, so the pages of one
 * answer read the same date range — the candidates from the report rows (by id, or
 * newest first within the range, per service code when a few are asked), mapped by
 * `open311ServiceRequest` and chosen by `selectOpen311Requests`; at most 1,000 across
 * the pages, as the specification says.
 */
export const listOpen311Requests = (
  community: string,
  query: Open311RequestArguments,
  policy: CommunityPolicy,
  options: {
    readonly language?: Language;
    readonly photoBaseUrl?: string;
    readonly after?: string;
    readonly limit: number;
  },
) =>
  Effect.gen(function* () {
    const cursor = options.after === undefined ? undefined : decodeOpen311Cursor(options.after);
    if (options.after !== undefined && cursor === undefined) return yield* Effect.fail(badCursor());
    const at = cursor?.at ?? millisOf(yield* decisionTime);
    const parsed = open311RequestQuery(query, instantFromMillis(at));
    if (Either.isLeft(parsed)) return yield* Effect.fail(parsed.left);
    const request = parsed.right;
    const offset = cursor?.offset ?? 0;
    const wanted = Math.min(offset + options.limit, open311RequestLimit);
    const selected = yield* selectedOpen311Requests(community, request, policy, options, wanted);
    const items = selected.slice(offset, wanted);
    return selected.length > wanted && items.length > 0
      ? { items, next: encodeOpen311Cursor({ at, offset: wanted }) }
      : { items };
  });

const selectedOpen311Requests = (
  community: string,
  request: Open311RequestQuery,
  policy: CommunityPolicy,
  options: { readonly language?: Language; readonly photoBaseUrl?: string },
  wanted: number,
) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const rows = yield* store.readModel(reportRows);
    const mapped = (state: ReportState): Open311ServiceRequest | undefined =>
      open311ServiceRequest(state, policy.reports, {
        ...(options.language === undefined ? {} : { language: options.language }),
        ...(options.photoBaseUrl === undefined ? {} : { photoBaseUrl: options.photoBaseUrl }),
      });
    const found: Open311ServiceRequest[] = [];
    if (request.kind === "ids") {
      for (const id of request.serviceRequestIds) {
        const row = yield* rows.get(reportRowId(community, id));
        const item = Option.isSome(row) ? mapped(row.value.document.report) : undefined;
        if (item !== undefined) found.push(item);
      }
      return selectOpen311Requests(found, request);
    }
    const start = millisOf(request.start);
    const end = millisOf(request.end);
    const statuses =
      request.statuses === undefined
        ? undefined
        : new Set(request.statuses.flatMap((status) => statusesOfOpen311[status]));
    const codes = request.serviceCodes;
    const scans =
      codes !== undefined && codes.length <= 20
        ? codes.map((category) => ({ community, category }))
        : [{ community }];
    // One more than wanted tells whether another page follows.
    const enough = Math.min(wanted + 1, request.limit);
    for (const where of scans) {
      let taken = 0;
      yield* scanRows(
        rows,
        { where, orderBy: { field: "submittedAtMillis", direction: "descending" } },
        ({ document: row }) => {
          if (row.submittedAtMillis > end) return "continue";
          if (row.submittedAtMillis < start) return "stop";
          if (codes !== undefined && !codes.includes(row.category)) return "continue";
          if (statuses !== undefined && !statuses.has(row.report.status)) return "continue";
          const item = mapped(row.report);
          if (item !== undefined) found.push(item);
          taken += 1;
          return taken >= enough ? "stop" : "continue";
        },
        // The whole range may need reading when most of it is filtered out.
        1_000_000,
      );
    }
    return selectOpen311Requests(found, { ...request, limit: enough });
  });

/** Whether a suggestion waits for its first response past the policy's days at `now`. */
export const isOverdueSuggestion = (
  row: SuggestionRow,
  policy: CommunityPolicy,
  now: Instant,
): boolean => isSuggestionResponseOverdue(row.suggestion, now, policy.suggestions);
