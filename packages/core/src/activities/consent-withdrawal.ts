import type { CourierId } from "../kernel/ids.js";
import type { CancelSignUp } from "./commands.js";
import { type ActivityState, isActivityPlanned, participationOf } from "./state.js";

/**
 * The `CancelSignUp` commands (`cause: "consent-withdrawn"`) that cancel every sign-up a
 * courier still holds, for the flow that reacts to `ConsentWithdrawn`: one for each
 * published or started activity in which the courier is signed up (not those they are
 * already at, nor activities that are over). The flow sends each as the `system` with
 * the courier's facts, under a command id derived from the event and the activity, so a
 * redelivered event cancels nothing twice.
 *
 * @example
 * const commands = signUpCancellationsOnConsentWithdrawn(activitiesOf(courierId), courierId);
 * // [{ type: "CancelSignUp", data: { activityId: "a-1", courierId: "c-1", cause: "consent-withdrawn" } }]
 */
export const signUpCancellationsOnConsentWithdrawn = (
  activities: ReadonlyArray<ActivityState>,
  courierId: CourierId,
): CancelSignUp[] =>
  activities.flatMap((activity): CancelSignUp[] => {
    if (!isActivityPlanned(activity)) return [];
    if (activity.status !== "published" && activity.status !== "started") return [];
    if (participationOf(activity, courierId)?.status !== "signed-up") return [];
    return [
      {
        type: "CancelSignUp",
        data: { activityId: activity.activityId, courierId, cause: "consent-withdrawn" },
      },
    ];
  });
