import {
  type ActivityListItem,
  type ActivityView,
  type CourierActivityItem,
  type CourierVolunteerHours,
  decisionTime,
  type ParticipationView,
  type PatrolRouteView,
  type PatrolView,
  PolicyBook,
  staffViewRosterLimit,
  type Unversioned,
} from "@courier-station/contracts";
import {
  type ActivityFacts,
  ActivityNotFound,
  type ActivityState,
  type ActivityStatus,
  type Actor,
  activityCourierView,
  activityFacts,
  activityPublicView,
  activityStaffView,
  type CourierId,
  hasCheckInClosed,
  isActivityPlanned,
  millisOf,
  monthPeriod,
  NotYourself,
  type Participation,
  type ParticipationStatus,
  type Patrol,
  type PatrolRoute,
  PatrolRouteNotFound,
  type PatrolRouteState,
  patrolDayOf,
  patrolProgress,
  patrolRouteFacts,
  peakWindowsOverlapped,
} from "@courier-station/core";
import { cursorAtBound, Store } from "@courier-station/kit";
import { Effect, Option } from "effect";
import { activityKey, patrolRouteKey } from "./commands.js";
import {
  type ActivityRow,
  activityRowId,
  activityRows,
  participationRows,
  patrolRouteRowId,
  patrolRouteRows,
  patrolRows,
} from "./read-models.js";

/** Whether an actor reads as staff: staff, auditors and the services' own flows. */
export const readsAsStaff = (actor: Actor): boolean =>
  actor.role === "staff" || actor.role === "auditor" || actor.role === "system";

/**
 * Refuses a courier asking about another courier's own records (their activities,
 * hours, patrols); staff, auditors and the system may ask about anyone.
 */
export const ownRecordsOnly = (
  actor: Actor,
  courierId: CourierId,
): Effect.Effect<void, NotYourself> =>
  actor.role === "courier" && actor.id !== courierId
    ? Effect.fail(new NotYourself({ courierId, actorId: actor.id }))
    : Effect.void;

const participationViewOf = (participation: Participation): ParticipationView => ({
  courierId: participation.courierId,
  status: participation.status,
  ...(participation.signedUpAt === undefined ? {} : { signedUpAt: participation.signedUpAt }),
  ...(participation.cancelledAt === undefined ? {} : { cancelledAt: participation.cancelledAt }),
  ...(participation.attendedAt === undefined ? {} : { attendedAt: participation.attendedAt }),
  ...(participation.attendance === undefined ? {} : { attendance: participation.attendance }),
  ...(participation.checkedOutAt === undefined ? {} : { checkedOutAt: participation.checkedOutAt }),
  ...(participation.markedNoShowAt === undefined
    ? {}
    : { markedNoShowAt: participation.markedNoShowAt }),
  ...(participation.hours === undefined ? {} : { hours: participation.hours }),
  ...(participation.confirmedAt === undefined ? {} : { confirmedAt: participation.confirmedAt }),
});

/**
 * An activity as an actor may see it: staff, auditors and the system the staff view
 * (drafts, codes, figures and the first couriers of the roster), a courier the public
 * view with their own participation, sponsors and handlers the public view. A draft is
 * not found for anyone but staff, as an activity that was never planned.
 *
 * @example
 * const view = yield* activityViewFor(courier, activityId, state); // { view: "courier", … }
 */
