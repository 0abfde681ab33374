import { addMillis, DAY, type Instant, isBefore } from "../kernel/time.js";
import type { CommunityPolicy } from "../policy/schema.js";
import { type CourierState, isErased, isRegistered } from "./state.js";

/**
 * When a courier's personal data is due to be erased automatically: the time they
 * withdrew their consent plus the policy's `couriers.erasureAfterConsentWithdrawnDays`.
 * `undefined` when nothing is due: the consent is not withdrawn (or was given again),
 * the policy erases only on request, or the data is already erased.
 *
 * Pass the policy in force when the consent was withdrawn, so a later change to the
 * grace period does not move a date the courier was already told.
 *
 * @example
 * automaticErasureDueAt(state, policyWith({ couriers: { erasureAfterConsentWithdrawnDays: 30 } }));
 * // "2026-12-28T02:00:00.000Z" for a withdrawal on 2026-11-28 at 10:00 in Shanghai
 */
export const automaticErasureDueAt = (
  state: CourierState,
  policy: CommunityPolicy,
): Instant | undefined => {
  if (!isRegistered(state) || isErased(state)) return undefined;
  const days = policy.couriers.erasureAfterConsentWithdrawnDays;
  if (days === undefined || state.consentWithdrawnAt === undefined) return undefined;
  return addMillis(state.consentWithdrawnAt, days * DAY);
};

/**
 * Whether a courier's automatic erasure is due at `now` (see {@link automaticErasureDueAt}):
 * the flow that erases sends `EraseCourierPersonalData` as the `system` when it is.
 *
 * @example
 * if (isAutomaticErasureDue(state, policy, clock.now())) send({ type: "EraseCourierPersonalData", data: { courierId } });
 */
export const isAutomaticErasureDue = (
  state: CourierState,
  policy: CommunityPolicy,
  now: Instant,
): boolean => {
  const dueAt = automaticErasureDueAt(state, policy);
  return dueAt !== undefined && !isBefore(now, dueAt);
};
