import {
  activitiesContract,
  type CommunityPolicyVersionView,
  PolicyBook,
  registryFactsContract,
  StationIds,
  serveQuery,
  startTestStation,
  type TestStation,
} from "@courier-station/contracts";
import {
  ActivityDetails,
  type Actor,
  type CommunityId,
  type CommunityPolicy,
  type CourierFacts,
  CourierId,
  type Instant,
  instantFromMillis,
  jinshanPolicy,
  millisOf,
} from "@courier-station/core";
import { Bus, defineService, makeLogger, type Reply } from "@courier-station/kit";
import { Clock, Effect, Layer } from "effect";
import { CheckInCodeSource } from "../check-in-codes.js";
import { type ActivitiesServiceOptions, activitiesService } from "../service.js";

/** The community of the tests. */
export const COMMUNITY = "jinshan-wanda" as CommunityId;
/** Another community, whose staff must not reach this one. */
export const OTHER_COMMUNITY = "zhujing" as CommunityId;
/** The station of the tests. */
export const STATION = "wanda";

/** Staff of the community. */
export const staff: Actor = { role: "staff", id: "staff-wang", communities: [COMMUNITY] };
/** Staff of another community. */
export const otherStaff: Actor = { role: "staff", id: "staff-li", communities: [OTHER_COMMUNITY] };
/** An auditor of the community. */
export const auditor: Actor = { role: "auditor", id: "auditor-1", communities: [COMMUNITY] };
/** A sponsor (圆梦人) of the community. */
export const sponsor: Actor = { role: "sponsor", id: "wanda-cinema", communities: [COMMUNITY] };
/** The actor of a courier of the community. */
export const courier = (id: string): Actor => ({ role: "courier", id, communities: [COMMUNITY] });

/** An instant in Shanghai local time: `at("2026-12-05 14:00")`. */
export const at = (local: string): Instant =>
  instantFromMillis(Date.parse(`${local.replace(" ", "T")}:00+08:00`));

/**
 * A clock that runs at the real pace from a moment the test sets: the services decide at
 * the test's time (`decisionTime` reads it) while sleeps, leases and timeouts still pass
 * in real time.
 */
export interface TravellingClock {
  readonly clock: Clock.Clock;
  /** From now on, the clock reads this instant (and goes on from there). */
  readonly travelTo: (instant: Instant) => void;
}

/** A clock the test moves. */
export const travellingClock = (start: Instant): TravellingClock => {
  const base = Clock.make();
  let offset = millisOf(start) - Date.now();
  const clock: Clock.Clock = {
    [Clock.ClockTypeId]: Clock.ClockTypeId,
    unsafeCurrentTimeMillis: () => Date.now() + offset,
    currentTimeMillis: Effect.sync(() => Date.now() + offset),
    unsafeCurrentTimeNanos: () => BigInt(Date.now() + offset) * 1_000_000n,
    currentTimeNanos: Effect.sync(() => BigInt(Date.now() + offset) * 1_000_000n),
    sleep: (duration) => base.sleep(duration),
  };
  return {
    clock,
    travelTo: (instant) => {
      offset = millisOf(instant) - Date.now();
    },
  };
};

/** The facts of an active courier of the volunteer team, with overrides. */
export const activeCourier = (id: string, overrides: Partial<CourierFacts> = {}): CourierFacts => ({
  courierId: CourierId.parse(id),
  status: "active",
  volunteerTeamMember: true,
  stationId: STATION as CourierFacts["stationId"],
  ...overrides,
});

/** What the fake registry answers, changed by the tests as they go. */
export interface FakeRegistry {
  readonly couriers: Map<string, CourierFacts>;
  readonly versions: CommunityPolicyVersionView[];
  /** How many times `GetCourierFacts` was asked. */
  factsAsked: number;
}

/**
 * A registry serving only the facts endpoints, from its contract: couriers' facts and
 * the community's policy versions from what the test put in.
 */
export const fakeRegistry = (registry: FakeRegistry) =>
  defineService({
    name: "registry",
    version: "1.0.0",
    endpoints: [
      serveQuery(registryFactsContract.endpoints.GetCommunityPolicyVersions, () =>
        Effect.sync(() => ({ versions: [...registry.versions] })),
      ),
      serveQuery(registryFactsContract.endpoints.GetCourierFacts, ({ courierIds }) =>
        Effect.sync(() => {
          registry.factsAsked += 1;
          return {
            couriers: courierIds.flatMap((id) => {
              const facts = registry.couriers.get(id);
              return facts === undefined ? [] : [facts];
            }),
          };
        }),
      ),
    ],
  });