export const activityViewFor = (
  actor: Actor,
  activityId: string,
  state: ActivityState,
): Effect.Effect<Unversioned<ActivityView>, ActivityNotFound> => {
  const notFound = Effect.fail(new ActivityNotFound({ activityId }));
  if (readsAsStaff(actor)) {
    const view = activityStaffView(state);
    if (view === undefined) return notFound;
    const codes = view.checkInCodes;
    return Effect.succeed({
      view: "staff",
      activityId: view.activityId,
      status: view.status,
      details: view.details,
      ...(view.peakHoursOverride === undefined
        ? {}
        : { peakHoursOverride: view.peakHoursOverride }),
      ...(codes === undefined
        ? {}
        : {
            checkInCodes: {
              current: codes.current,
              ...(codes.since === undefined ? {} : { since: codes.since }),
              ...(codes.previous === undefined ? {} : { previous: codes.previous }),
            },
          }),
      summary: view.summary,
      roster: view.roster.slice(0, staffViewRosterLimit).map(participationViewOf),
      rosterTotal: view.roster.length,
      plannedAt: view.plannedAt,
      ...(view.publishedAt === undefined ? {} : { publishedAt: view.publishedAt }),
      ...(view.startedAt === undefined ? {} : { startedAt: view.startedAt }),
      ...(view.completedAt === undefined ? {} : { completedAt: view.completedAt }),
      ...(view.cancelledAt === undefined ? {} : { cancelledAt: view.cancelledAt }),
      ...(view.cancellationReason === undefined
        ? {}
        : { cancellationReason: view.cancellationReason }),
    });
  }
  if (actor.role === "courier") {
    const view = activityCourierView(state, actor.id as CourierId);
    if (view === undefined) return notFound;
    const { participation, ...shown } = view;
    return Effect.succeed({
      view: "courier",
      ...shown,
      ...(participation === undefined
        ? {}
        : {
            participation: {
              activityId: participation.activityId,
              status: participation.status,
              checkedOut: participation.checkedOut,
              ...(participation.hours === undefined ? {} : { hours: participation.hours }),
            },
          }),
    });
  }
  const view = activityPublicView(state);
  return view === undefined ? notFound : Effect.succeed({ view: "public", ...view });
};

/** Loads an activity's state, or fails with `ActivityNotFound`. */
export const loadActivity = (community: string, activityId: string) =>
  Effect.map(loadActivityRecord(community, activityId), (record) => record.state);

/** A planned activity's state with the version of its record, or `ActivityNotFound`. */
export const loadActivityRecord = (community: string, activityId: string) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const record = yield* store.load<ActivityState>(activityKey(community, activityId));
    if (Option.isNone(record) || !isActivityPlanned(record.value.state)) {
      return yield* Effect.fail(new ActivityNotFound({ activityId }));
    }
    return { state: record.value.state, version: record.value.version };
  });

/**
 * One activity as the actor may see it (`activityViewFor`), with the version of the
 * record it was read from.
 */
export const activityFor = (actor: Actor, community: string, activityId: string) =>
  Effect.flatMap(loadActivityRecord(community, activityId), ({ state, version }) =>
    Effect.map(
      activityViewFor(actor, activityId, state),
      (view) => ({ ...view, version }) as ActivityView,
    ),
  );

/** The facts other services may know about an activity, or `ActivityNotFound`. */
export const activityFactsFor = (community: string, activityId: string) =>
  Effect.flatMap(
    loadActivity(community, activityId),
    (state): Effect.Effect<ActivityFacts, ActivityNotFound> => {
      const facts = activityFacts(state);
      return facts === undefined
        ? Effect.fail(new ActivityNotFound({ activityId }))
        : Effect.succeed(facts);
    },
  );

/** The longest a list request reads through rows it leaves out before it answers. */
const scanBudget = 1_000;

/**
 * Upcoming activities — not over yet: until check-in closes (core's `hasCheckInClosed`),
 * while a late courier may still check in and staff record walk-ins and complete it —
 * soonest first: at a station, on a local date in the community's time zone (the policy
 * in force now says which), staff and auditors with drafts. Each carries the delivery
 * peak windows of the policy in force at its start that its time overlaps. Rows of
 * activities past that are passed over; a page may then hold fewer items than asked,
 * with `next`.
 */
