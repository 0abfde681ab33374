import {
  type CommunityView,
  type CourierListItem,
  type CourierView,
  decisionTime,
  type StationView,
  type Unversioned,
} from "@courier-station/contracts";
import {
  type Actor,
  type Community,
  type CommunityId,
  CommunityNotFound,
  type CommunityState,
  type Courier,
  CourierNotFound,
  type CourierState,
  courierFacts,
  courierOwnView,
  courierPublicView,
  courierSponsorView,
  courierStaffView,
  type Instant,
  isCommunityRegistered,
  isCourierRegistered,
  isStationOpened,
  maskMobileNumber,
  NotYourself,
  type PersonalDataSeal,
  policyVersionInForceAt,
  type Station,
  StationNotFound,
  type StationState,
  stationPublicView,
} from "@courier-station/core";
import { Store } from "@courier-station/kit";
import { Effect, Either, Option } from "effect";
import { courierKey, stationKey } from "./commands.js";
import { communityKey, policyAt } from "./policy.js";
import type { CourierRow } from "./read-models.js";
import { RegistrySecrets } from "./secrets.js";

/**
 * A courier as an actor may see them: staff and auditors the staff view (personal data
 * opened), the courier their own view, a sponsor the sponsor view, anyone else the
 * public view; a courier asking about another courier is refused (`courier.not_yourself`).
 *
 * @example
 * courierViewFor(staff, courier, seal, now); // Either.right({ view: "staff", … })
 */
export const courierViewFor = (
  actor: Actor,
  courier: Courier,
  seal: PersonalDataSeal,
  now: Instant,
): Either.Either<Unversioned<CourierView>, NotYourself> => {
  // Core's views have readonly arrays where the contract's types are mutable; the
  // shapes are the same, and the kit checks every reply against the contract.
  const viewed = (view: object) => Either.right(view as Unversioned<CourierView>);
  switch (actor.role) {
    case "staff":
    case "auditor": {
      const staff = courierStaffView(courier, seal);
      // The keyed hash of the number is for the unique index, not for people.
      const { mobileKey: _mobileKey, ...shown } = staff as NonNullable<typeof staff>;
      return viewed({ view: "staff", ...shown });
    }
    case "courier":
      if (actor.id !== courier.courierId) {
        return Either.left(new NotYourself({ courierId: courier.courierId, actorId: actor.id }));
      }
      return viewed({ view: "own", ...courierOwnView(courier, seal, now) });
    case "sponsor":
      return viewed({ view: "sponsor", ...courierSponsorView(courier) });
    default:
      return viewed({ view: "public", ...courierPublicView(courier) });
  }
};

/**
 * A courier of a staff list from their row: the row's fields, with the real name and
 * the masked number opened from the sealed personal data (left out when erased or when
 * the deployment does not hold the key).
 */
export const courierListItemOf = (row: CourierRow, seal: PersonalDataSeal): CourierListItem => {
  const opened =
    row.personal.kind === "sealed"
      ? seal.open(row.personal, {
          community: row.community as CommunityId,
          courierId: row.courierId as Courier["courierId"],
        })
      : undefined;
  const personal = opened !== undefined && Either.isRight(opened) ? opened.right : undefined;
  return {
    courierId: row.courierId as Courier["courierId"],
    status: row.status as Courier["status"],
    nickname: row.nickname,
    platforms: [...row.platforms],
    volunteerTeamMember: row.volunteerTeamMember,
    ...(row.verifiedAt === undefined ? {} : { verifiedAt: row.verifiedAt }),
    employment: row.employment,
    ...(row.stationId === null ? {} : { stationId: row.stationId as Station["stationId"] }),
    partyMember: row.partyMember,
    ...(row.consentPolicyVersion === undefined
      ? {}
      : { consentPolicyVersion: row.consentPolicyVersion }),
    ...(row.consentWithdrawnAt === undefined ? {} : { consentWithdrawnAt: row.consentWithdrawnAt }),
    noShowCount: row.noShowCount,
    ...(row.signUpsPausedUntil === undefined ? {} : { signUpsPausedUntil: row.signUpsPausedUntil }),
    registeredAt: row.registeredAt,
    erased: row.personal.kind === "erased",
    ...(personal === undefined
      ? {}
      : {
          realName: personal.realName,
          maskedMobileNumber: maskMobileNumber(personal.mobileNumber),
        }),
  };
};

/**
 * A station as everyone may see it at an instant: core's public view (with `openNow` in
 * the community's time zone) and when it opened and retired.
 */
