import { z } from "zod";

/** Rules of courier registration (小哥报到) and the volunteer team (e哥志愿服务队). */
export const CourierPolicy = z.strictObject({
  /** Whether staff verification needs the courier's consent to data processing first. */
  consentRequiredForVerification: z.boolean().default(true),
});
/** Rules of courier registration. */
export type CourierPolicy = z.infer<typeof CourierPolicy>;
