import {
  type CommandReply,
  CommandReply as CommandReplySchema,
  type CommunityPolicyVersionView,
  call,
  PolicyBook,
  pointsContract,
  registryFactsContract,
  StationIds,
  serveQuery,
  startTestStation,
  type TestStation,
} from "@courier-station/contracts";
import {
  type Actor,
  type CommandEnvelope,
  CommandIdConflict,
  CommunityId,
  type CommunityPolicy,
  type CourierFacts,
  commandEnvelopeOf,
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
  endpoint,
  makeLogger,
  type RemoteError,
  ServiceStopping,
  type Store,
  type StoreAndCapabilities,
} from "@courier-station/kit";
import {
  ConfirmCatalogueRedemptionHold,
  ConfirmWishHold,
  RecordCatalogueRedemptionFailed,
  RecordWishRedemptionFailed,
} from "@courier-station/wishes";
import { Cause, Clock, type Duration, Effect, Layer, Runtime } from "effect";
import { expect } from "vitest";
import type { z } from "zod";
import { type PointsServiceOptions, pointsService } from "./service.js";

/*
 * What the points service's tests share: a station with the points service on the
 * memory store and the in-process bus, beside small stand-ins for the registry's facts
 * endpoints (policy versions, courier facts) and for the wishes service's hold-outcome
 * endpoints, served from their contracts; a clock the tests move; the actors of one
 * community; and helpers that send commands and events as the other services do.
 */

/** The community of the tests. */
export const community = CommunityId.parse("jinshan-wanda");
/** Another community. */
export const otherCommunity = CommunityId.parse("shanyang-town");
/** Staff of the community. */
export const staff: Actor = { role: "staff", id: "staff-wang", communities: [community] };
/** An auditor of the community. */
export const auditor: Actor = { role: "auditor", id: "auditor-1", communities: [community] };
/** A sponsor (圆梦人) of the community. */
export const sponsor: Actor = { role: "sponsor", id: "sponsor-1", communities: [community] };
/** Staff of another community. */
export const staffElsewhere: Actor = {
  role: "staff",
  id: "staff-zhao",
  communities: [otherCommunity],
};
/** A courier acting for themselves. */
export const courierActor = (courierId: string): Actor => ({
  role: "courier",
  id: courierId,
  communities: [community],
});
/** A flow of another service, as the points endpoints see it. */
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

/**
 * A clock starting at `from`: the station decides at its time, so a test sets the date
 * and moves it (a month on, past a hold's timeout) without waiting.
 */
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

/** The registry's facts as the tests' stand-in serves them; tests change them. */
export interface RegistryFacts {
  versions: ReadonlyArray<CommunityPolicyVersionView>;
  readonly couriers: Map<string, CourierFacts>;
}

const registryStandIn = (facts: RegistryFacts) =>
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
  });

/** What the wishes stand-in was told, by command id, and whether it answers at all. */
export interface WishesStandIn {
  readonly received: Map<string, CommandEnvelope>;
  /** While false, every request fails as a fault (the wishes service is down). */
  answering: boolean;
}

const holdOutcomeCommands = [
  ConfirmWishHold,
  RecordWishRedemptionFailed,
  ConfirmCatalogueRedemptionHold,
  RecordCatalogueRedemptionFailed,
] as const;

const wishesStandInService = (wishes: WishesStandIn) =>
  defineService({
    name: "wishes",
    version: "1.0.0",
    endpoints: holdOutcomeCommands.map((schema) =>
      endpoint({
        name: schema.shape.type.value,
        input: commandEnvelopeOf(schema),
        output: CommandReplySchema,
        handler: (envelope) =>
          Effect.gen(function* () {
            if (!wishes.answering) {
              return yield* Effect.fail(new ServiceStopping({ service: "wishes" }));
            }
            const command = envelope as unknown as CommandEnvelope;
            const earlier = wishes.received.get(command.commandId);
            if (earlier !== undefined) {
              if (JSON.stringify(earlier.command) !== JSON.stringify(command.command)) {
                return yield* Effect.fail(
                  new CommandIdConflict({ commandId: command.commandId, field: "command" }),
                );
              }
              return reply("duplicate", command);
            }
            wishes.received.set(command.commandId, command);
            return reply("applied", command);
          }),
      }),
    ),
  });

const reply = (outcome: "applied" | "duplicate", command: CommandEnvelope): CommandReply => ({
  outcome,
  aggregate: "wish",
  id: String((command.command.data as { wishId?: string; redemptionId?: string }).wishId ?? "r"),
  version: 1,
  eventIds: [],
});

/** How a test's station is set up. */
export interface PointsStationOptions {
  readonly policy?: CommunityPolicy;
  readonly versions?: ReadonlyArray<CommunityPolicyVersionView>;
  readonly service?: PointsServiceOptions;
  readonly clock?: MovableClock;
}

/** A points station of the tests, with its stand-ins. */
export interface PointsStation extends TestStation<PolicyBook | StationIds | Store | Bus> {
  readonly registry: RegistryFacts;
  readonly wishes: WishesStandIn;
  readonly clock: MovableClock;
}

/**
 * Starts the points service with the registry and wishes stand-ins on the memory store
 * and the in-process bus, at the tests' date (or the clock given). Timers run only when a
 * test runs them (their periods are a day).
 */
