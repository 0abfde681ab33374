import { clockAt, StationIds } from "@courier-station/contracts";
import {
  type CommandId,
  CourierCommand,
  type CourierState,
  courierDecider,
  DAY,
  derivedId,
  type EventEnvelope,
  type EventId,
  type Instant,
  instantFromMillis,
  jinshanPolicy,
  MobileNumber,
  millisOf,
} from "@courier-station/core";
import {
  Bus,
  type ConsumerContext,
  erasedReceiptBody,
  executeCommand,
  makeLogger,
  Store,
} from "@courier-station/kit";
import { Clock, type Duration, Effect, Option } from "effect";
import { afterEach, describe, expect, it } from "vitest";
import { courierKey, mobileKeyScope } from "./commands.js";
import { eraseDueCouriers, followCourier, recordNoShow } from "./flows.js";
import { RegistrySecrets } from "./secrets.js";
import {
  activeCourier,
  ask,
  community,
  courierActor,
  newCommandId,
  type RegistryStation,
  registration,
  send,
  staff,
  startRegistry,
  testSettings,
} from "./test-station.js";

const log = makeLogger({ level: "silent" });
const secrets = RegistrySecrets.fromSettings(testSettings);

/** A clock stopped at an instant, for an effect that must run at another time. */
const stoppedAt = (millis: number): Clock.Clock => {
  const base = Clock.make();
  const nanos = BigInt(millis) * 1_000_000n;
  return {
    [Clock.ClockTypeId]: Clock.ClockTypeId,
    unsafeCurrentTimeMillis: () => millis,
    unsafeCurrentTimeNanos: () => nanos,
    currentTimeMillis: Effect.succeed(millis),
    currentTimeNanos: Effect.succeed(nanos),
    sleep: (duration: Duration.Duration) => base.sleep(duration),
  };
};

const pause = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

/** Polls until a condition holds (the relay and consumers run in the background). */
const eventually = async (check: () => Promise<boolean>, what: string) => {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (await check()) return;
    await pause(25);
  }
  expect.fail(`timed out waiting until ${what}`);
};

const streamOf = (station: RegistryStation, courierId: string) =>
  station.run(Effect.flatMap(Store, (store) => store.readStream(courierKey(community, courierId))));

const recordOf = (station: RegistryStation, courierId: string, receiptsFor?: string) =>
  station.run(
    Effect.flatMap(Store, (store) =>
      store.load<CourierState>(
        courierKey(community, courierId),
        receiptsFor === undefined ? {} : { receiptsFor },
      ),
    ),
  );

let sequence = 0;
const noShowEvent = (courierId: string, activityId: string): EventEnvelope => {
  sequence += 1;
  return {
    id: `evt-no-show-${sequence}` as EventId,
    type: "ParticipationMarkedNoShow",
    aggregate: "activity",
    stream: `activity-${activityId}`,
    version: sequence,
    community,
    actor: staff,
    time: instantFromMillis(Date.now()),
    causationId: "cmd-mark",
    correlationId: "cmd-mark",
    data: { activityId, courierId, markedAt: instantFromMillis(Date.now()) },
  };
};

/** What the host gives a consumer's handler, as the registry's `no-shows` consumer gets it. */
const consumerContext = (event: EventEnvelope): ConsumerContext => ({
  service: "registry",
  consumer: "registry-no-shows",
  delivery: { consumer: "registry-no-shows", subject: "", sequence: 1, deliveryCount: 1 },
  log,
  derivedId: (purpose) => derivedId("registry-no-shows", purpose, event.id),
});

