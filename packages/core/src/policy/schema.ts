import { z } from "zod";
import { bilingualIssue } from "../kernel/validation.js";
import { unknownNameText } from "./closest-name.js";
import { ActivityPolicy } from "./sections/activities.js";
import { CourierPolicy } from "./sections/couriers.js";
import { GeneralPolicy } from "./sections/general.js";
import { PointsPolicy } from "./sections/points.js";
import { ReportPolicy } from "./sections/reports.js";
import { SuggestionPolicy } from "./sections/suggestions.js";
import { WishPolicy } from "./sections/wishes.js";

const categoriesPath = ["reports", "categories"];
const byCategoryPath = ["points", "reportVerified", "byCategory"];

// Whether one path lies inside the other (or they are the same).
const overlaps = (path: ReadonlyArray<PropertyKey>, other: ReadonlyArray<PropertyKey>) =>
  path.slice(0, other.length).every((segment, index) => segment === other[index]);

/**
 * The community policy: the one document by which a community adopts the programme.
 * Every field has a default, and the defaults reproduce the Jinshan programme
 * (金山万达商圈党群服务站), so `{}` is a complete policy.
 */
export const CommunityPolicy = z
  .strictObject({
    general: GeneralPolicy.prefault({}),
    couriers: CourierPolicy.prefault({}),
    activities: ActivityPolicy.prefault({}),
    reports: ReportPolicy.prefault({}),
    suggestions: SuggestionPolicy.prefault({}),
    points: PointsPolicy.prefault({}),
    wishes: WishPolicy.prefault({}),
  })
  .superRefine(
    (policy, context) => {
      // Points for a category the policy does not have would never be paid: a typo.
      const categories = policy.reports.categories.map((category) => category.id);
      for (const category of Object.keys(policy.points.reportVerified.byCategory)) {
        if (!categories.includes(category)) {
          context.addIssue(
            bilingualIssue(
              [...byCategoryPath, category],
              unknownNameText(
                {
                  zhCN: "报告类别（见 reports.categories）",
                  en: "a report category of reports.categories",
                },
                category,
                categories,
              ),
            ),
          );
        }
      }
    },
    {
      // Runs beside the problems of other sections (every problem at once), but only
      // once the two lists it compares were read without a problem of their own.
      when: (payload) =>
        !payload.issues.some((issue) =>
          [categoriesPath, byCategoryPath].some((path) => overlaps(issue.path ?? [], path)),
        ),
    },
  );
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
