import { Either } from "effect";
import type { CourierFacts } from "../couriers/facts.js";
import { accept, type Decision, type DecisionContext, refuse } from "../kernel/decider.js";
import type { ActivityId, CourierId } from "../kernel/ids.js";
import { addMillis, DAY, isBefore, MINUTE, millisOf } from "../kernel/time.js";
import type { CommunityPolicy } from "../policy/schema.js";
import type {
  ActivityCommand,
  CancelSignUp,
  CheckInToActivity,
  CompleteActivity,
  PlanActivity,
  SignUpForActivity,
  UpdateActivityDetails,
} from "./commands.js";
import {
  type ActivityAction,
  ActivityAlreadyOver,
  ActivityAlreadyPlanned,
  type ActivityError,
  ActivityFieldLocked,
  ActivityFull,
  ActivityInPeakHours,
  ActivityNotFound,
  ActivityTooEarlyToStart,
  ActivityTransitionNotAllowed,
  AdjustedCourierNotThere,
  AlreadyParticipating,
  CapacityBelowPlacesTaken,
  CheckInCodeUnchanged,
  ConsentNotWithdrawn,
  InvalidActivityWindow,
  NoShowTooEarly,
  NotYourParticipation,
  OutsideCheckInWindow,
  ParticipantAlreadyCheckedOut,
  ParticipantConsentWithdrawn,
  ParticipantFactsMissing,
  ParticipantNotActive,
  ParticipantNotSignedUp,
  ParticipantNotThere,
  type ParticipantProblem,
  ParticipantSignUpsPaused,
  ParticipantsRefused,
  SignUpCancellationClosed,
  SignUpClosed,
  SignUpNotNeeded,
  VolunteeringForTeamOnly,
  WrongCheckInCode,
} from "./errors.js";
import type { ActivityEvent, ParticipationConfirmed } from "./events.js";
import { formatDailyWindow, peakWindowsOverlapped } from "./peak-hours.js";
import { checkInWindow } from "./schedule.js";
import {
  type Activity,
  type ActivityState,
  type ActivityStatus,
  couriersHoldingPlaces,
  isActivityPlanned,
  type Participation,
  participationOf,
  placesTaken,
} from "./state.js";
import {
  type ActivityDetails,
  MAX_ACTIVITY_DAYS,
  normaliseCheckInCode,
  type PeakHoursOverride,
} from "./values.js";

/**
 * The decision context of activities: the community policy and the facts of the
 * couriers the command concerns (see `couriersConcernedBy`), looked up by the service.
 *
 * @example
 * const context: ActivityDecisionContext = {
 *   now, actor, community, policy,
 *   couriers: [{ courierId, status: "active", volunteerTeamMember: true }],
 * };
 */
export interface ActivityDecisionContext extends DecisionContext {
  readonly policy: CommunityPolicy;
  /** Facts of the couriers a command concerns; absent when it concerns none. */
  readonly couriers?: ReadonlyArray<CourierFacts>;
}

type ActivityDecision = Decision<ActivityEvent, ActivityError>;

const transitionRefused = (
  activity: Activity,
  action: ActivityAction,
): Decision<never, ActivityTransitionNotAllowed> =>
  refuse(
    new ActivityTransitionNotAllowed({
      activityId: activity.activityId,
      status: activity.status,
      action,
    }),
  );

const inStatus = (activity: Activity, ...statuses: ReadonlyArray<ActivityStatus>): boolean =>
  statuses.includes(activity.status);

/**
 * Refuses a courier acting for another courier; staff and the system act for anyone
 * (the permission table says which of them may send the command at all).
 */
const actsForThemselves = (
  context: DecisionContext,
  courierId: CourierId,
): Either.Either<void, NotYourParticipation> =>
  context.actor.role === "courier" && context.actor.id !== courierId
    ? Either.left(new NotYourParticipation({ courierId }))
    : Either.right(undefined);

const factsOf = (
  context: ActivityDecisionContext,
  courierId: CourierId,
): Either.Either<CourierFacts, ParticipantFactsMissing> => {
  const facts = context.couriers?.find((candidate) => candidate.courierId === courierId);
  return facts === undefined
    ? Either.left(new ParticipantFactsMissing({ courierId }))
    : Either.right(facts);
};

type EligibilityError =
  | ParticipantFactsMissing
  | ParticipantNotActive
  | ParticipantConsentWithdrawn
  | VolunteeringForTeamOnly;

