import {
  activitiesContract,
  type CommandReply,
  type CommunityPolicyVersionView,
  call,
  PolicyBook,
  pointsContract,
  registryFactsContract,
  StationIds,
  serveQuery,
  startTestStation,
  type TestStation,
  wishesContract,
} from "@courier-station/contracts";
import {
  type ActivityFacts,
  ActivityNotFound,
  type Actor,
  CommunityId,
  type CommunityPolicy,
  type CourierFacts,
  CourierId,
  type EventEnvelope,
  type Instant,
  instantFromMillis,
  jinshanPolicy,
} from "@courier-station/core";
import {
  Bus,
  type ConsumerContext,
  defineService,
  derivedId,
  makeLogger,
  type RemoteError,
  type Store,
  type StoreAndCapabilities,
} from "@courier-station/kit";
import { pointsService } from "@courier-station/service-points";
import { Cause, Clock, type Duration, Effect, Layer, Runtime } from "effect";
import { expect } from "vitest";
import type { z } from "zod";
import { type WishesServiceOptions, wishesService } from "./service.js";

/*
 * What the wishes service's tests share: a station with the wishes service and the real
 * points service on the memory store and the in-process bus, beside small stand-ins for
 * the registry's facts endpoints (policy versions, courier facts) and the activities
 * service's `GetActivityFacts`, served from their contracts; a clock the tests move; the
 * actors of one community; and helpers that send commands and queries as the gateway and
 * the other services do.
 */

/** The community of the tests. */
export const community = CommunityId.parse("jinshan-wanda");
/** Another community. */
export const otherCommunity = CommunityId.parse("shanyang-town");
/** Staff of the community. */
export const staff: Actor = { role: "staff", id: "staff-wang", communities: [community] };
/** An auditor of the community. */
export const auditor: Actor = { role: "auditor", id: "auditor-1", communities: [community] };
/** Staff of another community. */
export const staffElsewhere: Actor = {
  role: "staff",
  id: "staff-zhao",
  communities: [otherCommunity],
};
/** A handler (处置人): neither courier, staff nor sponsor. */
export const handler: Actor = { role: "handler", id: "grid-1", communities: [community] };
/** A courier acting for themselves. */
export const courierActor = (courierId: string): Actor => ({
  role: "courier",
  id: courierId,
  communities: [community],
});
/** A sponsor (圆梦人) acting for themselves. */
export const sponsorActor = (sponsorId: string): Actor => ({
  role: "sponsor",
  id: sponsorId,
  communities: [community],
});
/** A flow of another service. */
export const flow: Actor = { role: "system", id: "system:test-flow", communities: [] };

/** A quiet logger for timers and flows run by hand. */
export const log = makeLogger({ level: "silent" });

/** When the tests' station starts: a Monday in November 2026, 10:00 in Shanghai. */
export const startedAt = Date.parse("2026-11-16T02:00:00.000Z");

/** A clock that runs from a chosen instant at the real pace, and that a test moves on. */
export interface MovableClock {
  readonly clock: Clock.Clock;
  /** Moves the clock on by some milliseconds. */
  readonly advance: (millis: number) => void;
  /** The clock's time now. */
  readonly now: () => number;
}

/** A clock starting at `from`, which a test moves on (a month, past a deadline) without waiting. */
export const movableClock = (from: number = startedAt): MovableClock => {
  const base = Clock.make();
  let offset = from - Date.now();
  const now = () => Date.now() + offset;
  return {
    clock: {
      [Clock.ClockTypeId]: Clock.ClockTypeId,
      unsafeCurrentTimeMillis: now,
      unsafeCurrentTimeNanos: () => BigInt(now()) * 1_000_000n,
      currentTimeMillis: Effect.sync(now),
      currentTimeNanos: Effect.sync(() => BigInt(now()) * 1_000_000n),
      sleep: (duration: Duration.Duration) => base.sleep(duration),
    },
    advance: (millis) => {
      offset += millis;
    },
    now,
  };
};

/** What the stand-ins serve; tests change it. */
export interface StandInFacts {
  versions: ReadonlyArray<CommunityPolicyVersionView>;
  readonly couriers: Map<string, CourierFacts>;
  readonly activities: Map<string, ActivityFacts>;
}

