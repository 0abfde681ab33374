import { z } from "zod";
import { ActivityKind, activityKinds } from "../../activities/kinds.js";
import { TimeOfDay } from "../../kernel/time.js";
import { bilingual } from "../../kernel/validation.js";
import { described } from "../described.js";

/**
 * A daily window of local time, `from` inclusive, `to` exclusive. A window whose `to`
 * is earlier than its `from` runs past midnight (`22:00`–`02:00`).
 */
export const DailyWindow = z.strictObject({
  from: TimeOfDay.meta(
    described(
      "时段开始（含），当地时间 HH:mm。",
      "The start of the window (inclusive), local time HH:mm.",
    ),
  ),
  to: TimeOfDay.meta(
    described(
      "时段结束（不含），当地时间 HH:mm；早于开始表示跨午夜。",
      "The end of the window (exclusive), local time HH:mm; earlier than from: past midnight.",
    ),
  ),
});
/** A daily window of local time. */
export type DailyWindow = z.infer<typeof DailyWindow>;

/** Rules of activities, participation and patrols (活动 / 微志愿 / 护河巡河). */
export const ActivityPolicy = z.strictObject({
  /**
   * Delivery peak hours (送餐高峰), local time in `general.timeZone`: couriers cannot
   * come then, so an activity of a kind in {@link peakHoursApplyTo} whose time window
   * overlaps one of them is refused unless staff override it with a reason.
   */
  peakHours: z
    .array(
      DailyWindow.refine(
        (window) => window.from !== window.to,
        bilingual("高峰时段的开始与结束不能相同", "a peak window's from and to must differ"),
      ),
    )
    .max(24)
    .default([
      { from: "11:00", to: "13:30" },
      { from: "17:00", to: "19:30" },
    ])
    .meta(
      described(
        "送餐高峰时段（社区时区的当地时间，from 含、to 不含，to 早于 from 表示跨午夜）：适用类型的活动与之重叠即被拒绝，除非工作人员注明理由放行。",
        "Delivery peak hours (local time; from inclusive, to exclusive, a to before from runs past midnight): an activity of a kind it applies to that overlaps one is refused unless staff override it with a reason.",
      ),
    ),
  /** The activity kinds the peak-hours rule applies to; by default every kind. */
  peakHoursApplyTo: z
    .array(ActivityKind)
    .default(() => [...activityKinds])
    .refine(
      (kinds) => new Set(kinds).size === kinds.length,
      bilingual("活动类型不能重复", "activity kinds must not repeat"),
    )
    .meta(
      described(
        "高峰时段规则适用的活动类型，默认全部类型；不能重复。",
        "The activity kinds the peak-hours rule applies to; every kind by default; no repeats.",
      ),
    ),
  /** Minutes before the start and after the end within which a check-in is accepted. */
  checkInToleranceMinutes: z
    .number()
    .int()
    .min(0)
    .max(240)
    .default(30)
    .meta(
      described(
        "活动开始前、结束后多少分钟内仍可签到。",
        "Minutes before the start and after the end within which a check-in is accepted.",
      ),
    ),
  /**
   * Minutes the previous check-in code stays valid after staff (or a timer) rotate it,
   * so a courier typing the code as the screen changes is not turned away.
   */
  checkInCodeGraceMinutes: z
    .number()
    .int()
    .min(0)
    .max(60)
    .default(2)
    .meta(
      described(
        "签到码更换后，旧码仍有效的分钟数，以免换码瞬间输入的小哥被拒。",
        "Minutes the previous check-in code stays valid after it is rotated, so a courier typing it as the screen changes is not turned away.",
      ),
    ),
  /**
   * Minutes after which the service replaces a started activity's check-in code by
   * itself (as the `system`), while check-in is open, so a code passed around off-site
   * soon stops working. Absent (the Jinshan default: a code on a printed card): the code
   * changes only when staff rotate it.
   */
  checkInCodeRotationMinutes: z
    .number()
    .int()
    .min(1)
    .max(1_440)
    .optional()
    .meta(
      described(
        "签到开放期间系统自动更换已开始活动签到码的间隔分钟数。不填（金山：打印的签到卡）：仅在工作人员更换时变化。",
        "Minutes after which the service itself replaces a started activity's check-in code while check-in is open. Absent (Jinshan: a printed card): only staff rotate it.",
      ),
    ),
  /**
   * Minutes before the start after which a courier can no longer cancel their own
   * sign-up (staff still can); 0: until the start.
   */
  signUpCancellationCutoffMinutes: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(0)
    .meta(
      described(
        "活动开始前多少分钟起小哥不能自行取消报名（工作人员仍可）；0 表示开始前都可以。",
        "Minutes before the start after which a courier can no longer cancel their own sign-up (staff still can); 0: until the start.",
      ),
    ),
  /** Whether volunteering activities are only for members of the volunteer team. */
  volunteeringRequiresTeamMembership: z
    .boolean()
    .default(true)
    .meta(
      described(
        "志愿服务类活动是否只限e哥志愿服务队队员参加。",
        "Whether volunteering activities are only for members of the volunteer team (e哥志愿服务队).",
      ),
    ),
  /** No-shows after which a courier's sign-ups are paused. */
  noShowLimit: z
    .number()
    .int()
    .min(1)
    .max(100)
    .default(3)
    .meta(
      described(
        "报名后缺席达到多少次即暂停其报名。",
        "No-shows after which a courier's sign-ups are paused.",
      ),
    ),
  /** Days sign-ups stay paused after the no-show limit. */
  noShowPauseDays: z
    .number()
    .int()
    .min(0)
    .max(365)
    .default(14)
    .meta(
      described(
        "达到缺席次数后暂停报名的天数。",
        "Days sign-ups stay paused after the no-show limit.",
      ),
    ),
  /** Minutes before the same checkpoint of a patrol can be checked in at again. */
  patrolCheckInIntervalMinutes: z
    .number()
    .int()
    .min(1)
    .max(10_080)
    .default(240)
    .meta(
      described(
        "同一巡查点再次打卡须间隔的分钟数。",
        "Minutes before the same patrol checkpoint can be checked in at again.",
      ),
    ),
  /**
   * Minutes within which a patrol must visit its route's required checkpoints to be
   * completed (a sliding window: the visits counted are those of the last so many
   * minutes). Absent (the Jinshan default): the whole local day of the patrol.
   */
  patrolWindowMinutes: z
    .number()
    .int()
    .min(1)
    .max(1_440)
    .optional()
    .meta(
      described(
        "巡查须在多少分钟内走完路线的必经点（滑动窗口）。不填（金山）：巡查当天的整个当地日。",
        "Minutes within which a patrol must visit its route's required checkpoints (a sliding window). Absent (Jinshan): the whole local day of the patrol.",
      ),
    ),
  /** Whether only members of the volunteer team (e哥志愿服务队) may patrol. */
  patrolRequiresTeamMembership: z
    .boolean()
    .default(false)
    .meta(
      described(
        "是否只有e哥志愿服务队队员可以巡查。",
        "Whether only members of the volunteer team (e哥志愿服务队) may patrol.",
      ),
    ),
});
/** Rules of activities. */
export type ActivityPolicy = z.infer<typeof ActivityPolicy>;