/** A policy version that takes effect at once, for a test that needs other settings. */
export const policyVersion = (
  policyVersion: string,
  effectiveFrom: Instant,
  policy: CommunityPolicy,
): CommunityPolicyVersionView => ({
  policyVersion: policyVersion as CommunityPolicyVersionView["policyVersion"],
  effectiveFrom,
  publishedAt: effectiveFrom,
  publishedBy: "staff-wang",
  policy,
});

/** The station of a test: the activities service and a fake registry, and handles on them. */
export interface ActivitiesStation {
  readonly station: TestStation<unknown>;
  readonly registry: FakeRegistry;
  readonly time: TravellingClock;
  /** Sends a request to an activities endpoint and returns the whole reply (refusals too). */
  readonly request: (
    endpoint: keyof typeof activitiesContract.endpoints,
    payload: unknown,
    community?: string,
  ) => Promise<Reply<unknown>>;
  readonly close: () => Promise<void>;
}

/** A logger for timers and flows a test runs by hand. */
export const quietLog = makeLogger({ level: "silent" });

/**
 * Starts the activities service and a fake registry on a memory store and the
 * in-process bus, at a time the test sets, choosing check-in codes from `codes`.
 * The timers run every hour, so tests run them by hand when they mean to.
 */
export const startActivitiesStation = async (
  options: {
    readonly now?: Instant;
    readonly codes?: ReadonlyArray<string>;
    readonly service?: ActivitiesServiceOptions;
    readonly configured?: CommunityPolicy;
  } = {},
): Promise<ActivitiesStation> => {
  const registry: FakeRegistry = { couriers: new Map(), versions: [], factsAsked: 0 };
  const time = travellingClock(options.now ?? at("2026-12-01 09:00"));
  const configured = options.configured ?? jinshanPolicy();
  const station = await startTestStation(
    [
      activitiesService({
        completionEveryMs: 3_600_000,
        rotationEveryMs: 3_600_000,
        ...options.service,
      }),
      fakeRegistry(registry),
    ],
    {
      layer: Layer.mergeAll(
        PolicyBook.fromRegistry({ configured: () => configured, cacheMs: 0 }),
        CheckInCodeSource.sequence(options.codes ?? ["4821", "7730", "5193", "6624"]),
        StationIds.layer,
      ),
      clock: time.clock,
    },
  );
  const request: ActivitiesStation["request"] = (endpoint, payload, community = COMMUNITY) =>
    station.run(
      Effect.flatMap(Bus, (bus) =>
        bus.request({
          to: { community, service: activitiesContract.service, endpoint },
          payload,
        }),
      ),
    );
  return {
    station: station as TestStation<unknown>,
    registry,
    time,
    request,
    close: () => station.close(),
  };
};

let commandCounter = 0;

/** A command envelope with a fresh command id (or the one given). */
export const envelope = (
  actor: Actor,
  command: { readonly type: string; readonly data: unknown },
  commandId = `command-${++commandCounter}`,
  community: string = COMMUNITY,
) => ({ commandId, community, actor, command });

/** Details of a two-hour volunteering activity at the station between the peaks, with overrides. */
export const detailsWith = (overrides: Record<string, unknown> = {}) =>
  ActivityDetails.parse({
    title: "护河志愿行动",
    kind: "volunteering",
    organiser: { kind: "station", stationId: STATION },
    stationId: STATION,
    place: { description: "山阳河 3 号桥" },
    startsAt: at("2026-12-05 14:00"),
    endsAt: at("2026-12-05 16:00"),
    capacity: 3,
    signUpRequired: true,
    volunteerHours: 2,
    ...overrides,
  });

/** Two checkpoints along the Shanyang river, about 650 metres apart. */
export const CHECKPOINTS = [
  {
    checkpointId: "bridge-3",
    name: "3 号桥",
    location: { latitude: 30.7246, longitude: 121.3412, datum: "WGS-84" as const },
    radiusMetres: 50,
  },
  {
    checkpointId: "sluice",
    name: "节制闸",
    location: { latitude: 30.7281, longitude: 121.3466, datum: "WGS-84" as const },
    radiusMetres: 60,
  },
];

/** A point some metres north of a checkpoint (a degree of latitude is about 111,195 m). */
export const near = (index: number, metres = 0) => {
  const location = CHECKPOINTS[index]?.location ?? CHECKPOINTS[0]!.location;
  return { ...location, latitude: location.latitude + metres / 111_195 };
};

/** The data of a route along the river with both checkpoints, with overrides. */
export const routeWith = (routeId: string, overrides: Record<string, unknown> = {}) => ({
  routeId,
  name: "山阳河巡河线",
  kind: "river",
  stationId: STATION,
  checkpoints: CHECKPOINTS,
  ...overrides,
});