const standIns = (facts: StandInFacts) => [
  defineService({
    name: "registry",
    version: "1.0.0",
    endpoints: [
      serveQuery(registryFactsContract.endpoints.GetCommunityPolicyVersions, () =>
        Effect.sync(() => ({ versions: [...facts.versions] })),
      ),
      serveQuery(registryFactsContract.endpoints.GetCourierFacts, ({ courierIds }) =>
        Effect.sync(() => ({
          couriers: courierIds.flatMap((id) => {
            const found = facts.couriers.get(id);
            return found === undefined ? [] : [found];
          }),
        })),
      ),
    ],
  }),
  defineService({
    name: "activities",
    version: "1.0.0",
    endpoints: [
      serveQuery(activitiesContract.endpoints.GetActivityFacts, ({ activityId }) => {
        const found = facts.activities.get(activityId);
        return found === undefined
          ? Effect.fail(new ActivityNotFound({ activityId }))
          : Effect.succeed(found);
      }),
    ],
  }),
];

/** How a test's station is set up. */
export interface WishesStationOptions {
  readonly policy?: CommunityPolicy;
  readonly clock?: MovableClock;
  readonly service?: WishesServiceOptions;
  /** Leave the points service out (a test that stops it, or does not need it). */
  readonly withoutPoints?: boolean;
}

/** A wishes station of the tests, with its stand-ins' facts and its clock. */
export interface WishesStation extends TestStation<PolicyBook | StationIds | Store | Bus> {
  readonly facts: StandInFacts;
  readonly clock: MovableClock;
}

/** An active courier's facts as the registry gives them. */
export const activeCourier = (courierId: string): CourierFacts => ({
  courierId: CourierId.parse(courierId),
  status: "active",
  volunteerTeamMember: true,
});

/**
 * Starts the wishes service, the points service and the stand-ins on the memory store and
 * the in-process bus, at the tests' date (or the clock given). Timers run only when a test
 * runs them (their periods are a day). Couriers `c-1` to `c-3` are active.
 */
export const startWishes = async (options: WishesStationOptions = {}): Promise<WishesStation> => {
  const policy = options.policy ?? jinshanPolicy();
  const clock = options.clock ?? movableClock();
  const facts: StandInFacts = {
    versions: [],
    couriers: new Map(["c-1", "c-2", "c-3"].map((id) => [id, activeCourier(id)])),
    activities: new Map(),
  };
  const day = 86_400_000;
  const station = await startTestStation(
    [
      wishesService({
        wishTimersEveryMs: day,
        pickupTimersEveryMs: day,
        ...(options.service ?? {}),
      }),
      ...(options.withoutPoints === true
        ? []
        : [pointsService({ holdTimeoutsEveryMs: day, pointsExpiryEveryMs: day })]),
      ...standIns(facts),
    ],
    {
      layer: Layer.mergeAll(
        PolicyBook.fromRegistry({ configured: () => policy, cacheMs: 0 }),
        StationIds.layer,
      ),
      clock: clock.clock,
    },
  );
  return { ...station, facts, clock };
};

type Endpoints = typeof wishesContract.endpoints;

let commandCount = 0;

/** A fresh command id. */
export const newId = (prefix = "cmd"): string => {
  commandCount += 1;
  return `${prefix}-${commandCount}`;
};

/**
 * Sends a command to the wishes service over the bus and returns its reply.
 *
 * @example
 * await send(station, staff, { type: "ApproveWish", data: { wishId: "w-1" } });
 */
export const send = (
  station: WishesStation,
  actor: Actor,
  command: { readonly type: string; readonly data: object },
  commandId: string = newId(),
  target: string = community,
): Promise<CommandReply> =>
  station.run(
    call(wishesContract, command.type as keyof Endpoints & string, target, {
      commandId,
      community: target,
      actor,
      command,
      // The tests build commands loosely (readonly literals); the service parses them.
    } as never) as unknown as Effect.Effect<CommandReply>,
  );

/** Asks the wishes service a query over the bus. */
export const ask = <Name extends keyof Endpoints & string>(
  station: WishesStation,
  name: Name,
  input: z.input<Endpoints[Name]["input"]>,
  target: string = community,
): Promise<z.output<Endpoints[Name]["output"]>> =>
  station.run(call(wishesContract, name, target, input));

/** The refusal a call ended with; fails the test when it succeeded. */
export const refusalOf = async (attempt: Promise<unknown>): Promise<RemoteError> => {
  try {
    await attempt;
  } catch (error) {
    const failure = Runtime.isFiberFailure(error)
      ? Cause.squash(error[Runtime.FiberFailureCauseId])
      : error;
    return failure as RemoteError;
  }
  return expect.fail("the call should have been refused");
};

/**
 * Checks a refusal: its domain code, its status, and its message in both languages
 * (Chinese characters in zh-CN, English words in en).
 */
