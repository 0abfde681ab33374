import {
  type CommandReply,
  call,
  PolicyBook,
  registryContract,
  reportsContract,
  StationIds,
  startTestStation,
  type TestStation,
} from "@courier-station/contracts";
import {
  type Actor,
  CommunityId,
  type CommunityPolicy,
  HOUR,
  type Instant,
  instantFromMillis,
  jinshanPolicy,
  systemActor,
} from "@courier-station/core";
import type { RemoteError, ServiceDefinition } from "@courier-station/kit";
import {
  ConfiguredPolicy,
  RegistrySecrets,
  RegistrySettings,
  registryService,
} from "@courier-station/service-registry";
import { Cause, Clock, type Duration, Effect, type Exit, Layer, Runtime } from "effect";
import { expect } from "vitest";
import type { z } from "zod";
import { type ReportsServiceOptions, reportsService } from "./service.js";

/*
 * What the reports service's tests share: a station with the real registry (courier
 * facts and the policy come from it, as in production) and the reports service on the
 * memory store and the in-process bus; the actors of one community; and helpers that
 * send commands and ask queries through the contracts, as the gateway calls them.
 */

/** The community of the tests. */
export const community = CommunityId.parse("jinshan-wanda");
/** Another community, whose staff must not reach this one. */
export const otherCommunity = CommunityId.parse("shanyang-town");

/** Staff of the community. */
export const staff: Actor = { role: "staff", id: "staff-wang", communities: [community] };
/** An auditor of the community. */
export const auditor: Actor = { role: "auditor", id: "auditor-1", communities: [community] };
/** A sponsor (圆梦人) of the community. */
export const sponsor: Actor = { role: "sponsor", id: "sponsor-1", communities: [community] };
/** The river chief office, the handler of river reports in the Jinshan policy. */
export const waterHandler: Actor = {
  role: "handler",
  id: "water-affairs",
  communities: [community],
};
/** The urban management squad, the handler of noise reports. */
export const urbanHandler: Actor = {
  role: "handler",
  id: "urban-management",
  communities: [community],
};
/** Staff of another community. */
export const staffElsewhere: Actor = {
  role: "staff",
  id: "staff-zhao",
  communities: [otherCommunity],
};
/** The deployment's operator tooling. */
export const operator: Actor = systemActor("operator");

/** A courier of the community, acting for themselves. */
export const courierActor = (courierId: string): Actor => ({
  role: "courier",
  id: courierId,
  communities: [community],
});

/** The registry's secrets in the tests. */
const registrySettings = RegistrySettings.parse({
  sealKey: { id: "2026-11", secret: "the seal secret of the reports service's tests" },
  mobileKeySecret: "the mobile-key secret of the reports service's tests",
});

/** The real name and number every test courier registers with (to look for them later). */
export const personalDataOf = (courierId: string) => {
  let digits = 0;
  for (const character of courierId) digits = (digits * 31 + character.charCodeAt(0)) % 10_000;
  return {
    realName: `王${courierId}明`,
    mobileNumber: `1380013${String(digits).padStart(4, "0")}`,
  };
};

/** When every test station starts: 2026-11-28 10:00 in Shanghai. */
export const stationStart = Date.parse("2026-11-28T02:00:00.000Z");

/**
 * The time of a test station: the services and the bus decide at it, and it stands
 * still unless a test moves it (sleeps, leases and timeouts still pass in real time).
 */
export interface StationClock {
  readonly clock: Clock.Clock;
  /** The station's time now, in milliseconds since the epoch. */
  readonly millis: () => number;
  /** The station's time now. */
  readonly now: () => Instant;
  /** Moves the station's time on. */
  readonly advance: (millis: number) => void;
}

