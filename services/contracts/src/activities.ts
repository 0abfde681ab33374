import {
  ActivityDetails,
  ActivityFacts,
  ActivityFactsStatus,
  ActivityId,
  ActivityKind,
  ActivityReason,
  CancelActivity,
  CancelSignUp,
  CheckInAtCheckpoint,
  CheckInCode,
  CheckInToActivity,
  CheckOutOfActivity,
  Checkpoint,
  CheckpointId,
  CompleteActivity,
  ConfirmAttendance,
  CourierId,
  DailyWindow,
  Instant,
  MarkNoShows,
  PatrolDay,
  PatrolId,
  PatrolReason,
  PatrolRouteId,
  PatrolRouteKind,
  PeakHoursOverride,
  PlanActivity,
  PublishActivity,
  PublishPatrolRoute,
  RecordWalkIns,
  ResumePatrolRoute,
  RetirePatrolRoute,
  RevisePatrolRoute,
  RotateCheckInCode,
  SignUpForActivity,
  StartActivity,
  StationId,
  SuspendPatrolRoute,
  UpdateActivityDetails,
} from "@courier-station/core";
import { z } from "zod";
import { commandContract, defineContract, listQueryContract, queryContract } from "./contract.js";
import { versionShape } from "./replies.js";

/**
 * `StartActivity` as the bus takes it: the check-in code may be left out, and the
 * activities service then chooses one (a retry under the same command id gets the code
 * the first attempt chose). Staff give one themselves for a code on a printed card.
 */
export const StartActivityRequest = z.strictObject({
  type: StartActivity.shape.type,
  data: StartActivity.shape.data.partial({ checkInCode: true }),
});
/** `StartActivity` as the bus takes it. */
export type StartActivityRequest = z.infer<typeof StartActivityRequest>;

/**
 * `RotateCheckInCode` as the bus takes it: the new code may be left out, and the service
 * chooses one, as for {@link StartActivityRequest}.
 */
export const RotateCheckInCodeRequest = z.strictObject({
  type: RotateCheckInCode.shape.type,
  data: RotateCheckInCode.shape.data.partial({ checkInCode: true }),
});
/** `RotateCheckInCode` as the bus takes it. */
export type RotateCheckInCodeRequest = z.infer<typeof RotateCheckInCodeRequest>;

/**
 * `CheckInAtCheckpoint` as the bus takes it: the patrol id may be left out, and the
 * service fills in `patrolIdOf` the route, the courier and the local day of the
 * check-in. A client that computed it sends it (and is refused if it is not today's).
 */
export const CheckInAtCheckpointRequest = z.strictObject({
  type: CheckInAtCheckpoint.shape.type,
  data: CheckInAtCheckpoint.shape.data.partial({ patrolId: true }),
});
/** `CheckInAtCheckpoint` as the bus takes it. */
export type CheckInAtCheckpointRequest = z.infer<typeof CheckInAtCheckpointRequest>;

/** Where one courier's participation in an activity is (core's `ParticipationStatus`). */
export const ParticipationStatusSchema = z.enum([
  "signed-up",
  "cancelled",
  "attended",
  "no-show",
  "confirmed",
]);

/**
 * One courier's participation as staff see it on the roster: ids, statuses and times;
 * no personal data (names and numbers are the registry's, for staff only).
 */
export const ParticipationView = z.strictObject({
  courierId: CourierId,
  status: ParticipationStatusSchema,
  signedUpAt: Instant.optional(),
  cancelledAt: Instant.optional(),
  attendedAt: Instant.optional(),
  attendance: z.enum(["check-in", "staff-confirmation", "walk-in"]).optional(),
  checkedOutAt: Instant.optional(),
  markedNoShowAt: Instant.optional(),
  hours: z.number().min(0).optional(),
  confirmedAt: Instant.optional(),
});
/** One courier's participation on the roster. */
export type ParticipationView = z.infer<typeof ParticipationView>;

/** A courier's own participation (core's `courierParticipationView`). */
export const CourierParticipationViewSchema = z.strictObject({
  activityId: ActivityId,
  status: ParticipationStatusSchema,
  checkedOut: z.boolean(),
  hours: z.number().min(0).optional(),
});

/** The figures of an activity (core's `activitySummary`). */
export const ActivitySummarySchema = z.strictObject({
  activityId: ActivityId,
  status: ActivityFactsStatus,
  kind: ActivityKind,
  stationId: StationId,
  startsAt: Instant,
  endsAt: Instant,
  capacity: z.number().int().optional(),
  placesTaken: z.number().int().min(0),
  placesLeft: z.number().int().min(0).optional(),
  signedUp: z.number().int().min(0),
  cancelledSignUps: z.number().int().min(0),
  attended: z.number().int().min(0),
  walkIns: z.number().int().min(0),
  noShows: z.number().int().min(0),
  confirmed: z.number().int().min(0),
  confirmedHours: z.number().min(0),
});

