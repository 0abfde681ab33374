import { z } from "zod";
import { ActivityId, CourierId, StationId } from "../kernel/ids.js";
import { bilingual } from "../kernel/validation.js";
import { MobileNumber } from "./mobile-number.js";
import {
  ConsentPolicyVersion,
  CourierReason,
  Employment,
  Nickname,
  Platforms,
  RealName,
  WorkArea,
} from "./values.js";

const command = <const Type extends string, Shape extends z.ZodRawShape>(
  type: Type,
  shape: Shape,
) => z.strictObject({ type: z.literal(type), data: z.strictObject(shape) });

const commandWithData = <const Type extends string, Data extends z.ZodType>(
  type: Type,
  data: Data,
) => z.strictObject({ type: z.literal(type), data });

/**
 * A courier checks in with the community (小哥报到), or staff register them at the
 * station desk. The real name and mobile number are personal data; the number is
 * normalised and must not be registered yet in the community. Consent to the
 * community's data-processing notice may be given here or later ({@link GiveConsent}).
 *
 * @example
 * { type: "RegisterCourier", data: {
 *   courierId: "c-1", nickname: "小王", realName: "王小明", mobileNumber: "138 0013 8000",
 *   platforms: ["meituan"], employment: "full-time",
 *   workArea: { description: "万达广场周边" }, consentPolicyVersion: "2026-01" } }
 */
export const RegisterCourier = command("RegisterCourier", {
  courierId: CourierId,
  nickname: Nickname,
  realName: RealName,
  mobileNumber: MobileNumber,
  platforms: Platforms,
  employment: Employment,
  workArea: WorkArea.optional(),
  /** Consent given with the registration form, to this version of the notice. */
  consentPolicyVersion: ConsentPolicyVersion.optional(),
  /** A party member who checks in with the community (党员报到). */
  partyMember: z.boolean().default(false),
  /**
   * The station the courier checks in at (报到站点): their station, to which their
   * reports and suggestions belong unless they name another, and by which the figures
   * count them. Absent: none named (their records count as of an unknown station).
   */
  stationId: StationId.optional(),
});
/** A courier registers with the community. */
export type RegisterCourier = z.infer<typeof RegisterCourier>;

/** A courier consents to the community's data-processing notice, in its current version. */
export const GiveConsent = command("GiveConsent", {
  courierId: CourierId,
  policyVersion: ConsentPolicyVersion,
});
/** A courier consents to data processing. */
export type GiveConsent = z.infer<typeof GiveConsent>;

/**
 * A courier withdraws their consent to data processing (or staff record it). From then
 * on they are not processed until they consent again: staff cannot verify them or add
 * them to the volunteer team, activities cancel their sign-ups and refuse new ones and
 * check-ins, and they earn no points. They are offered erasure, which the community's
 * policy may make automatic after a grace period (`couriers.erasureAfterConsentWithdrawnDays`).
 * Their status does not change: staff still see where they were.
 */
export const WithdrawConsent = command("WithdrawConsent", { courierId: CourierId });
/** A courier withdraws their consent. */
export type WithdrawConsent = z.infer<typeof WithdrawConsent>;

/** Staff verify a registered courier (they met them, saw their platform app): the courier becomes active. */
export const VerifyCourier = command("VerifyCourier", { courierId: CourierId });
/** Staff verify a registered courier. */
export type VerifyCourier = z.infer<typeof VerifyCourier>;

/** Staff reject a registration, with a reason. Final. */
export const RejectCourier = command("RejectCourier", {
  courierId: CourierId,
  reason: CourierReason,
});
/** Staff reject a registration. */
export type RejectCourier = z.infer<typeof RejectCourier>;

/** Staff suspend an active courier, with a reason. They keep their points and team membership. */
export const SuspendCourier = command("SuspendCourier", {
  courierId: CourierId,
  reason: CourierReason,
});
/** Staff suspend an active courier. */
export type SuspendCourier = z.infer<typeof SuspendCourier>;

/** Staff reinstate a suspended courier, with a reason. */
export const ReinstateCourier = command("ReinstateCourier", {
  courierId: CourierId,
  reason: CourierReason,
});
/** Staff reinstate a suspended courier. */
export type ReinstateCourier = z.infer<typeof ReinstateCourier>;

/**
 * A courier leaves the programme (or staff record that they left). Final: they also
 * leave the volunteer team. Their personal data stays until erased.
 */
export const LeaveProgramme = command("LeaveProgramme", {
  courierId: CourierId,
  reason: CourierReason.optional(),
});
/** A courier leaves the programme. */
export type LeaveProgramme = z.infer<typeof LeaveProgramme>;