/** A station clock from an instant. */
export const stationClock = (start: number): StationClock => {
  let millis = start;
  const base = Clock.make();
  return {
    clock: {
      [Clock.ClockTypeId]: Clock.ClockTypeId,
      unsafeCurrentTimeMillis: () => millis,
      unsafeCurrentTimeNanos: () => BigInt(millis) * 1_000_000n,
      currentTimeMillis: Effect.sync(() => millis),
      currentTimeNanos: Effect.sync(() => BigInt(millis) * 1_000_000n),
      sleep: (duration: Duration.Duration) => base.sleep(duration),
    },
    millis: () => millis,
    now: () => instantFromMillis(millis),
    advance: (by) => {
      millis += by;
    },
  };
};

/** The reports service's test station, with its clock. */
export type ReportsStation = TestStation<PolicyBook> & { readonly clock: StationClock };

/**
 * A station running the registry and the reports service on the memory store and the
 * in-process bus; the reports service reads the policy from the registry (every version
 * the registry only names is `policy`). Everything runs on the station's clock, which
 * the test moves; the timers run at the start and then only every hour, so that a test
 * runs them itself when it means to.
 */
export const startReports = async (
  options: { readonly policy?: CommunityPolicy; readonly service?: ReportsServiceOptions } = {},
): Promise<ReportsStation> => {
  const policy = options.policy ?? jinshanPolicy();
  const clock = stationClock(stationStart);
  const services = [
    registryService(),
    reportsService({
      reportDeadlinesEveryMs: HOUR,
      suggestionDeadlinesEveryMs: HOUR,
      ...options.service,
    }),
  ] as ReadonlyArray<ServiceDefinition<unknown>>;
  // The two services need different things; the layer provides both.
  const station = await startTestStation(services as ReadonlyArray<ServiceDefinition<never>>, {
    layer: Layer.mergeAll(
      RegistrySecrets.layer(registrySettings),
      ConfiguredPolicy.layer(() => policy),
      PolicyBook.fromRegistry({ configured: () => policy, cacheMs: 0 }),
      StationIds.layer,
    ) as never,
    clock: clock.clock,
  });
  return { ...(station as unknown as TestStation<PolicyBook>), clock };
};

let commandCount = 0;

/** A fresh command id. */
export const newCommandId = (): string => {
  commandCount += 1;
  return `cmd-${commandCount}`;
};

type Endpoints = typeof reportsContract.endpoints;

/**
 * Sends a command to the reports service over the bus and returns its reply.
 *
 * @example
 * await send(station, staff, { type: "AcceptReport", data: { reportId: "r-1" } });
 */
export const send = (
  station: ReportsStation,
  actor: Actor,
  command: { readonly type: string; readonly data: object },
  commandId: string = newCommandId(),
): Promise<CommandReply> =>
  station.run(
    call(reportsContract, command.type as keyof Endpoints & string, community, {
      commandId,
      community,
      actor,
      command,
      // The tests build commands loosely; the service parses them.
    } as never) as unknown as Effect.Effect<CommandReply>,
  );

/**
 * Asks the reports service a query over the bus.
 *
 * @example
 * const page = await ask(station, "ListReports", { actor: staff, status: "submitted" });
 */
export const ask = <Name extends keyof Endpoints & string>(
  station: ReportsStation,
  name: Name,
  input: z.input<Endpoints[Name]["input"]>,
): Promise<z.output<Endpoints[Name]["output"]>> =>
  station.run(call(reportsContract, name, community, input));

/** Sends a command to the registry. */
export const sendToRegistry = (
  station: ReportsStation,
  actor: Actor,
  command: { readonly type: string; readonly data: object },
): Promise<CommandReply> =>
  station.run(
    call(
      registryContract,
      command.type as keyof typeof registryContract.endpoints & string,
      community,
      {
        commandId: newCommandId(),
        community,
        actor,
        command,
      } as never,
    ) as unknown as Effect.Effect<CommandReply>,
  );

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
export const expectRefusal = (error: RemoteError, code: string, status: number): void => {
  expect(error.code).toBe(code);
  expect(error.status).toBe(status);
  expect(error.text["zh-CN"]).toMatch(/\p{Script=Han}/u);
  expect(error.text.en).toMatch(/[A-Za-z]{3}/);
};

