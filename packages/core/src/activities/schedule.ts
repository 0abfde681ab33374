import { addMillis, type Instant, isBefore, MINUTE } from "../kernel/time.js";
import type { CommunityPolicy } from "../policy/schema.js";
import { type ActivityState, isActivityPlanned } from "./state.js";

/**
 * When check-in to a started activity closes: the policy's `checkInToleranceMinutes`
 * after its end (a courier who arrives a little late, or whose phone was slow, is still
 * let in). `undefined` unless the activity is started.
 *
 * @example
 * checkInClosesAt(state, policy); // "2026-12-05T08:30:00.000Z" (16:30 in Shanghai)
 */
export const checkInClosesAt = (
  state: ActivityState,
  policy: CommunityPolicy,
): Instant | undefined =>
  isActivityPlanned(state) && state.status === "started"
    ? addMillis(state.details.endsAt, policy.activities.checkInToleranceMinutes * MINUTE)
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
