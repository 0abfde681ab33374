import { z } from "zod";
import { GeoPoint } from "../../kernel/geo.js";
import { CheckpointId, CourierId, PatrolRouteId } from "../../kernel/ids.js";
import { PatrolId } from "../values.js";

/**
 * A courier passing a checkpoint in their work checks in with their reported position
 * (WGS-84 or GCJ-02). The service fills `patrolId` with `patrolIdOf` for the route,
 * the courier and the local day, and looks up the route's and the courier's facts.
 *
 * @example
 * {
 *   type: "CheckInAtCheckpoint",
 *   data: {
 *     patrolId: patrolIdOf({ routeId, courierId, day: patrolDayOf(now, policy.general.timeZone) }),
 *     routeId: "shanyang-river", courierId: "c-1024", checkpointId: "bridge-3",
 *     position: { latitude: 30.72461, longitude: 121.34118, datum: "GCJ-02" },
 *   },
 * }
 */
export const CheckInAtCheckpoint = z.strictObject({
  type: z.literal("CheckInAtCheckpoint"),
  data: z.strictObject({
    patrolId: PatrolId,
    routeId: PatrolRouteId,
    courierId: CourierId,
    checkpointId: CheckpointId,
    position: GeoPoint,
  }),
});
/** A courier checks in at a checkpoint. */
export type CheckInAtCheckpoint = z.infer<typeof CheckInAtCheckpoint>;

/** Every command of a patrol. */
export const PatrolCommand = z.discriminatedUnion("type", [CheckInAtCheckpoint]);
/** Every command of a patrol. */
export type PatrolCommand = z.infer<typeof PatrolCommand>;

/** The type of every patrol command. */
export const patrolCommandTypes: ReadonlyArray<PatrolCommand["type"]> = PatrolCommand.options.map(
  (option) => option.shape.type.value,
);