export const upcomingActivities = (
  actor: Actor,
  community: string,
  query: {
    readonly stationId?: string | undefined;
    readonly date?: string | undefined;
    readonly after?: string | undefined;
    readonly limit?: number | undefined;
  },
) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const book = yield* PolicyBook;
    const rows = yield* store.readModel(activityRows);
    const now = yield* decisionTime;
    const { policy } = yield* book.inForceAt(community, now);
    const timeZone = policy.general.timeZone;
    return yield* listPage(
      community,
      (after, limit) =>
        rows.find({
          where: {
            community,
            ...(readsAsStaff(actor) ? { open: true } : { listed: true }),
            ...(query.stationId === undefined ? {} : { stationId: query.stationId }),
          },
          orderBy: { field: "startsAtMillis" },
          ...(after === undefined ? {} : { after }),
          limit,
        }),
      (row) => {
        if (query.date !== undefined) {
          const day = patrolDayOf(row.details.startsAt, timeZone);
          // Rows come soonest first: once one starts after the date, none later is on it.
          if (day > query.date) return "stop";
          if (day < query.date) return "skip";
        }
        return hasCheckInClosed(row.details, policy, now) ? "skip" : "take";
      },
      query,
    );
  });

/**
 * Staff's record of a local month: every activity of the community that starts in it
 * (in the time zone of the policy in force now), drafts, completed and cancelled ones
 * too, latest start first, in a status or all. The read starts at the month's end, so
 * a page is full however many activities later months hold.
 *
 * @example
 * const { items } = yield* activitiesOfMonth("jinshan-wanda", { year: 2026, month: 11 });
 */
export const activitiesOfMonth = (
  community: string,
  query: {
    readonly year: number;
    readonly month: number;
    readonly status?: ActivityStatus | undefined;
    readonly after?: string | undefined;
    readonly limit?: number | undefined;
  },
) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const book = yield* PolicyBook;
    const rows = yield* store.readModel(activityRows);
    const { policy } = yield* book.inForceAt(community, yield* decisionTime);
    const period = monthPeriod(query.year, query.month, policy.general.timeZone);
    const from = millisOf(period.from);
    const order = { field: "startsAtMillis", direction: "descending" } as const;
    return yield* listPage(
      community,
      (after, limit) =>
        rows.find({
          where: { community, ...(query.status === undefined ? {} : { status: query.status }) },
          orderBy: order,
          // The first page starts at the month's end, not at the latest activity: the
          // months after it are never read, however many activities they hold.
          after: after ?? cursorAtBound(order, millisOf(period.to)),
          limit,
        }),
      // Rows come latest first: once one starts before the month, none later is in it.
      (row) => (row.startsAtMillis < from ? "stop" : "take"),
      query,
    );
  });

/**
 * A page of an activity list: reads rows in the list's order, takes, passes over or stops
 * at each as `choose` says, until the page is full or it has read the scan budget, and
 * answers `next` where the rows go on.
 */
const listPage = <E, R>(
  community: string,
  read: (
    after: string | undefined,
    limit: number,
  ) => Effect.Effect<
    {
      readonly items: ReadonlyArray<{ readonly document: ActivityRow }>;
      readonly next?: string | undefined;
    },
    E,
    R
  >,
  choose: (row: ActivityRow) => "take" | "skip" | "stop",
  query: { readonly after?: string | undefined; readonly limit?: number | undefined },
) =>
  Effect.gen(function* () {
    const limit = query.limit ?? 50;
    const items: ActivityListItem[] = [];
    let cursor = query.after;
    let scanned = 0;
    while (items.length < limit && scanned < scanBudget) {
      const page = yield* read(cursor, limit - items.length);
      for (const { document: row } of page.items) {
        scanned += 1;
        const choice = choose(row);
        if (choice === "stop") return { items };
        if (choice === "take") items.push(yield* listItemOf(community, row));
      }
      cursor = page.next;
      if (cursor === undefined) return { items };
    }
    return { items, ...(cursor === undefined ? {} : { next: cursor }) };
  });

