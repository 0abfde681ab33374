import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  call,
  PolicyBook,
  registryContract,
  StationIds,
  startTestStation,
  type TestStation,
} from "@courier-station/contracts";
import { CommunityId, jinshanPolicy, systemActor } from "@courier-station/core";
import { Bus, type ServiceDefinition, Store } from "@courier-station/kit";
import { activitiesService, CheckInCodeSource } from "@courier-station/service-activities";
import { insightsService } from "@courier-station/service-insights";
import { Notifier, notificationsService } from "@courier-station/service-notifications";
import { pointsService } from "@courier-station/service-points";
import {
  ConfiguredPolicy,
  RegistrySecrets,
  RegistrySettings,
  registryService,
} from "@courier-station/service-registry";
import { reportsService } from "@courier-station/service-reports";
import { wishesService } from "@courier-station/service-wishes";
import { Clock, Effect, Layer } from "effect";
import type { Express } from "express";
import request from "supertest";
import { expect } from "vitest";
import { type GatewayOptions, gatewayApp } from "../app.js";
import { createPasswordAccount, createStaffAccount } from "../auth/accounts.js";
import type { SmsSender } from "../auth/one-time-codes.js";
import { fileMediaStore } from "../media/media-store.js";
import { gatewaySessionsService } from "../sessions-service.js";
import { startNatsMongoStation, suitesOverNats } from "./nats-mongo-station.js";
import { checkRouteRecords, recordAnsweredRoutes } from "./route-records.js";

/*
 * What the gateway's tests share: the real registry, activities, reports, points, wishes
 * and insights services (and, when a suite asks, notifications) on the memory store and
 * the in-process bus (the test station of the contracts) — or, in the `service-gateway-nats` project, on NATS and the MongoDB wire
 * server (`nats-mongo-station.ts`) — the gateway in front of them, a community registered, staff and other
 * accounts with passwords, and an SMS sender that keeps the codes it was asked to send.
 * Over NATS, each suite's gateway records the routes it answered (`route-records.ts`).
 */

/** The community of the tests. */
export const community = CommunityId.parse("jinshan-wanda");
/** Another community, registered too. */
export const otherCommunity = CommunityId.parse("shanyang-town");

/** The password of every test account. */
export const password = "a long test passphrase";

/** The codes the test SMS sender was asked to send, by mobile number. */
export interface SentCodes {
  readonly codes: Map<string, string>;
  readonly sender: SmsSender;
}

/** An SMS sender that keeps the last code per number. */
export const keptCodes = (): SentCodes => {
  const codes = new Map<string, string>();
  return {
    codes,
    sender: {
      sendSignInCode: async ({ mobileNumber, code }) => {
        codes.set(mobileNumber, code);
      },
    },
  };
};

/** A clock the services decide at, moved by the test; it runs at the real pace. */
export interface TravellingClock {
  readonly clock: Clock.Clock;
  /** From now on the clock reads this time (Shanghai local, `2026-12-05 14:00`). */
  readonly travelTo: (local: string) => void;
  /** The clock's time now, in milliseconds. */
  readonly now: () => number;
}

/** An instant in Shanghai local time, as ISO text: `shanghai("2026-12-05 14:00")`. */
export const shanghai = (local: string): string =>
  new Date(Date.parse(`${local.replace(" ", "T")}:00+08:00`)).toISOString();

const travellingClock = (local: string): TravellingClock => {
  const base = Clock.make();
  let offset = Date.parse(shanghai(local)) - Date.now();
  const now = () => Date.now() + offset;
  return {
    clock: {
      [Clock.ClockTypeId]: Clock.ClockTypeId,
      unsafeCurrentTimeMillis: now,
      currentTimeMillis: Effect.sync(now),
      unsafeCurrentTimeNanos: () => BigInt(now()) * 1_000_000n,
      currentTimeNanos: Effect.sync(() => BigInt(now()) * 1_000_000n),
      sleep: (duration) => base.sleep(duration),
    },
    travelTo: (to) => {
      offset = Date.parse(shanghai(to)) - Date.now();
    },
    now,
  };
};