/**
 * Opens the community in the registry with station `wanda-1` and registers and
 * verifies the couriers named, each at that station.
 *
 * @example
 * await openCommunity(station, ["c-1", "c-2"]);
 */
export const openCommunity = async (
  station: ReportsStation,
  couriers: ReadonlyArray<string>,
): Promise<void> => {
  await sendToRegistry(station, operator, {
    type: "RegisterCommunity",
    data: {
      communityId: community,
      name: { "zh-CN": "金山万达商圈", en: "Jinshan Wanda business district" },
      district: { "zh-CN": "上海市金山区", en: "Jinshan District, Shanghai" },
      policyVersion: "2026-01",
    },
  });
  await sendToRegistry(station, staff, {
    type: "OpenStation",
    data: {
      stationId: "wanda-1",
      name: { "zh-CN": "万达驿站", en: "Wanda station" },
      address: { "zh-CN": "上海市金山区龙山路 555 号", en: "555 Longshan Road, Jinshan" },
      location: { latitude: 30.7416, longitude: 121.3464, datum: "GCJ-02" },
      openingHours: { kind: "around-the-clock" },
      amenities: { standard: ["charging", "drinking-water"], others: [] },
    },
  });
  for (const courierId of couriers) await activeCourier(station, courierId);
};

/** Registers a courier (consenting, at station `wanda-1`) and has staff verify them. */
export const activeCourier = async (station: ReportsStation, courierId: string) => {
  await sendToRegistry(station, courierActor(courierId), {
    type: "RegisterCourier",
    data: {
      courierId,
      nickname: `小${courierId}`,
      ...personalDataOf(courierId),
      platforms: ["meituan"],
      employment: "full-time",
      consentPolicyVersion: "2026-01",
      stationId: "wanda-1",
    },
  });
  await sendToRegistry(station, staff, { type: "VerifyCourier", data: { courierId } });
};

/** A point by the Longsheng Road bridge (GCJ-02, as Amap gives it). */
export const bridge = { latitude: 30.7416, longitude: 121.3464, datum: "GCJ-02" } as const;

/** A point about `metres` north of a point. */
export const northOf = <Point extends { readonly latitude: number }>(
  point: Point,
  metres: number,
): Point => ({ ...point, latitude: point.latitude + metres / 111_195 });

/** A river report by a courier, observed an hour before the station's time, with some data changed. */
export const riverReport = (
  station: ReportsStation,
  reportId: string,
  changes: Record<string, unknown> = {},
) => ({
  type: "SubmitReport",
  data: {
    reportId,
    category: "river-patrol",
    description: "河面有大片漂浮垃圾",
    location: { point: bridge, address: "龙胜路桥下" },
    photos: [`${reportId}-a.jpg`, `${reportId}-b.jpg`],
    observedAt: instantFromMillis(station.clock.millis() - HOUR),
    ...changes,
  },
});

/** A suggestion by a courier, with some data changed. */
export const suggestion = (suggestionId: string, changes: Record<string, unknown> = {}) => ({
  type: "SubmitSuggestion",
  data: {
    suggestionId,
    topic: "station-services",
    text: "希望驿站晚上开到十点",
    ...changes,
  },
});

/** Runs an effect in the station and returns how it ended. */
export const exitOf = <A, E>(station: ReportsStation, effect: Effect.Effect<A, E, PolicyBook>) =>
  station.runExit(effect).then((exit: Exit.Exit<A, E>) => exit);

const pause = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

/** Polls until a condition holds (the relay and consumers run in the background). */
export const eventually = async (check: () => Promise<boolean>, what: string) => {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (await check()) return;
    await pause(25);
  }
  expect.fail(`timed out waiting until ${what}`);
};
