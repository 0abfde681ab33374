import {
  type CommandReply,
  call,
  registryContract,
  StationIds,
  startTestStation,
  type TestStation,
} from "@courier-station/contracts";
import {
  type Actor,
  CommunityId,
  type CommunityPolicy,
  jinshanPolicy,
  systemActor,
} from "@courier-station/core";
import type { RemoteError } from "@courier-station/kit";
import { Cause, type Effect, Layer, Runtime } from "effect";
import { expect } from "vitest";
import type { z } from "zod";
import { ConfiguredPolicy } from "./policy.js";
import { RegistrySecrets, RegistrySettings } from "./secrets.js";
import { type RegistryServiceOptions, registryService } from "./service.js";

/*
 * What the registry's tests share: a station with the registry on the memory store and
 * the in-process bus, the actors of one community, and helpers that send commands and
 * check refusals through the registry's contract, as the other services call it.
 */

/** The community of the tests. */
export const community = CommunityId.parse("jinshan-wanda");
/** Another community, whose staff must not reach this one. */
export const otherCommunity = CommunityId.parse("shanyang-town");

/** Staff of the community. */
export const staff: Actor = { role: "staff", id: "staff-wang", communities: [community] };
/** Another staff member of the community. */
export const otherStaff: Actor = { role: "staff", id: "staff-li", communities: [community] };
/** An auditor of the community. */
export const auditor: Actor = { role: "auditor", id: "auditor-1", communities: [community] };
/** A sponsor (圆梦人) of the community. */
export const sponsor: Actor = { role: "sponsor", id: "sponsor-1", communities: [community] };
/** A handler (处置人) of the community. */
export const handler: Actor = { role: "handler", id: "handler-1", communities: [community] };
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
export const testSettings: RegistrySettings = RegistrySettings.parse({
  sealKey: { id: "2026-11", secret: "the seal secret of the registry's tests" },
  mobileKeySecret: "the mobile-key secret of the registry's tests",
});

/** A station running the registry on the memory store and the in-process bus. */
export const startRegistry = (
  options: { readonly policy?: CommunityPolicy; readonly service?: RegistryServiceOptions } = {},
) => {
  const policy = options.policy ?? jinshanPolicy();
  return startTestStation([registryService(options.service)], {
    layer: Layer.mergeAll(
      RegistrySecrets.layer(testSettings),
      ConfiguredPolicy.layer(() => policy),
      StationIds.layer,
    ),
  });
};

/** The registry's test station. */
export type RegistryStation = Awaited<ReturnType<typeof startRegistry>>;

type Endpoints = typeof registryContract.endpoints;

let commandCount = 0;

/** A fresh command id. */
export const newCommandId = (): string => {
  commandCount += 1;
  return `cmd-${commandCount}`;
};

/**
 * Sends a command to the registry over the bus and returns its reply.
 *
 * @example
 * await send(station, "VerifyCourier", staff, { type: "VerifyCourier", data: { courierId: "c-1" } });
 */
export const send = <Name extends keyof Endpoints & string, R>(
  station: TestStation<R>,
  name: Name,
  actor: Actor,
  command: { readonly type: string; readonly data: object },
  commandId: string = newCommandId(),
): Promise<CommandReply> =>
  station.run(
    call(registryContract, name, community, {
      commandId,
      community,
      actor,
      command,
      // The tests build commands loosely (readonly literals); the registry parses them.
    } as never) as unknown as Effect.Effect<CommandReply>,
  );

/**
 * Asks the registry a query over the bus.
 *
 * @example
 * const page = await ask(station, "ListCouriers", { actor: staff, status: "active" });
 */
export const ask = <Name extends keyof Endpoints & string, R>(
  station: TestStation<R>,
  name: Name,
  input: z.input<Endpoints[Name]["input"]>,
): Promise<z.output<Endpoints[Name]["output"]>> =>
  station.run(call(registryContract, name, community, input));

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

/** A courier's registration by themselves, consenting to the current notice. */
export const registration = (
  courierId: string,
  mobileNumber: string,
  changes: Record<string, unknown> = {},
) =>
  ({
    type: "RegisterCourier",
    data: {
      courierId,
      nickname: `小${courierId}`,
      realName: "王小明",
      mobileNumber,
      platforms: ["meituan"],
      employment: "full-time",
      consentPolicyVersion: "2026-01",
      ...changes,
    },
  }) as const;

/** The community's registration by the deployment. */
export const communityRegistration = {
  type: "RegisterCommunity",
  data: {
    communityId: community,
    name: { "zh-CN": "金山万达商圈", en: "Jinshan Wanda business district" },
    district: { "zh-CN": "上海市金山区", en: "Jinshan District, Shanghai" },
    policyVersion: "2026-01",
  },
} as const;

/** A station opened around the clock with charging and water. */
export const stationOpening = (stationId: string, changes: Record<string, unknown> = {}) =>
  ({
    type: "OpenStation",
    data: {
      stationId,
      name: { "zh-CN": `驿站 ${stationId}`, en: `Station ${stationId}` },
      address: { "zh-CN": "上海市金山区龙山路 555 号", en: "555 Longshan Road, Jinshan" },
      location: { latitude: 30.7416, longitude: 121.3464, datum: "GCJ-02" },
      openingHours: { kind: "around-the-clock" },
      amenities: { standard: ["charging", "drinking-water"], others: ["雨具借用"] },
      ...changes,
    },
  }) as const;

/**
 * Registers a courier (consenting) and has staff verify them.
 *
 * @example
 * await activeCourier(station, "c-1", "13800138000");
 */
export const activeCourier = async <R>(
  station: TestStation<R>,
  courierId: string,
  mobileNumber: string,
  changes: Record<string, unknown> = {},
) => {
  await send(
    station,
    "RegisterCourier",
    courierActor(courierId),
    registration(courierId, mobileNumber, changes),
  );
  await send(station, "VerifyCourier", staff, { type: "VerifyCourier", data: { courierId } });
};