const listItemOf = (community: string, row: ActivityRow) =>
  Effect.gen(function* () {
    const book = yield* PolicyBook;
    const { policy } = yield* book.inForceAt(community, row.details.startsAt);
    const item: ActivityListItem = {
      activityId: row.activityId,
      status: row.status,
      details: row.details,
      ...(row.placesLeft === null ? {} : { placesLeft: row.placesLeft }),
      peakWindows: peakWindowsOverlapped(
        row.details,
        policy.activities.peakHours,
        policy.general.timeZone,
      ),
      peakHoursOverridden: row.peakHoursOverridden,
    };
    return item;
  });

/** A page of an activity's roster, by courier id. */
export const rosterPage = (
  community: string,
  query: {
    readonly activityId: string;
    readonly status?: ParticipationStatus | undefined;
    readonly after?: string | undefined;
    readonly limit?: number | undefined;
  },
) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const rows = yield* store.readModel(participationRows);
    const page = yield* rows.find({
      where: {
        community,
        activityId: query.activityId,
        ...(query.status === undefined ? {} : { status: query.status }),
      },
      ...(query.after === undefined ? {} : { after: query.after }),
      limit: query.limit ?? 50,
    });
    return {
      items: page.items.map(({ document }) => participationViewOf(document.participation)),
      ...(page.next === undefined ? {} : { next: page.next }),
    };
  });

/** A page of a courier's own activities, latest start first, with their participation. */
export const courierActivitiesPage = (
  community: string,
  query: {
    readonly courierId: CourierId;
    readonly status?: ParticipationStatus | undefined;
    readonly after?: string | undefined;
    readonly limit?: number | undefined;
  },
) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const participations = yield* store.readModel(participationRows);
    const activities = yield* store.readModel(activityRows);
    const page = yield* participations.find({
      where: {
        community,
        courierId: query.courierId,
        ...(query.status === undefined ? {} : { status: query.status }),
      },
      orderBy: { field: "startsAtMillis", direction: "descending" },
      ...(query.after === undefined ? {} : { after: query.after }),
      limit: query.limit ?? 50,
    });
    const items: CourierActivityItem[] = [];
    for (const { document: row } of page.items) {
      const found = yield* activities.get(activityRowId(community, row.activityId));
      if (Option.isNone(found)) continue;
      const activity = found.value.document;
      const participation = row.participation;
      items.push({
        activityId: activity.activityId,
        title: activity.details.title,
        kind: activity.details.kind,
        stationId: activity.details.stationId,
        startsAt: activity.details.startsAt,
        endsAt: activity.details.endsAt,
        activityStatus: activity.status,
        participation: {
          activityId: activity.activityId,
          status: participation.status,
          checkedOut: participation.checkedOutAt !== undefined,
          ...(participation.hours === undefined ? {} : { hours: participation.hours }),
        },
      });
    }
    return { items, ...(page.next === undefined ? {} : { next: page.next }) };
  });

/** A courier's volunteer hours: the hours of every confirmed participation, summed in hundredths. */
export const volunteerHoursOf = (community: string, courierId: CourierId) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const rows = yield* store.readModel(participationRows);
    let hundredths = 0;
    let confirmed = 0;
    let after: string | undefined;
    do {
      const page = yield* rows.find({
        where: { community, courierId, status: "confirmed" },
        ...(after === undefined ? {} : { after }),
        limit: 1_000,
      });
      for (const { document } of page.items) {
        confirmed += 1;
        hundredths += Math.round((document.participation.hours ?? 0) * 100);
      }
      after = page.next;
    } while (after !== undefined);
    const hours: CourierVolunteerHours = {
      courierId,
      hours: hundredths / 100,
      confirmedParticipations: confirmed,
    };
    return hours;
  });

/** A patrol route as everyone sees it. */
export const patrolRouteViewOf = (route: PatrolRoute): PatrolRouteView => ({
  routeId: route.routeId,
  status: route.status,
  name: route.name,
  kind: route.kind,
  ...(route.stationId === undefined ? {} : { stationId: route.stationId }),
  ...(route.description === undefined ? {} : { description: route.description }),
  checkpoints: [...route.checkpoints],
  requiredCheckpoints: route.requiredCheckpoints,
  revision: route.revision,
  publishedAt: route.publishedAt,
  ...(route.suspensionReason === undefined ? {} : { suspensionReason: route.suspensionReason }),
  ...(route.retiredAt === undefined ? {} : { retiredAt: route.retiredAt }),
});