/**
 * Whether a courier may take part: active, still consenting to data processing, and in
 * the volunteer team when the kind needs it.
 */
const eligible = (
  activity: Activity,
  courierId: CourierId,
  context: ActivityDecisionContext,
): Either.Either<CourierFacts, EligibilityError> =>
  Either.flatMap(
    factsOf(context, courierId),
    (facts): Either.Either<CourierFacts, EligibilityError> => {
      if (facts.status !== "active") {
        return Either.left(new ParticipantNotActive({ courierId, status: facts.status }));
      }
      if (facts.consentWithdrawnAt !== undefined) {
        return Either.left(new ParticipantConsentWithdrawn({ courierId }));
      }
      if (
        activity.details.kind === "volunteering" &&
        context.policy.activities.volunteeringRequiresTeamMembership &&
        !facts.volunteerTeamMember
      ) {
        return Either.left(new VolunteeringForTeamOnly({ courierId }));
      }
      return Either.right(facts);
    },
  );

const peakHoursCheck = (
  details: Pick<ActivityDetails, "kind" | "startsAt" | "endsAt">,
  override: PeakHoursOverride | undefined,
  policy: CommunityPolicy,
): Either.Either<void, ActivityInPeakHours> => {
  if (override !== undefined) return Either.right(undefined);
  if (!policy.activities.peakHoursApplyTo.includes(details.kind)) return Either.right(undefined);
  const overlapped = peakWindowsOverlapped(
    details,
    policy.activities.peakHours,
    policy.general.timeZone,
  );
  return overlapped.length === 0
    ? Either.right(undefined)
    : Either.left(new ActivityInPeakHours({ windows: overlapped.map(formatDailyWindow) }));
};

const hasPlaceLeft = (activity: Activity): Either.Either<void, ActivityFull> => {
  const capacity = activity.details.capacity;
  return capacity !== undefined && placesTaken(activity) >= capacity
    ? Either.left(new ActivityFull({ activityId: activity.activityId, capacity }))
    : Either.right(undefined);
};

const fromEither = <Value>(
  result: Either.Either<Value, ActivityError>,
  then: (value: Value) => ActivityDecision,
): ActivityDecision => (Either.isLeft(result) ? refuse(result.left) : then(result.right));

const planActivity = (
  command: PlanActivity,
  state: ActivityState,
  context: ActivityDecisionContext,
): ActivityDecision => {
  const { activityId, details, peakHoursOverride } = command.data;
  if (isActivityPlanned(state)) return refuse(new ActivityAlreadyPlanned({ activityId }));
  if (!isBefore(context.now, details.endsAt)) {
    return refuse(new ActivityAlreadyOver({ activityId, endsAt: details.endsAt }));
  }
  return fromEither(peakHoursCheck(details, peakHoursOverride, context.policy), () =>
    accept({
      type: "ActivityPlanned",
      data: {
        activityId,
        details,
        ...(peakHoursOverride === undefined ? {} : { peakHoursOverride }),
        plannedAt: context.now,
      },
    }),
  );
};

const detailKeys = [
  "title",
  "description",
  "kind",
  "organiser",
  "stationId",
  "place",
  "startsAt",
  "endsAt",
  "capacity",
  "signUpRequired",
  "volunteerHours",
  "pointsOverride",
] as const satisfies ReadonlyArray<keyof ActivityDetails>;

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

