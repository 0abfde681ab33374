import { z } from "zod";

/**
 * The kinds of activity a station runs (活动 / 微志愿):
 * - `volunteering` 志愿服务 / 微志愿: couriers give back (river patrol days, helping
 *   elderly residents, civic campaigns); only for the volunteer team (e哥志愿服务队)
 *   when the policy says so;
 * - `learning-session` 学习会: traffic safety, first aid, rights and insurance, party
 *   study sessions;
 * - `community-event` 社区活动: gatherings, festivals, health checks;
 * - `merchant-event` 商户活动: an event a merchant of the district offers couriers.
 *
 * The ids are those `points.participation.byKind` and campaigns' `activityKinds` name.
 */
export const ActivityKind = z.enum([
  "volunteering",
  "learning-session",
  "community-event",
  "merchant-event",
]);
/** A kind of activity. */
export type ActivityKind = z.infer<typeof ActivityKind>;

/** Every activity kind, in the order of {@link ActivityKind}. */
export const activityKinds: ReadonlyArray<ActivityKind> = ActivityKind.options;