export const expectRefusal = (error: RemoteError, code: string, status?: number): void => {
  expect(error.code).toBe(code);
  if (status !== undefined) expect(error.status).toBe(status);
  expect(error.text["zh-CN"]).toMatch(/\p{Script=Han}/u);
  expect(error.text.en).toMatch(/[A-Za-z]{3}/);
};

/** Gives a courier points by a staff adjustment in the points service. */
export const grantPoints = (station: WishesStation, courierId: string, amount: number) => {
  const id = newId("grant");
  return station.run(
    call(pointsContract, "AdjustPoints", community, {
      commandId: id,
      community,
      actor: staff,
      command: {
        type: "AdjustPoints",
        data: { transferId: id, courierId, direction: "grant", amount, note: "志愿服务积分补录" },
      },
    } as never),
  );
};

/** A courier's points position from the points service. */
export const pointsOf = (station: WishesStation, courierId: string) =>
  station.run(
    call(pointsContract, "GetPointsBalance", community, {
      actor: staff,
      courierId: CourierId.parse(courierId),
    }),
  );

/** The time of the station's clock as an instant, moved by some milliseconds. */
export const instantAt = (station: WishesStation, offsetMillis = 0): Instant =>
  instantFromMillis(station.clock.now() + offsetMillis);

const pause = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

/** Polls until a condition holds (the relay and consumers run in the background). */
export const eventually = async <A>(
  probe: () => Promise<A>,
  holds: (value: A) => boolean,
  attempts = 250,
): Promise<A> => {
  let last = await probe();
  for (let attempt = 0; attempt < attempts && !holds(last); attempt++) {
    await pause(20);
    last = await probe();
  }
  expect(holds(last), `condition not met; last value: ${JSON.stringify(last)}`).toBe(true);
  return last;
};

/**
 * Sends a raw payload to an endpoint of the wishes service and returns the reply as it
 * came (refusals included), for bad input that no typed client would send.
 */
export const request = (
  station: WishesStation,
  endpointName: string,
  payload: unknown,
  target: string = community,
) =>
  station.run(
    Effect.flatMap(Bus, (bus) =>
      bus.request({
        to: { community: target, service: "wishes", endpoint: endpointName },
        payload,
      }),
    ),
  );

/** Publishes an event on the station's bus, as the relay of another service would. */
export const publish = (station: WishesStation, event: EventEnvelope) =>
  station.run(Effect.flatMap(Bus, (bus) => bus.publish(event)));

/**
 * What the host gives a consumer's handler, for running a flow by hand: the same derived
 * ids as the running consumer of that name (`wishes-<name>`), so a run by hand is a
 * redelivery of the event.
 */
export const consumerContextFor = (name: string, event: EventEnvelope): ConsumerContext => {
  const durable = `wishes-${name}`;
  return {
    service: "wishes",
    consumer: durable,
    delivery: { consumer: durable, subject: "by-hand", sequence: 0, deliveryCount: 2 },
    log,
    derivedId: (purpose) => derivedId(durable, purpose, event.id),
  };
};

/** A draft wish of the tests: a power bank (充电宝) at the Wanda station. */
export const draftOf = (wishId: string, overrides: { readonly [field: string]: unknown } = {}) => ({
  type: "DraftWish",
  data: {
    wishId,
    stationId: "wanda",
    title: "充电宝",
    description: "跑单一天手机没电，想要一个大容量充电宝",
    category: "work-equipment",
    estimatedValueFen: 9_900,
    funding: { mode: "either" },
    ...overrides,
  },
});

/** Drafts, submits and approves a wish (on the wall at once), as its courier and staff. */
export const wishOnTheWall = async (
  station: WishesStation,
  wishId: string,
  courierId: string,
  overrides: { readonly [field: string]: unknown } = {},
) => {
  await send(station, courierActor(courierId), draftOf(wishId, overrides));
  await send(station, courierActor(courierId), { type: "SubmitWish", data: { wishId } });
  await send(station, staff, { type: "ApproveWish", data: { wishId } });
};

/** Registers a merchant sponsor, as staff. */
export const registerSponsor = (station: WishesStation, sponsorId: string) =>
  send(station, staff, {
    type: "RegisterSponsor",
    data: {
      sponsorId,
      kind: "merchant",
      displayName: "万达咖啡",
      shop: { name: "万达咖啡", location: "万达广场 1F-102" },
      contact: { name: "李店长", phone: "13800138000" },
      thanksWall: true,
    },
  });

/** The store and capabilities a test effect may use besides the station's services. */
export type StationServices = StoreAndCapabilities | PolicyBook | StationIds | Bus;
