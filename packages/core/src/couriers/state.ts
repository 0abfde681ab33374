import type { ActivityId, CommunityId, CourierId, StationId } from "../kernel/ids.js";
import type { Instant } from "../kernel/time.js";
import type { CourierStatus } from "./facts.js";
import type { MobileKey } from "./mobile-number.js";
import type { Consent, Employment, PersonalData, Platform, WorkArea } from "./values.js";

/** A step of a courier's lifecycle with who took it, when and why (their audit trail). */
export interface CourierHistoryEntry {
  readonly status: CourierStatus;
  readonly at: Instant;
  readonly by: string;
  readonly reason?: string;
}

/** A courier's no-show record (活动爽约): counted per activity, restarted when sign-ups pause. */
export interface NoShowRecord {
  /** No-shows since sign-ups were last paused. */
  readonly count: number;
  /** Every activity a no-show was counted for (each counts once). */
  readonly activityIds: ReadonlyArray<ActivityId>;
  /** Until when sign-ups are paused, when they ever were. */
  readonly signUpsPausedUntil?: Instant;
}

/** A registered courier (小哥). */
export interface Courier {
  readonly courierId: CourierId;
  readonly community: CommunityId;
  readonly status: CourierStatus;
  readonly nickname: string;
  readonly platforms: ReadonlyArray<Platform>;
  readonly employment: Employment;
  readonly workArea?: WorkArea;
  /** Checked in as a party member (党员报到). */
  readonly partyMember: boolean;
  /** The station the courier belongs to (报到站点); absent: unknown. */
  readonly stationId?: StationId;
  /** Personal data, kept apart: views for sponsors and the public leave it out. */
  readonly personal: PersonalData;
  /** The keyed hash of the mobile number; `null` once erased. */
  readonly mobileKey: MobileKey | null;
  /** The consent to data processing in force; absent: none given, or withdrawn. */
  readonly consent?: Consent;
  /**
   * When the courier withdrew their consent, until they consent again; absent: not
   * withdrawn. From then on the courier is not processed (see `CourierFacts`).
   */
  readonly consentWithdrawnAt?: Instant;
  /** A member of the volunteer team (e哥志愿服务队). */
  readonly volunteerTeamMember: boolean;
  readonly noShows: NoShowRecord;
  readonly registeredAt: Instant;
  readonly verifiedAt?: Instant;
  /** When the personal data was erased; absent: not erased. */
  readonly erasedAt?: Instant;
  /** Every lifecycle step, oldest first. */
  readonly history: ReadonlyArray<CourierHistoryEntry>;
}

/** The state of a courier aggregate: nothing before registration, then the courier. */
export type CourierState = { readonly status: "unregistered" } | Courier;

/** The state before the first event. */
export const initialCourierState = (): CourierState => ({ status: "unregistered" });

/** Whether the courier has registered. */
export const isRegistered = (state: CourierState): state is Courier =>
  state.status !== "unregistered";

/** Whether the courier's personal data was erased. */
export const isErased = (courier: Courier): boolean => courier.erasedAt !== undefined;
