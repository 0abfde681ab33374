import { z } from "zod";
import { ActivityId, CourierId, StationId } from "../kernel/ids.js";
import { Instant } from "../kernel/time.js";
import { ActivityKind } from "./kinds.js";
import {
  ActivityDetails,
  ActivityPointsOverride,
  ActivityReason,
  CheckInCode,
  PeakHoursOverride,
  SignUpCancellationCause,
  VolunteerHours,
} from "./values.js";

const couriers = z.array(CourierId).max(10_000);

/** Staff planned an activity as a draft. */
export const ActivityPlanned = z.strictObject({
  type: z.literal("ActivityPlanned"),
  data: z.strictObject({
    activityId: ActivityId,
    details: ActivityDetails,
    /** Present when staff overrode the peak-hours rule; the reason is kept for the record. */
    peakHoursOverride: PeakHoursOverride.optional(),
    plannedAt: Instant,
  }),
});
/** Staff planned an activity. */
export type ActivityPlanned = z.infer<typeof ActivityPlanned>;

/** Staff changed an activity's details; `details` is the whole new version. */
export const ActivityDetailsUpdated = z.strictObject({
  type: z.literal("ActivityDetailsUpdated"),
  data: z.strictObject({
    activityId: ActivityId,
    details: ActivityDetails,
    /** The names of the fields that changed. */
    changed: z.array(z.string().min(1).max(40)).min(1),
    peakHoursOverride: PeakHoursOverride.optional(),
    /** The couriers holding a place, to be told of the change. */
    notify: couriers,
    updatedAt: Instant,
  }),
});
/** Staff changed an activity's details. */
export type ActivityDetailsUpdated = z.infer<typeof ActivityDetailsUpdated>;

/** Staff published an activity: couriers see it and may sign up. */
export const ActivityPublished = z.strictObject({
  type: z.literal("ActivityPublished"),
  data: z.strictObject({ activityId: ActivityId, publishedAt: Instant }),
});
/** Staff published an activity. */
export type ActivityPublished = z.infer<typeof ActivityPublished>;

/** Staff started an activity; the station shows `checkInCode`. */
export const ActivityStarted = z.strictObject({
  type: z.literal("ActivityStarted"),
  data: z.strictObject({ activityId: ActivityId, checkInCode: CheckInCode, startedAt: Instant }),
});
/** Staff started an activity. */
export type ActivityStarted = z.infer<typeof ActivityStarted>;

/** The check-in code changed; the previous one is accepted until `previousCodeValidUntil`. */
export const CheckInCodeRotated = z.strictObject({
  type: z.literal("CheckInCodeRotated"),
  data: z.strictObject({
    activityId: ActivityId,
    checkInCode: CheckInCode,
    previousCodeValidUntil: Instant,
    rotatedAt: Instant,
  }),
});
/** The check-in code changed. */
export type CheckInCodeRotated = z.infer<typeof CheckInCodeRotated>;

/**
 * Staff cancelled an activity. `notify` lists the couriers who held a place (signed up
 * or there), for the notification flow.
 */
export const ActivityCancelled = z.strictObject({
  type: z.literal("ActivityCancelled"),
  data: z.strictObject({
    activityId: ActivityId,
    reason: ActivityReason,
    notify: couriers,
    cancelledAt: Instant,
  }),
});
/** Staff cancelled an activity. */
export type ActivityCancelled = z.infer<typeof ActivityCancelled>;

/**
 * The activity was completed; it follows the `ParticipationConfirmed` and
 * `ParticipationMarkedNoShow` events of the same command and sums them up.
 */
export const ActivityCompleted = z.strictObject({
  type: z.literal("ActivityCompleted"),
  data: z.strictObject({
    activityId: ActivityId,
    activityKind: ActivityKind,
    stationId: StationId,
    /** Participations confirmed, in all (by this command and none before). */
    confirmed: z.number().int().min(0),
    /** No-shows, in all (marked before and by this command). */
    noShows: z.number().int().min(0),
    /** The volunteer hours of every confirmed participation, to two decimals. */
    totalHours: z.number().min(0),
    completedAt: Instant,
  }),
});
/** The activity was completed. */
export type ActivityCompleted = z.infer<typeof ActivityCompleted>;

/** A courier signed up (or staff signed them up) and holds a place. */
export const ParticipantSignedUp = z.strictObject({
  type: z.literal("ParticipantSignedUp"),
  data: z.strictObject({ activityId: ActivityId, courierId: CourierId, signedUpAt: Instant }),
});
/** A courier signed up. */
export type ParticipantSignedUp = z.infer<typeof ParticipantSignedUp>;

