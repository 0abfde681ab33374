import { addMillis, type Instant, isBefore, MINUTE } from "../kernel/time.js";
import type { CommunityPolicy } from "../policy/schema.js";
import { type ActivityState, isActivityPlanned } from "./state.js";
import type { ActivityDetails } from "./values.js";

/** When couriers may check in to an activity: from `opensAt` to `closesAt`. */
export interface CheckInWindow {
  readonly opensAt: Instant;
  readonly closesAt: Instant;
}

/**
 * An activity's check-in window, whatever its status: from the policy's
 * `checkInToleranceMinutes` before its start (staff may start it then) to as long after
 * its end (a courier who arrives a little late, or whose phone was slow, is still let
 * in, and staff record walk-ins and complete it). The one place that says how the
 * tolerance widens an activity's time: check-in, starting, the timers and the upcoming
 * lists all read it from here.
 *
 * @example
 * // 14:00–16:00 in Shanghai, checkInToleranceMinutes: 30
 * checkInWindow(details, policy); // { opensAt: 13:30, closesAt: 16:30 } (as UTC instants)
 */
export const checkInWindow = (
  details: Pick<ActivityDetails, "startsAt" | "endsAt">,
  policy: CommunityPolicy,
): CheckInWindow => {
  const tolerance = policy.activities.checkInToleranceMinutes * MINUTE;
  return {
    opensAt: addMillis(details.startsAt, -tolerance),
    closesAt: addMillis(details.endsAt, tolerance),
  };
};

/**
 * Whether an activity is over for the lists at `now`: its check-in window has closed
 * ({@link checkInWindow}). Until then it stays on the upcoming list, while a late courier
 * may still check in and staff record walk-ins and complete it.
 *
 * @example
 * hasCheckInClosed(details, policy, now); // false at 16:29 for 14:00–16:00 with a 30-minute tolerance
 */
export const hasCheckInClosed = (
  details: Pick<ActivityDetails, "startsAt" | "endsAt">,
  policy: CommunityPolicy,
  now: Instant,
): boolean => !isBefore(now, checkInWindow(details, policy).closesAt);

/**
 * When check-in to a started activity closes: the end of its {@link checkInWindow}.
 * `undefined` unless the activity is started.
 *
 * @example
 * checkInClosesAt(state, policy); // "2026-12-05T08:30:00.000Z" (16:30 in Shanghai)
 */
export const checkInClosesAt = (
  state: ActivityState,
  policy: CommunityPolicy,
): Instant | undefined =>
  isActivityPlanned(state) && state.status === "started"
    ? checkInWindow(state.details, policy).closesAt
    : undefined;

/**
 * When the service completes a started activity by itself (`CompleteActivity` as the
 * `system`): once check-in has closed, so no courier still on the way is turned into a
 * no-show, and staff had the tolerance after the end to record walk-ins, confirm
 * attendance or complete it themselves with adjusted hours. `undefined` unless the
 * activity is started.
 *
 * @example
 * activityCompletionDueAt(state, policy); // the end plus checkInToleranceMinutes
 */
export const activityCompletionDueAt = (
  state: ActivityState,
  policy: CommunityPolicy,
): Instant | undefined => checkInClosesAt(state, policy);

/**
 * When the service replaces a started activity's check-in code by itself
 * (`RotateCheckInCode` as the `system`): `checkInCodeRotationMinutes` after the current
 * code was first shown. `undefined` when the policy does not rotate codes, the activity
 * is not started, or check-in closes before then (a code nobody can use any more needs
 * no successor).
 *
 * @example
 * // policy.activities.checkInCodeRotationMinutes: 10, the activity started at 14:00
 * checkInCodeRotationDueAt(state, policy); // 14:10, then 10 minutes after each rotation
 */
export const checkInCodeRotationDueAt = (
  state: ActivityState,
  policy: CommunityPolicy,
): Instant | undefined => {
  const minutes = policy.activities.checkInCodeRotationMinutes;
  const closesAt = checkInClosesAt(state, policy);
  if (minutes === undefined || closesAt === undefined || !isActivityPlanned(state)) {
    return undefined;
  }
  const since = state.checkInCodes?.since ?? state.startedAt;
  if (since === undefined) return undefined;
  const dueAt = addMillis(since, minutes * MINUTE);
  return isBefore(dueAt, closesAt) ? dueAt : undefined;
};

/**
 * Whether the service should replace a started activity's check-in code now: its
 * rotation is due ({@link checkInCodeRotationDueAt}) and check-in is still open — a
 * timer that ran late, after check-in closed, leaves the code alone.
 *
 * @example
 * if (isCheckInCodeRotationDue(state, policy, now)) rotate(state.activityId);
 */
export const isCheckInCodeRotationDue = (
  state: ActivityState,
  policy: CommunityPolicy,
  now: Instant,
): boolean => {
  const dueAt = checkInCodeRotationDueAt(state, policy);
  const closesAt = checkInClosesAt(state, policy);
  return (
    dueAt !== undefined &&
    closesAt !== undefined &&
    !isBefore(now, dueAt) &&
    isBefore(now, closesAt)
  );
};
