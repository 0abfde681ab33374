import { z } from "zod";
import { TimeOfDay } from "../../kernel/time.js";

/** A daily window of local time, `from` inclusive, `to` exclusive. */
export const DailyWindow = z.strictObject({ from: TimeOfDay, to: TimeOfDay });
/** A daily window of local time. */
export type DailyWindow = z.infer<typeof DailyWindow>;

/** Rules of activities, participation and patrols (活动 / 微志愿 / 护河巡河). */
export const ActivityPolicy = z.strictObject({
  /** Delivery peak hours: courier activities are not scheduled in them without an override. */
  peakHours: z.array(DailyWindow).default([
    { from: "11:00", to: "13:30" },
    { from: "17:00", to: "19:30" },
  ]),
  /** Minutes before the start and after the end within which a check-in is accepted. */
  checkInToleranceMinutes: z.number().int().min(0).max(240).default(30),
  /** Whether volunteering activities are only for members of the volunteer team. */
  volunteeringRequiresTeamMembership: z.boolean().default(true),
  /** No-shows after which a courier's sign-ups are paused. */
  noShowLimit: z.number().int().min(1).max(100).default(3),
  /** Days sign-ups stay paused after the no-show limit. */
  noShowPauseDays: z.number().int().min(0).max(365).default(14),
  /** Minutes before the same checkpoint of a patrol can be checked in at again. */
  patrolCheckInIntervalMinutes: z.number().int().min(1).max(10_080).default(240),
});
/** Rules of activities. */
export type ActivityPolicy = z.infer<typeof ActivityPolicy>;
