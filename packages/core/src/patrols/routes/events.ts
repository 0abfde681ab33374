import { z } from "zod";
import { PatrolRouteId, StationId } from "../../kernel/ids.js";
import { freeText } from "../../kernel/text.js";
import { Instant } from "../../kernel/time.js";
import { Checkpoints, PatrolReason, PatrolRouteKind, PatrolRouteName } from "../values.js";

const description = freeText({ subject: { zhCN: "路线说明", en: "the description" }, max: 2_000 });

/** Staff published a patrol route; `requiredCheckpoints` is resolved (all, by default). */
export const PatrolRoutePublished = z.strictObject({
  type: z.literal("PatrolRoutePublished"),
  data: z.strictObject({
    routeId: PatrolRouteId,
    name: PatrolRouteName,
    kind: PatrolRouteKind,
    stationId: StationId.optional(),
    description: description.optional(),
    checkpoints: Checkpoints,
    requiredCheckpoints: z.number().int().min(1).max(50),
    publishedAt: Instant,
  }),
});
/** Staff published a patrol route. */
export type PatrolRoutePublished = z.infer<typeof PatrolRoutePublished>;

/** Staff revised a route; the data is the whole new revision (the first is 1). */
export const PatrolRouteRevised = z.strictObject({
  type: z.literal("PatrolRouteRevised"),
  data: z.strictObject({
    routeId: PatrolRouteId,
    revision: z.number().int().min(2),
    name: PatrolRouteName,
    description: description.optional(),
    checkpoints: Checkpoints,
    requiredCheckpoints: z.number().int().min(1).max(50),
    revisedAt: Instant,
  }),
});
/** Staff revised a route. */
export type PatrolRouteRevised = z.infer<typeof PatrolRouteRevised>;

/** Staff suspended a route: check-ins are refused until it resumes. */
export const PatrolRouteSuspended = z.strictObject({
  type: z.literal("PatrolRouteSuspended"),
  data: z.strictObject({ routeId: PatrolRouteId, reason: PatrolReason, suspendedAt: Instant }),
});
/** Staff suspended a route. */
export type PatrolRouteSuspended = z.infer<typeof PatrolRouteSuspended>;

/** Staff resumed a suspended route. */
export const PatrolRouteResumed = z.strictObject({
  type: z.literal("PatrolRouteResumed"),
  data: z.strictObject({ routeId: PatrolRouteId, resumedAt: Instant }),
});
/** Staff resumed a route. */
export type PatrolRouteResumed = z.infer<typeof PatrolRouteResumed>;

/** Staff retired a route for good. */
export const PatrolRouteRetired = z.strictObject({
  type: z.literal("PatrolRouteRetired"),
  data: z.strictObject({ routeId: PatrolRouteId, reason: PatrolReason, retiredAt: Instant }),
});
/** Staff retired a route. */
export type PatrolRouteRetired = z.infer<typeof PatrolRouteRetired>;

/** Every event of a patrol route. */
export const PatrolRouteEvent = z.discriminatedUnion("type", [
  PatrolRoutePublished,
  PatrolRouteRevised,
  PatrolRouteSuspended,
  PatrolRouteResumed,
  PatrolRouteRetired,
]);
/** Every event of a patrol route. */
export type PatrolRouteEvent = z.infer<typeof PatrolRouteEvent>;
