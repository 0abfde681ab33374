import { z } from "zod";
import { derivedId } from "../kernel/derived-id.js";
import { GeoPoint } from "../kernel/geo.js";
import {
  CheckpointId,
  type CourierId,
  identifierPattern,
  type PatrolRouteId,
} from "../kernel/ids.js";
import { displayText, freeText } from "../kernel/text.js";
import { type Instant, localDateTime } from "../kernel/time.js";
import { bilingual } from "../kernel/validation.js";

/** What a patrol route follows: a river or waterway (护河巡河), a street, or something else. */
export const PatrolRouteKind = z.enum(["river", "street", "other"]);
/** What a patrol route follows. */
export type PatrolRouteKind = z.infer<typeof PatrolRouteKind>;

/** A patrol route's name as staff write it (1 to 100 visible characters, one line). */
export const PatrolRouteName = displayText({
  subject: { zhCN: "路线名称", en: "the route's name" },
  max: 100,
});
/** A patrol route's name. */
export type PatrolRouteName = z.infer<typeof PatrolRouteName>;

/** Why staff suspend or retire a route (1 to 500 characters). */
export const PatrolReason = freeText({ subject: { zhCN: "原因", en: "the reason" }, max: 500 });
/** Why staff suspend or retire a route. */
export type PatrolReason = z.infer<typeof PatrolReason>;

/**
 * A checkpoint of a patrol route: a point and a radius. A courier checks in when their
 * reported position is within the radius (either datum, WGS-84 or GCJ-02, is accepted
 * on both sides).
 *
 * @example
 * { checkpointId: "bridge-3", name: "山阳河 3 号桥", location: { latitude: 30.7246, longitude: 121.3412, datum: "GCJ-02" }, radiusMetres: 50 }
 */
export const Checkpoint = z.strictObject({
  checkpointId: CheckpointId,
  name: displayText({ subject: { zhCN: "巡查点名称", en: "the checkpoint's name" }, max: 100 }),
  location: GeoPoint,
  /** From 5 to 2,000 metres: phones are rarely more precise than 5 metres. */
  radiusMetres: z.number().int().min(5).max(2_000),
});
/** A checkpoint of a patrol route. */
export type Checkpoint = z.infer<typeof Checkpoint>;

/** The checkpoints of a route: 1 to 50, each id once. */
export const Checkpoints = z
  .array(Checkpoint)
  .min(1)
  .max(50)
  .refine(
    (checkpoints) =>
      new Set(checkpoints.map((checkpoint) => checkpoint.checkpointId)).size === checkpoints.length,
    bilingual("检查点标识不能重复", "checkpoint ids must not repeat"),
  );

/** The local date of a patrol in the community's time zone, `YYYY-MM-DD`. */
export const PatrolDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, bilingual("日期须为 YYYY-MM-DD", "a date as YYYY-MM-DD"));
/** The local date of a patrol. */
export type PatrolDay = z.infer<typeof PatrolDay>;

/**
 * The local date of an instant in a time zone: the day a check-in's patrol belongs to.
 *
 * @example
 * patrolDayOf(Instant.parse("2026-12-05T16:30:00Z"), "Asia/Shanghai"); // "2026-12-06"
 */
export const patrolDayOf = (instant: Instant, timeZone: string): PatrolDay => {
  const local = localDateTime(instant, timeZone);
  const two = (value: number) => String(value).padStart(2, "0");
  return `${String(local.year).padStart(4, "0")}-${two(local.month)}-${two(local.day)}`;
};

/** The id of a courier's patrol of a route on a local day: see {@link patrolIdOf}, which derives it. */
export const PatrolId = z
  .string()
  .regex(
    identifierPattern,
    bilingual(
      "巡河记录标识须为 1 至 64 位字母、数字、“_”或“-”，并以字母或数字开头",
      "a patrol id is 1 to 64 letters, digits, '_' or '-', starting with a letter or a digit",
    ),
  )
  .brand<"PatrolId">();
/** The id of a patrol. */
export type PatrolId = z.infer<typeof PatrolId>;

/**
 * The id of a courier's patrol of a route on a local day: the aggregate all their
 * check-ins of that day go to, so couriers along one route never wait on each other.
 * Derived, not chosen, so every check-in of the day finds the same patrol without a
 * lookup: the day, then the `derivedId` of the route, the courier and the day (ids may
 * be 64 characters each, too long to join). A collision is not silent: the patrol refuses
 * a check-in for another route or courier.
 *
 * @example
 * patrolIdOf({ routeId, courierId, day: patrolDayOf(now, policy.general.timeZone) });
 * // "20261205-d-9f0c3a5e21b47d68…" (51 characters)
 */
export const patrolIdOf = (parts: {
  readonly routeId: PatrolRouteId;
  readonly courierId: CourierId;
  readonly day: PatrolDay;
}): PatrolId =>
  `${parts.day.replaceAll("-", "")}-${derivedId("patrol", parts.routeId, parts.courierId, parts.day)}` as PatrolId;