describe("no-shows from activities", () => {
  let station: RegistryStation | undefined;
  afterEach(async () => {
    await station?.close();
    station = undefined;
  });

  it("records a no-show published on the bus once, however often the event comes", async () => {
    station = await startRegistry();
    await activeCourier(station, "c-1", "13800138000");
    const event = noShowEvent("c-1", "a-1");
    const running = station;
    await running.run(Effect.flatMap(Bus, (bus) => bus.publish(event)));
    await eventually(
      async () =>
        (await streamOf(running, "c-1")).some((stored) => stored.type === "NoShowRecorded"),
      "the no-show is recorded",
    );
    // A redelivery after a crash between the command and the acknowledgement: the
    // consumer's handler runs again with the same event.
    await running.run(recordNoShow(event, consumerContext(event)));
    await running.run(recordNoShow(event, consumerContext(event)));
    const recorded = (await streamOf(running, "c-1")).filter(
      (stored) => stored.type === "NoShowRecorded",
    );
    expect(recorded).toHaveLength(1);
    expect(recorded[0]?.causationId).toBe(event.id);
    const row = await ask(running, "ListCouriers", { actor: staff });
    expect(row.items[0]?.noShowCount).toBe(1);
  });

  it("pauses sign-ups at the policy's limit, which the courier's facts then carry", async () => {
    station = await startRegistry();
    await activeCourier(station, "c-1", "13800138000");
    for (const activityId of ["a-1", "a-2", "a-3"]) {
      const event = noShowEvent("c-1", activityId);
      await station.run(recordNoShow(event, consumerContext(event)));
    }
    const types = (await streamOf(station, "c-1")).map((stored) => stored.type);
    expect(types.filter((type) => type === "SignUpsPaused")).toHaveLength(1);
    const facts = await ask(station, "GetCourierFacts", {
      actor: { role: "system", id: "system:activities", communities: [] },
      courierIds: ["c-1"],
    });
    expect(facts.couriers[0]?.signUpsPausedUntil).toBeDefined();
  });

  it("acknowledges a no-show of a courier the registry does not know, storing nothing", async () => {
    station = await startRegistry();
    const event = noShowEvent("c-nobody", "a-1");
    await station.run(recordNoShow(event, consumerContext(event)));
    expect(Option.isNone(await recordOf(station, "c-nobody"))).toBe(true);
  });
});