const updateDetails = (
  command: UpdateActivityDetails,
  activity: Activity,
  context: ActivityDecisionContext,
): ActivityDecision => {
  if (!inStatus(activity, "draft", "published")) return transitionRefused(activity, "update");
  const { changes } = command.data;
  const details: ActivityDetails = { ...activity.details };
  const changed: string[] = [];
  for (const key of detailKeys) {
    const value = changes[key];
    if (value === undefined || sameValue(value, activity.details[key])) continue;
    if (activity.status !== "draft" && (key === "kind" || key === "signUpRequired")) {
      return refuse(new ActivityFieldLocked({ field: key }));
    }
    (details as Record<string, unknown>)[key] = value;
    changed.push(key);
  }
  if (changed.length === 0) return accept();
  const length = millisOf(details.endsAt) - millisOf(details.startsAt);
  if (length <= 0 || length > MAX_ACTIVITY_DAYS * DAY) {
    return refuse(
      new InvalidActivityWindow({
        startsAt: details.startsAt,
        endsAt: details.endsAt,
        maxDays: MAX_ACTIVITY_DAYS,
      }),
    );
  }
  if (!isBefore(context.now, details.endsAt)) {
    return refuse(
      new ActivityAlreadyOver({ activityId: activity.activityId, endsAt: details.endsAt }),
    );
  }
  const taken = placesTaken(activity);
  if (details.capacity !== undefined && details.capacity < taken) {
    return refuse(new CapacityBelowPlacesTaken({ capacity: details.capacity, placesTaken: taken }));
  }
  // An override was given for a time and kind; when those change, a new reason is needed.
  const timingChanged = changed.some((key) => ["kind", "startsAt", "endsAt"].includes(key));
  const override =
    command.data.peakHoursOverride ?? (timingChanged ? undefined : activity.peakHoursOverride);
  return fromEither(peakHoursCheck(details, override, context.policy), () =>
    accept({
      type: "ActivityDetailsUpdated",
      data: {
        activityId: activity.activityId,
        details,
        changed,
        ...(override === undefined ? {} : { peakHoursOverride: override }),
        notify: couriersHoldingPlaces(activity),
        updatedAt: context.now,
      },
    }),
  );
};

const signUp = (
  command: SignUpForActivity,
  activity: Activity,
  context: ActivityDecisionContext,
): ActivityDecision => {
  const { courierId } = command.data;
  if (!inStatus(activity, "published", "started")) return transitionRefused(activity, "sign-up");
  return fromEither(actsForThemselves(context, courierId), () => {
    if (!activity.details.signUpRequired) {
      return refuse(new SignUpNotNeeded({ activityId: activity.activityId }));
    }
    if (!isBefore(context.now, activity.details.endsAt)) {
      return refuse(new SignUpClosed({ activityId: activity.activityId }));
    }
    const existing = participationOf(activity, courierId);
    if (existing !== undefined && existing.status !== "cancelled") {
      return refuse(new AlreadyParticipating({ courierId, status: existing.status }));
    }
    return fromEither(eligible(activity, courierId, context), (facts) => {
      if (
        facts.signUpsPausedUntil !== undefined &&
        isBefore(context.now, facts.signUpsPausedUntil)
      ) {
        return refuse(new ParticipantSignUpsPaused({ courierId, until: facts.signUpsPausedUntil }));
      }
      return fromEither(hasPlaceLeft(activity), () =>
        accept({
          type: "ParticipantSignedUp",
          data: { activityId: activity.activityId, courierId, signedUpAt: context.now },
        }),
      );
    });
  });
};

/**
 * A sign-up cancelled because the courier withdrew consent: only when their facts say
 * so, whatever the cutoff; nothing to do when there is no sign-up left to cancel, so the
 * flow that sends it for each of the courier's activities is done either way.
 */
const cancelSignUpOnConsentWithdrawn = (
  command: CancelSignUp,
  activity: Activity,
  context: ActivityDecisionContext,
): ActivityDecision => {
  const { courierId, reason } = command.data;
  return fromEither(actsForThemselves(context, courierId), () =>
    fromEither(factsOf(context, courierId), (facts) => {
      if (facts.consentWithdrawnAt === undefined) {
        return refuse(new ConsentNotWithdrawn({ courierId }));
      }
      const participation = participationOf(activity, courierId);
      if (!inStatus(activity, "published", "started") || participation?.status !== "signed-up") {
        return accept();
      }
      return accept({
        type: "SignUpCancelled",
        data: {
          activityId: activity.activityId,
          courierId,
          byStaff: context.actor.role !== "courier",
          ...(reason === undefined ? {} : { reason }),
          cause: "consent-withdrawn",
          cancelledAt: context.now,
        },
      });
    }),
  );
};

