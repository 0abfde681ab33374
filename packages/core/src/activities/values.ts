import { z } from "zod";
import { GeoPoint } from "../kernel/geo.js";
import { SponsorId, StationId } from "../kernel/ids.js";
import { displayText, freeText, nameText } from "../kernel/text.js";
import { Instant } from "../kernel/time.js";
import { bilingual } from "../kernel/validation.js";
import { ActivityKind } from "./kinds.js";

/** An activity's title as staff write it (1 to 100 visible characters, one line). */
export const ActivityTitle = displayText({
  subject: { zhCN: "活动标题", en: "the title" },
  max: 100,
});
/** An activity's title. */
export type ActivityTitle = z.infer<typeof ActivityTitle>;

/** Free text that explains something to people: a description, a reason (1 to 2,000 characters). */
export const ActivityText = freeText({ subject: { zhCN: "说明", en: "the text" }, max: 2_000 });
/** Free text of an activity. */
export type ActivityText = z.infer<typeof ActivityText>;

/** Why staff cancel, pause or override something (1 to 500 characters). */
export const ActivityReason = freeText({ subject: { zhCN: "原因", en: "the reason" }, max: 500 });
/** Why staff cancel, pause or override something. */
export type ActivityReason = z.infer<typeof ActivityReason>;

/**
 * Why a sign-up was cancelled, when a rule of the programme rather than a person's
 * choice cancelled it: `consent-withdrawn`, the courier withdrew their consent to data
 * processing and is no longer processed.
 */
export const SignUpCancellationCause = z.enum(["consent-withdrawn"]);
/** Why a rule of the programme cancelled a sign-up. */
export type SignUpCancellationCause = z.infer<typeof SignUpCancellationCause>;

/**
 * Who organises an activity (主办方): a station (服务站), the community itself (居民区),
 * or a merchant (商户, a sponsor id with the name to show).
 *
 * @example
 * { kind: "merchant", merchantId: "wanda-cinema", name: "万达影城" }
 */
export const ActivityOrganiser = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("station"), stationId: StationId }),
  z.strictObject({ kind: z.literal("community") }),
  z.strictObject({
    kind: z.literal("merchant"),
    merchantId: SponsorId,
    name: nameText({ subject: { zhCN: "商户名称", en: "the merchant's name" }, max: 100 }),
  }),
]);
/** Who organises an activity. */
export type ActivityOrganiser = z.infer<typeof ActivityOrganiser>;

/** Where an activity takes place: a description people understand, and a point on the map. */
export const ActivityPlace = z.strictObject({
  /** The room or address, e.g. `万达广场 3 号门 党群服务站活动室`. */
  description: displayText({ subject: { zhCN: "活动地点", en: "the place" }, max: 200 }),
  location: GeoPoint.optional(),
});
/** Where an activity takes place. */
export type ActivityPlace = z.infer<typeof ActivityPlace>;

const hasAtMostTwoDecimals = (value: number): boolean =>
  Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;

/**
 * Volunteer hours (志愿时长) credited for one participation: from 0 to 1,000, with at
 * most two decimals (`1.5`, `2.25`). Parsing rounds away binary noise (`0.1 + 0.2`
 * becomes `0.3`), so hours add up exactly in hundredths.
 */
export const VolunteerHours = z
  .number()
  .min(0)
  .max(1_000)
  .refine(
    hasAtMostTwoDecimals,
    bilingual("志愿时长最多保留两位小数", "volunteer hours have at most two decimals"),
  )
  .transform((hours) => Math.round(hours * 100) / 100);
/** Volunteer hours credited for one participation. */
export type VolunteerHours = z.infer<typeof VolunteerHours>;

/** Points per confirmed participation when an activity differs from the policy (0 to 1,000,000). */
export const ActivityPointsOverride = z.number().int().min(0).max(1_000_000);
/** Points per confirmed participation of one activity. */
export type ActivityPointsOverride = z.infer<typeof ActivityPointsOverride>;