const publicShape = {
  activityId: ActivityId,
  status: ActivityFactsStatus,
  details: ActivityDetails,
  /** Places left; absent when there is no limit. */
  placesLeft: z.number().int().min(0).optional(),
};

/** What everyone sees of a published activity (core's `activityPublicView`). */
export const ActivityPublicViewSchema = z.strictObject({
  view: z.literal("public"),
  ...publicShape,
});

/** A courier's view (core's `activityCourierView`): the public view and their own participation. */
export const ActivityCourierViewSchema = z.strictObject({
  view: z.literal("courier"),
  ...publicShape,
  participation: CourierParticipationViewSchema.optional(),
});

/** How many couriers of the roster the staff view carries; the rest are in `ListActivityRoster`. */
export const staffViewRosterLimit = 200;

/**
 * The staff view (core's `activityStaffView`): drafts too, the peak-hours override, the
 * check-in codes the station shows, the figures, and the roster — its first
 * {@link staffViewRosterLimit} couriers, with `rosterTotal` saying how many there are.
 */
export const ActivityStaffViewSchema = z.strictObject({
  view: z.literal("staff"),
  activityId: ActivityId,
  status: ActivityFactsStatus,
  details: ActivityDetails,
  peakHoursOverride: PeakHoursOverride.optional(),
  checkInCodes: z
    .strictObject({
      current: CheckInCode,
      since: Instant.optional(),
      previous: z.strictObject({ code: CheckInCode, validUntil: Instant }).optional(),
    })
    .optional(),
  summary: ActivitySummarySchema,
  roster: z.array(ParticipationView).max(staffViewRosterLimit),
  rosterTotal: z.number().int().min(0),
  plannedAt: Instant,
  publishedAt: Instant.optional(),
  startedAt: Instant.optional(),
  completedAt: Instant.optional(),
  cancelledAt: Instant.optional(),
  cancellationReason: ActivityReason.optional(),
});

/**
 * One activity as the asking actor may see it, named by `view`: `staff` (staff,
 * auditors and the system), `courier` (the courier asking, with their own
 * participation) or `public` (sponsors and handlers). Only `staff` shows drafts, the
 * check-in code and other couriers.
 */
export const ActivityView = z.discriminatedUnion("view", [
  ActivityStaffViewSchema.extend(versionShape),
  ActivityCourierViewSchema.extend(versionShape),
  ActivityPublicViewSchema.extend(versionShape),
]);
/** One activity as the asking actor may see it. */
export type ActivityView = z.infer<typeof ActivityView>;

/**
 * An activity in the list of upcoming ones: its details and places left, and the
 * delivery peak windows (送餐高峰) of the policy in force at its start that its time
 * overlaps (core's `peakWindowsOverlapped`) — a warning, empty when there is none; staff
 * planned it there with an override when `peakHoursOverridden`.
 */
export const ActivityListItem = z.strictObject({
  ...publicShape,
  peakWindows: z.array(DailyWindow),
  peakHoursOverridden: z.boolean(),
});
/** An activity in the list of upcoming ones. */
export type ActivityListItem = z.infer<typeof ActivityListItem>;

/** An activity in a courier's own list: what it is, when and where, and their participation. */
export const CourierActivityItem = z.strictObject({
  activityId: ActivityId,
  title: z.string(),
  kind: ActivityKind,
  stationId: StationId,
  startsAt: Instant,
  endsAt: Instant,
  activityStatus: ActivityFactsStatus,
  participation: CourierParticipationViewSchema,
});
/** An activity in a courier's own list. */
export type CourierActivityItem = z.infer<typeof CourierActivityItem>;

/** A courier's volunteer hours (志愿时长): the sum over their confirmed participations. */
export const CourierVolunteerHours = z.strictObject({
  courierId: CourierId,
  hours: z.number().min(0),
  confirmedParticipations: z.number().int().min(0),
});
/** A courier's volunteer hours. */
export type CourierVolunteerHours = z.infer<typeof CourierVolunteerHours>;

/** Where a patrol route is: open to check-ins, suspended for a while, or retired. */
export const PatrolRouteStatusSchema = z.enum(["active", "suspended", "retired"]);