const cancelSignUp = (
  command: CancelSignUp,
  activity: Activity,
  context: ActivityDecisionContext,
): ActivityDecision => {
  const { courierId, reason } = command.data;
  if (command.data.cause === "consent-withdrawn") {
    return cancelSignUpOnConsentWithdrawn(command, activity, context);
  }
  if (!inStatus(activity, "published", "started")) {
    return transitionRefused(activity, "cancel-sign-up");
  }
  return fromEither(actsForThemselves(context, courierId), () => {
    const participation = participationOf(activity, courierId);
    if (participation?.status !== "signed-up")
      return refuse(new ParticipantNotSignedUp({ courierId }));
    const byStaff = context.actor.role !== "courier";
    if (!byStaff) {
      const closedAt = addMillis(
        activity.details.startsAt,
        -context.policy.activities.signUpCancellationCutoffMinutes * MINUTE,
      );
      if (!isBefore(context.now, closedAt)) {
        return refuse(new SignUpCancellationClosed({ closedAt }));
      }
    }
    return accept({
      type: "SignUpCancelled",
      data: {
        activityId: activity.activityId,
        courierId,
        byStaff,
        ...(reason === undefined ? {} : { reason }),
        cancelledAt: context.now,
      },
    });
  });
};

const codeMatches = (activity: Activity, typed: string, context: DecisionContext): boolean => {
  const codes = activity.checkInCodes;
  if (codes === undefined) return false;
  const code = normaliseCheckInCode(typed);
  if (normaliseCheckInCode(codes.current) === code) return true;
  return (
    codes.previous !== undefined &&
    normaliseCheckInCode(codes.previous.code) === code &&
    !isBefore(codes.previous.validUntil, context.now)
  );
};

const checkIn = (
  command: CheckInToActivity,
  activity: Activity,
  context: ActivityDecisionContext,
): ActivityDecision => {
  const { courierId, code } = command.data;
  if (!inStatus(activity, "started")) return transitionRefused(activity, "check-in");
  return fromEither(actsForThemselves(context, courierId), () => {
    const { opensAt, closesAt } = checkInWindow(activity.details, context.policy);
    if (isBefore(context.now, opensAt) || isBefore(closesAt, context.now)) {
      return refuse(new OutsideCheckInWindow({ opensAt, closesAt }));
    }
    if (!codeMatches(activity, code, context)) return refuse(new WrongCheckInCode());
    const existing = participationOf(activity, courierId);
    const hasPlace = existing !== undefined && existing.status !== "cancelled";
    if (hasPlace && existing.status !== "signed-up") {
      return refuse(new AlreadyParticipating({ courierId, status: existing.status }));
    }
    if (activity.details.signUpRequired && !hasPlace) {
      return refuse(new ParticipantNotSignedUp({ courierId }));
    }
    return fromEither(eligible(activity, courierId, context), () => {
      const room = hasPlace ? Either.right(undefined) : hasPlaceLeft(activity);
      return fromEither(room, () =>
        accept({
          type: "ParticipantCheckedIn",
          data: {
            activityId: activity.activityId,
            courierId,
            withoutSignUp: !hasPlace,
            checkedInAt: context.now,
          },
        }),
      );
    });
  });
};

/**
 * Runs a rule for each courier of a bulk command, all or none: the events of every
 * courier, or {@link ParticipantsRefused} with every courier's refusal.
 */
const forEachCourier = (
  courierIds: ReadonlyArray<CourierId>,
  rule: (courierId: CourierId) => Either.Either<ActivityEvent | undefined, ActivityError>,
): ActivityDecision => {
  const events: ActivityEvent[] = [];
  const problems: ParticipantProblem[] = [];
  for (const courierId of courierIds) {
    const result = rule(courierId);
    if (Either.isLeft(result)) {
      problems.push({ courierId, code: result.left.code, text: result.left.text });
    } else if (result.right !== undefined) {
      events.push(result.right);
    }
  }
  return problems.length > 0 ? refuse(new ParticipantsRefused({ problems })) : accept(...events);
};

const placeStatusRefusal = (
  participation: Participation | undefined,
  courierId: CourierId,
): AlreadyParticipating | ParticipantNotSignedUp =>
  participation === undefined || participation.status === "cancelled"
    ? new ParticipantNotSignedUp({ courierId })
    : new AlreadyParticipating({ courierId, status: participation.status });

const recordWalkIns = (
  courierIds: ReadonlyArray<CourierId>,
  activity: Activity,
  context: ActivityDecisionContext,
): ActivityDecision =>
  forEachCourier(courierIds, (courierId) => {
    const participation = participationOf(activity, courierId);
    if (participation?.status === "attended") return Either.right(undefined);
    if (participation !== undefined && participation.status !== "cancelled") {
      return Either.left(new AlreadyParticipating({ courierId, status: participation.status }));
    }
    return Either.map(eligible(activity, courierId, context), () => ({
      type: "WalkInRecorded" as const,
      data: { activityId: activity.activityId, courierId, recordedAt: context.now },
    }));
  });

