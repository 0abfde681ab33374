import { Either } from "effect";
import type { CourierId } from "../kernel/ids.js";
import { type Instant, isAfter } from "../kernel/time.js";
import type { CourierFacts, CourierStatus } from "./facts.js";
import type { PersonalDataSeal } from "./sealed-personal-data.js";
import type { Courier, CourierState } from "./state.js";
import { isErased, isRegistered } from "./state.js";
import type {
  Employment,
  ErasedPersonalData,
  Platform,
  RecordedPersonalData,
  SealedPersonalData,
} from "./values.js";

/**
 * What anyone may see of a courier (boards, activity lists): no real name, no phone,
 * no location, no party membership. After erasure the nickname is the pseudonym.
 */
export interface CourierPublicView {
  readonly courierId: CourierId;
  readonly nickname: string;
  readonly status: CourierStatus;
  readonly platforms: ReadonlyArray<Platform>;
  readonly volunteerTeamMember: boolean;
  /** When staff verified them (in the programme since). */
  readonly verifiedAt?: Instant;
}

/**
 * What a sponsor (圆梦人) may see of a courier whose wish they fulfil: the public view,
 * how they work and the description of their usual work area (to hand a gift over).
 * Still no real name, no phone and no coordinates.
 */
export interface CourierSponsorView extends CourierPublicView {
  readonly employment: Employment;
  readonly workArea?: string;
}

/**
 * What staff of the courier's community see: everything, with the personal data opened
 * (`recorded`), the pseudonym after erasure (`erased`), or still `sealed` when the seal
 * given cannot open it (its key is not held, or it was copied from another courier).
 */
export type CourierStaffView = Omit<Courier, "personal"> & {
  readonly personal: RecordedPersonalData | ErasedPersonalData | SealedPersonalData;
};

/**
 * The public view of a courier, or `undefined` before registration.
 *
 * @example
 * courierPublicView(state); // { courierId, nickname: "小王", status: "active", … }
 */
export const courierPublicView = (state: CourierState): CourierPublicView | undefined => {
  if (!isRegistered(state)) return undefined;
  return {
    courierId: state.courierId,
    nickname: state.nickname,
    status: state.status,
    platforms: state.platforms,
    volunteerTeamMember: state.volunteerTeamMember,
    ...(state.verifiedAt === undefined ? {} : { verifiedAt: state.verifiedAt }),
  };
};

/**
 * The sponsor's view of a courier, or `undefined` before registration.
 *
 * @example
 * courierSponsorView(state)?.workArea; // "万达广场周边"
 */
export const courierSponsorView = (state: CourierState): CourierSponsorView | undefined => {
  const publicView = courierPublicView(state);
  if (publicView === undefined || !isRegistered(state)) return undefined;
  return {
    ...publicView,
    employment: state.employment,
    ...(state.workArea === undefined ? {} : { workArea: state.workArea.description }),
  };
};

/**
 * The staff view of a courier (everything, the personal data opened with the
 * deployment's seal), or `undefined` before registration. Only for staff and auditors
 * of the courier's community.
 *
 * @example
 * courierStaffView(state, personalDataSeal(secret))?.personal;
 * // { kind: "recorded", realName: "王小明", mobileNumber: "13800138000" }
 */
export const courierStaffView = (
  state: CourierState,
  personalData: PersonalDataSeal,
): CourierStaffView | undefined => {
  if (!isRegistered(state)) return undefined;
  if (state.personal.kind !== "sealed") return state;
  const opened = personalData.open(state.personal, {
    community: state.community,
    courierId: state.courierId,
  });
  return { ...state, personal: Either.getOrElse(opened, () => state.personal) };
};

/** A step of a courier's lifecycle as the courier sees it: what happened, when and why, not who did it. */
export interface CourierOwnHistoryEntry {
  readonly status: CourierStatus;
  readonly at: Instant;
  readonly reason?: string;
}

/**
 * What a courier sees of themselves (我的报到信息): their profile, their personal data
 * opened (the pseudonym after erasure), their consent, the volunteer team, their
 * no-shows and sign-up pause, and their lifecycle with its reasons. Left out: the keyed
 * hash of their number and the ids of the staff who took each step.
 */
