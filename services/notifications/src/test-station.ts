import {
  type CommandReply,
  call,
  notificationsContract,
  PolicyBook,
  startTestStation,
  type TestStation,
} from "@courier-station/contracts";
import {
  type Actor,
  CommunityId,
  type CommunityPolicy,
  type EventEnvelope,
  type Instant,
  instantFromMillis,
  jinshanPolicy,
} from "@courier-station/core";
import {
  Bus,
  type ConsumerContext,
  derivedId,
  makeLogger,
  type RemoteError,
  Store,
} from "@courier-station/kit";
import { Cause, Effect, Layer, Runtime } from "effect";
import { expect } from "vitest";
import type { z } from "zod";
import { Notifier, NotifierFailed, type OutsideNotice } from "./notifier.js";
import { noticeRows } from "./read-models.js";
import { notificationsService } from "./service.js";

/*
 * What the notifications service's tests share: a station with the service on the memory
 * store and the in-process bus, the Jinshan policy, an outside channel that records what
 * it is given (and can be told to fail), the actors of one community, and helpers that
 * publish events as the other services' relays do.
 */

/** The community of the tests. */
export const community = CommunityId.parse("jinshan-wanda");
/** Another community. */
export const otherCommunity = CommunityId.parse("shanyang-town");
/** Staff of the community. */
export const staff: Actor = { role: "staff", id: "staff-wang", communities: [community] };
/** Other staff of the community. */
export const otherStaff: Actor = { role: "staff", id: "staff-li", communities: [community] };
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
/** A handler (处置人) of the community. */
export const handlerActor = (handlerId: string): Actor => ({
  role: "handler",
  id: handlerId,
  communities: [community],
});
/** A sponsor (圆梦人) of the community. */
export const sponsorActor = (sponsorId: string): Actor => ({
  role: "sponsor",
  id: sponsorId,
  communities: [community],
});
/** A flow of another service. */
export const flow: Actor = { role: "system", id: "system:test-flow", communities: [] };

/** A quiet logger for flows run by hand. */
export const log = makeLogger({ level: "silent" });

/** An outside channel for the tests: records each notice; fails while `failing` is set. */
export interface RecordingChannel {
  readonly sent: OutsideNotice[];
  failing: "no" | "fails" | "throws" | "hangs";
}

const recordingNotifier = (channel: RecordingChannel) =>
  Notifier.layer({
    channel: "test",
    // A channel that hangs counts as failed after this long, not after ten seconds.
    timeoutMs: 200,
    send: (notice) =>
      Effect.suspend(() => {
        if (channel.failing === "fails") {
          return Effect.fail(new NotifierFailed({ channel: "test", reason: "gateway down" }));
        }
        if (channel.failing === "throws") throw new Error("the gateway's client threw");
        if (channel.failing === "hangs") return Effect.never;
        channel.sent.push(notice);
        return Effect.void;
      }),
  });

/** A notifications station of the tests with its recording channel. */
export interface NotificationsStation extends TestStation<PolicyBook | Notifier> {
  readonly channel: RecordingChannel;
}

/** Starts the notifications service on the memory store and the in-process bus. */
export const startNotifications = async (
  options: { readonly policy?: CommunityPolicy } = {},
): Promise<NotificationsStation> => {
  const channel: RecordingChannel = { sent: [], failing: "no" };
  const station = await startTestStation([notificationsService()], {
    layer: Layer.mergeAll(
      PolicyBook.fixed(options.policy ?? jinshanPolicy()),
      recordingNotifier(channel),
    ),
  });
  return { ...station, channel };
};

/** When the tests' events happen: a Monday in November 2026, 10:00 in Shanghai. */
export const startedAt = Date.parse("2026-11-16T02:00:00.000Z");

/** An instant some minutes after the tests' start. */
export const minutesIn = (minutes: number): Instant =>
  instantFromMillis(startedAt + minutes * 60_000);

let eventCount = 0;

/**
 * An event envelope as another service's store would publish it.
 *
 * @example
 * eventOf("courier", "CourierVerified", { courierId: "c-1", … }, minutesIn(1));
 */