const confirmAttendance = (
  courierIds: ReadonlyArray<CourierId>,
  activity: Activity,
  context: ActivityDecisionContext,
): ActivityDecision =>
  forEachCourier(courierIds, (courierId) => {
    const participation = participationOf(activity, courierId);
    if (participation?.status === "attended") return Either.right(undefined);
    if (participation?.status !== "signed-up") {
      return Either.left(placeStatusRefusal(participation, courierId));
    }
    return Either.right({
      type: "AttendanceConfirmed" as const,
      data: { activityId: activity.activityId, courierId, confirmedAt: context.now },
    });
  });

const markNoShows = (
  courierIds: ReadonlyArray<CourierId>,
  activity: Activity,
  context: ActivityDecisionContext,
): ActivityDecision => {
  if (isBefore(context.now, activity.details.startsAt)) {
    return refuse(new NoShowTooEarly({ startsAt: activity.details.startsAt }));
  }
  return forEachCourier(courierIds, (courierId) => {
    const participation = participationOf(activity, courierId);
    if (participation?.status !== "signed-up") {
      return Either.left(placeStatusRefusal(participation, courierId));
    }
    return Either.right({
      type: "ParticipationMarkedNoShow" as const,
      data: { activityId: activity.activityId, courierId, markedAt: context.now },
    });
  });
};

/** Hundredths of an hour, so sums of hours stay exact. */
const toHundredths = (hours: number): number => Math.round(hours * 100);

const complete = (
  command: CompleteActivity,
  activity: Activity,
  context: ActivityDecisionContext,
): ActivityDecision => {
  if (!inStatus(activity, "started")) return transitionRefused(activity, "complete");
  const adjustments = new Map<CourierId, number>();
  for (const adjustment of command.data.hoursAdjustments ?? []) {
    if (participationOf(activity, adjustment.courierId)?.status !== "attended") {
      return refuse(new AdjustedCourierNotThere({ courierId: adjustment.courierId }));
    }
    adjustments.set(adjustment.courierId, adjustment.hours);
  }
  const { details } = activity;
  const confirmations: ParticipationConfirmed[] = [];
  const noShows: ActivityEvent[] = [];
  let totalHundredths = 0;
  let earlierNoShows = 0;
  for (const participation of activity.participations) {
    if (participation.status === "attended") {
      // Commands built in code skip the schema; the contract promises two decimals.
      const hours =
        toHundredths(adjustments.get(participation.courierId) ?? details.volunteerHours) / 100;
      totalHundredths += toHundredths(hours);
      confirmations.push({
        type: "ParticipationConfirmed",
        data: {
          activityId: activity.activityId,
          courierId: participation.courierId,
          activityKind: details.kind,
          stationId: details.stationId,
          hours,
          ...(details.pointsOverride === undefined
            ? {}
            : { pointsOverride: details.pointsOverride }),
          attendance: participation.attendance ?? "check-in",
          confirmedAt: context.now,
        },
      });
    } else if (participation.status === "signed-up") {
      noShows.push({
        type: "ParticipationMarkedNoShow",
        data: {
          activityId: activity.activityId,
          courierId: participation.courierId,
          markedAt: context.now,
        },
      });
    } else if (participation.status === "no-show") {
      earlierNoShows += 1;
    }
  }
  return accept<ActivityEvent>(...confirmations, ...noShows, {
    type: "ActivityCompleted",
    data: {
      activityId: activity.activityId,
      activityKind: details.kind,
      stationId: details.stationId,
      confirmed: confirmations.length,
      noShows: earlierNoShows + noShows.length,
      totalHours: totalHundredths / 100,
      completedAt: context.now,
    },
  });
};