/**
 * The code a station shows for an activity (on a screen or a printed card) that a
 * courier types to check in: 4 to 12 letters or digits, compared without regard to case
 * or surrounding spaces. The service chooses it (randomness comes from outside).
 */
export const CheckInCode = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9]{4,12}$/,
    bilingual("签到码须为 4 至 12 位字母或数字", "a check-in code is 4 to 12 letters or digits"),
  )
  .transform((code) => normaliseCheckInCode(code));
/** A check-in code, upper case. */
export type CheckInCode = z.infer<typeof CheckInCode>;

/**
 * A check-in code as it is compared: without surrounding spaces, upper case. `decide`
 * applies it too, so a command built in code without parsing compares the same way.
 *
 * @example
 * normaliseCheckInCode(" ab12c "); // "AB12C"
 */
export const normaliseCheckInCode = (code: string): string => code.trim().toUpperCase();

/** A staff override of the peak-hours rule, with the reason kept in the event. */
export const PeakHoursOverride = z.strictObject({ reason: ActivityReason });
/** A staff override of the peak-hours rule. */
export type PeakHoursOverride = z.infer<typeof PeakHoursOverride>;

/** The longest an activity may last: 31 days. */
export const MAX_ACTIVITY_DAYS = 31;

/**
 * What staff say about an activity: everything but its id and its lifecycle.
 *
 * - `capacity`: the places couriers can take by signing up or checking in themselves;
 *   absent, no limit. Staff recording walk-ins are not held to it: they see who is in
 *   the room.
 * - `signUpRequired`: whether couriers sign up first; when not, they come and check in.
 * - `volunteerHours`: credited to each confirmed participation.
 * - `pointsOverride`: points per confirmed participation instead of the policy's.
 */
export const ActivityDetails = z
  .strictObject({
    title: ActivityTitle,
    description: ActivityText.optional(),
    kind: ActivityKind,
    organiser: ActivityOrganiser,
    stationId: StationId,
    place: ActivityPlace,
    startsAt: Instant,
    endsAt: Instant,
    capacity: z.number().int().min(1).max(10_000).optional(),
    signUpRequired: z.boolean(),
    volunteerHours: VolunteerHours,
    pointsOverride: ActivityPointsOverride.optional(),
  })
  .refine(
    (details) => Date.parse(details.startsAt) < Date.parse(details.endsAt),
    bilingual("活动开始时间须早于结束时间", "an activity must start before it ends"),
  )
  .refine(
    (details) =>
      Date.parse(details.endsAt) - Date.parse(details.startsAt) <=
      MAX_ACTIVITY_DAYS * 24 * 60 * 60 * 1_000,
    bilingual(
      `活动最长 ${MAX_ACTIVITY_DAYS} 天`,
      `an activity lasts at most ${MAX_ACTIVITY_DAYS} days`,
    ),
  );
/** What staff say about an activity. */
export type ActivityDetails = z.infer<typeof ActivityDetails>;

/**
 * The details that may change once an activity is planned: every field but `kind` and
 * `signUpRequired`, which may change only while it is a draft (couriers signed up
 * under them).
 */
export const ActivityChanges = z
  .strictObject({
    title: ActivityTitle.optional(),
    description: ActivityText.optional(),
    kind: ActivityKind.optional(),
    organiser: ActivityOrganiser.optional(),
    stationId: StationId.optional(),
    place: ActivityPlace.optional(),
    startsAt: Instant.optional(),
    endsAt: Instant.optional(),
    capacity: z.number().int().min(1).max(10_000).optional(),
    signUpRequired: z.boolean().optional(),
    volunteerHours: VolunteerHours.optional(),
    pointsOverride: ActivityPointsOverride.optional(),
  })
  .refine(
    (changes) => Object.values(changes).some((value) => value !== undefined),
    bilingual("至少修改一项", "change at least one field"),
  );
/** The details that change. */
export type ActivityChanges = z.infer<typeof ActivityChanges>;