export const eventOf = (
  aggregate: string,
  type: string,
  data: object,
  time: Instant,
  options: { readonly id?: string; readonly version?: number; readonly target?: string } = {},
): EventEnvelope => {
  eventCount += 1;
  const eventId = options.id ?? `evt-${eventCount}`;
  return {
    id: eventId,
    type,
    aggregate,
    stream: `${aggregate}-x${eventCount}`,
    version: options.version ?? 1,
    community: options.target ?? community,
    actor: flow,
    time,
    causationId: eventId,
    correlationId: eventId,
    data,
  } as EventEnvelope;
};

/** Publishes an event on the station's bus, as the relay of another service would. */
export const publish = (station: NotificationsStation, event: EventEnvelope) =>
  station.run(Effect.flatMap(Bus, (bus) => bus.publish(event)));

const pause = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

/** Polls until a condition holds (the consumers run in the background). */
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

type Endpoints = typeof notificationsContract.endpoints;

/**
 * Asks the notifications service a query over the bus.
 *
 * @example
 * const page = await ask(station, "ListMyNotices", { actor: courierActor("c-1") });
 */
export const ask = <Name extends keyof Endpoints & string>(
  station: NotificationsStation,
  name: Name,
  input: z.input<Endpoints[Name]["input"]>,
  target: string = community,
): Promise<z.output<Endpoints[Name]["output"]>> =>
  station.run(call(notificationsContract, name, target, input));

/** A courier's (or anyone's) inbox, first page. */
export const inboxOf = (station: NotificationsStation, actor: Actor) =>
  ask(station, "ListMyNotices", { actor });

/**
 * Sends a command to the notifications service over the bus and returns its reply.
 *
 * @example
 * await send(station, courierActor("c-1"), { type: "MarkNoticeRead", data: { noticeId } }, "read-1");
 */
export const send = (
  station: NotificationsStation,
  actor: Actor,
  command: { readonly type: "MarkNoticeRead" | "ChooseNoticeLanguage"; readonly data: object },
  commandId: string,
): Promise<CommandReply> =>
  station.run(
    call(notificationsContract, command.type, community, {
      commandId,
      community,
      actor,
      command,
      // Tests build commands loosely; the service parses them.
    } as never) as unknown as Effect.Effect<CommandReply>,
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

/** Checks a refusal: its code, its status, and its message in both languages. */
export const expectRefusal = (error: RemoteError, code: string, status: number): void => {
  expect(error.code).toBe(code);
  expect(error.status).toBe(status);
  expect(error.text["zh-CN"]).toMatch(/\p{Script=Han}/u);
  expect(error.text.en).toMatch(/[A-Za-z]{3}/);
};

/**
 * Sends a raw payload to an endpoint of the service and returns the reply as it came,
 * for bad input that no typed client would send.
 */
export const request = (
  station: NotificationsStation,
  endpointName: string,
  payload: unknown,
  target: string = community,
) =>
  station.run(
    Effect.flatMap(Bus, (bus) =>
      bus.request({
        to: { community: target, service: "notifications", endpoint: endpointName },
        payload,
      }),
    ),
  );

/** How many notices the station holds in all (every inbox). */
export const noticeCount = (station: NotificationsStation) =>
  station.run(
    Effect.gen(function* () {
      const store = yield* Store;
      return yield* (yield* store.readModel(noticeRows)).count();
    }),
  );

/**
 * What the host gives a consumer's handler, for running a flow by hand: the same derived
 * ids as the running consumer of that name (`notifications-<name>`), so a run by hand is
 * a redelivery of the event.
 */
export const consumerContextFor = (name: string, event: EventEnvelope): ConsumerContext => {
  const durable = `notifications-${name}`;
  return {
    service: "notifications",
    consumer: durable,
    delivery: { consumer: durable, subject: "by-hand", sequence: 0, deliveryCount: 2 },
    log,
    derivedId: (purpose) => derivedId(durable, purpose, event.id),
  };
};
