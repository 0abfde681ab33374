import type {
  Courier,
  Employment,
  ErasedPersonalData,
  Instant,
  Platform,
  SealedPersonalData,
  Station,
} from "@courier-station/core";
import { millisOf } from "@courier-station/core";
import {
  defineReadModel,
  type InvalidDocument,
  type ReadModelApi,
  type ReadModelDefinition,
  Store,
  type StoreFailure,
} from "@courier-station/kit";
import { Effect, Option } from "effect";

/**
 * A courier as the registry's lists read them: a pure function of the courier's state
 * (and, for automatic erasure, of the policy in force when they withdrew consent),
 * written at the aggregate's version. Its personal data stays sealed, as in the state:
 * staff lists open it when they read.
 */
export interface CourierRow {
  readonly community: string;
  readonly courierId: string;
  /** The aggregate's version the row was made at; a row is only replaced by a newer one. */
  readonly version: number;
  readonly status: string;
  readonly stationId: string | null;
  readonly volunteerTeamMember: boolean;
  readonly registeredAtMillis: number;
  // One flag per platform: a courier works for several, and an indexed field holds one value.
  readonly platformMeituan: boolean;
  readonly platformEleme: boolean;
  readonly platformDingdong: boolean;
  readonly platformSf: boolean;
  readonly platformJd: boolean;
  readonly platformOther: boolean;
  /** Whether an automatic erasure is scheduled (consent withdrawn, the policy erases after a grace period). */
  readonly erasureScheduled: boolean;
  readonly erasureDueAtMillis: number | null;
  readonly nickname: string;
  readonly platforms: ReadonlyArray<Platform>;
  readonly employment: Employment;
  readonly partyMember: boolean;
  readonly consentPolicyVersion?: string;
  readonly consentWithdrawnAt?: Instant;
  readonly noShowCount: number;
  readonly signUpsPausedUntil?: Instant;
  readonly registeredAt: Instant;
  readonly verifiedAt?: Instant;
  readonly personal: SealedPersonalData | ErasedPersonalData;
}

/** The field of a courier row that flags a platform. */
export const platformField = {
  meituan: "platformMeituan",
  eleme: "platformEleme",
  dingdong: "platformDingdong",
  sf: "platformSf",
  jd: "platformJd",
  other: "platformOther",
} as const satisfies Record<Platform, keyof CourierRow>;

/** The registry's couriers, for the lists, the verification queue and the erasure timer. */
export const courierRows: ReadModelDefinition<CourierRow> = defineReadModel<CourierRow>({
  name: "registry_couriers",
  indexes: {
    community: "string",
    status: "string",
    stationId: "string",
    volunteerTeamMember: "boolean",
    registeredAtMillis: "number",
    platformMeituan: "boolean",
    platformEleme: "boolean",
    platformDingdong: "boolean",
    platformSf: "boolean",
    platformJd: "boolean",
    platformOther: "boolean",
    erasureScheduled: "boolean",
    erasureDueAtMillis: "number",
  },
});

/** The id of a courier's row. */
export const courierRowId = (community: string, courierId: string): string =>
  `${community}:${courierId}`;

/**
 * A courier's row from their state at a version; `erasureDueAt` is when the policy in
 * force at the withdrawal erases them (`automaticErasureDueAt`), if it does.
 *
 * @example
 * courierRowOf(record.state, record.version, automaticErasureDueAt(record.state, policy));
 */
export const courierRowOf = (
  courier: Courier,
  version: number,
  erasureDueAt: Instant | undefined,
): CourierRow => {
  const on = (platform: Platform) => courier.platforms.includes(platform);
  return {
    community: courier.community,
    courierId: courier.courierId,
    version,
    status: courier.status,
    stationId: courier.stationId ?? null,
    volunteerTeamMember: courier.volunteerTeamMember,
    registeredAtMillis: millisOf(courier.registeredAt),
    platformMeituan: on("meituan"),
    platformEleme: on("eleme"),
    platformDingdong: on("dingdong"),
    platformSf: on("sf"),
    platformJd: on("jd"),
    platformOther: on("other"),
    erasureScheduled: erasureDueAt !== undefined,
    erasureDueAtMillis: erasureDueAt === undefined ? null : millisOf(erasureDueAt),
    nickname: courier.nickname,
    platforms: courier.platforms,
    employment: courier.employment,
    partyMember: courier.partyMember,
    ...(courier.consent === undefined
      ? {}
      : { consentPolicyVersion: courier.consent.policyVersion }),
    ...(courier.consentWithdrawnAt === undefined
      ? {}
      : { consentWithdrawnAt: courier.consentWithdrawnAt }),
    noShowCount: courier.noShows.count,
    ...(courier.noShows.signUpsPausedUntil === undefined
      ? {}
      : { signUpsPausedUntil: courier.noShows.signUpsPausedUntil }),
    registeredAt: courier.registeredAt,
    ...(courier.verifiedAt === undefined ? {} : { verifiedAt: courier.verifiedAt }),
    personal: courier.personal,
  };
};

/** A station as the registry's list reads it: its state at a version. */
export interface StationRow {
  readonly community: string;
  readonly stationId: string;
  readonly version: number;
  readonly status: string;
  readonly station: Station;
}

/** The registry's stations, for the list of a community's stations. */
export const stationRows: ReadModelDefinition<StationRow> = defineReadModel<StationRow>({
  name: "registry_stations",
  indexes: { community: "string", status: "string" },
});

/** The id of a station's row (ordered by station within a community). */
export const stationRowId = (community: string, stationId: string): string =>
  `${community}:${stationId}`;

/**
 * A station's row from its state at a version.
 *
 * @example
 * stationRowOf(record.state, record.version);
 */
export const stationRowOf = (station: Station, version: number): StationRow => ({
  community: station.community,
  stationId: station.stationId,
  version,
  status: station.status,
  station,
});

/**
 * Writes a row made at an aggregate's version unless the row there is as new or newer,
 * so the endpoint's write and the consumer's catch-up never undo each other; a race
 * with another writer is settled by the revision, then decided again.
 *
 * @example
 * yield* upsertIfNewer(courierRows, courierRowId(community, courierId), row);
 */
export const upsertIfNewer = <Row extends { readonly version: number }>(
  definition: ReadModelDefinition<Row>,
  id: string,
  row: Row,
): Effect.Effect<void, StoreFailure | InvalidDocument, Store> =>
  Effect.gen(function* () {
    const store = yield* Store;
    const rows: ReadModelApi<Row> = yield* store.readModel(definition);
    for (let attempt = 1; ; attempt++) {
      const existing = yield* rows.get(id);
      if (Option.isSome(existing) && existing.value.document.version >= row.version) return;
      const written = yield* rows
        .upsert(id, row, {
          expectedRevision: Option.match(existing, {
            onNone: () => 0,
            onSome: (found) => found.revision,
          }),
        })
        .pipe(Effect.either);
      if (written._tag === "Right") return;
      const failure = written.left;
      if (failure._tag !== "RevisionConflict") return yield* Effect.fail(failure);
      // Five writers in a row winning against this one means something is wrong.
      if (attempt >= 5) return yield* Effect.die(failure);
    }
  });
