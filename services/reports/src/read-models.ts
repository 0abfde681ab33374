import {
  type GeoPoint,
  type Instant,
  isReportSubmitted,
  isSuggestionSubmitted,
  millisOf,
  type Report,
  type ReportState,
  reportStatusesWithHandler,
  type Suggestion,
  type SuggestionState,
  toWgs84,
} from "@courier-station/core";
import {
  defineReadModel,
  type InvalidDocument,
  type ReadModelApi,
  type ReadModelDefinition,
  Store,
  type StoreFailure,
} from "@courier-station/kit";
import { Effect, Option } from "effect";

/**
 * The sizes of the grid cells reports are filed under for the duplicate hint, in
 * degrees (WGS-84): a fine cell of about 1.1 km north–south and a coarse one of about
 * 11 km. A radius query reads the few cells around its point at the finest level that
 * needs at most nine of them, then measures each candidate exactly.
 */
export const gridLevels = [
  { field: "cellFine", degrees: 0.01 },
  { field: "cellCoarse", degrees: 0.1 },
] as const;

/** The field of a report row that holds its cell at a grid level. */
export type CellField = (typeof gridLevels)[number]["field"];

// Across the antimeridian a column wraps to the other side of the grid, so that both
// sides of it are neighbours.
const wrappedColumn = (column: number, degrees: number): number => {
  const columns = Math.round(360 / degrees);
  return ((((column + columns / 2) % columns) + columns) % columns) - columns / 2;
};

/** The cell of a WGS-84 point at a grid level: row and column in whole cells. */
const cellAt = (latitude: number, longitude: number, degrees: number): string =>
  `${Math.floor(latitude / degrees)}:${wrappedColumn(Math.floor(longitude / degrees), degrees)}`;

/**
 * The cell ids around a point that a circle of `radiusMetres` can reach, at the finest
 * grid level that needs at most nine cells; `undefined` when even the coarse level
 * would need more (a radius of many kilometres far north or south), so the caller reads
 * the category without a cell.
 *
 * @example
 * cellsAround({ latitude: 30.74, longitude: 121.34, datum: "WGS-84" }, 100);
 * // { field: "cellFine", cells: ["3074:12134"] }
 */
export const cellsAround = (
  point: GeoPoint,
  radiusMetres: number,
): { readonly field: CellField; readonly cells: ReadonlyArray<string> } | undefined => {
  const { latitude, longitude } = toWgs84(point);
  // A degree of latitude is about 111.2 km; a few metres more cover the datum conversion.
  const latitudeSpan = (radiusMetres + 10) / 111_195;
  const cosine = Math.max(Math.cos((latitude * Math.PI) / 180), 0.01);
  const longitudeSpan = Math.min(latitudeSpan / cosine, 180);
  for (const level of gridLevels) {
    const size = level.degrees;
    const fromRow = Math.floor(Math.max(latitude - latitudeSpan, -90) / size);
    const toRow = Math.floor(Math.min(latitude + latitudeSpan, 90) / size);
    const fromColumn = Math.floor((longitude - longitudeSpan) / size);
    const toColumn = Math.floor((longitude + longitudeSpan) / size);
    if ((toRow - fromRow + 1) * (toColumn - fromColumn + 1) > 9) continue;
    const cells: string[] = [];
    for (let row = fromRow; row <= toRow; row++) {
      for (let column = fromColumn; column <= toColumn; column++) {
        cells.push(`${row}:${wrappedColumn(column, size)}`);
      }
    }
    return { field: level.field, cells };
  }
  return undefined;
};

/**
 * A sentinel report as the reports service's lists read it: a pure function of the
 * report's state, written at the aggregate's version. It keeps the whole state, so every
 * list maps it through core's view for its reader (staff, reporter, public), and indexed
 * fields for each list and timer.
 */
export interface ReportRow {
  readonly community: string;
  readonly reportId: string;
  /** The aggregate's version the row was made at; a row is only replaced by a newer one. */
  readonly version: number;
  readonly status: string;
  readonly category: string;
  readonly handlerId: string | null;
  readonly stationId: string | null;
  readonly reporterId: string;
  readonly submittedAtMillis: number;
  readonly observedAtMillis: number;
  /** With its handler (accepted, in progress, reopened): it can be overdue. */
  readonly withHandler: boolean;
  readonly dueAtMillis: number | null;
  /** With its handler and not yet flagged overdue for its current due time. */
  readonly overdueFlagPending: boolean;
  /** Resolved: its reporter is asked until `confirmationDueAtMillis`, then the system closes it. */
  readonly awaitingConfirmation: boolean;
  readonly confirmationDueAtMillis: number | null;
  /** The public may see it under a policy that publishes reports once accepted (the default). */
  readonly publicOnceAccepted: boolean;
  /** The public may see it under a policy that publishes reports before acceptance. */
  readonly publicBeforeAcceptance: boolean;
  /** Its grid cells (see {@link gridLevels}); `null` for a report located by an address only. */
  readonly cellFine: string | null;
  readonly cellCoarse: string | null;
  readonly report: Report;
}

/** The reports service's sentinel reports: lists, the duplicate hint, Open311 and the deadline timer. */
export const reportRows: ReadModelDefinition<ReportRow> = defineReadModel<ReportRow>({
  name: "reports_reports",
  indexes: {
    community: "string",
    status: "string",
    category: "string",
    handlerId: "string",
    stationId: "string",
    reporterId: "string",
    submittedAtMillis: "number",
    observedAtMillis: "number",
    withHandler: "boolean",
    dueAtMillis: "number",
    overdueFlagPending: "boolean",
    awaitingConfirmation: "boolean",
    confirmationDueAtMillis: "number",
    publicOnceAccepted: "boolean",
    publicBeforeAcceptance: "boolean",
    cellFine: "string",
    cellCoarse: "string",
  },
});

