import { z } from "zod";
import { ActivityPolicy } from "./sections/activities.js";
import { CourierPolicy } from "./sections/couriers.js";
import { GeneralPolicy } from "./sections/general.js";
import { PointsPolicy } from "./sections/points.js";
import { ReportPolicy } from "./sections/reports.js";
import { SuggestionPolicy } from "./sections/suggestions.js";
import { WishPolicy } from "./sections/wishes.js";

/**
 * The community policy: the one document by which a community adopts the programme.
 * Every field has a default, and the defaults reproduce the Jinshan programme
 * (金山万达商圈党群服务站), so `{}` is a complete policy.
 */
export const CommunityPolicy = z.strictObject({
  general: GeneralPolicy.prefault({}),
  couriers: CourierPolicy.prefault({}),
  activities: ActivityPolicy.prefault({}),
  reports: ReportPolicy.prefault({}),
  suggestions: SuggestionPolicy.prefault({}),
  points: PointsPolicy.prefault({}),
  wishes: WishPolicy.prefault({}),
});
/** A validated community policy with every default filled in. */
export type CommunityPolicy = z.infer<typeof CommunityPolicy>;
/** A policy document as written: every field optional. */
export type CommunityPolicyInput = z.input<typeof CommunityPolicy>;

/**
 * The Jinshan programme's policy: every default.
 *
 * @example
 * jinshanPolicy().points.welcome; // 10
 */
export const jinshanPolicy = (): CommunityPolicy => CommunityPolicy.parse({});