/**
 * A sign-up was cancelled by the courier or, when `byStaff`, by staff or the `system`;
 * `cause` when a rule cancelled it (`consent-withdrawn`) rather than a person's choice.
 */
export const SignUpCancelled = z.strictObject({
  type: z.literal("SignUpCancelled"),
  data: z.strictObject({
    activityId: ActivityId,
    courierId: CourierId,
    byStaff: z.boolean(),
    reason: ActivityReason.optional(),
    cause: SignUpCancellationCause.optional(),
    cancelledAt: Instant,
  }),
});
/** A sign-up was cancelled. */
export type SignUpCancelled = z.infer<typeof SignUpCancelled>;

/**
 * A courier checked in with the station's code. `withoutSignUp`: the activity needs no
 * sign-up and the check-in took a place.
 */
export const ParticipantCheckedIn = z.strictObject({
  type: z.literal("ParticipantCheckedIn"),
  data: z.strictObject({
    activityId: ActivityId,
    courierId: CourierId,
    withoutSignUp: z.boolean(),
    checkedInAt: Instant,
  }),
});
/** A courier checked in. */
export type ParticipantCheckedIn = z.infer<typeof ParticipantCheckedIn>;

/** A courier who was there checked out. */
export const ParticipantCheckedOut = z.strictObject({
  type: z.literal("ParticipantCheckedOut"),
  data: z.strictObject({ activityId: ActivityId, courierId: CourierId, checkedOutAt: Instant }),
});
/** A courier checked out. */
export type ParticipantCheckedOut = z.infer<typeof ParticipantCheckedOut>;

/** Staff recorded a courier who came without a sign-up. */
export const WalkInRecorded = z.strictObject({
  type: z.literal("WalkInRecorded"),
  data: z.strictObject({ activityId: ActivityId, courierId: CourierId, recordedAt: Instant }),
});
/** Staff recorded a walk-in. */
export type WalkInRecorded = z.infer<typeof WalkInRecorded>;

/**
 * Staff confirmed that a signed-up courier is there. (Presence only: the credit for
 * taking part is `ParticipationConfirmed`, when the activity is completed.)
 */
export const AttendanceConfirmed = z.strictObject({
  type: z.literal("AttendanceConfirmed"),
  data: z.strictObject({ activityId: ActivityId, courierId: CourierId, confirmedAt: Instant }),
});
/** Staff confirmed a signed-up courier's attendance. */
export type AttendanceConfirmed = z.infer<typeof AttendanceConfirmed>;

/**
 * A signed-up courier did not come. A flow sends `RecordNoShow` to the courier, whose
 * aggregate counts no-shows and pauses sign-ups after the policy's limit.
 */
export const ParticipationMarkedNoShow = z.strictObject({
  type: z.literal("ParticipationMarkedNoShow"),
  data: z.strictObject({ activityId: ActivityId, courierId: CourierId, markedAt: Instant }),
});
/** A signed-up courier did not come. */
export type ParticipationMarkedNoShow = z.infer<typeof ParticipationMarkedNoShow>;

/**
 * A courier's participation was confirmed when the activity was completed: the event
 * points (`@courier-station/points`) and statistics use. `hours` are the volunteer
 * hours credited; `pointsOverride`, when present, the activity's own points for it.
 */
export const ParticipationConfirmed = z.strictObject({
  type: z.literal("ParticipationConfirmed"),
  data: z.strictObject({
    activityId: ActivityId,
    courierId: CourierId,
    activityKind: ActivityKind,
    stationId: StationId,
    hours: VolunteerHours,
    pointsOverride: ActivityPointsOverride.optional(),
    /** How the courier's presence became known. */
    attendance: z.enum(["check-in", "staff-confirmation", "walk-in"]),
    confirmedAt: Instant,
  }),
});
/** A courier's participation was confirmed. */
export type ParticipationConfirmed = z.infer<typeof ParticipationConfirmed>;

/** Every event of an activity. */
export const ActivityEvent = z.discriminatedUnion("type", [
  ActivityPlanned,
  ActivityDetailsUpdated,
  ActivityPublished,
  ActivityStarted,
  CheckInCodeRotated,
  ActivityCancelled,
  ActivityCompleted,
  ParticipantSignedUp,
  SignUpCancelled,
  ParticipantCheckedIn,
  ParticipantCheckedOut,
  WalkInRecorded,
  AttendanceConfirmed,
  ParticipationMarkedNoShow,
  ParticipationConfirmed,
]);
/** Every event of an activity. */
export type ActivityEvent = z.infer<typeof ActivityEvent>;

/** The type of every activity event. */
export const activityEventTypes: ReadonlyArray<ActivityEvent["type"]> = ActivityEvent.options.map(
  (option) => option.shape.type.value,
);
