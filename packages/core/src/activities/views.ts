import type { ActivityId, CourierId, StationId } from "../kernel/ids.js";
import type { Instant } from "../kernel/time.js";
import type { ActivityKind } from "./kinds.js";
import {
  type Activity,
  type ActivityState,
  type ActivityStatus,
  type CheckInCodes,
  isActivityPlanned,
  type Participation,
  type ParticipationStatus,
  placesTaken,
} from "./state.js";
import type { ActivityDetails, ActivityReason, PeakHoursOverride } from "./values.js";

/** The figures of one activity, for statistics and the staff's dashboard. */
export interface ActivitySummary {
  readonly activityId: ActivityId;
  readonly status: ActivityStatus;
  readonly kind: ActivityKind;
  readonly stationId: StationId;
  readonly startsAt: Instant;
  readonly endsAt: Instant;
  readonly capacity: number | undefined;
  /** Places held now: sign-ups, couriers there and confirmed participations. */
  readonly placesTaken: number;
  /** Places left, or `undefined` when there is no limit. */
  readonly placesLeft: number | undefined;
  /** Couriers signed up and not (yet) there. */
  readonly signedUp: number;
  /** Sign-ups cancelled (and not renewed). */
  readonly cancelledSignUps: number;
  /** Couriers who were there: attended or confirmed. */
  readonly attended: number;
  /** Of those, walk-ins recorded by staff. */
  readonly walkIns: number;
  readonly noShows: number;
  /** Participations confirmed on completion. */
  readonly confirmed: number;
  /** Volunteer hours of the confirmed participations, to two decimals. */
  readonly confirmedHours: number;
}

const count = (activity: Activity, ...statuses: ReadonlyArray<ParticipationStatus>): number =>
  activity.participations.filter((participation) => statuses.includes(participation.status)).length;

/**
 * The figures of an activity, or `undefined` before it is planned.
 *
 * @example
 * activitySummary(state)?.confirmedHours; // 38.5
 */
export const activitySummary = (state: ActivityState): ActivitySummary | undefined => {
  if (!isActivityPlanned(state)) return undefined;
  const { details } = state;
  const taken = placesTaken(state);
  let hundredths = 0;
  for (const participation of state.participations) {
    if (participation.hours !== undefined) hundredths += Math.round(participation.hours * 100);
  }
  return {
    activityId: state.activityId,
    status: state.status,
    kind: details.kind,
    stationId: details.stationId,
    startsAt: details.startsAt,
    endsAt: details.endsAt,
    capacity: details.capacity,
    placesTaken: taken,
    placesLeft: details.capacity === undefined ? undefined : Math.max(0, details.capacity - taken),
    signedUp: count(state, "signed-up"),
    cancelledSignUps: count(state, "cancelled"),
    attended: count(state, "attended", "confirmed"),
    walkIns: state.participations.filter(
      (participation) =>
        participation.attendance === "walk-in" &&
        (participation.status === "attended" || participation.status === "confirmed"),
    ).length,
    noShows: count(state, "no-show"),
    confirmed: count(state, "confirmed"),
    confirmedHours: hundredths / 100,
  };
};

/**
 * What couriers and the public see of an activity: its details and how many places are
 * left, never the check-in code (a courier off-site could check in with it) nor who
 * signed up.
 */
export interface ActivityPublicView {
  readonly activityId: ActivityId;
  readonly status: ActivityStatus;
  readonly details: ActivityDetails;
  readonly placesLeft: number | undefined;
}

/**
 * The public view of a published, started or finished activity; `undefined` for a
 * draft or before it is planned, which only staff see.
 *
 * @example
 * activityPublicView(state)?.placesLeft; // 12
 */
export const activityPublicView = (state: ActivityState): ActivityPublicView | undefined => {
  if (!isActivityPlanned(state) || state.status === "draft") return undefined;
  const capacity = state.details.capacity;
  return {
    activityId: state.activityId,
    status: state.status,
    details: state.details,
    placesLeft: capacity === undefined ? undefined : Math.max(0, capacity - placesTaken(state)),
  };
};

/** One courier's participation as they see it in their own list. */
export interface CourierParticipationView {
  readonly activityId: ActivityId;
  readonly status: ParticipationStatus;
  readonly checkedOut: boolean;
  /** The volunteer hours credited, once confirmed. */
  readonly hours: number | undefined;
}

/**
 * A courier's own participation in an activity, or `undefined` when they have none.
 *
 * @example
 * courierParticipationView(state, courierId)?.status; // "signed-up"
 */
export const courierParticipationView = (
  state: ActivityState,
  courierId: CourierId,
): CourierParticipationView | undefined => {
  if (!isActivityPlanned(state)) return undefined;
  const participation = state.participations.find((entry) => entry.courierId === courierId);
  if (participation === undefined) return undefined;
  return {
    activityId: state.activityId,
    status: participation.status,
    checkedOut: participation.checkedOutAt !== undefined,
    hours: participation.hours,
  };
};

/**
 * A courier's view of an activity: what everyone sees (details, places left) and their
 * own participation, never other couriers' nor the check-in code.
 */
export interface ActivityCourierView extends ActivityPublicView {
  /** The courier's own participation; `undefined` when they have none. */
  readonly participation: CourierParticipationView | undefined;
}

/**
 * The view of an activity for the courier asking: the public view with their own
 * participation; `undefined` for a draft or before it is planned, as in the public view.
 *
 * @example
 * activityCourierView(state, courierId)?.participation?.status; // "signed-up"
 */
export const activityCourierView = (
  state: ActivityState,
  courierId: CourierId,
): ActivityCourierView | undefined => {
  const publicView = activityPublicView(state);
  if (publicView === undefined) return undefined;
  return { ...publicView, participation: courierParticipationView(state, courierId) };
};

/**
 * What staff see of an activity: everything of its lifecycle, the check-in codes the
 * station shows (the current one, and the previous one while its grace lasts), the
 * figures of {@link activitySummary}, and the roster — every courier's participation,
 * in the order they began.
 */
export interface ActivityStaffView {
  readonly activityId: ActivityId;
  readonly status: ActivityStatus;
  readonly details: ActivityDetails;
  readonly peakHoursOverride: PeakHoursOverride | undefined;
  readonly checkInCodes: CheckInCodes | undefined;
  readonly summary: ActivitySummary;
  readonly roster: ReadonlyArray<Participation>;
  readonly plannedAt: Instant;
  readonly publishedAt: Instant | undefined;
  readonly startedAt: Instant | undefined;
  readonly completedAt: Instant | undefined;
  readonly cancelledAt: Instant | undefined;
  readonly cancellationReason: ActivityReason | undefined;
}

/**
 * The staff view of an activity (drafts included), or `undefined` before it is planned.
 *
 * @example
 * activityStaffView(state)?.roster.map((participation) => participation.courierId); // ["alice", "bob"]
 */
export const activityStaffView = (state: ActivityState): ActivityStaffView | undefined => {
  const summary = activitySummary(state);
  if (!isActivityPlanned(state) || summary === undefined) return undefined;
  const activity: Activity = state;
  return {
    activityId: activity.activityId,
    status: activity.status,
    details: activity.details,
    peakHoursOverride: activity.peakHoursOverride,
    checkInCodes: activity.checkInCodes,
    summary,
    roster: activity.participations,
    plannedAt: activity.plannedAt,
    publishedAt: activity.publishedAt,
    startedAt: activity.startedAt,
    completedAt: activity.completedAt,
    cancelledAt: activity.cancelledAt,
    cancellationReason: activity.cancellationReason,
  };
};