/** A courier (or staff) changes the public profile: nickname, platforms, employment, work area, party-member flag, station. */
export const UpdateCourierProfile = commandWithData(
  "UpdateCourierProfile",
  z
    .strictObject({
      courierId: CourierId,
      nickname: Nickname.optional(),
      platforms: Platforms.optional(),
      employment: Employment.optional(),
      /** A new work area; `null` removes it. */
      workArea: WorkArea.nullable().optional(),
      partyMember: z.boolean().optional(),
      /** The courier now belongs to another station of the community. */
      stationId: StationId.optional(),
    })
    .refine(
      (data) => Object.keys(data).some((key) => key !== "courierId"),
      bilingual("至少修改一项资料", "change at least one field"),
    ),
);
/** A courier changes their public profile. */
export type UpdateCourierProfile = z.infer<typeof UpdateCourierProfile>;

/** A courier (or staff) corrects the real name or the mobile number. A new number must not be registered yet. */
export const CorrectPersonalData = commandWithData(
  "CorrectPersonalData",
  z
    .strictObject({
      courierId: CourierId,
      realName: RealName.optional(),
      mobileNumber: MobileNumber.optional(),
    })
    .refine(
      (data) => data.realName !== undefined || data.mobileNumber !== undefined,
      bilingual("须提供真实姓名或手机号码", "give a real name or a mobile number"),
    ),
);
/** A courier corrects their personal data. */
export type CorrectPersonalData = z.infer<typeof CorrectPersonalData>;

/**
 * Erasure on request (个人信息删除): the real name and mobile number are replaced by a
 * pseudonym, as are the nickname and the work area; the courier leaves the programme
 * if they had not. Everything that refers to the courier (points, activities, reports)
 * stays valid: it refers to the courier id. The `system` sends it only when automatic
 * erasure is due after a withdrawn consent (`isAutomaticErasureDue`).
 */
export const EraseCourierPersonalData = command("EraseCourierPersonalData", {
  courierId: CourierId,
});
/** Erase a courier's personal data. */
export type EraseCourierPersonalData = z.infer<typeof EraseCourierPersonalData>;

/** An active courier joins the volunteer team (e哥志愿服务队). */
export const JoinVolunteerTeam = command("JoinVolunteerTeam", { courierId: CourierId });
/** An active courier joins the volunteer team. */
export type JoinVolunteerTeam = z.infer<typeof JoinVolunteerTeam>;

/** A courier leaves the volunteer team (or staff take them off it, with a reason). */
export const LeaveVolunteerTeam = command("LeaveVolunteerTeam", {
  courierId: CourierId,
  reason: CourierReason.optional(),
});
/** A courier leaves the volunteer team. */
export type LeaveVolunteerTeam = z.infer<typeof LeaveVolunteerTeam>;

/**
 * The `system` records that a courier did not come to an activity they signed up for
 * (sent after the activity marks a no-show). Counted once per activity; at the policy's
 * `activities.noShowLimit`, sign-ups pause for `activities.noShowPauseDays`.
 */
export const RecordNoShow = command("RecordNoShow", {
  courierId: CourierId,
  activityId: ActivityId,
});
/** Record a no-show. */
export type RecordNoShow = z.infer<typeof RecordNoShow>;

/** Every command of a courier. */
export const CourierCommand = z.discriminatedUnion("type", [
  RegisterCourier,
  GiveConsent,
  WithdrawConsent,
  VerifyCourier,
  RejectCourier,
  SuspendCourier,
  ReinstateCourier,
  LeaveProgramme,
  UpdateCourierProfile,
  CorrectPersonalData,
  EraseCourierPersonalData,
  JoinVolunteerTeam,
  LeaveVolunteerTeam,
  RecordNoShow,
]);
/** Every command of a courier. */
export type CourierCommand = z.infer<typeof CourierCommand>;

/** The type of every courier command; each is in the permission table. */
export const courierCommandTypes = [
  "RegisterCourier",
  "GiveConsent",
  "WithdrawConsent",
  "VerifyCourier",
  "RejectCourier",
  "SuspendCourier",
  "ReinstateCourier",
  "LeaveProgramme",
  "UpdateCourierProfile",
  "CorrectPersonalData",
  "EraseCourierPersonalData",
  "JoinVolunteerTeam",
  "LeaveVolunteerTeam",
  "RecordNoShow",
] as const satisfies ReadonlyArray<CourierCommand["type"]>;
