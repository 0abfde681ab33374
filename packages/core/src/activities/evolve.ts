import type { CourierId } from "../kernel/ids.js";
import type { ActivityEvent } from "./events.js";
import {
  type Activity,
  type ActivityState,
  isActivityPlanned,
  type Participation,
} from "./state.js";

const withParticipation = (
  activity: Activity,
  courierId: CourierId,
  change: (participation: Participation | undefined) => Participation,
): Activity => {
  const index = activity.participations.findIndex(
    (participation) => participation.courierId === courierId,
  );
  if (index === -1) {
    return { ...activity, participations: [...activity.participations, change(undefined)] };
  }
  const participations = [...activity.participations];
  participations[index] = change(participations[index]);
  return { ...activity, participations };
};

// Events only touch participations `decide` saw, so the fallback is never used; it keeps
// `evolve` total for any event sequence.
const orBlank = (participation: Participation | undefined, courierId: CourierId): Participation =>
  participation ?? { courierId, status: "signed-up" };

/**
 * The state of an activity after an event. No rules: `decide` made them.
 *
 * @example
 * const state = events.reduce(evolve, initialActivityState());
 */
export const evolve = (state: ActivityState, event: ActivityEvent): ActivityState => {
  if (event.type === "ActivityPlanned") {
    const { activityId, details, peakHoursOverride, plannedAt } = event.data;
    return {
      activityId,
      status: "draft",
      details,
      ...(peakHoursOverride === undefined ? {} : { peakHoursOverride }),
      participations: [],
      plannedAt,
    };
  }
  if (!isActivityPlanned(state)) return state;
  const activity: Activity = state;
  switch (event.type) {
    case "ActivityDetailsUpdated": {
      const { peakHoursOverride: _previous, ...rest } = activity;
      const { peakHoursOverride } = event.data;
      return {
        ...rest,
        details: event.data.details,
        ...(peakHoursOverride === undefined ? {} : { peakHoursOverride }),
      };
    }
    case "ActivityPublished":
      return { ...activity, status: "published", publishedAt: event.data.publishedAt };
    case "ActivityStarted":
      return {
        ...activity,
        status: "started",
        startedAt: event.data.startedAt,
        checkInCodes: { current: event.data.checkInCode, since: event.data.startedAt },
      };
    case "CheckInCodeRotated": {
      const current = activity.checkInCodes?.current;
      return {
        ...activity,
        checkInCodes: {
          current: event.data.checkInCode,
          since: event.data.rotatedAt,
          ...(current === undefined
            ? {}
            : { previous: { code: current, validUntil: event.data.previousCodeValidUntil } }),
        },
      };
    }
    case "ActivityCancelled": {
      // The code is of no use once the activity is over; drop it from the state.
      const { checkInCodes: _codes, ...rest } = activity;
      return {
        ...rest,
        status: "cancelled",
        cancelledAt: event.data.cancelledAt,
        cancellationReason: event.data.reason,
      };
    }
    case "ActivityCompleted": {
      const { checkInCodes: _codes, ...rest } = activity;
      return { ...rest, status: "completed", completedAt: event.data.completedAt };
    }
    case "ParticipantSignedUp":
      return withParticipation(activity, event.data.courierId, () => ({
        courierId: event.data.courierId,
        status: "signed-up",
        signedUpAt: event.data.signedUpAt,
      }));
    case "SignUpCancelled":
      return withParticipation(activity, event.data.courierId, (participation) => ({
        ...orBlank(participation, event.data.courierId),
        status: "cancelled",
        cancelledAt: event.data.cancelledAt,
      }));
    case "ParticipantCheckedIn":
      return withParticipation(activity, event.data.courierId, (participation) => ({
        ...(event.data.withoutSignUp
          ? { courierId: event.data.courierId }
          : orBlank(participation, event.data.courierId)),
        status: "attended",
        attendance: "check-in",
        attendedAt: event.data.checkedInAt,
      }));
    case "ParticipantCheckedOut":
      return withParticipation(activity, event.data.courierId, (participation) => ({
        ...orBlank(participation, event.data.courierId),
        checkedOutAt: event.data.checkedOutAt,
      }));
    case "WalkInRecorded":
      return withParticipation(activity, event.data.courierId, () => ({
        courierId: event.data.courierId,
        status: "attended",
        attendance: "walk-in",
        attendedAt: event.data.recordedAt,
      }));
    case "AttendanceConfirmed":
      return withParticipation(activity, event.data.courierId, (participation) => ({
        ...orBlank(participation, event.data.courierId),
        status: "attended",
        attendance: "staff-confirmation",
        attendedAt: event.data.confirmedAt,
      }));
    case "ParticipationMarkedNoShow":
      return withParticipation(activity, event.data.courierId, (participation) => ({
        ...orBlank(participation, event.data.courierId),
        status: "no-show",
        markedNoShowAt: event.data.markedAt,
      }));
    case "ParticipationConfirmed":
      return withParticipation(activity, event.data.courierId, (participation) => ({
        ...orBlank(participation, event.data.courierId),
        status: "confirmed",
        hours: event.data.hours,
        confirmedAt: event.data.confirmedAt,
      }));
  }
};
