import {
  type ActivityView,
  type CourierView,
  call,
  PolicyBook,
  registryContract,
  StationIds,
  startTestStation,
  type TestStation,
} from "@courier-station/contracts";
import { type Actor, jinshanPolicy, systemActor } from "@courier-station/core";
import { Bus, type ServiceDefinition } from "@courier-station/kit";
import {
  ConfiguredPolicy,
  RegistrySecrets,
  RegistrySettings,
  registryService,
} from "@courier-station/service-registry";
import { Effect, Layer } from "effect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CheckInCodeSource } from "./check-in-codes.js";
import { activitiesService } from "./service.js";
import { answered, applied, refused } from "./testing/replies.js";
import {
  at,
  COMMUNITY,
  courier,
  detailsWith,
  envelope,
  staff,
  travellingClock,
} from "./testing/station.js";

/*
 * The activities service with the real registry beside it: the couriers' facts and the
 * policy versions come from the registry's own endpoints, the withdrawal of consent from
 * its own event, and the no-shows an activity marks reach the courier it keeps.
 */

type NeedsOf<Service> = Service extends ServiceDefinition<infer Needs> ? Needs : never;

const policy = jinshanPolicy();
const time = travellingClock(at("2026-12-01 09:00"));
let station: TestStation<unknown>;

const settings = RegistrySettings.parse({
  sealKey: { id: "2026-11", secret: "the seal secret of the activities tests" },
  mobileKeySecret: "the mobile-key secret of the activities tests",
});

const request = (endpoint: string, payload: unknown) =>
  station.run(
    Effect.flatMap(Bus, (bus) =>
      bus.request({ to: { community: COMMUNITY, service: "activities", endpoint }, payload }),
    ),
  );

type Command = { readonly type: string; readonly data: Record<string, unknown> };
const activities = async (actor: Actor, command: Command) =>
  applied(await request(command.type, envelope(actor, command)));
const registry = (actor: Actor, command: Command) =>
  station.run(
    call(
      registryContract,
      command.type as "VerifyCourier",
      COMMUNITY,
      envelope(actor, command) as never,
    ),
  );

const registerActiveVolunteer = async (courierId: string, mobileNumber: string) => {
  await registry(courier(courierId), {
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
  await registry(courier(courierId), { type: "JoinVolunteerTeam", data: { courierId } });
};

const planAndPublish = async (activityId: string, date: string) => {
  await activities(staff, {
    type: "PlanActivity",
    data: {
      activityId,
      details: detailsWith({ startsAt: at(`${date} 14:00`), endsAt: at(`${date} 16:00`) }),
    },
  });
  await activities(staff, { type: "PublishActivity", data: { activityId } });
};

const statusOf = async (activityId: string, courierId: string) => {
  const view = answered<ActivityView>(await request("GetActivity", { actor: staff, activityId }));
  if (view.view !== "staff") throw new Error("expected the staff view");
  return view.roster.find((entry) => entry.courierId === courierId)?.status;
};

const eventually = async (check: () => Promise<boolean>) => {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
};

beforeAll(async () => {
  const services: ReadonlyArray<
    ServiceDefinition<
      NeedsOf<ReturnType<typeof activitiesService>> | NeedsOf<ReturnType<typeof registryService>>
    >
  > = [activitiesService(), registryService()];
  station = (await startTestStation(services, {
    layer: Layer.mergeAll(
      RegistrySecrets.layer(settings),
      ConfiguredPolicy.layer(() => policy),
      PolicyBook.fromRegistry({ configured: () => policy, cacheMs: 0 }),
      CheckInCodeSource.sequence(["4821"]),
      StationIds.layer,
    ),
    clock: time.clock,
  })) as TestStation<unknown>;
  await registry(systemActor("operator"), {
    type: "RegisterCommunity",
    data: {
      communityId: COMMUNITY,
      name: { "zh-CN": "金山万达商圈", en: "Jinshan Wanda business district" },
      district: { "zh-CN": "上海市金山区", en: "Jinshan District, Shanghai" },
      policyVersion: "2026-01",
    },
  });
  await registerActiveVolunteer("c-alice", "13800138001");
  await registerActiveVolunteer("c-bob", "13800138002");
});
afterAll(async () => station.close());

describe("with the registry", () => {
  it("signs up and checks in the couriers the registry says are active volunteers", async () => {
    await planAndPublish("river-day", "2026-12-05");
    await activities(courier("c-alice"), {
      type: "SignUpForActivity",
      data: { activityId: "river-day", courierId: "c-alice" },
    });
    refused(
      await request(
        "SignUpForActivity",
        envelope(courier("c-nobody"), {
          type: "SignUpForActivity",
          data: { activityId: "river-day", courierId: "c-nobody" },
        }),
      ),
      "activity.courier_unknown",
      404,
    );
    time.travelTo(at("2026-12-05 13:50"));
    await activities(staff, { type: "StartActivity", data: { activityId: "river-day" } });
    time.travelTo(at("2026-12-05 14:05"));
    await activities(courier("c-alice"), {
      type: "CheckInToActivity",
      data: { activityId: "river-day", courierId: "c-alice", code: "4821" },
    });
    expect(await statusOf("river-day", "c-alice")).toBe("attended");
  });

  it("cancels the sign-ups of a courier who withdraws consent in the registry, and refuses new ones", async () => {
    time.travelTo(at("2026-12-01 10:00"));
    await planAndPublish("learning-day", "2026-12-08");
    await planAndPublish("festival-day", "2026-12-09");
    for (const activityId of ["learning-day", "festival-day"]) {
      await activities(courier("c-bob"), {
        type: "SignUpForActivity",
        data: { activityId, courierId: "c-bob" },
      });
    }
    await registry(courier("c-bob"), { type: "WithdrawConsent", data: { courierId: "c-bob" } });
    const cancelled = await eventually(async () => {
      const statuses = await Promise.all(
        ["learning-day", "festival-day"].map((activityId) => statusOf(activityId, "c-bob")),
      );
      return statuses.every((status) => status === "cancelled");
    });
    expect(cancelled).toBe(true);
    await planAndPublish("cinema-day", "2026-12-10");
    refused(
      await request(
        "SignUpForActivity",
        envelope(courier("c-bob"), {
          type: "SignUpForActivity",
          data: { activityId: "cinema-day", courierId: "c-bob" },
        }),
      ),
      "activity.courier_consent_withdrawn",
      422,
    );
  });

  it("counts a no-show the completion marks on the courier in the registry", async () => {
    time.travelTo(at("2026-12-01 11:00"));
    await planAndPublish("no-show-day", "2026-12-06");
    await activities(courier("c-alice"), {
      type: "SignUpForActivity",
      data: { activityId: "no-show-day", courierId: "c-alice" },
    });
    time.travelTo(at("2026-12-06 13:50"));
    await activities(staff, {
      type: "StartActivity",
      data: { activityId: "no-show-day", checkInCode: "NOSHOW" },
    });
    time.travelTo(at("2026-12-06 16:40"));
    await activities(staff, { type: "CompleteActivity", data: { activityId: "no-show-day" } });
    const counted = await eventually(async () => {
      const view = (await station.run(
        call(registryContract, "GetCourier", COMMUNITY, { actor: staff, courierId: "c-alice" }),
      )) as CourierView;
      return view.view === "staff" && view.noShows.count === 1;
    });
    expect(counted).toBe(true);
  });
});
