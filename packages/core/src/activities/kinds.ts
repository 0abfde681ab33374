import { z } from "zod";
import { type LocalizedText, localized } from "../kernel/localized-text.js";

/**
 * The kinds of activity a station runs (活动 / 微志愿):
 * - `volunteering` 志愿服务 / 微志愿: couriers give back (river patrol days, helping
 *   elderly residents, civic campaigns); only for the volunteer team (e哥志愿服务队)
 *   when the policy says so;
 * - `learning-session` 学习会: traffic safety, first aid, rights and insurance, party
 *   study sessions;
 * - `community-event` 社区活动: gatherings, festivals, health checks;
 * - `merchant-event` 商户活动: an event a merchant of the district offers couriers;
 * - `wish-lighting` 点亮微心愿: a station event where sponsors (圆梦人) hand couriers the
 *   micro-wishes they fulfilled, together; staff link the wishes to it and record the
 *   hand-overs in bulk (`@courier-station/wishes`).
 *
 * The ids are those `points.participation.byKind` and campaigns' `activityKinds` name.
 */
export const ActivityKind = z.enum([
  "volunteering",
  "learning-session",
  "community-event",
  "merchant-event",
  "wish-lighting",
]);
/** A kind of activity. */
export type ActivityKind = z.infer<typeof ActivityKind>;

/** Every activity kind, in the order of {@link ActivityKind}. */
export const activityKinds: ReadonlyArray<ActivityKind> = ActivityKind.options;

/** The name of each activity kind in zh-CN and en, for views, forms and statistics. */
export const activityKindNames: Readonly<Record<ActivityKind, LocalizedText>> = {
  volunteering: localized("志愿服务", "volunteering"),
  "learning-session": localized("学习会", "learning session"),
  "community-event": localized("社区活动", "community event"),
  "merchant-event": localized("商户活动", "merchant event"),
  "wish-lighting": localized("点亮微心愿", "wish-lighting event"),
};
