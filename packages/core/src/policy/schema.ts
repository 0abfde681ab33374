import { z } from "zod";
import { bilingualIssue } from "../kernel/validation.js";
import { unknownNameText } from "./closest-name.js";
import { described } from "./described.js";
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
    general: GeneralPolicy.prefault({}).meta(
      described(
        "社区自身设置：名称、时区、语言、告知版本。",
        "The community's own settings: names, time zone, languages, the consent notice version.",
      ),
    ),
    couriers: CourierPolicy.prefault({}).meta(
      described(
        "小哥报到与e哥志愿服务队的规则。",
        "Rules of courier registration (小哥报到) and the volunteer team.",
      ),
    ),
    activities: ActivityPolicy.prefault({}).meta(
      described(
        "活动、参与与巡查（微志愿、护河巡河）的规则。",
        "Rules of activities, participation and patrols (微志愿, 护河巡河).",
      ),
    ),
    reports: ReportPolicy.prefault({}).meta(
      described(
        "民情前哨报告的规则：类别、处置人、重复提示、限制。",
        "Rules of sentinel reports (民情前哨): categories, handlers, duplicate hints, limits.",
      ),
    ),
    suggestions: SuggestionPolicy.prefault({}).meta(
      described("小哥有话说（建议）的规则。", "Rules of suggestions (小哥有话说)."),
    ),
    points: PointsPolicy.prefault({}).meta(
      described(
        "积分规则：各项积分、上限、加倍活动、有效期。",
        "How points (积分) are earned: amounts, caps, campaigns, expiry.",
      ),
    ),
    wishes: WishPolicy.prefault({}).meta(
      described(
        "微心愿、圆梦人与积分商品的规则。",
        "Rules of micro-wishes (微心愿), sponsors (圆梦人) and the reward catalogue.",
      ),
    ),
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
