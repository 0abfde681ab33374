import { z } from "zod";
import { CheckpointId, CourierId, PatrolRouteId } from "../../kernel/ids.js";
import { Instant } from "../../kernel/time.js";
import { PatrolDay, PatrolId } from "../values.js";

/** A courier's first check-in of the day on a route began their patrol. */
export const PatrolStarted = z.strictObject({
  type: z.literal("PatrolStarted"),
  data: z.strictObject({
    patrolId: PatrolId,
    routeId: PatrolRouteId,
    courierId: CourierId,
    day: PatrolDay,
    startedAt: Instant,
  }),
});
/** A courier's patrol began. */
export type PatrolStarted = z.infer<typeof PatrolStarted>;

/**
 * A courier checked in at a checkpoint. Only the distance to the checkpoint is kept,
 * not the reported position: it proves the visit without keeping a trail of where
 * couriers ride.
 */
export const CheckpointVisited = z.strictObject({
  type: z.literal("CheckpointVisited"),
  data: z.strictObject({
    patrolId: PatrolId,
    routeId: PatrolRouteId,
    courierId: CourierId,
    checkpointId: CheckpointId,
    /** Whole metres from the checkpoint, within its radius. */
    distanceMetres: z.number().int().min(0),
    /** The route's revision the visit was checked against. */
    routeRevision: z.number().int().min(1),
    visitedAt: Instant,
  }),
});
/** A courier checked in at a checkpoint. */
export type CheckpointVisited = z.infer<typeof CheckpointVisited>;

/**
 * A courier visited the route's required checkpoints within the patrol's window: the
 * event points (`points.patrolCompleted`) and statistics use. Once per patrol.
 */
export const PatrolCompleted = z.strictObject({
  type: z.literal("PatrolCompleted"),
  data: z.strictObject({
    routeId: PatrolRouteId,
    patrolId: PatrolId,
    courierId: CourierId,
    day: PatrolDay,
    /** The distinct checkpoints that completed it. */
    checkpointsVisited: z.array(CheckpointId).min(1),
    completedAt: Instant,
  }),
});
/** A courier completed a patrol. */
export type PatrolCompleted = z.infer<typeof PatrolCompleted>;

/** Every event of a patrol. */
export const PatrolEvent = z.discriminatedUnion("type", [
  PatrolStarted,
  CheckpointVisited,
  PatrolCompleted,
]);
/** Every event of a patrol. */
export type PatrolEvent = z.infer<typeof PatrolEvent>;
