import { z } from "zod";
import { ActivityKind, activityKinds } from "../../activities/kinds.js";
import { TimeOfDay } from "../../kernel/time.js";
import { bilingual } from "../../kernel/validation.js";

/**
 * A daily window of local time, `from` inclusive, `to` exclusive. A window whose `to`
 * is earlier than its `from` runs past midnight (`22:00`–`02:00`).
 */
export const DailyWindow = z.strictObject({ from: TimeOfDay, to: TimeOfDay });
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
    ]),
  /** The activity kinds the peak-hours rule applies to; by default every kind. */
  peakHoursApplyTo: z
    .array(ActivityKind)
    .default(() => [...activityKinds])
    .refine(
      (kinds) => new Set(kinds).size === kinds.length,
      bilingual("活动类型不能重复", "activity kinds must not repeat"),
    ),
  /** Minutes before the start and after the end within which a check-in is accepted. */
  checkInToleranceMinutes: z.number().int().min(0).max(240).default(30),
  /**
   * Minutes the previous check-in code stays valid after staff (or a timer) rotate it,
   * so a courier typing the code as the screen changes is not turned away.
   */
  checkInCodeGraceMinutes: z.number().int().min(0).max(60).default(2),
  /**
   * Minutes after which the service replaces a started activity's check-in code by
   * itself (as the `system`), while check-in is open, so a code passed around off-site
   * soon stops working. Absent (the Jinshan default: a code on a printed card): the code
   * changes only when staff rotate it.
   */
  checkInCodeRotationMinutes: z.number().int().min(1).max(1_440).optional(),
  /**
   * Minutes before the start after which a courier can no longer cancel their own
   * sign-up (staff still can); 0: until the start.
   */
  signUpCancellationCutoffMinutes: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(0),
  /** Whether volunteering activities are only for members of the volunteer team. */
  volunteeringRequiresTeamMembership: z.boolean().default(true),
  /** No-shows after which a courier's sign-ups are paused. */
  noShowLimit: z.number().int().min(1).max(100).default(3),
  /** Days sign-ups stay paused after the no-show limit. */
  noShowPauseDays: z.number().int().min(0).max(365).default(14),
  /** Minutes before the same checkpoint of a patrol can be checked in at again. */
  patrolCheckInIntervalMinutes: z.number().int().min(1).max(10_080).default(240),
  /**
   * Minutes within which a patrol must visit its route's required checkpoints to be
   * completed (a sliding window: the visits counted are those of the last so many
   * minutes). Absent (the Jinshan default): the whole local day of the patrol.
   */
  patrolWindowMinutes: z.number().int().min(1).max(1_440).optional(),
  /** Whether only members of the volunteer team (e哥志愿服务队) may patrol. */
  patrolRequiresTeamMembership: z.boolean().default(false),
});
/** Rules of activities. */
export type ActivityPolicy = z.infer<typeof ActivityPolicy>;
