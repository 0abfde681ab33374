import { z } from "zod";
import { described } from "../described.js";

/** Rules of courier registration (小哥报到) and the volunteer team (e哥志愿服务队). */
export const CourierPolicy = z.strictObject({
  /**
   * Whether staff verification needs the courier's consent to the current version of
   * the data-processing notice (`general.consentPolicyVersion`) first. The Jinshan
   * programme requires it, as China's Personal Information Protection Law does.
   */
  consentRequiredForVerification: z
    .boolean()
    .default(true)
    .meta(
      described(
        "工作人员核验前是否须小哥同意当前版本的个人信息处理告知（general.consentPolicyVersion）；金山按《个人信息保护法》要求。",
        "Whether staff verification needs the courier's consent to the current data-processing notice (general.consentPolicyVersion) first; Jinshan requires it, as China's Personal Information Protection Law does.",
      ),
    ),
  /**
   * Whether couriers may check in themselves (from the mini-programme or a QR code at
   * the station); when `false`, only staff register couriers, at the station desk.
   */
  selfRegistration: z
    .boolean()
    .default(true)
    .meta(
      described(
        "小哥能否自助报到（小程序或驿站二维码）；为 false 时只能由工作人员在驿站登记。",
        "Whether couriers may check in themselves (mini-programme or the station's QR code); when false, only staff register couriers at the desk.",
      ),
    ),
  /**
   * Days after a courier withdraws their consent to data processing after which their
   * personal data is erased automatically, unless they consent again in the meantime
   * (0: at once). Left out, as in the Jinshan programme: a courier who withdraws is
   * offered erasure and it happens only when they or staff ask for it. Either way the
   * courier stops being processed the moment they withdraw (no sign-ups, no points).
   */
  erasureAfterConsentWithdrawnDays: z
    .number()
    .int()
    .min(0)
    .max(3_650)
    .optional()
    .meta(
      described(
        "小哥撤回同意后多少天自动删除其个人信息（期间重新同意则不删；0 为立即）。不填（金山）：仅在本人或工作人员申请时删除。撤回后立即停止处理（不能报名、不得积分）。",
        "Days after a courier withdraws consent after which their personal data is erased automatically, unless they consent again (0: at once). Absent (Jinshan): erased only when they or staff ask. Either way processing stops at once (no sign-ups, no points).",
      ),
    ),
});
/** Rules of courier registration. */
export type CourierPolicy = z.infer<typeof CourierPolicy>;
