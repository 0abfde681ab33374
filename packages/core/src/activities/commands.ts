import { z } from "zod";
import { ActivityId, CourierId } from "../kernel/ids.js";
import { bilingual } from "../kernel/validation.js";
import {
  ActivityChanges,
  ActivityDetails,
  ActivityReason,
  CheckInCode,
  PeakHoursOverride,
  SignUpCancellationCause,
  VolunteerHours,
} from "./values.js";

/** A list of couriers for the staff's bulk commands: 1 to 500, no repeats. */
const uniqueList = <Item extends z.ZodType<string>>(item: Item) =>
  z
    .array(item)
    .min(1)
    .max(500)
    .refine(
      (items) => new Set(items).size === items.length,
      bilingual("列表中不能有重复项", "the list must not repeat an entry"),
    );

/**
 * Staff plan an activity as a draft. A courier activity inside the policy's delivery
 * peak hours is refused unless `peakHoursOverride` gives a reason.
 *
 * @example
 * {
 *   type: "PlanActivity",
 *   data: {
 *     activityId: "river-cleanup-2026-12-05",
 *     details: {
 *       title: "护河志愿行动", kind: "volunteering",
 *       organiser: { kind: "station", stationId: "wanda" }, stationId: "wanda",
 *       place: { description: "山阳河 3 号桥" },
 *       startsAt: "2026-12-05T14:00:00+08:00", endsAt: "2026-12-05T16:00:00+08:00",
 *       capacity: 20, signUpRequired: true, volunteerHours: 2,
 *     },
 *   },
 * }
 */
export const PlanActivity = z.strictObject({
  type: z.literal("PlanActivity"),
  data: z.strictObject({
    activityId: ActivityId,
    details: ActivityDetails,
    peakHoursOverride: PeakHoursOverride.optional(),
  }),
});
/** Staff plan an activity as a draft. */
export type PlanActivity = z.infer<typeof PlanActivity>;

/**
 * Staff change the details of a draft or published activity. Those signed up are told
 * (`notify` of the event). `kind` and `signUpRequired` change only in a draft; the
 * capacity never drops below the places taken.
 */
export const UpdateActivityDetails = z.strictObject({
  type: z.literal("UpdateActivityDetails"),
  data: z.strictObject({
    activityId: ActivityId,
    changes: ActivityChanges,
    peakHoursOverride: PeakHoursOverride.optional(),
  }),
});
/** Staff change the details of a draft or published activity. */
export type UpdateActivityDetails = z.infer<typeof UpdateActivityDetails>;

/** Staff publish a draft: couriers see it and may sign up. */
export const PublishActivity = z.strictObject({
  type: z.literal("PublishActivity"),
  data: z.strictObject({ activityId: ActivityId }),
});
/** Staff publish a draft. */
export type PublishActivity = z.infer<typeof PublishActivity>;

/**
 * Staff start a published activity, with the check-in code the station shows (chosen
 * by the service). Not earlier than the policy's check-in tolerance before its start.
 */
export const StartActivity = z.strictObject({
  type: z.literal("StartActivity"),
  data: z.strictObject({ activityId: ActivityId, checkInCode: CheckInCode }),
});
/** Staff start a published activity. */
export type StartActivity = z.infer<typeof StartActivity>;

/**
 * Staff (or the service's timer) replace the check-in code of a started activity, so a
 * code passed around off-site stops working; the previous one stays valid for the
 * policy's grace minutes.
 */
export const RotateCheckInCode = z.strictObject({
  type: z.literal("RotateCheckInCode"),
  data: z.strictObject({ activityId: ActivityId, checkInCode: CheckInCode }),
});
/** Staff replace the check-in code of a started activity. */
export type RotateCheckInCode = z.infer<typeof RotateCheckInCode>;

/** Staff cancel an activity that is not completed, with a reason; those signed up are told. */
export const CancelActivity = z.strictObject({
  type: z.literal("CancelActivity"),
  data: z.strictObject({ activityId: ActivityId, reason: ActivityReason }),
});
/** Staff cancel an activity. */
export type CancelActivity = z.infer<typeof CancelActivity>;

/**
 * Staff (or a flow, after the end) complete a started activity: every courier who was
 * there is confirmed with the activity's volunteer hours (or the adjusted hours staff
 * give for them), and every courier still only signed up is marked a no-show.
 */
export const CompleteActivity = z.strictObject({
  type: z.literal("CompleteActivity"),
  data: z.strictObject({
    activityId: ActivityId,
    /** Hours other than the activity's for some couriers (came late, left early, stayed on). */
    hoursAdjustments: z
      .array(z.strictObject({ courierId: CourierId, hours: VolunteerHours }))
      .max(10_000)
      .refine(
        (adjustments) =>
          new Set(adjustments.map((adjustment) => adjustment.courierId)).size ===
          adjustments.length,
        bilingual("每位小哥的时长最多调整一次", "each courier's hours are adjusted at most once"),
      )
      .optional(),
  }),
});
/** Staff complete a started activity. */
export type CompleteActivity = z.infer<typeof CompleteActivity>;

