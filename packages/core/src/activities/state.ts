import type { ActivityId, CourierId } from "../kernel/ids.js";
import type { Instant } from "../kernel/time.js";
import type { ActivityDetails, ActivityReason, CheckInCode, PeakHoursOverride } from "./values.js";

/**
 * Where an activity is in its lifecycle:
 * `draft` → `published` → `started` → `completed`, or `cancelled` from any of the first
 * three. `completed` and `cancelled` are final.
 */
export type ActivityStatus = "draft" | "published" | "started" | "completed" | "cancelled";

/** The statuses an activity never leaves. */
export const finalActivityStatuses: ReadonlyArray<ActivityStatus> = ["completed", "cancelled"];

/**
 * Where one courier's participation is:
 * - `signed-up`: holds a place and is expected;
 * - `cancelled`: cancelled their sign-up (or staff did); may sign up again;
 * - `attended`: is there — checked in with the code, confirmed by staff, or a walk-in;
 * - `no-show`: signed up and did not come (final);
 * - `confirmed`: the activity was completed and the participation credited (final).
 */
export type ParticipationStatus = "signed-up" | "cancelled" | "attended" | "no-show" | "confirmed";

/** How a courier's attendance became known. */
export type AttendanceSource = "check-in" | "staff-confirmation" | "walk-in";

/** One courier's participation in an activity. */
export interface Participation {
  readonly courierId: CourierId;
  readonly status: ParticipationStatus;
  readonly signedUpAt?: Instant;
  readonly cancelledAt?: Instant;
  readonly attendedAt?: Instant;
  readonly attendance?: AttendanceSource;
  readonly checkedOutAt?: Instant;
  readonly markedNoShowAt?: Instant;
  /** The volunteer hours credited, once `confirmed`. */
  readonly hours?: number;
  readonly confirmedAt?: Instant;
}

/** The check-in code the station shows, and the one before it while its grace lasts. */
export interface CheckInCodes {
  readonly current: CheckInCode;
  /**
   * When the current code was first shown (the start, or its rotation): the policy's
   * automatic rotation counts from it. Absent in states kept before it was recorded,
   * which count from the start.
   */
  readonly since?: Instant;
  readonly previous?: { readonly code: CheckInCode; readonly validUntil: Instant };
}

/** An activity that has been planned. */
export interface Activity {
  readonly activityId: ActivityId;
  readonly status: ActivityStatus;
  readonly details: ActivityDetails;
  /** The staff override of the peak-hours rule that the current time window needed. */
  readonly peakHoursOverride?: PeakHoursOverride;
  /** Participations in the order they began (sign-up, check-in or walk-in). */
  readonly participations: ReadonlyArray<Participation>;
  readonly checkInCodes?: CheckInCodes;
  readonly plannedAt: Instant;
  readonly publishedAt?: Instant;
  readonly startedAt?: Instant;
  readonly completedAt?: Instant;
  readonly cancelledAt?: Instant;
  readonly cancellationReason?: ActivityReason;
}

/** The state of an activity: nothing before it is planned, then the activity. */
export type ActivityState =
  | { readonly status: "none" }
  | (Activity & { readonly status: ActivityStatus });

/** The state before `ActivityPlanned`. */
export const initialActivityState = (): ActivityState => ({ status: "none" });

/** Whether the activity has been planned. */
export const isActivityPlanned = (state: ActivityState): state is Activity =>
  state.status !== "none";

/**
 * The participation of a courier, if they have one.
 *
 * @example
 * participationOf(state, courierId)?.status; // "signed-up"
 */
export const participationOf = (
  activity: Activity,
  courierId: CourierId,
): Participation | undefined =>
  activity.participations.find((participation) => participation.courierId === courierId);

/** The participation statuses that hold a place against the capacity. */
export const placeHoldingStatuses: ReadonlyArray<ParticipationStatus> = [
  "signed-up",
  "attended",
  "confirmed",
];

/** How many places are taken: sign-ups and attendances, walk-ins included. */
export const placesTaken = (activity: Activity): number =>
  activity.participations.filter((participation) =>
    placeHoldingStatuses.includes(participation.status),
  ).length;

/**
 * The couriers who hold a place (signed up or there): those an activity's cancellation
 * or change is told to.
 */
export const couriersHoldingPlaces = (activity: Activity): CourierId[] =>
  activity.participations
    .filter(
      (participation) =>
        participation.status === "signed-up" || participation.status === "attended",
    )
    .map((participation) => participation.courierId);