export interface CourierOwnView {
  readonly courierId: CourierId;
  readonly community: Courier["community"];
  readonly status: CourierStatus;
  readonly nickname: string;
  readonly platforms: ReadonlyArray<Platform>;
  readonly employment: Employment;
  readonly workArea?: Courier["workArea"];
  readonly partyMember: boolean;
  readonly stationId?: Courier["stationId"];
  readonly personal: RecordedPersonalData | ErasedPersonalData | SealedPersonalData;
  readonly consent?: Courier["consent"];
  readonly consentWithdrawnAt?: Instant;
  readonly volunteerTeamMember: boolean;
  /** No-shows since sign-ups were last paused. */
  readonly noShowCount: number;
  /** Until when sign-ups are paused; absent when not paused (at `now`, when given). */
  readonly signUpsPausedUntil?: Instant;
  readonly registeredAt: Instant;
  readonly verifiedAt?: Instant;
  readonly erasedAt?: Instant;
  /** Every lifecycle step, oldest first, without who took it. */
  readonly history: ReadonlyArray<CourierOwnHistoryEntry>;
}

/**
 * The courier's own view of themselves, or `undefined` before registration: for the
 * courier whose record it is, and no one else. Given `now`, a sign-up pause that has
 * ended is left out.
 *
 * @example
 * courierOwnView(state, personalDataSeal(secret), clock.now())?.personal;
 * // { kind: "recorded", realName: "王小明", mobileNumber: "13800138000" }
 */
export const courierOwnView = (
  state: CourierState,
  personalData: PersonalDataSeal,
  now?: Instant,
): CourierOwnView | undefined => {
  const staff = courierStaffView(state, personalData);
  if (staff === undefined) return undefined;
  const until = staff.noShows.signUpsPausedUntil;
  const paused = until !== undefined && (now === undefined || isAfter(until, now));
  return {
    courierId: staff.courierId,
    community: staff.community,
    status: staff.status,
    nickname: staff.nickname,
    platforms: staff.platforms,
    employment: staff.employment,
    ...(staff.workArea === undefined ? {} : { workArea: staff.workArea }),
    partyMember: staff.partyMember,
    ...(staff.stationId === undefined ? {} : { stationId: staff.stationId }),
    personal: staff.personal,
    ...(staff.consent === undefined ? {} : { consent: staff.consent }),
    ...(staff.consentWithdrawnAt === undefined
      ? {}
      : { consentWithdrawnAt: staff.consentWithdrawnAt }),
    volunteerTeamMember: staff.volunteerTeamMember,
    noShowCount: staff.noShows.count,
    ...(paused ? { signUpsPausedUntil: until } : {}),
    registeredAt: staff.registeredAt,
    ...(staff.verifiedAt === undefined ? {} : { verifiedAt: staff.verifiedAt }),
    ...(staff.erasedAt === undefined ? {} : { erasedAt: staff.erasedAt }),
    history: staff.history.map((entry) => ({
      status: entry.status,
      at: entry.at,
      ...(entry.reason === undefined ? {} : { reason: entry.reason }),
    })),
  };
};

/**
 * The {@link CourierFacts} other deciders may know about a courier (activities, reports,
 * wishes): of a registered courier always, of any state `undefined` before
 * registration. Given `now`, a sign-up pause that has already ended is left out.
 *
 * @example
 * if (isRegistered(state)) context = { ...context, courier: courierFacts(state, now) };
 */
export function courierFacts(state: Courier, now?: Instant): CourierFacts;
export function courierFacts(state: CourierState, now?: Instant): CourierFacts | undefined;
export function courierFacts(state: CourierState, now?: Instant): CourierFacts | undefined {
  if (!isRegistered(state)) return undefined;
  const until = state.noShows.signUpsPausedUntil;
  const paused = until !== undefined && (now === undefined || isAfter(until, now));
  return {
    courierId: state.courierId,
    status: state.status,
    volunteerTeamMember: state.volunteerTeamMember,
    ...(paused ? { signUpsPausedUntil: until } : {}),
    ...(state.consentWithdrawnAt === undefined
      ? {}
      : { consentWithdrawnAt: state.consentWithdrawnAt }),
    ...(state.stationId === undefined ? {} : { stationId: state.stationId }),
  };
}

/** Whether a courier's personal data was erased (for lists that mark them). */
export const isCourierErased = (state: CourierState): boolean =>
  isRegistered(state) && isErased(state);
