import {
  call,
  insightsContract,
  PolicyBook,
  startTestStation,
  type TestStation,
} from "@courier-station/contracts";
import {
  type Actor,
  type AggregateRecord,
  type CommunityId,
  type CommunityPolicy,
  type EventEnvelope,
  type Instant,
  jinshanPolicy,
  millisOf,
} from "@courier-station/core";
import { type Bus, Store } from "@courier-station/kit";
import { isCourierAccount, pointsAccountDecider, type Transfer } from "@courier-station/points";
import { Clock, type Duration, Effect, Layer } from "effect";
import type { z } from "zod";
import type { PlayedMonth } from "../../../examples/jinshan/src/month.js";
import { insightsService } from "./service.js";

/*
 * What the insights service's tests share: a station with the service on the memory store
 * and the in-process bus at a time the test sets, events written to the store as the
 * other services would write them, and the actors of a community.
 */

/** Staff of a community. */
export const staffOf = (community: CommunityId): Actor => ({
  role: "staff",
  id: "staff-wang",
  communities: [community],
});
/** An auditor of a community. */
export const auditorOf = (community: CommunityId): Actor => ({
  role: "auditor",
  id: "auditor-1",
  communities: [community],
});

/** A clock a test sets: the station decides and takes its figures at its time. */
export interface SettableClock {
  readonly clock: Clock.Clock;
  readonly set: (instant: Instant) => void;
}

/** A clock standing at `instant` until the test sets it again. */
export const settableClock = (instant: Instant): SettableClock => {
  const base = Clock.make();
  let millis = millisOf(instant);
  return {
    clock: {
      [Clock.ClockTypeId]: Clock.ClockTypeId,
      unsafeCurrentTimeMillis: () => millis,
      unsafeCurrentTimeNanos: () => BigInt(millis) * 1_000_000n,
      currentTimeMillis: Effect.sync(() => millis),
      currentTimeNanos: Effect.sync(() => BigInt(millis) * 1_000_000n),
      sleep: (duration: Duration.Duration) => base.sleep(duration),
    },
    set: (next) => {
      millis = millisOf(next);
    },
  };
};

/** The insights station of a test. */
export interface InsightsStation extends TestStation<PolicyBook | Store | Bus> {
  readonly clock: SettableClock;
}

/**
 * Starts the insights service on the memory store and the in-process bus at `at`, with one
 * policy for every community; when `registered` is given, the registry has registered
 * those communities only (else every one). Its timer runs once a day, so a test decides
 * when the projection reads on (or a query does).
 */
export const startInsights = async (options: {
  readonly at: Instant;
  readonly policy?: CommunityPolicy;
  readonly registered?: ReadonlyArray<CommunityId>;
}): Promise<InsightsStation> => {
  const clock = settableClock(options.at);
  const policy = options.policy ?? jinshanPolicy();
  const { registered } = options;
  const book =
    registered === undefined
      ? PolicyBook.fixed(policy)
      : Layer.succeed(PolicyBook, {
          inForceAt: () => Effect.succeed({ policy }),
          isRegistered: (community: string) =>
            Effect.succeed(registered.some((known) => known === community)),
        });
  const station = await startTestStation([insightsService({ catchUpEveryMs: 86_400_000 })], {
    layer: book,
    clock: clock.clock,
  });
  return { ...station, clock };
};

/**
 * Writes events to the store's log as the services that decided them would have: each
 * event appended to its stream at its version (the state the store keeps beside it does
 * not matter to the log, so it is left empty).
 *
 * @example
 * await station.run(storeEvents(played.station.events));
 */
export const storeEvents = (events: Iterable<EventEnvelope>): Effect.Effect<void, unknown, Store> =>
  Effect.gen(function* () {
    const store = yield* Store;
    for (const event of events) {
      const record: AggregateRecord<unknown> = {
        aggregate: event.aggregate,
        id: event.stream.slice(event.aggregate.length + 1),
        community: event.community,
        state: {},
        version: event.version,
        receipts: [],
      };
      yield* store.append({ record, expectedVersion: event.version - 1, events: [event] });
    }
  });

/** Asks the insights service a query as an actor. */
export const ask = <Name extends keyof typeof insightsContract.endpoints & string>(
  station: InsightsStation,
  community: CommunityId,
  name: Name,
  payload: z.input<(typeof insightsContract.endpoints)[Name]["input"]>,
) => station.run(call(insightsContract, name, community, payload));

/** The refusal an effect fails with (its code), or `undefined` when it succeeds. */
export const refusalOf = async (
  station: InsightsStation,
  effect: Effect.Effect<unknown, unknown, Bus>,
): Promise<string | undefined> => {
  const exit = await station.runExit(effect);
  if (exit._tag === "Success") return undefined;
  const failure = exit.cause._tag === "Fail" ? exit.cause.error : undefined;
  return (failure as { readonly code?: string } | undefined)?.code ?? "defect";
};

/** The same value as it comes back over the bus: JSON, with absent fields left out. */
export const asJson = <Value>(value: Value): Value => JSON.parse(JSON.stringify(value)) as Value;

/**
 * The event log of a played Jinshan month as the services would have written it. The
 * example keeps its points ledger in memory rather than as account events, so its
 * transfers are written as the points service records them: one account stream per
 * courier, a `TransferCreated` per transfer (all the projection reads of them), after the
 * example's own events.
 *
 * @example
 * await station.run(storeEvents(playedLogOf(playJinshanMonth({ seed: 7 }))));
 */
export const playedLogOf = (played: PlayedMonth): ReadonlyArray<EventEnvelope> => {
  const versions = new Map<string, number>();
  const community = played.station.events[0]?.community;
  const accountEvents = played.station.ledger
    .transfers()
    .map((transfer: Transfer, index): EventEnvelope => {
      const account = isCourierAccount(transfer.creditAccount)
        ? transfer.creditAccount
        : transfer.debitAccount;
      const version = (versions.get(account) ?? 0) + 1;
      versions.set(account, version);
      const id = account.slice(account.indexOf(":") + 1);
      return {
        id: `ledger-${index}`,
        type: "TransferCreated",
        aggregate: pointsAccountDecider.aggregate,
        stream: `${pointsAccountDecider.aggregate}-${id}`,
        version,
        community,
        actor: { role: "system", id: "points-earning", communities: [] },
        time: transfer.at,
        causationId: `ledger-${index}`,
        correlationId: `ledger-${index}`,
        data: { transfer },
      } as unknown as EventEnvelope;
    });
  return [...played.station.events, ...accountEvents];
};