/** A patrol route by id, or `PatrolRouteNotFound`. */
export const patrolRouteFor = (community: string, routeId: string) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const record = yield* store.load<PatrolRouteState>(patrolRouteKey(community, routeId));
    const state = Option.getOrUndefined(Option.map(record, (found) => found.state));
    if (state === undefined || state.status === "none") {
      return yield* Effect.fail(new PatrolRouteNotFound({ routeId }));
    }
    const version = Option.match(record, { onNone: () => 0, onSome: (found) => found.version });
    return { ...patrolRouteViewOf(state), version };
  });

/** A page of the community's patrol routes, by id. */
export const patrolRoutesPage = (
  community: string,
  query: {
    readonly stationId?: string | undefined;
    readonly status?: string | undefined;
    readonly after?: string | undefined;
    readonly limit?: number | undefined;
  },
) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const rows = yield* store.readModel(patrolRouteRows);
    const page = yield* rows.find({
      where: {
        community,
        ...(query.stationId === undefined ? {} : { stationId: query.stationId }),
        ...(query.status === undefined ? {} : { status: query.status }),
      },
      ...(query.after === undefined ? {} : { after: query.after }),
      limit: query.limit ?? 50,
    });
    return {
      items: page.items.map(({ document }) => patrolRouteViewOf(document.route)),
      ...(page.next === undefined ? {} : { next: page.next }),
    };
  });

/** A patrol as its courier and staff see it, with its progress on the route as it is now. */
export const patrolViewOf = (patrol: Patrol, route: PatrolRoute | undefined): PatrolView => {
  const facts = route === undefined ? undefined : patrolRouteFacts(route);
  const progress = facts === undefined ? undefined : patrolProgress(patrol, facts);
  return {
    patrolId: patrol.patrolId,
    routeId: patrol.routeId,
    courierId: patrol.courierId,
    day: patrol.day,
    status: patrol.status,
    startedAt: patrol.startedAt,
    ...(patrol.completedAt === undefined ? {} : { completedAt: patrol.completedAt }),
    visits: patrol.visits.map((visit) => ({
      checkpointId: visit.checkpointId,
      distanceMetres: visit.distanceMetres,
      visitedAt: visit.visitedAt,
    })),
    ...(progress === undefined
      ? {}
      : {
          progress: {
            visited: [...progress.visited],
            remaining: [...progress.remaining],
            required: progress.required,
          },
        }),
  };
};

/** A page of a courier's patrols, latest first, on one route or all. */
export const courierPatrolsPage = (
  community: string,
  query: {
    readonly courierId: CourierId;
    readonly routeId?: string | undefined;
    readonly after?: string | undefined;
    readonly limit?: number | undefined;
  },
) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const rows = yield* store.readModel(patrolRows);
    const routes = yield* store.readModel(patrolRouteRows);
    const page = yield* rows.find({
      where: {
        community,
        courierId: query.courierId,
        ...(query.routeId === undefined ? {} : { routeId: query.routeId }),
      },
      orderBy: { field: "startedAtMillis", direction: "descending" },
      ...(query.after === undefined ? {} : { after: query.after }),
      limit: query.limit ?? 50,
    });
    const known = new Map<string, PatrolRoute | undefined>();
    const items: PatrolView[] = [];
    for (const { document: row } of page.items) {
      if (!known.has(row.routeId)) {
        const found = yield* routes.get(patrolRouteRowId(community, row.routeId));
        known.set(
          row.routeId,
          Option.getOrUndefined(Option.map(found, (stored) => stored.document.route)),
        );
      }
      items.push(patrolViewOf(row.patrol, known.get(row.routeId)));
    }
    return { items, ...(page.next === undefined ? {} : { next: page.next }) };
  });