/**
 * A courier signs up for a published or started activity that needs sign-up (staff may
 * sign a courier up for them). Only active couriers, not paused, within the capacity,
 * once; volunteering only for the volunteer team when the policy says so.
 */
export const SignUpForActivity = z.strictObject({
  type: z.literal("SignUpForActivity"),
  data: z.strictObject({ activityId: ActivityId, courierId: CourierId }),
});
/** A courier signs up for an activity. */
export type SignUpForActivity = z.infer<typeof SignUpForActivity>;

/**
 * A courier cancels their sign-up (until the policy's cutoff before the start), or staff
 * cancel it for them (until they are there), with an optional reason.
 *
 * With `cause: "consent-withdrawn"` (staff, or the `system` flow that reacts to
 * `ConsentWithdrawn`), the courier's facts must say their consent is withdrawn; the
 * cutoff does not apply, and a sign-up that is no longer there to cancel (the courier
 * checked in, the activity ended) is accepted with nothing to do, so the flow is done.
 */
export const CancelSignUp = z.strictObject({
  type: z.literal("CancelSignUp"),
  data: z.strictObject({
    activityId: ActivityId,
    courierId: CourierId,
    reason: ActivityReason.optional(),
    cause: SignUpCancellationCause.optional(),
  }),
});
/** A courier or staff cancel a sign-up. */
export type CancelSignUp = z.infer<typeof CancelSignUp>;

/**
 * A courier at a started activity checks in with the code the station shows, within
 * the time window widened by the policy's tolerance. When the activity needs sign-up
 * the courier must have signed up; otherwise the check-in takes a place.
 */
export const CheckInToActivity = z.strictObject({
  type: z.literal("CheckInToActivity"),
  data: z.strictObject({ activityId: ActivityId, courierId: CourierId, code: CheckInCode }),
});
/** A courier checks in with the station's code. */
export type CheckInToActivity = z.infer<typeof CheckInToActivity>;

/** A courier who is there checks out when leaving (or staff check them out). */
export const CheckOutOfActivity = z.strictObject({
  type: z.literal("CheckOutOfActivity"),
  data: z.strictObject({ activityId: ActivityId, courierId: CourierId }),
});
/** A courier checks out. */
export type CheckOutOfActivity = z.infer<typeof CheckOutOfActivity>;

/**
 * Staff record couriers who came without a sign-up (or whose sign-up was cancelled).
 * Each must be active (and in the volunteer team for volunteering when the policy says
 * so); the capacity does not apply. Couriers already there are skipped. All or none.
 */
export const RecordWalkIns = z.strictObject({
  type: z.literal("RecordWalkIns"),
  data: z.strictObject({ activityId: ActivityId, courierIds: uniqueList(CourierId) }),
});
/** Staff record walk-ins. */
export type RecordWalkIns = z.infer<typeof RecordWalkIns>;

/**
 * Staff confirm that signed-up couriers are there (for those who could not check in
 * themselves). Couriers already there are skipped. All or none.
 */
export const ConfirmAttendance = z.strictObject({
  type: z.literal("ConfirmAttendance"),
  data: z.strictObject({ activityId: ActivityId, courierIds: uniqueList(CourierId) }),
});
/** Staff confirm the attendance of signed-up couriers. */
export type ConfirmAttendance = z.infer<typeof ConfirmAttendance>;

/**
 * Staff mark signed-up couriers who did not come as no-shows, once the activity has
 * begun (completion marks the rest). Final: the courier aggregate counts them.
 */
export const MarkNoShows = z.strictObject({
  type: z.literal("MarkNoShows"),
  data: z.strictObject({ activityId: ActivityId, courierIds: uniqueList(CourierId) }),
});
/** Staff mark no-shows. */
export type MarkNoShows = z.infer<typeof MarkNoShows>;

/** Every command of an activity. */
export const ActivityCommand = z.discriminatedUnion("type", [
  PlanActivity,
  UpdateActivityDetails,
  PublishActivity,
  StartActivity,
  RotateCheckInCode,
  CancelActivity,
  CompleteActivity,
  SignUpForActivity,
  CancelSignUp,
  CheckInToActivity,
  CheckOutOfActivity,
  RecordWalkIns,
  ConfirmAttendance,
  MarkNoShows,
]);
/** Every command of an activity. */
export type ActivityCommand = z.infer<typeof ActivityCommand>;

/** The type of every activity command: each is in the permission table. */
export const activityCommandTypes: ReadonlyArray<ActivityCommand["type"]> =
  ActivityCommand.options.map((option) => option.shape.type.value);

/**
 * The couriers a command concerns, whose {@link CourierFacts} the service looks up for
 * the decision context.
 *
 * @example
 * const facts = await Promise.all(couriersConcernedBy(command).map(lookUpCourierFacts));
 */
export const couriersConcernedBy = (command: ActivityCommand): CourierId[] => {
  switch (command.type) {
    case "SignUpForActivity":
    case "CheckInToActivity":
      return [command.data.courierId];
    case "CancelSignUp":
      return command.data.cause === undefined ? [] : [command.data.courierId];
    case "RecordWalkIns":
      return [...command.data.courierIds];
    default:
      return [];
  }
};
