import { z } from "zod";

/** Rules of courier registration (小哥报到) and the volunteer team (e哥志愿服务队). */
export const CourierPolicy = z.strictObject({
  /**
   * Whether staff verification needs the courier's consent to the current version of
   * the data-processing notice (`general.consentPolicyVersion`) first. The Jinshan
   * programme requires it, as China's Personal Information Protection Law does.
   */
  consentRequiredForVerification: z.boolean().default(true),
  /**
   * Whether couriers may check in themselves (from the mini-programme or a QR code at
   * the station); when `false`, only staff register couriers, at the station desk.
   */
  selfRegistration: z.boolean().default(true),
  /**
   * Days after a courier withdraws their consent to data processing after which their
   * personal data is erased automatically, unless they consent again in the meantime
   * (0: at once). Left out, as in the Jinshan programme: a courier who withdraws is
   * offered erasure and it happens only when they or staff ask for it. Either way the
   * courier stops being processed the moment they withdraw (no sign-ups, no points).
   */
  erasureAfterConsentWithdrawnDays: z.number().int().min(0).max(3_650).optional(),
});
/** Rules of courier registration. */
export type CourierPolicy = z.infer<typeof CourierPolicy>;
