import { CommandReply } from "@courier-station/contracts";
import type { CommandEnvelope, Instant } from "@courier-station/core";
import { Bus, Outbox } from "@courier-station/kit";
import { Clock, type Duration, Effect } from "effect";
import type { RunningStation } from "./station.js";

/**
 * A clock that can be held at a time: while held, the services decide at that time (a
 * day of the demonstration's month); released, it is the real clock again. Sleeping is
 * always real, so the relay's and the bus's pauses keep their length.
 */
export interface HeldClock {
  readonly clock: Clock.Clock;
  /** Holds the clock at an instant, in milliseconds since the epoch. */
  readonly holdAt: (millis: number) => void;
  /** Lets the clock run in real time again. */
  readonly release: () => void;
}

/**
 * A {@link HeldClock}, running in real time until held.
 *
 * @example
 * const held = heldClock();
 * held.holdAt(Date.parse("2026-11-22T06:30:00Z"));
 */
export const heldClock = (): HeldClock => {
  const real = Clock.make();
  let held: number | undefined;
  const now = () => held ?? Date.now();
  return {
    clock: {
      [Clock.ClockTypeId]: Clock.ClockTypeId,
      unsafeCurrentTimeMillis: now,
      unsafeCurrentTimeNanos: () => BigInt(now()) * 1_000_000n,
      currentTimeMillis: Effect.sync(now),
      currentTimeNanos: Effect.sync(() => BigInt(now()) * 1_000_000n),
      sleep: (duration: Duration.Duration) => real.sleep(duration),
    },
    holdAt: (millis) => {
      held = millis;
    },
    release: () => {
      held = undefined;
    },
  };
};

/** What a station answered a command sent over its bus. */
export type StationReply =
  | { readonly ok: true; readonly outcome: "applied" | "duplicate" }
  | { readonly ok: false; readonly code: string };

/** A command for a service's endpoint, sent at a time. */
export interface StationRequest {
  readonly service: string;
  readonly endpoint: string;
  readonly community: string;
  readonly envelope: CommandEnvelope;
  /** The time the services decide it at. */
  readonly at: Instant;
}

/** A query for a service's endpoint, asked at a time. */
export interface StationQuery {
  readonly service: string;
  readonly endpoint: string;
  readonly community: string;
  readonly payload: unknown;
  /** The time the service answers at. */
  readonly at: Instant;
}

/** What a station answered a query: its value, or the refusal's code. */
export type StationAnswer =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly code: string };

/**
 * Commands sent to a running station's services over its bus, each at its own time,
 * and a way to wait until the flows they started have run: what a programme that plays
 * a community's history through the services needs (the Jinshan example's
 * `--through services`, and `npm start -- --demo`).
 */
export interface StationConnection {
  readonly send: (request: StationRequest) => Promise<StationReply>;
  /** Asks a query (the figures the insights service keeps, say). */
  readonly ask: (query: StationQuery) => Promise<StationAnswer>;
  /** Waits until every event so far is relayed and handled by its consumers (at most `timeoutMs`). */
  readonly settle: (timeoutMs?: number) => Promise<void>;
  /** The services running, by name. */
  readonly services: ReadonlyArray<string>;
}

const codeOf = (failure: unknown): string => {
  if (typeof failure === "object" && failure !== null) {
    if ("code" in failure && typeof failure.code === "string") return failure.code;
    if ("_tag" in failure && typeof failure._tag === "string") return failure._tag;
  }
  return "unknown";
};

/**
 * A {@link StationConnection} to a station started with a {@link HeldClock}: each
 * command is decided at its own time, and `settle` waits for the outbox to empty (with
 * the in-process bus, an event leaves the outbox only once its consumers have it, so an
 * empty outbox means every flow has run, the commands they sent included).
 *
 * @example
 * const held = heldClock();
 * const started = await startStation({ clock: held.clock, timers: false });
 * const connection = stationConnection(station, held);
 */
export const stationConnection = (station: RunningStation, held: HeldClock): StationConnection => ({
  services: station.services,
  send: async ({ service, endpoint, community, envelope, at }) => {
    held.holdAt(Date.parse(at));
    const reply = await station.run(
      Effect.either(
        Effect.flatMap(Bus, (bus) =>
          bus.request({
            to: { community, service, endpoint },
            payload: envelope,
            output: CommandReply,
            timeoutMs: 30_000,
          }),
        ),
      ),
    );
    if (reply._tag === "Left") return { ok: false, code: codeOf(reply.left) };
    if (!reply.right.ok) return { ok: false, code: reply.right.error.code };
    return { ok: true, outcome: reply.right.value.outcome };
  },
  ask: async ({ service, endpoint, community, payload, at }) => {
    held.holdAt(Date.parse(at));
    const reply = await station.run(
      Effect.either(
        Effect.flatMap(Bus, (bus) =>
          bus.request({ to: { community, service, endpoint }, payload, timeoutMs: 30_000 }),
        ),
      ),
    );
    if (reply._tag === "Left") return { ok: false, code: codeOf(reply.left) };
    if (!reply.right.ok) return { ok: false, code: reply.right.error.code };
    return { ok: true, value: reply.right.value };
  },
  settle: async (timeoutMs = 10_000) => {
    const started = Date.now();
    for (;;) {
      station.relay?.wake();
      const pending = await station.run(
        Effect.flatMap(Outbox, (outbox) => outbox.readPending(1)).pipe(
          Effect.orElseSucceed(() => []),
        ),
      );
      if (pending.length === 0 || Date.now() - started > timeoutMs) return;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  },
});
