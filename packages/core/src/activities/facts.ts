import { z } from "zod";
import { ActivityId, StationId } from "../kernel/ids.js";
import { Instant } from "../kernel/time.js";
import { ActivityKind } from "./kinds.js";
import { type ActivityState, isActivityPlanned } from "./state.js";

/** Where an activity is in its lifecycle, as other aggregates may know it. */
export const ActivityFactsStatus = z.enum([
  "draft",
  "published",
  "started",
  "completed",
  "cancelled",
]);
/** Where an activity is in its lifecycle. */
export type ActivityFactsStatus = z.infer<typeof ActivityFactsStatus>;

/**
 * What other aggregates may know about an activity when they decide: a wish linked to a
 * wish-lighting event (点亮微心愿) checks that the event is at the wish's station and not
 * over. The service looks these facts up (from the activity's state or a read model) and
 * passes them in the decision context; who signed up is not in here.
 */
export const ActivityFacts = z.strictObject({
  activityId: ActivityId,
  kind: ActivityKind,
  status: ActivityFactsStatus,
  stationId: StationId,
  startsAt: Instant,
  endsAt: Instant,
});
/** What other aggregates may know about an activity. */
export type ActivityFacts = z.infer<typeof ActivityFacts>;

/**
 * The {@link ActivityFacts} of a planned activity, or `undefined` before it is planned.
 *
 * @example
 * const activity = activityFacts(activityState); // { activityId, kind: "wish-lighting", status: "started", … }
 */
export const activityFacts = (state: ActivityState): ActivityFacts | undefined =>
  isActivityPlanned(state)
    ? {
        activityId: state.activityId,
        kind: state.details.kind,
        status: state.status,
        stationId: state.details.stationId,
        startsAt: state.details.startsAt,
        endsAt: state.details.endsAt,
      }
    : undefined;
