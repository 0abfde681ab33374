import type { Instant } from "../kernel/time.js";
import type { CourierEvent } from "./events.js";
import type { CourierStatus } from "./facts.js";
import {
  type Courier,
  type CourierHistoryEntry,
  type CourierState,
  isRegistered,
} from "./state.js";

const withStep = (
  courier: Courier,
  status: CourierStatus,
  at: Instant,
  by: string,
  reason: string | undefined,
  changes: Partial<Courier> = {},
): Courier => {
  const entry: CourierHistoryEntry =
    reason === undefined ? { status, at, by } : { status, at, by, reason };
  return { ...courier, ...changes, status, history: [...courier.history, entry] };
};

const without = <Key extends keyof Courier>(courier: Courier, key: Key): Courier => {
  const { [key]: _removed, ...rest } = courier;
  return rest as Courier;
};

/**
 * The state of a courier after an event. No rules: every event `decideCourier`
 * produces is applied as it is.
 *
 * @example
 * const state = events.reduce(evolveCourier, initialCourierState());
 */
export const evolveCourier = (state: CourierState, event: CourierEvent): CourierState => {
  if (event.type === "CourierRegistered") {
    const data = event.data;
    return {
      courierId: data.courierId,
      community: data.community,
      status: "registered",
      nickname: data.nickname,
      platforms: data.platforms,
      employment: data.employment,
      ...(data.workArea === undefined ? {} : { workArea: data.workArea }),
      partyMember: data.partyMember,
      personal: data.personal,
      mobileKey: data.mobileKey,
      ...(data.consent === undefined ? {} : { consent: data.consent }),
      ...(data.stationId === undefined ? {} : { stationId: data.stationId }),
      volunteerTeamMember: false,
      noShows: { count: 0, activityIds: [] },
      registeredAt: data.registeredAt,
      history: [{ status: "registered", at: data.registeredAt, by: data.registeredBy }],
    };
  }
  // Events of a courier always follow its registration; anything else is ignored.
  if (!isRegistered(state)) return state;
  const courier = state;
  switch (event.type) {
    case "ConsentGiven":
      return {
        ...without(courier, "consentWithdrawnAt"),
        consent: { policyVersion: event.data.policyVersion, givenAt: event.data.givenAt },
      };
    case "ConsentWithdrawn":
      return { ...without(courier, "consent"), consentWithdrawnAt: event.data.withdrawnAt };
    case "CourierVerified":
      return withStep(courier, "active", event.data.verifiedAt, event.data.verifiedBy, undefined, {
        verifiedAt: event.data.verifiedAt,
      });
    case "CourierRejected":
      return withStep(
        courier,
        "rejected",
        event.data.rejectedAt,
        event.data.rejectedBy,
        event.data.reason,
      );
    case "CourierSuspended":
      return withStep(
        courier,
        "suspended",
        event.data.suspendedAt,
        event.data.suspendedBy,
        event.data.reason,
      );
    case "CourierReinstated":
      return withStep(
        courier,
        "active",
        event.data.reinstatedAt,
        event.data.reinstatedBy,
        event.data.reason,
      );
    case "CourierLeft":
      return withStep(courier, "left", event.data.leftAt, event.data.leftBy, event.data.reason, {
        volunteerTeamMember: false,
      });
    case "CourierProfileUpdated": {
      const data = event.data;
      const updated: Courier = {
        ...courier,
        ...(data.nickname === undefined ? {} : { nickname: data.nickname }),
        ...(data.platforms === undefined ? {} : { platforms: data.platforms }),
        ...(data.employment === undefined ? {} : { employment: data.employment }),
        ...(data.workArea === undefined || data.workArea === null
          ? {}
          : { workArea: data.workArea }),
        ...(data.partyMember === undefined ? {} : { partyMember: data.partyMember }),
        ...(data.stationId === undefined ? {} : { stationId: data.stationId }),
      };
      return data.workArea === null ? without(updated, "workArea") : updated;
    }
    case "PersonalDataCorrected":
      return { ...courier, personal: event.data.personal, mobileKey: event.data.mobileKey };
    case "CourierPersonalDataErased":
      return {
        ...without(courier, "workArea"),
        nickname: event.data.pseudonym,
        personal: { kind: "erased", pseudonym: event.data.pseudonym },
        mobileKey: null,
        erasedAt: event.data.erasedAt,
      };
    case "VolunteerTeamJoined":
      return { ...courier, volunteerTeamMember: true };
    case "VolunteerTeamLeft":
      return { ...courier, volunteerTeamMember: false };
    case "NoShowRecorded":
      return {
        ...courier,
        noShows: {
          ...courier.noShows,
          count: event.data.noShowCount,
          activityIds: [...courier.noShows.activityIds, event.data.activityId],
        },
      };
    case "SignUpsPaused":
      return {
        ...courier,
        noShows: { ...courier.noShows, count: 0, signUpsPausedUntil: event.data.until },
      };
  }
};