/** The id of a report's row. */
export const reportRowId = (community: string, reportId: string): string =>
  `${community}:${reportId}`;

const millisOrNull = (instant: Instant | undefined): number | null =>
  instant === undefined ? null : millisOf(instant);

/**
 * A report's row from its state at a version; `undefined` before it is submitted.
 *
 * @example
 * reportRowOf("jinshan-wanda", record.state, record.version);
 */
export const reportRowOf = (
  community: string,
  state: ReportState,
  version: number,
): ReportRow | undefined => {
  if (!isReportSubmitted(state)) return undefined;
  const report = state;
  const withHandler = reportStatusesWithHandler.includes(report.status);
  const visible = report.hidden === undefined && report.status !== "rejected";
  const point = report.location.point === undefined ? undefined : toWgs84(report.location.point);
  const cell = (degrees: number) =>
    point === undefined ? null : cellAt(point.latitude, point.longitude, degrees);
  return {
    community,
    reportId: report.reportId,
    version,
    status: report.status,
    category: report.category,
    handlerId: report.handlerId ?? null,
    stationId: report.stationId ?? null,
    reporterId: report.reporterId,
    submittedAtMillis: millisOf(report.submittedAt),
    observedAtMillis: millisOf(report.observedAt),
    withHandler,
    dueAtMillis: withHandler ? millisOrNull(report.dueAt) : null,
    overdueFlagPending:
      withHandler && report.dueAt !== undefined && report.overdueFlaggedFor !== report.dueAt,
    awaitingConfirmation: report.status === "resolved",
    confirmationDueAtMillis:
      report.status === "resolved" ? millisOrNull(report.resolution?.confirmationDueAt) : null,
    publicOnceAccepted: visible && report.status !== "submitted",
    publicBeforeAcceptance: visible,
    cellFine: cell(gridLevels[0].degrees),
    cellCoarse: cell(gridLevels[1].degrees),
    report,
  };
};

/** A suggestion as the reports service's lists read it: its state at a version, with indexed fields. */
export interface SuggestionRow {
  readonly community: string;
  readonly suggestionId: string;
  readonly version: number;
  readonly status: string;
  readonly topic: string;
  readonly authorId: string;
  readonly stationId: string | null;
  readonly submittedAtMillis: number;
  /** Not withdrawn: the public may read it. */
  readonly shown: boolean;
  /** Waiting for its first response and not yet flagged overdue. */
  readonly overdueFlagPending: boolean;
  readonly suggestion: Suggestion;
}

/** The reports service's suggestions: lists and the first-response timer. */
export const suggestionRows: ReadModelDefinition<SuggestionRow> = defineReadModel<SuggestionRow>({
  name: "reports_suggestions",
  indexes: {
    community: "string",
    status: "string",
    topic: "string",
    authorId: "string",
    stationId: "string",
    submittedAtMillis: "number",
    shown: "boolean",
    overdueFlagPending: "boolean",
  },
});

/** The id of a suggestion's row. */
export const suggestionRowId = (community: string, suggestionId: string): string =>
  `${community}:${suggestionId}`;

/**
 * A suggestion's row from its state at a version; `undefined` before it is submitted.
 *
 * @example
 * suggestionRowOf("jinshan-wanda", record.state, record.version);
 */
export const suggestionRowOf = (
  community: string,
  state: SuggestionState,
  version: number,
): SuggestionRow | undefined => {
  if (!isSuggestionSubmitted(state)) return undefined;
  return {
    community,
    suggestionId: state.suggestionId,
    version,
    status: state.status,
    topic: state.topic,
    authorId: state.authorId,
    stationId: state.stationId ?? null,
    submittedAtMillis: millisOf(state.submittedAt),
    shown: state.status !== "withdrawn",
    overdueFlagPending:
      state.status === "submitted" && state.responseOverdueFlaggedAt === undefined,
    suggestion: state,
  };
};

/**
 * Writes a row made at an aggregate's version unless the row there is as new or newer,
 * so the endpoint's write and the consumer's catch-up never undo each other; a race
 * with another writer is settled by the revision, then decided again.
 *
 * @example
 * yield* upsertIfNewer(reportRows, reportRowId(community, reportId), row);
 */
export const upsertIfNewer = <Row extends { readonly version: number }>(
  definition: ReadModelDefinition<Row>,
  id: string,
  row: Row,
): Effect.Effect<void, StoreFailure | InvalidDocument, Store> =>
  Effect.gen(function* () {
    const store = yield* Store;
    const rows: ReadModelApi<Row> = yield* store.readModel(definition);
    for (let attempt = 1; ; attempt++) {
      const existing = yield* rows.get(id);
      if (Option.isSome(existing) && existing.value.document.version >= row.version) return;
      const written = yield* rows
        .upsert(id, row, {
          expectedRevision: Option.match(existing, {
            onNone: () => 0,
            onSome: (found) => found.revision,
          }),
        })
        .pipe(Effect.either);
      if (written._tag === "Right") return;
      const failure = written.left;
      if (failure._tag !== "RevisionConflict") return yield* Effect.fail(failure);
      // Five writers in a row winning against this one means something is wrong.
      if (attempt >= 5) return yield* Effect.die(failure);
    }
  });