/** A patrol route (护河巡河) with its checkpoints, as everyone may see it. */
export const PatrolRouteView = z.strictObject({
  routeId: PatrolRouteId,
  status: PatrolRouteStatusSchema,
  name: z.string(),
  kind: PatrolRouteKind,
  stationId: StationId.optional(),
  description: z.string().optional(),
  checkpoints: z.array(Checkpoint),
  requiredCheckpoints: z.number().int().min(1),
  revision: z.number().int().min(1),
  publishedAt: Instant,
  suspensionReason: PatrolReason.optional(),
  retiredAt: Instant.optional(),
});
/** A patrol route as everyone may see it. */
export type PatrolRouteView = z.infer<typeof PatrolRouteView>;

/**
 * A courier's patrol of a route on a local day, for the courier and staff: its visits
 * (the checkpoint, the whole metres from it and the time — never a position) and its
 * progress against the route's current checkpoints (core's `patrolProgress`).
 */
export const PatrolView = z.strictObject({
  patrolId: PatrolId,
  routeId: PatrolRouteId,
  courierId: CourierId,
  day: PatrolDay,
  status: z.enum(["in-progress", "completed"]),
  startedAt: Instant,
  completedAt: Instant.optional(),
  visits: z.array(
    z.strictObject({
      checkpointId: CheckpointId,
      distanceMetres: z.number().int().min(0),
      visitedAt: Instant,
    }),
  ),
  progress: z
    .strictObject({
      visited: z.array(CheckpointId),
      remaining: z.array(CheckpointId),
      required: z.number().int().min(1),
    })
    .optional(),
});
/** A courier's patrol of a route on a local day. */
export type PatrolView = z.infer<typeof PatrolView>;

const everyone = ["courier", "staff", "sponsor", "handler", "auditor", "system"] as const;
const staffSide = ["staff", "auditor", "system"] as const;
const courierAndStaff = ["courier", "staff", "auditor", "system"] as const;

/**
 * The activities service's bus contract: every command of an activity and its
 * participation, of patrol routes and of patrols (`cs.<community>.activities.<Command>`),
 * and the queries — among them `GetActivityFacts`, which the wishes service decides the
 * wish-lighting event (点亮微心愿) with.
 */
