import { z } from "zod";
import { ActivityId, CommunityId, CourierId, StationId } from "../kernel/ids.js";
import { Instant } from "../kernel/time.js";
import { MobileKey } from "./mobile-number.js";
import {
  Consent,
  ConsentPolicyVersion,
  CourierReason,
  Employment,
  Nickname,
  PersonalData,
  Platforms,
  WorkArea,
} from "./values.js";

const event = <const Type extends string, Shape extends z.ZodRawShape>(type: Type, shape: Shape) =>
  z.strictObject({ type: z.literal(type), data: z.strictObject(shape) });

/** The id of the actor who took a step (a staff member, the courier, a system flow). */
const ActorReference = z.string().min(1).max(128);

/**
 * A courier checked in with the community (小哥报到). Personal data is only in
 * `personal`; `mobileKey`, the keyed hash of the number, lets the store refuse a second
 * registration of the number in the community with a unique-key insert. Both are
 * scrubbed by `erasePersonalData` after an erasure (`mobileKey` becomes `null`).
 */
export const CourierRegistered = event("CourierRegistered", {
  courierId: CourierId,
  community: CommunityId,
  nickname: Nickname,
  platforms: Platforms,
  employment: Employment,
  workArea: WorkArea.optional(),
  partyMember: z.boolean(),
  personal: PersonalData,
  mobileKey: MobileKey.nullable(),
  consent: Consent.optional(),
  /** The station the courier checked in at; absent (and in events from before stations were recorded): unknown. */
  stationId: StationId.optional(),
  registeredBy: ActorReference,
  registeredAt: Instant,
});
/** A courier checked in with the community. */
export type CourierRegistered = z.infer<typeof CourierRegistered>;

/** A courier consented to the data-processing notice in a version. */
export const ConsentGiven = event("ConsentGiven", {
  courierId: CourierId,
  policyVersion: ConsentPolicyVersion,
  givenAt: Instant,
  recordedBy: ActorReference,
});
/** A courier consented to data processing. */
export type ConsentGiven = z.infer<typeof ConsentGiven>;

/**
 * A courier withdrew their consent to data processing: they are no longer processed.
 * CONTRACT: activities cancel their sign-ups (`signUpCancellationsOnConsentWithdrawn`),
 * and notifications offer them erasure, saying when it happens by itself when the
 * community's policy erases automatically (`automaticErasureAt`, unless they consent
 * again first).
 */
export const ConsentWithdrawn = event("ConsentWithdrawn", {
  courierId: CourierId,
  policyVersion: ConsentPolicyVersion,
  withdrawnAt: Instant,
  recordedBy: ActorReference,
  automaticErasureAt: Instant.optional(),
});
/** A courier withdrew their consent. */
export type ConsentWithdrawn = z.infer<typeof ConsentWithdrawn>;

/**
 * Staff verified a registered courier, who is now active. CONTRACT:
 * `@courier-station/points` credits welcome points from `{ courierId, verifiedBy, verifiedAt }`.
 */
export const CourierVerified = event("CourierVerified", {
  courierId: CourierId,
  verifiedBy: ActorReference,
  verifiedAt: Instant,
  /** The version of the notice the courier had consented to, when consent was required. */
  consentPolicyVersion: ConsentPolicyVersion.optional(),
});
/** Staff verified a registered courier. */
export type CourierVerified = z.infer<typeof CourierVerified>;

/** Staff rejected a registration. */
export const CourierRejected = event("CourierRejected", {
  courierId: CourierId,
  reason: CourierReason,
  rejectedBy: ActorReference,
  rejectedAt: Instant,
});
/** Staff rejected a registration. */
export type CourierRejected = z.infer<typeof CourierRejected>;

/** Staff suspended an active courier. */
export const CourierSuspended = event("CourierSuspended", {
  courierId: CourierId,
  reason: CourierReason,
  suspendedBy: ActorReference,
  suspendedAt: Instant,
});
/** Staff suspended an active courier. */
export type CourierSuspended = z.infer<typeof CourierSuspended>;

/** Staff reinstated a suspended courier, who is active again. */
export const CourierReinstated = event("CourierReinstated", {
  courierId: CourierId,
  reason: CourierReason,
  reinstatedBy: ActorReference,
  reinstatedAt: Instant,
});
/** Staff reinstated a suspended courier. */
export type CourierReinstated = z.infer<typeof CourierReinstated>;

