import { z } from "zod";
import { CourierId, StationId } from "../kernel/ids.js";
import { Instant } from "../kernel/time.js";

/** Where a courier is in their lifecycle (小哥报到). */
export const CourierStatus = z.enum(["registered", "active", "rejected", "suspended", "left"]);
/** Where a courier is in their lifecycle. */
export type CourierStatus = z.infer<typeof CourierStatus>;

/**
 * What other aggregates may know about a courier when they decide: an activity
 * checks that a courier is active and in the volunteer team, a wish that its courier
 * is active. The service looks these facts up (from the courier's state or a read
 * model) and passes them in the decision context; no personal data is in here.
 */
export const CourierFacts = z.strictObject({
  courierId: CourierId,
  status: CourierStatus,
  /** A member of the volunteer team (e哥志愿服务队). */
  volunteerTeamMember: z.boolean(),
  /** Until when sign-ups for activities are paused after too many no-shows; absent: not paused. */
  signUpsPausedUntil: Instant.optional(),
  /**
   * The courier's station (报到站点): where their reports and suggestions belong when
   * they name none. Absent: unknown.
   */
  stationId: StationId.optional(),
  /**
   * When the courier withdrew their consent to data processing, and has not consented
   * again; absent: not withdrawn. Such a courier is no longer processed: activities
   * refuse their sign-ups and check-ins, and they earn no points for what they do from
   * then on.
   */
  consentWithdrawnAt: Instant.optional(),
});
/** What other aggregates may know about a courier. */
export type CourierFacts = z.infer<typeof CourierFacts>;