const decidePlanned = (
  command: Exclude<ActivityCommand, PlanActivity>,
  activity: Activity,
  context: ActivityDecisionContext,
): ActivityDecision => {
  const activityId: ActivityId = activity.activityId;
  const { policy, now } = context;
  switch (command.type) {
    case "UpdateActivityDetails":
      return updateDetails(command, activity, context);
    case "PublishActivity": {
      if (!inStatus(activity, "draft")) return transitionRefused(activity, "publish");
      if (!isBefore(now, activity.details.endsAt)) {
        return refuse(new ActivityAlreadyOver({ activityId, endsAt: activity.details.endsAt }));
      }
      // The policy may have changed since the activity was planned.
      return fromEither(peakHoursCheck(activity.details, activity.peakHoursOverride, policy), () =>
        accept({ type: "ActivityPublished", data: { activityId, publishedAt: now } }),
      );
    }
    case "StartActivity": {
      if (!inStatus(activity, "published")) return transitionRefused(activity, "start");
      // Staff may start it once check-in opens.
      const earliest = checkInWindow(activity.details, policy).opensAt;
      if (isBefore(now, earliest))
        return refuse(new ActivityTooEarlyToStart({ activityId, earliest }));
      return accept({
        type: "ActivityStarted",
        data: {
          activityId,
          checkInCode: normaliseCheckInCode(command.data.checkInCode),
          startedAt: now,
        },
      });
    }
    case "RotateCheckInCode": {
      if (!inStatus(activity, "started")) return transitionRefused(activity, "rotate-code");
      const checkInCode = normaliseCheckInCode(command.data.checkInCode);
      if (activity.checkInCodes?.current === checkInCode) return refuse(new CheckInCodeUnchanged());
      return accept({
        type: "CheckInCodeRotated",
        data: {
          activityId,
          checkInCode,
          previousCodeValidUntil: addMillis(
            now,
            policy.activities.checkInCodeGraceMinutes * MINUTE,
          ),
          rotatedAt: now,
        },
      });
    }
    case "CancelActivity":
      if (!inStatus(activity, "draft", "published", "started")) {
        return transitionRefused(activity, "cancel");
      }
      return accept({
        type: "ActivityCancelled",
        data: {
          activityId,
          reason: command.data.reason,
          notify: couriersHoldingPlaces(activity),
          cancelledAt: now,
        },
      });
    case "CompleteActivity":
      return complete(command, activity, context);
    case "SignUpForActivity":
      return signUp(command, activity, context);
    case "CancelSignUp":
      return cancelSignUp(command, activity, context);
    case "CheckInToActivity":
      return checkIn(command, activity, context);
    case "CheckOutOfActivity": {
      const { courierId } = command.data;
      if (!inStatus(activity, "started")) return transitionRefused(activity, "check-out");
      return fromEither(actsForThemselves(context, courierId), () => {
        const participation = participationOf(activity, courierId);
        if (participation?.status !== "attended")
          return refuse(new ParticipantNotThere({ courierId }));
        if (participation.checkedOutAt !== undefined) {
          return refuse(new ParticipantAlreadyCheckedOut({ courierId }));
        }
        return accept({
          type: "ParticipantCheckedOut",
          data: { activityId, courierId, checkedOutAt: now },
        });
      });
    }
    case "RecordWalkIns":
      if (!inStatus(activity, "started")) return transitionRefused(activity, "record-walk-ins");
      return recordWalkIns(command.data.courierIds, activity, context);
    case "ConfirmAttendance":
      if (!inStatus(activity, "started")) return transitionRefused(activity, "confirm-attendance");
      return confirmAttendance(command.data.courierIds, activity, context);
    case "MarkNoShows":
      if (!inStatus(activity, "started")) return transitionRefused(activity, "mark-no-shows");
      return markNoShows(command.data.courierIds, activity, context);
  }
};

/**
 * Every rule of an activity and its participation (活动 / 微志愿): the lifecycle
 * draft → published → started → completed (or cancelled), the delivery peak hours,
 * sign-up (capacity, no double sign-up, active couriers only, the volunteer team for
 * volunteering, paused couriers and couriers who withdrew consent refused), cancelling
 * a sign-up (also because the courier withdrew consent), check-in with the
 * station's code within the time window and the tolerance, check-out, walk-ins,
 * attendance confirmed by staff, no-shows, and completion, which confirms each
 * participation with its hours.
 *
 * @example
 * const decision = decide(command, state, { now, actor, community, policy, couriers });
 */
export const decide = (
  command: ActivityCommand,
  state: ActivityState,
  context: ActivityDecisionContext,
): ActivityDecision => {
  if (command.type === "PlanActivity") return planActivity(command, state, context);
  if (!isActivityPlanned(state)) {
    return refuse(new ActivityNotFound({ activityId: command.data.activityId }));
  }
  return decidePlanned(command, state, context);
};
