import {
  call,
  PolicyBook,
  registryContract,
  StationIds,
  startTestStation,
  type TestStation,
} from "@courier-station/contracts";
import {
  type Actor,
  type CourierId,
  HOUR,
  instantFromMillis,
  jinshanPolicy,
  systemActor,
} from "@courier-station/core";
import { Bus, type ServiceDefinition } from "@courier-station/kit";
import {
  ConfiguredPolicy,
  RegistrySecrets,
  RegistrySettings,
  registryService,
} from "@courier-station/service-registry";
import { Effect, Layer } from "effect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pointsService } from "./service.js";
import {
  ask,
  community,
  courierActor,
  eventOf,
  eventually,
  movableClock,
  type PointsStation,
  staff,
} from "./test-station.js";

/*
 * The points service with the real registry beside it: a verification there earns the
 * welcome points here, the courier facts that decide an earning (consent) and the
 * community's policy come from the registry's own endpoints.
 */

type NeedsOf<Service> = Service extends ServiceDefinition<infer Needs> ? Needs : never;

const policy = jinshanPolicy();
const clock = movableClock();
let station: TestStation<unknown>;
let commandCount = 0;

const settings = RegistrySettings.parse({
  sealKey: { id: "2026-11", secret: "the seal secret of the points tests" },
  mobileKeySecret: "the mobile-key secret of the points tests",
});

const registry = (actor: Actor, command: { readonly type: string; readonly data: object }) =>
  station.run(
    call(registryContract, command.type as "VerifyCourier", community, {
      commandId: `registry-${++commandCount}`,
      community,
      actor,
      command,
    } as never),
  );

const register = async (courierId: string, mobileNumber: string) => {
  await registry(courierActor(courierId), {
    type: "RegisterCourier",
    data: {
      courierId,
      nickname: `小${courierId}`,
      realName: "王小明",
      mobileNumber,
      platforms: ["meituan"],
      employment: "full-time",
      consentPolicyVersion: "2026-01",
    },
  });
  await registry(staff, { type: "VerifyCourier", data: { courierId } });
};

const points = () => station as unknown as PointsStation;

const balanceOf = (courierId: string) =>
  ask(points(), "GetPointsBalance", { actor: staff, courierId: courierId as CourierId });

const participation = (courierId: string) => {
  const at = instantFromMillis(clock.now());
  return eventOf(
    "activity",
    "ParticipationConfirmed",
    { activityId: "act-1", courierId, activityKind: "volunteering", hours: 2, confirmedAt: at },
    at,
  );
};

beforeAll(async () => {
  const services: ReadonlyArray<
    ServiceDefinition<
      NeedsOf<ReturnType<typeof pointsService>> | NeedsOf<ReturnType<typeof registryService>>
    >
  > = [pointsService(), registryService()];
  station = (await startTestStation(services, {
    layer: Layer.mergeAll(
      RegistrySecrets.layer(settings),
      ConfiguredPolicy.layer(() => policy),
      PolicyBook.fromRegistry({ configured: () => policy, cacheMs: 0 }),
      StationIds.layer,
    ),
    clock: clock.clock,
  })) as TestStation<unknown>;
  await registry(systemActor("operator"), {
    type: "RegisterCommunity",
    data: {
      communityId: community,
      name: { "zh-CN": "金山万达商圈", en: "Jinshan Wanda business district" },
      district: { "zh-CN": "上海市金山区", en: "Jinshan District, Shanghai" },
      policyVersion: "2026-01",
    },
  });
});
afterAll(async () => station.close());

describe("with the registry", () => {
  it("gives a courier the policy's welcome points when the registry verifies them", async () => {
    await register("c-anna", "13800138011");
    await eventually(
      () => balanceOf("c-anna"),
      (balance) => balance.balance === policy.points.welcome,
    );
  });

  it("earns nothing for a courier who withdrew consent in the registry, and as before for one who did not", async () => {
    await register("c-ben", "13800138012");
    await register("c-cai", "13800138013");
    await eventually(
      () => balanceOf("c-cai"),
      (balance) => balance.balance === policy.points.welcome,
    );
    await registry(courierActor("c-ben"), {
      type: "WithdrawConsent",
      data: { courierId: "c-ben" },
    });
    clock.advance(HOUR);
    await station.run(Effect.flatMap(Bus, (bus) => bus.publish(participation("c-ben"))));
    await station.run(Effect.flatMap(Bus, (bus) => bus.publish(participation("c-cai"))));
    await eventually(
      () => balanceOf("c-cai"),
      (balance) => balance.balance === policy.points.welcome + 10,
    );
    const ben = await eventually(
      () => balanceOf("c-ben"),
      (balance) => balance.version === 2,
    );
    expect(ben.balance).toBe(policy.points.welcome);
  });
});
