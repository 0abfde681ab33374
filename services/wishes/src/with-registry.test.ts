import {
  call,
  PolicyBook,
  pointsContract,
  registryContract,
  StationIds,
  startTestStation,
  type TestStation,
  wishesContract,
} from "@courier-station/contracts";
import { type Actor, jinshanPolicy, systemActor } from "@courier-station/core";
import { type ServiceDefinition, Store } from "@courier-station/kit";
import { pointsService } from "@courier-station/service-points";
import {
  ConfiguredPolicy,
  RegistrySecrets,
  RegistrySettings,
  registryService,
} from "@courier-station/service-registry";
import { Effect, Layer } from "effect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { wishKey } from "./read-models.js";
import { wishesService } from "./service.js";
import {
  community,
  courierActor,
  draftOf,
  eventually,
  expectRefusal,
  movableClock,
  refusalOf,
  staff,
} from "./test-station.js";

/*
 * The wishes service with the real registry and the real points service beside it: the
 * courier facts a wish is decided on, the welcome points a verification earns (and a
 * redemption spends), and the registry's erasure reaching the courier's wishes.
 */

type NeedsOf<Service> = Service extends ServiceDefinition<infer Needs> ? Needs : never;

const policy = jinshanPolicy();
const clock = movableClock();
let station: TestStation<unknown>;
let commandCount = 0;

const settings = RegistrySettings.parse({
  sealKey: { id: "2026-11", secret: "the seal secret of the wishes tests" },
  mobileKeySecret: "the mobile-key secret of the wishes tests",
});

const nextId = () => `with-registry-${++commandCount}`;

const registry = (actor: Actor, command: { readonly type: string; readonly data: object }) =>
  station.run(
    call(registryContract, command.type as "VerifyCourier", community, {
      commandId: nextId(),
      community,
      actor,
      command,
    } as never),
  );

const wishes = (actor: Actor, command: { readonly type: string; readonly data: object }) =>
  station.run(
    call(wishesContract, command.type as "DraftWish", community, {
      commandId: nextId(),
      community,
      actor,
      command,
    } as never),
  );

type Endpoints = typeof wishesContract.endpoints;

const ask = <Name extends keyof Endpoints & string>(
  name: Name,
  input: z.input<Endpoints[Name]["input"]>,
) => station.run(call(wishesContract, name, community, input));

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
};

beforeAll(async () => {
  const services: ReadonlyArray<
    ServiceDefinition<
      | NeedsOf<ReturnType<typeof wishesService>>
      | NeedsOf<ReturnType<typeof pointsService>>
      | NeedsOf<ReturnType<typeof registryService>>
    >
  > = [wishesService(), pointsService(), registryService()];
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
  it("refuses a wish from a courier the registry has not verified, and takes it once they are", async () => {
    await register("c-anna", "13800138021");
    expectRefusal(
      await refusalOf(wishes(courierActor("c-anna"), draftOf("w-anna"))),
      "wish.courier_not_active",
    );
    await registry(staff, { type: "VerifyCourier", data: { courierId: "c-anna" } });
    expect(await wishes(courierActor("c-anna"), draftOf("w-anna"))).toMatchObject({
      outcome: "applied",
    });
  });

  it("spends the welcome points a verification earned on a wish", async () => {
    await register("c-ben", "13800138022");
    await registry(staff, { type: "VerifyCourier", data: { courierId: "c-ben" } });
    const balance = () =>
      station.run(
        call(pointsContract, "GetPointsBalance", community, {
          actor: staff,
          courierId: "c-ben" as never,
        }),
      );
    await eventually(balance, (points) => points.balance === policy.points.welcome);
    const ben = courierActor("c-ben");
    // A wish worth exactly the welcome points at the policy's rate.
    const valueFen = policy.points.welcome * 100;
    await wishes(
      ben,
      draftOf("w-ben", { estimatedValueFen: valueFen, funding: { mode: "points" } }),
    );
    await wishes(ben, { type: "SubmitWish", data: { wishId: "w-ben" } });
    await wishes(staff, { type: "ApproveWish", data: { wishId: "w-ben" } });
    await wishes(ben, { type: "RedeemWish", data: { wishId: "w-ben" } });
    await eventually(balance, (points) => points.held === policy.points.welcome);
    await eventually(
      () => ask("GetWish", { actor: ben, wishId: "w-ben" }),
      (wish) => wish.view === "staff" && wish.redemption?.confirmedAt !== undefined,
    );
  });

  it("masks what an erased courier typed into their wishes when the registry erases them", async () => {
    await register("c-cai", "13800138023");
    await registry(staff, { type: "VerifyCourier", data: { courierId: "c-cai" } });
    await wishes(
      courierActor("c-cai"),
      draftOf("w-cai", { description: "车坏了，打我电话 13912340000" }),
    );
    await registry(staff, { type: "EraseCourierPersonalData", data: { courierId: "c-cai" } });
    await eventually(
      () =>
        station.run(
          Effect.flatMap(Store, (store) => store.readStream(wishKey(community, "w-cai"))),
        ),
      (events) => events.length > 0 && !JSON.stringify(events).includes("13912340000"),
    );
  });
});