describe("erasure", () => {
  let station: RegistryStation | undefined;
  afterEach(async () => {
    await station?.close();
    station = undefined;
  });

  /** The personal data a stream or a receipt must no longer hold after erasure. */
  const expectScrubbed = async (running: RegistryStation, courierId: string) => {
    const stored = JSON.stringify(await streamOf(running, courierId));
    expect(stored).not.toContain('"sealed"');
    expect(stored).not.toContain("13800138000");
    expect(stored).not.toContain("王小明");
    expect(stored).not.toContain(secrets.mobileKeyOf(MobileNumber.parse("13800138000")));
  };

  it("erases on a courier's request: events and receipts rewritten, the number freed, the row updated", async () => {
    station = await startRegistry();
    const registeredWith = newCommandId();
    await send(
      station,
      "RegisterCourier",
      courierActor("c-1"),
      registration("c-1", "13800138000"),
      registeredWith,
    );
    await send(station, "EraseCourierPersonalData", courierActor("c-1"), {
      type: "EraseCourierPersonalData",
      data: { courierId: "c-1" },
    });
    await expectScrubbed(station, "c-1");
    const record = Option.getOrThrow(await recordOf(station, "c-1", registeredWith));
    expect(record.receipts.find((receipt) => receipt.commandId === registeredWith)?.body).toBe(
      erasedReceiptBody,
    );
    const owner = await station.run(
      Effect.flatMap(Store, (store) =>
        store.uniqueKeyOwner({
          community,
          scope: mobileKeyScope,
          key: secrets.mobileKeyOf(MobileNumber.parse("13800138000")),
        }),
      ),
    );
    expect(Option.isNone(owner)).toBe(true);
    const row = await ask(station, "ListCouriers", { actor: staff });
    expect(row.items[0]).toMatchObject({ courierId: "c-1", erased: true, status: "left" });
    expect(row.items[0]).not.toHaveProperty("realName");
    const again = await send(
      station,
      "RegisterCourier",
      courierActor("c-2"),
      registration("c-2", "13800138000"),
    );
    expect(again.outcome).toBe("applied");
  });

  it("completes an erasure the endpoint did not carry through, from CourierPersonalDataErased", async () => {
    station = await startRegistry();
    await activeCourier(station, "c-1", "13800138000");
    const running = station;
    // The service stopped right after the erasure's write: nothing rewritten yet.
    await running.run(
      Effect.gen(function* () {
        const ids = yield* StationIds;
        return yield* executeCommand(
          courierDecider,
          {
            commandId: "cmd-erase" as CommandId,
            community,
            actor: staff,
            command: CourierCommand.parse({
              type: "EraseCourierPersonalData",
              data: { courierId: "c-1" },
            }),
          },
          {
            clock: clockAt(instantFromMillis(Date.now())),
            ids,
            facts: {
              policy: jinshanPolicy(),
              mobileKeyOf: secrets.mobileKeyOf,
              registeredMobileKeys: () => undefined,
              personalData: secrets.personalData,
            },
          },
        );
      }),
    );
    expect(JSON.stringify(await streamOf(running, "c-1"))).toContain('"sealed"');
    // The relay publishes the erasure; the registry's own consumer carries it through.
    await eventually(
      async () => !JSON.stringify(await streamOf(running, "c-1")).includes('"sealed"'),
      "the erasure is carried through",
    );
    await expectScrubbed(running, "c-1");
    const freed = await send(
      running,
      "RegisterCourier",
      courierActor("c-2"),
      registration("c-2", "13800138000"),
    );
    expect(freed.outcome).toBe("applied");
    // Carrying it through again changes nothing.
    const events = await streamOf(running, "c-1");
    const erased = events.find((event) => event.type === "CourierPersonalDataErased");
    if (erased === undefined) return expect.fail("the erasure's event is in the stream");
    await running.run(followCourier(erased));
    expect(await streamOf(running, "c-1")).toEqual(events);
  });

  it("erases a courier automatically once the grace period after a withdrawn consent has passed, once", async () => {
    const policy = jinshanPolicy();
    station = await startRegistry({
      policy: { ...policy, couriers: { ...policy.couriers, erasureAfterConsentWithdrawnDays: 30 } },
      service: { automaticErasureEveryMs: 3_600_000 },
    });
    await activeCourier(station, "c-1", "13800138000");
    await activeCourier(station, "c-2", "13900139000");
    await send(station, "WithdrawConsent", courierActor("c-1"), {
      type: "WithdrawConsent",
      data: { courierId: "c-1" },
    });
    const record = Option.getOrThrow(await recordOf(station, "c-1"));
    const state = record.state;
    if (state.status === "unregistered" || state.consentWithdrawnAt === undefined) {
      return expect.fail("the courier withdrew consent");
    }
    const withdrawnAt: Instant = state.consentWithdrawnAt;
    const at = (days: number) =>
      station?.run(
        Effect.withClock(eraseDueCouriers(log), stoppedAt(millisOf(withdrawnAt) + days * DAY)),
      );

    await at(29);
    expect((await streamOf(station, "c-1")).map((event) => event.type)).not.toContain(
      "CourierPersonalDataErased",
    );

    await at(31);
    await at(31);
    await at(32);
    const types = (await streamOf(station, "c-1")).map((event) => event.type);
    expect(types.filter((type) => type === "CourierPersonalDataErased")).toHaveLength(1);
    const erasure = (await streamOf(station, "c-1")).find(
      (event) => event.type === "CourierPersonalDataErased",
    );
    expect(erasure?.actor.role).toBe("system");
    await expectScrubbed(station, "c-1");
    // The courier who kept their consent is untouched.
    expect(JSON.stringify(await streamOf(station, "c-2"))).toContain('"sealed"');
    const view = await ask(station, "GetCourier", { actor: staff, courierId: "c-1" });
    expect(view.view === "staff" && view.personal.kind).toBe("erased");
  });

  it("does not erase a courier who consented again within the grace period", async () => {
    const policy = jinshanPolicy();
    station = await startRegistry({
      policy: { ...policy, couriers: { ...policy.couriers, erasureAfterConsentWithdrawnDays: 30 } },
      service: { automaticErasureEveryMs: 3_600_000 },
    });
    await activeCourier(station, "c-1", "13800138000");
    await send(station, "WithdrawConsent", courierActor("c-1"), {
      type: "WithdrawConsent",
      data: { courierId: "c-1" },
    });
    await send(station, "GiveConsent", courierActor("c-1"), {
      type: "GiveConsent",
      data: { courierId: "c-1", policyVersion: "2026-01" },
    });
    await station.run(Effect.withClock(eraseDueCouriers(log), stoppedAt(Date.now() + 60 * DAY)));
    expect((await streamOf(station, "c-1")).map((event) => event.type)).not.toContain(
      "CourierPersonalDataErased",
    );
  });
});

describe("rows catching up", () => {
  it("writes the row of a courier whose command's endpoint stopped before writing it", async () => {
    const station = await startRegistry();
    try {
      await station.run(
        Effect.gen(function* () {
          const ids = yield* StationIds;
          return yield* executeCommand(
            courierDecider,
            {
              commandId: "cmd-register" as CommandId,
              community,
              actor: courierActor("c-1"),
              command: CourierCommand.parse(registration("c-1", "13800138000")),
            },
            {
              clock: clockAt(instantFromMillis(Date.now())),
              ids,
              facts: {
                policy: jinshanPolicy(),
                mobileKeyOf: secrets.mobileKeyOf,
                registeredMobileKeys: () => undefined,
                personalData: secrets.personalData,
              },
            },
          );
        }),
      );
      await eventually(
        async () => (await ask(station, "ListCouriers", { actor: staff })).items.length === 1,
        "the consumer writes the row",
      );
    } finally {
      await station.close();
    }
  });
});