/** A running gateway of the tests. */
export interface GatewayStation {
  readonly clock: TravellingClock;
  readonly app: Express;
  readonly station: TestStation<unknown>;
  readonly sms: SentCodes;
  readonly options: GatewayOptions;
  readonly close: () => Promise<void>;
}

const registrySettings = RegistrySettings.parse({
  sealKey: { id: "2026-11", secret: "the seal secret of the gateway's tests" },
  mobileKeySecret: "the mobile-key secret of the gateway's tests",
});

const registerCommunity = (station: TestStation<unknown>, communityId: CommunityId, name: string) =>
  station.run(
    call(registryContract, "RegisterCommunity", communityId, {
      commandId: `register-${communityId}`,
      community: communityId,
      actor: systemActor("operator"),
      command: {
        type: "RegisterCommunity",
        data: {
          communityId,
          name: { "zh-CN": name, en: name },
          district: { "zh-CN": "上海市金山区", en: "Jinshan District, Shanghai" },
          policyVersion: "2026-01",
        },
      },
    } as never),
  );

/** What a suite's station runs beyond the services every suite has. */
export interface StationChoices {
  /** Run the notifications service too (the inboxes and district notices), logging what it sends. */
  readonly notifications?: boolean;
}

/**
 * Starts the services and the gateway, registers the two communities and creates the
 * accounts `staff-wang` (staff), `auditor-li` (auditor), `sponsor-zhou` (sponsor),
 * `handler-chen` (handler) of the community and `staff-zhao` of the other one.
 */
export const startGatewayStation = async (
  overrides: Partial<Omit<GatewayOptions, "bus" | "store">> = {},
  choices: StationChoices = {},
): Promise<GatewayStation> => {
  const policy = jinshanPolicy();
  const clock = travellingClock("2026-12-01 10:00");
  const mediaDirectory = await mkdtemp(join(tmpdir(), "gateway-media-"));
  const media = fileMediaStore(mediaDirectory);
  type Needs =
    | (ReturnType<typeof registryService> extends ServiceDefinition<infer R> ? R : never)
    | (ReturnType<typeof activitiesService> extends ServiceDefinition<infer R> ? R : never)
    | (ReturnType<typeof reportsService> extends ServiceDefinition<infer R> ? R : never)
    | (ReturnType<typeof pointsService> extends ServiceDefinition<infer R> ? R : never)
    | (ReturnType<typeof wishesService> extends ServiceDefinition<infer R> ? R : never)
    | (ReturnType<typeof insightsService> extends ServiceDefinition<infer R> ? R : never)
    | (ReturnType<typeof notificationsService> extends ServiceDefinition<infer R> ? R : never);
  const services: ReadonlyArray<ServiceDefinition<Needs>> = [
    registryService(),
    activitiesService(),
    reportsService(),
    pointsService(),
    wishesService(),
    insightsService({ catchUpEveryMs: 200 }),
    gatewaySessionsService({ media }),
    ...(choices.notifications === true ? [notificationsService()] : []),
  ];
  const layer = Layer.mergeAll(
    RegistrySecrets.layer(registrySettings),
    ConfiguredPolicy.layer(() => policy),
    PolicyBook.fromRegistry({ configured: () => policy, cacheMs: 0 }),
    CheckInCodeSource.sequence(["4821", "5930", "6172"]),
    StationIds.layer,
    Notifier.logging,
  ) as never;
  const station = suitesOverNats()
    ? await startNatsMongoStation(services, { layer, clock: clock.clock })
    : ((await startTestStation(services, { layer, clock: clock.clock })) as TestStation<unknown>);
  const bus = await station.run(Bus);
  const store = await station.run(Store);
  await registerCommunity(station, community, "金山万达商圈");
  await registerCommunity(station, otherCommunity, "山阳镇");
  const sms = keptCodes();
  const options: GatewayOptions = {
    bus,
    store,
    signIn: {
      tokens: { secret: new TextEncoder().encode("the token secret of the gateway's tests!") },
      codes: { secret: "the code secret of the gateway's tests", resendAfterSeconds: 0 },
      smsSender: sms.sender,
      attemptsPerWindow: 1_000,
    },
    media,
    open311: {
      jurisdictions: [
        { community, jurisdictionId: "jinshan.example.cn" },
        { community: otherCommunity },
      ],
      publicBaseUrl: "https://station.example.cn",
    },
    requestsPerMinute: 100_000,
    now: clock.now,
    ...overrides,
  };
  const { app } = gatewayApp(options);
  const recorder = recordAnsweredRoutes(app);
  await createStaffAccount(store, { login: "staff-wang", password, communities: [community] });
  await createStaffAccount(store, { login: "staff-zhao", password, communities: [otherCommunity] });
  for (const [login, role] of [
    ["auditor-li", "auditor"],
    ["sponsor-zhou", "sponsor"],
    ["handler-chen", "handler"],
  ] as const) {
    await createPasswordAccount(store, { login, password, role, communities: [community] });
  }
  return {
    app,
    clock,
    station,
    sms,
    options,
    close: async () => {
      await station.close();
      await rm(mediaDirectory, { recursive: true, force: true });
      await checkRouteRecords(app, recorder);
    },
  };
};