/** A courier left the programme. Final. */
export const CourierLeft = event("CourierLeft", {
  courierId: CourierId,
  reason: CourierReason.optional(),
  leftBy: ActorReference,
  leftAt: Instant,
});
/** A courier left the programme. */
export type CourierLeft = z.infer<typeof CourierLeft>;

/**
 * A courier's public profile changed: only the fields present changed (`workArea`
 * `null`: removed).
 */
export const CourierProfileUpdated = event("CourierProfileUpdated", {
  courierId: CourierId,
  nickname: Nickname.optional(),
  platforms: Platforms.optional(),
  employment: Employment.optional(),
  workArea: WorkArea.nullable().optional(),
  partyMember: z.boolean().optional(),
  stationId: StationId.optional(),
  updatedBy: ActorReference,
  updatedAt: Instant,
});
/** A courier's public profile changed. */
export type CourierProfileUpdated = z.infer<typeof CourierProfileUpdated>;

/**
 * A courier's personal data was corrected: `personal` is the whole new personal data,
 * `mobileKey` the key of its number (for the store's unique index).
 */
export const PersonalDataCorrected = event("PersonalDataCorrected", {
  courierId: CourierId,
  personal: PersonalData,
  mobileKey: MobileKey.nullable(),
  correctedBy: ActorReference,
  correctedAt: Instant,
});
/** A courier's personal data was corrected. */
export type PersonalDataCorrected = z.infer<typeof PersonalDataCorrected>;

/**
 * A courier's personal data was erased (on request): the state keeps only the
 * pseudonym. A store then scrubs the courier's past events with `erasePersonalData`
 * and drops the courier's entry from its mobile-key index.
 */
export const CourierPersonalDataErased = event("CourierPersonalDataErased", {
  courierId: CourierId,
  pseudonym: z.string().min(1).max(80),
  erasedBy: ActorReference,
  erasedAt: Instant,
});
/** A courier's personal data was erased. */
export type CourierPersonalDataErased = z.infer<typeof CourierPersonalDataErased>;

/** A courier joined the volunteer team (e哥志愿服务队). */
export const VolunteerTeamJoined = event("VolunteerTeamJoined", {
  courierId: CourierId,
  joinedBy: ActorReference,
  joinedAt: Instant,
});
/** A courier joined the volunteer team. */
export type VolunteerTeamJoined = z.infer<typeof VolunteerTeamJoined>;

/** A courier left the volunteer team (also when they leave the programme). */
export const VolunteerTeamLeft = event("VolunteerTeamLeft", {
  courierId: CourierId,
  reason: CourierReason.optional(),
  leftBy: ActorReference,
  leftAt: Instant,
});
/** A courier left the volunteer team. */
export type VolunteerTeamLeft = z.infer<typeof VolunteerTeamLeft>;

/**
 * A courier did not come to an activity they signed up for. CONTRACT (activities):
 * `{ courierId, activityId, recordedAt }`; `noShowCount` is the count since sign-ups
 * were last paused, this one included.
 */
export const NoShowRecorded = event("NoShowRecorded", {
  courierId: CourierId,
  activityId: ActivityId,
  noShowCount: z.number().int().min(1),
  recordedAt: Instant,
});
/** A courier did not come to an activity. */
export type NoShowRecorded = z.infer<typeof NoShowRecorded>;

/**
 * The courier reached the policy's no-show limit: sign-ups are paused until `until`
 * (`now + activities.noShowPauseDays`), and the no-show count restarts. CONTRACT
 * (activities): `{ courierId, until }`.
 */
export const SignUpsPaused = event("SignUpsPaused", {
  courierId: CourierId,
  until: Instant,
  noShows: z.number().int().min(1),
  pausedAt: Instant,
});
/** A courier's sign-ups are paused. */
export type SignUpsPaused = z.infer<typeof SignUpsPaused>;

/** Every event of a courier. */
export const CourierEvent = z.discriminatedUnion("type", [
  CourierRegistered,
  ConsentGiven,
  ConsentWithdrawn,
  CourierVerified,
  CourierRejected,
  CourierSuspended,
  CourierReinstated,
  CourierLeft,
  CourierProfileUpdated,
  PersonalDataCorrected,
  CourierPersonalDataErased,
  VolunteerTeamJoined,
  VolunteerTeamLeft,
  NoShowRecorded,
  SignUpsPaused,
]);
/** Every event of a courier. */
export type CourierEvent = z.infer<typeof CourierEvent>;

/** The events that carry personal data in a `personal` field. */
export const eventsWithPersonalData = ["CourierRegistered", "PersonalDataCorrected"] as const;
