import { z } from "zod";
import { PatrolRouteId, StationId } from "../../kernel/ids.js";
import { freeText } from "../../kernel/text.js";
import { bilingual } from "../../kernel/validation.js";
import { Checkpoints, PatrolReason, PatrolRouteKind, PatrolRouteName } from "../values.js";

const description = freeText({ subject: { zhCN: "路线说明", en: "the description" }, max: 2_000 });
const required = z.number().int().min(1).max(50);

/**
 * Staff publish a patrol route (护河巡河) with its checkpoints along a river or a street.
 * `requiredCheckpoints` (default: all) is how many distinct checkpoints complete a patrol.
 *
 * @example
 * {
 *   type: "PublishPatrolRoute",
 *   data: {
 *     routeId: "shanyang-river", name: "山阳河巡河线", kind: "river", stationId: "wanda",
 *     checkpoints: [
 *       { checkpointId: "bridge-3", name: "3 号桥", location: { latitude: 30.7246, longitude: 121.3412, datum: "GCJ-02" }, radiusMetres: 50 },
 *       { checkpointId: "sluice", name: "节制闸", location: { latitude: 30.7281, longitude: 121.3466, datum: "GCJ-02" }, radiusMetres: 60 },
 *     ],
 *   },
 * }
 */
export const PublishPatrolRoute = z.strictObject({
  type: z.literal("PublishPatrolRoute"),
  data: z
    .strictObject({
      routeId: PatrolRouteId,
      name: PatrolRouteName,
      kind: PatrolRouteKind,
      /** The station the route belongs to, when it has one. */
      stationId: StationId.optional(),
      description: description.optional(),
      checkpoints: Checkpoints,
      requiredCheckpoints: required.optional(),
    })
    .refine(
      (data) =>
        data.requiredCheckpoints === undefined ||
        data.requiredCheckpoints <= data.checkpoints.length,
      bilingual(
        "须完成的检查点数不能多于路线上的检查点数",
        "the required checkpoints cannot outnumber the route's checkpoints",
      ),
    ),
});
/** Staff publish a patrol route. */
export type PublishPatrolRoute = z.infer<typeof PublishPatrolRoute>;

/**
 * Staff revise an active or suspended route: its name, description, checkpoints or the
 * number required. Patrols under way count only the checkpoints of the new revision.
 */
export const RevisePatrolRoute = z.strictObject({
  type: z.literal("RevisePatrolRoute"),
  data: z
    .strictObject({
      routeId: PatrolRouteId,
      name: PatrolRouteName.optional(),
      description: description.optional(),
      checkpoints: Checkpoints.optional(),
      requiredCheckpoints: required.optional(),
    })
    .refine(
      (data) =>
        data.name !== undefined ||
        data.description !== undefined ||
        data.checkpoints !== undefined ||
        data.requiredCheckpoints !== undefined,
      bilingual("至少修改一项", "change at least one field"),
    ),
});
/** Staff revise a route. */
export type RevisePatrolRoute = z.infer<typeof RevisePatrolRoute>;

/** Staff suspend an active route for a while (flood, works), with a reason. */
export const SuspendPatrolRoute = z.strictObject({
  type: z.literal("SuspendPatrolRoute"),
  data: z.strictObject({ routeId: PatrolRouteId, reason: PatrolReason }),
});
/** Staff suspend a route. */
export type SuspendPatrolRoute = z.infer<typeof SuspendPatrolRoute>;

/** Staff resume a suspended route. */
export const ResumePatrolRoute = z.strictObject({
  type: z.literal("ResumePatrolRoute"),
  data: z.strictObject({ routeId: PatrolRouteId }),
});
/** Staff resume a suspended route. */
export type ResumePatrolRoute = z.infer<typeof ResumePatrolRoute>;

/** Staff retire a route for good, with a reason. */
export const RetirePatrolRoute = z.strictObject({
  type: z.literal("RetirePatrolRoute"),
  data: z.strictObject({ routeId: PatrolRouteId, reason: PatrolReason }),
});
/** Staff retire a route. */
export type RetirePatrolRoute = z.infer<typeof RetirePatrolRoute>;

/** Every command of a patrol route. */
export const PatrolRouteCommand = z.discriminatedUnion("type", [
  PublishPatrolRoute,
  RevisePatrolRoute,
  SuspendPatrolRoute,
  ResumePatrolRoute,
  RetirePatrolRoute,
]);
/** Every command of a patrol route. */
export type PatrolRouteCommand = z.infer<typeof PatrolRouteCommand>;

/** The type of every patrol route command. */
export const patrolRouteCommandTypes: ReadonlyArray<PatrolRouteCommand["type"]> =
  PatrolRouteCommand.options.map((option) => option.shape.type.value);