/** Signs in with a password and returns the access token. */
export const signIn = async (app: Express, login: string): Promise<string> => {
  const response = await request(app)
    .post("/v1/auth/password-sign-ins")
    .send({ login, password })
    .expect(200);
  return String(response.body.accessToken);
};

/** A courier signs in by code (asking for one first) and returns their tokens. */
export const courierSignIn = async (
  gateway: GatewayStation,
  mobileNumber: string,
  target: string = community,
): Promise<{
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly subject: string;
}> => {
  await request(gateway.app)
    .post("/v1/auth/codes")
    .send({ community: target, mobileNumber })
    .expect(202);
  const code = gateway.sms.codes.get(mobileNumber);
  const response = await request(gateway.app)
    .post("/v1/auth/code-sign-ins")
    .send({ community: target, mobileNumber, code })
    .expect(200);
  return response.body as { accessToken: string; refreshToken: string; subject: string };
};

/** The path of a resource of the community. */
export const at = (path: string, target: string = community): string =>
  `/v1/communities/${target}${path}`;

/**
 * A sender for a suite's gateway (`app` is asked at each call, so a suite may start its
 * gateway in `beforeAll`): it sends a request, expects the status and names the answer's
 * body when the status differs.
 *
 * @example
 * const send = expectingSender(() => gateway.app);
 * await send("post", at(`/couriers/${id}/verification`), staff, 204, {});
 */
export const expectingSender =
  (app: () => Express) =>
  async (
    method: "get" | "post",
    path: string,
    authorization: string,
    status: number,
    body?: object,
  ): Promise<request.Response> => {
    const pending = request(app())[method](path).set("Authorization", authorization);
    const response = await (body === undefined ? pending : pending.send(body));
    expect(
      response.status,
      `${method.toUpperCase()} ${path}: ${JSON.stringify(response.body)}`,
    ).toBe(status);
    return response;
  };

/**
 * Asks again until the answer holds (or `withinMs` has passed) and returns the last
 * answer: for what follows a command through the bus's events — over NATS a moment later,
 * and on a busy machine some seconds later, so the default waits long (a failing test only
 * pays it).
 *
 * @example
 * const paid = await eventually(() => send("get", at(`/couriers/${id}/points`), staff, 200),
 *   (answer) => answer.body.held === 0);
 */
export const eventually = async <A>(
  probe: () => Promise<A>,
  holds: (value: A) => boolean,
  withinMs = 30_000,
): Promise<A> => {
  const deadline = Date.now() + withinMs;
  let last = await probe();
  while (!holds(last) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    last = await probe();
  }
  return last;
};

/** Runs an effect on the station (for reads the HTTP API does not offer). */
export const runOn = <A>(gateway: GatewayStation, effect: Effect.Effect<A, unknown, never>) =>
  gateway.station.run(effect as Effect.Effect<A>);