export const startPoints = async (options: PointsStationOptions = {}): Promise<PointsStation> => {
  const policy = options.policy ?? jinshanPolicy();
  const clock = options.clock ?? movableClock();
  const registry: RegistryFacts = { versions: options.versions ?? [], couriers: new Map() };
  const wishes: WishesStandIn = { received: new Map(), answering: true };
  const station = await startTestStation(
    [
      pointsService({
        holdTimeoutsEveryMs: 86_400_000,
        pointsExpiryEveryMs: 86_400_000,
        ...(options.service ?? {}),
      }),
      registryStandIn(registry),
      wishesStandInService(wishes),
    ],
    {
      layer: Layer.mergeAll(
        PolicyBook.fromRegistry({ configured: () => policy, cacheMs: 0 }),
        StationIds.layer,
      ),
      clock: clock.clock,
    },
  );
  return { ...station, registry, wishes, clock };
};

type Endpoints = typeof pointsContract.endpoints;

let commandCount = 0;

/** A fresh command (and transfer) id. */
export const newId = (prefix = "cmd"): string => {
  commandCount += 1;
  return `${prefix}-${commandCount}`;
};

/**
 * Sends a command to the points service over the bus and returns its reply.
 *
 * @example
 * await send(station, "AdjustPoints", staff, grant("c-1", 50), "adj-1");
 */
export const send = <Name extends keyof Endpoints & string>(
  station: PointsStation,
  name: Name,
  actor: Actor,
  command: { readonly type: string; readonly data: object },
  commandId: string,
  target: string = community,
): Promise<CommandReply> =>
  station.run(
    call(pointsContract, name, target, {
      commandId,
      community: target,
      actor,
      command,
      // The tests build commands loosely (readonly literals); the service parses them.
    } as never) as unknown as Effect.Effect<CommandReply>,
  );

/**
 * Asks the points service a query over the bus.
 *
 * @example
 * const balance = await ask(station, "GetPointsBalance", { actor: staff, courierId: "c-1" });
 */
export const ask = <Name extends keyof Endpoints & string>(
  station: PointsStation,
  name: Name,
  input: z.input<Endpoints[Name]["input"]>,
): Promise<z.output<Endpoints[Name]["output"]>> =>
  station.run(call(pointsContract, name, community, input));

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

/** A staff adjustment granting (or deducting) points, with its note. */
export const adjustment = (
  transferId: string,
  courierId: string,
  amount: number,
  direction: "grant" | "deduct" = "grant",
) => ({
  type: "AdjustPoints",
  data: { transferId, courierId, direction, amount, note: "春节慰问补发积分" },
});

/** Gives a courier points by a staff adjustment. */
export const grantPoints = (station: PointsStation, courierId: string, amount: number) => {
  const id = newId("grant");
  return send(station, "AdjustPoints", staff, adjustment(id, courierId, amount), id);
};

/** The time of the station's clock as an instant, moved by some milliseconds. */
export const instantAt = (station: PointsStation, offsetMillis = 0): Instant =>
  instantFromMillis(station.clock.now() + offsetMillis);

let eventCount = 0;

/**
 * An event envelope as another service's store would publish it.
 *
 * @example
 * eventOf("activity", "ParticipationConfirmed", { … }, time);
 */
export const eventOf = (
  aggregate: string,
  type: string,
  data: object,
  time: Instant,
  id?: string,
): EventEnvelope => {
  eventCount += 1;
  const eventId = id ?? `evt-${eventCount}`;
  return {
    id: eventId,
    type,
    aggregate,
    stream: `${aggregate}-x${eventCount}`,
    version: 1,
    community,
    actor: flow,
    time,
    causationId: eventId,
    correlationId: eventId,
    data,
  } as EventEnvelope;
};

/** Publishes an event on the station's bus, as the relay of another service would. */
export const publish = (station: PointsStation, event: EventEnvelope) =>
  station.run(Effect.flatMap(Bus, (bus) => bus.publish(event)));

const pause = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

/** Polls until a condition holds (the relay and consumers run in the background). */
export const eventually = async <A>(
  probe: () => Promise<A>,
  holds: (value: A) => boolean,
  attempts = 200,
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
 * Sends a raw payload to an endpoint of the points service and returns the reply as it
 * came (refusals included), for bad input that no typed client would send.
 */
export const request = (
  station: PointsStation,
  endpointName: string,
  payload: unknown,
  target: string = community,
) =>
  station.run(
    Effect.flatMap(Bus, (bus) =>
      bus.request({
        to: { community: target, service: "points", endpoint: endpointName },
        payload,
      }),
    ),
  );

/**
 * What the host gives a consumer's handler, for running a flow by hand: the same
 * derived ids as the running consumer of that name (`points-<name>`), so a run by hand
 * is a redelivery of the event.
 */
export const consumerContextFor = (name: string, event: EventEnvelope): ConsumerContext => {
  const durable = `points-${name}`;
  return {
    service: "points",
    consumer: durable,
    delivery: { consumer: durable, subject: "by-hand", sequence: 0, deliveryCount: 2 },
    log,
    derivedId: (purpose) => derivedId(durable, purpose, event.id),
  };
};

/** The store and capabilities a test effect may use besides the station's services. */
export type StationServices = StoreAndCapabilities | PolicyBook | StationIds | Bus;