export const stationViewOf = (station: Station, now: Instant, timeZone: string): StationView => {
  const shown = stationPublicView(station, now, timeZone) as NonNullable<
    ReturnType<typeof stationPublicView>
  >;
  return {
    ...shown,
    openedAt: station.openedAt,
    ...(station.retiredAt === undefined ? {} : { retiredAt: station.retiredAt }),
  };
};

/** The community as its members see it, at an instant. */
export const communityViewOf = (community: Community, now: Instant): CommunityView => {
  const inForce = policyVersionInForceAt(community.policyVersions, now);
  return {
    communityId: community.communityId,
    name: community.name,
    district: community.district,
    registeredAt: community.registeredAt,
    ...(inForce === undefined ? {} : { policyVersionInForce: inForce.policyVersion }),
    policyVersions: community.policyVersions.map((version) => ({
      policyVersion: version.policyVersion,
      effectiveFrom: version.effectiveFrom,
      publishedAt: version.publishedAt,
    })),
  };
};

/** A registered courier of a community, or `courier.not_found`. */
export const loadCourier = (community: CommunityId, courierId: string) =>
  Effect.map(loadCourierRecord(community, courierId), (record) => record.state);

/** A registered courier with the version of their record, or `courier.not_found`. */
export const loadCourierRecord = (community: CommunityId, courierId: string) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const record = yield* store.load<CourierState>(courierKey(community, courierId));
    if (Option.isNone(record) || !isCourierRegistered(record.value.state)) {
      return yield* Effect.fail(new CourierNotFound({ courierId }));
    }
    return { state: record.value.state, version: record.value.version };
  });

/** An opened station of a community, or `station.not_found`. */
export const loadStation = (community: CommunityId, stationId: string) =>
  Effect.map(loadStationRecord(community, stationId), (record) => record.state);

/** An opened station with the version of its record, or `station.not_found`. */
export const loadStationRecord = (community: CommunityId, stationId: string) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const record = yield* store.load<StationState>(stationKey(community, stationId));
    if (Option.isNone(record) || !isStationOpened(record.value.state)) {
      return yield* Effect.fail(new StationNotFound({ stationId }));
    }
    return { state: record.value.state, version: record.value.version };
  });

/** The registered community, or `community.not_found`. */
export const loadCommunity = (community: CommunityId) =>
  Effect.map(loadCommunityRecord(community), (record) => record.state);

/** The registered community with the version of its record, or `community.not_found`. */
export const loadCommunityRecord = (community: CommunityId) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const record = yield* store.load<CommunityState>(communityKey(community));
    if (Option.isNone(record) || !isCommunityRegistered(record.value.state)) {
      return yield* Effect.fail(new CommunityNotFound({ communityId: community }));
    }
    return { state: record.value.state, version: record.value.version };
  });

/**
 * One courier for an actor, read from the aggregate (a reader sees their own write at
 * once) and mapped through the view the actor may have.
 */
export const courierFor = (actor: Actor, community: CommunityId, courierId: string) =>
  Effect.gen(function* () {
    const secrets = yield* RegistrySecrets;
    // A courier learns nothing of another courier, not even whether they exist.
    if (actor.role === "courier" && actor.id !== courierId) {
      return yield* Effect.fail(new NotYourself({ courierId, actorId: actor.id }));
    }
    const { state: courier, version } = yield* loadCourierRecord(community, courierId);
    const now = yield* decisionTime;
    const view = yield* courierViewFor(actor, courier, secrets.personalData, now);
    return { ...view, version } as CourierView;
  });

/**
 * The facts of some couriers for other services' decisions, at the time of the answer
 * (a sign-up pause that has ended is left out); unknown couriers are left out.
 */
export const courierFactsFor = (community: CommunityId, courierIds: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const now = yield* decisionTime;
    const states = yield* Effect.forEach(
      [...new Set(courierIds)],
      (courierId) => store.load<CourierState>(courierKey(community, courierId)),
      { concurrency: 8 },
    );
    return states.flatMap((record) =>
      Option.isSome(record) && isCourierRegistered(record.value.state)
        ? [courierFacts(record.value.state, now)]
        : [],
    );
  });

/** One station as everyone may see it, open now or not in the community's time zone. */
export const stationFor = (community: CommunityId, stationId: string) =>
  Effect.gen(function* () {
    const { state: station, version } = yield* loadStationRecord(community, stationId);
    const now = yield* decisionTime;
    const { policy } = yield* policyAt(community, now);
    return { ...stationViewOf(station, now, policy.general.timeZone), version };
  });

/** The community as its members see it, now; `community.not_found` before it is registered. */
export const communityViewFor = (community: CommunityId) =>
  Effect.gen(function* () {
    const { state, version } = yield* loadCommunityRecord(community);
    return { ...communityViewOf(state, yield* decisionTime), version };
  });