export const activitiesContract = defineContract({
  service: "activities",
  description:
    "Activities (活动 / 微志愿) and participation: sign-up, check-in by code, walk-ins, attendance, no-shows, completion; patrol routes and patrols (护河巡河).",
  endpoints: {
    PlanActivity: commandContract(
      PlanActivity,
      "Staff plan an activity as a draft (outside the delivery peak hours unless they give a reason).",
    ),
    UpdateActivityDetails: commandContract(
      UpdateActivityDetails,
      "Staff change a draft or published activity; those holding a place are told.",
    ),
    PublishActivity: commandContract(
      PublishActivity,
      "Staff publish a draft: couriers see it and may sign up.",
    ),
    StartActivity: commandContract(
      StartActivityRequest,
      "Staff start a published activity with the check-in code the station shows (chosen by the service when left out).",
    ),
    RotateCheckInCode: commandContract(
      RotateCheckInCodeRequest,
      "Staff (or the service's timer, as the policy says) replace a started activity's check-in code; the previous one works for the grace minutes.",
    ),
    CancelActivity: commandContract(
      CancelActivity,
      "Staff cancel an activity that is not completed, with a reason; those holding a place are told.",
    ),
    CompleteActivity: commandContract(
      CompleteActivity,
      "Staff (or the service once check-in has closed) complete a started activity: those there are confirmed with their hours, those only signed up marked no-shows.",
    ),
    SignUpForActivity: commandContract(
      SignUpForActivity,
      "A courier signs up (or staff sign them up): active, eligible, not paused, within the capacity.",
    ),
    CancelSignUp: commandContract(
      CancelSignUp,
      "A courier cancels their sign-up before the cutoff, or staff do; the system does it for a courier who withdrew consent.",
    ),
    CheckInToActivity: commandContract(
      CheckInToActivity,
      "A courier at a started activity checks in with the code the station shows; safe to retry under the same command id.",
    ),
    CheckOutOfActivity: commandContract(
      CheckOutOfActivity,
      "A courier who is there checks out (or staff check them out).",
    ),
    RecordWalkIns: commandContract(
      RecordWalkIns,
      "Staff record couriers who came without a sign-up (all or none).",
    ),
    ConfirmAttendance: commandContract(
      ConfirmAttendance,
      "Staff confirm that signed-up couriers are there (all or none).",
    ),
    MarkNoShows: commandContract(
      MarkNoShows,
      "Staff mark signed-up couriers who did not come as no-shows, once the activity has begun.",
    ),
    PublishPatrolRoute: commandContract(
      PublishPatrolRoute,
      "Staff publish a patrol route (护河巡河) of checkpoints along a river or a street.",
    ),
    RevisePatrolRoute: commandContract(
      RevisePatrolRoute,
      "Staff revise a route's name, description, checkpoints or the number required.",
    ),
    SuspendPatrolRoute: commandContract(
      SuspendPatrolRoute,
      "Staff suspend a route for a while, with a reason.",
    ),
    ResumePatrolRoute: commandContract(ResumePatrolRoute, "Staff resume a suspended route."),
    RetirePatrolRoute: commandContract(
      RetirePatrolRoute,
      "Staff retire a route for good, with a reason.",
    ),
    CheckInAtCheckpoint: commandContract(
      CheckInAtCheckpointRequest,
      "A courier passing a checkpoint checks in with their position (only the distance is kept); the patrol of the day is completed once the route's required checkpoints are visited.",
    ),
    ListUpcomingActivities: listQueryContract({
      name: "ListUpcomingActivities",
      description:
        "Activities not yet over, soonest first, at a station or on a local date (in the community's time zone), each with the delivery peak windows it overlaps; staff and auditors see drafts too.",
      roles: everyone,
      parameters: { stationId: StationId.optional(), date: z.iso.date().optional() },
      item: ActivityListItem,
    }),
    ListActivitiesOfMonth: listQueryContract({
      name: "ListActivitiesOfMonth",
      description:
        "Staff's record of a local month (in the community's time zone): every activity that starts in it, drafts, completed and cancelled ones too, latest start first, in a status or all. Pages are full however many activities later months hold.",
      roles: staffSide,
      parameters: {
        year: z.number().int().min(2000).max(2200),
        month: z.number().int().min(1).max(12),
        status: ActivityFactsStatus.optional(),
      },
      item: ActivityListItem,
    }),
    GetActivity: queryContract({
      name: "GetActivity",
      description:
        "One activity as the actor may see it: staff, auditors and the system the staff view with codes and roster, a courier the public view with their own participation, others the public view. Drafts are staff's only.",
      roles: everyone,
      parameters: { activityId: ActivityId },
      output: ActivityView,
    }),
    ListActivityRoster: listQueryContract({
      name: "ListActivityRoster",
      description: "An activity's roster: every courier's participation, by courier id.",
      roles: staffSide,
      parameters: { activityId: ActivityId, status: ParticipationStatusSchema.optional() },
      item: ParticipationView,
    }),
    ListCourierActivities: listQueryContract({
      name: "ListCourierActivities",
      description:
        "A courier's own activities, latest first, with their participation; a courier asks only about themselves.",
      roles: courierAndStaff,
      parameters: { courierId: CourierId, status: ParticipationStatusSchema.optional() },
      item: CourierActivityItem,
    }),
    GetCourierVolunteerHours: queryContract({
      name: "GetCourierVolunteerHours",
      description:
        "A courier's volunteer hours (志愿时长) over their confirmed participations; a courier asks only about themselves.",
      roles: courierAndStaff,
      parameters: { courierId: CourierId },
      output: CourierVolunteerHours,
    }),
    GetActivityFacts: queryContract({
      name: "GetActivityFacts",
      description:
        "What other services may know about an activity when they decide (kind, status, station, time; never who signed up): the wishes service checks the wish-lighting event (点亮微心愿) with it.",
      roles: staffSide,
      parameters: { activityId: ActivityId },
      output: ActivityFacts,
    }),
    ListPatrolRoutes: listQueryContract({
      name: "ListPatrolRoutes",
      description: "The community's patrol routes by id, at a station or in a status.",
      roles: everyone,
      parameters: {
        stationId: StationId.optional(),
        status: PatrolRouteStatusSchema.optional(),
      },
      item: PatrolRouteView,
    }),
    GetPatrolRoute: queryContract({
      name: "GetPatrolRoute",
      description: "One patrol route with its checkpoints.",
      roles: everyone,
      parameters: { routeId: PatrolRouteId },
      output: PatrolRouteView.extend(versionShape),
    }),
    ListCourierPatrols: listQueryContract({
      name: "ListCourierPatrols",
      description:
        "A courier's patrols, latest first, on a route or all, with their progress; a courier asks only about themselves.",
      roles: courierAndStaff,
      parameters: { courierId: CourierId, routeId: PatrolRouteId.optional() },
      item: PatrolView,
    }),
  },
});
