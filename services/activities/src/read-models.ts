import {
  type Activity,
  type ActivityDetails,
  type ActivityId,
  type ActivityStatus,
  millisOf,
  type Participation,
  type ParticipationStatus,
  type Patrol,
  type PatrolRoute,
  placesTaken,
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
 * An activity as the lists read it: a pure function of the activity's state, written at
 * the aggregate's version. Nothing personal: who signed up is in the participation rows.
 */
export interface ActivityRow {
  readonly community: string;
  readonly activityId: ActivityId;
  /** The aggregate's version the row was made at; a row is only replaced by a newer one. */
  readonly version: number;
  readonly status: ActivityStatus;
  readonly stationId: string;
  readonly kind: string;
  readonly startsAtMillis: number;
  readonly endsAtMillis: number;
  /** Published or started: in everyone's lists. */
  readonly listed: boolean;
  /** A draft, published or started: in staff's lists. */
  readonly open: boolean;
  readonly details: ActivityDetails;
  /** Places left; `null` when there is no limit. */
  readonly placesLeft: number | null;
  readonly peakHoursOverridden: boolean;
}

/** The activities, for the upcoming lists and the timers (started ones by their end). */
export const activityRows: ReadModelDefinition<ActivityRow> = defineReadModel<ActivityRow>({
  name: "activities_activities",
  indexes: {
    community: "string",
    status: "string",
    stationId: "string",
    listed: "boolean",
    open: "boolean",
    startsAtMillis: "number",
    endsAtMillis: "number",
  },
});

/** The id of an activity's row. */
export const activityRowId = (community: string, activityId: string): string =>
  `${community}:${activityId}`;

/**
 * An activity's row from its state at a version.
 *
 * @example
 * activityRowOf("jinshan-wanda", record.state, record.version);
 */
export const activityRowOf = (
  community: string,
  activity: Activity,
  version: number,
): ActivityRow => {
  const capacity = activity.details.capacity;
  return {
    community,
    activityId: activity.activityId,
    version,
    status: activity.status,
    stationId: activity.details.stationId,
    kind: activity.details.kind,
    startsAtMillis: millisOf(activity.details.startsAt),
    endsAtMillis: millisOf(activity.details.endsAt),
    listed: activity.status === "published" || activity.status === "started",
    open:
      activity.status === "draft" ||
      activity.status === "published" ||
      activity.status === "started",
    details: activity.details,
    placesLeft: capacity === undefined ? null : Math.max(0, capacity - placesTaken(activity)),
    peakHoursOverridden: activity.peakHoursOverride !== undefined,
  };
};

/**
 * One courier's participation in an activity, for the roster, the courier's own list and
 * hours, and the flow that cancels a courier's sign-ups: a pure function of the
 * activity's state (the participation and the activity's start), at its version.
 */
export interface ParticipationRow {
  readonly community: string;
  readonly activityId: string;
  readonly courierId: string;
  readonly version: number;
  readonly status: ParticipationStatus;
  readonly startsAtMillis: number;
  readonly participation: Participation;
}

/** Every courier's participation in every activity. */
export const participationRows: ReadModelDefinition<ParticipationRow> =
  defineReadModel<ParticipationRow>({
    name: "activities_participations",
    indexes: {
      community: "string",
      activityId: "string",
      courierId: "string",
      status: "string",
      startsAtMillis: "number",
    },
  });

/** The id of a participation's row: ordered by courier within an activity. */
export const participationRowId = (
  community: string,
  activityId: string,
  courierId: string,
): string => `${community}:${activityId}:${courierId}`;

/**
 * A participation's row from the activity's state at a version.
 *
 * @example
 * participationRowOf("jinshan-wanda", activity, participation, record.version);
 */
export const participationRowOf = (
  community: string,
  activity: Activity,
  participation: Participation,
  version: number,
): ParticipationRow => ({
  community,
  activityId: activity.activityId,
  courierId: participation.courierId,
  version,
  status: participation.status,
  startsAtMillis: millisOf(activity.details.startsAt),
  participation,
});

/** A patrol route as the list reads it: its state at a version. */
export interface PatrolRouteRow {
  readonly community: string;
  readonly routeId: string;
  readonly version: number;
  readonly status: string;
  readonly stationId: string | null;
  readonly route: PatrolRoute;
}

/** The community's patrol routes. */
export const patrolRouteRows: ReadModelDefinition<PatrolRouteRow> = defineReadModel<PatrolRouteRow>(
  {
    name: "activities_patrol_routes",
    indexes: { community: "string", status: "string", stationId: "string" },
  },
);

/** The id of a patrol route's row. */
export const patrolRouteRowId = (community: string, routeId: string): string =>
  `${community}:${routeId}`;

/**
 * A patrol route's row from its state at a version.
 *
 * @example
 * patrolRouteRowOf("jinshan-wanda", record.state, record.version);
 */
export const patrolRouteRowOf = (
  community: string,
  route: PatrolRoute,
  version: number,
): PatrolRouteRow => ({
  community,
  routeId: route.routeId,
  version,
  status: route.status,
  stationId: route.stationId ?? null,
  route,
});

/** A courier's patrol of a route on a day, for their list of patrols: its state at a version. */
export interface PatrolRow {
  readonly community: string;
  readonly patrolId: string;
  readonly routeId: string;
  readonly courierId: string;
  readonly version: number;
  readonly status: string;
  readonly startedAtMillis: number;
  readonly patrol: Patrol;
}

/** Every courier's patrols. */
export const patrolRows: ReadModelDefinition<PatrolRow> = defineReadModel<PatrolRow>({
  name: "activities_patrols",
  indexes: {
    community: "string",
    routeId: "string",
    courierId: "string",
    status: "string",
    startedAtMillis: "number",
  },
});

/** The id of a patrol's row. */
export const patrolRowId = (community: string, patrolId: string): string =>
  `${community}:${patrolId}`;

/**
 * A patrol's row from its state at a version.
 *
 * @example
 * patrolRowOf("jinshan-wanda", record.state, record.version);
 */
export const patrolRowOf = (community: string, patrol: Patrol, version: number): PatrolRow => ({
  community,
  patrolId: patrol.patrolId,
  routeId: patrol.routeId,
  courierId: patrol.courierId,
  version,
  status: patrol.status,
  startedAtMillis: millisOf(patrol.startedAt),
  patrol,
});

/**
 * Writes a row made at an aggregate's version unless the row there is as new or newer,
 * so the endpoint's write and the consumer's catch-up never undo each other; a race with
 * another writer is settled by the revision, then decided again.
 *
 * @example
 * yield* upsertIfNewer(activityRows, activityRowId(community, activityId), row);
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
