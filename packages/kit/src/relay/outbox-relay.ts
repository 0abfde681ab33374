import type { EventEnvelope } from "@courier-station/core";
import { Effect, Fiber, type Scope } from "effect";
import { Bus } from "../bus/bus.js";
import { Leases } from "../host/leases.js";
import { Log } from "../logging/logger.js";
import { Outbox } from "./outbox.js";

/** How the relay runs. */
export interface OutboxRelayOptions {
  /** This process instance: the lease owner. */
  readonly owner: string;
  /** The lease that makes one instance the relay; default `outbox-relay`. */
  readonly leaseName?: string;
  /** How long the lease lasts unless renewed; default 15 s. Another instance takes over after it. */
  readonly leaseTtlMs?: number;
  /** Events read per round; default 100. */
  readonly batchSize?: number;
  /** The pause when there is nothing to relay; default 200 ms. */
  readonly idleMs?: number;
  /** How often an instance that does not hold the lease checks whether it is free; default 1 s. */
  readonly standbyPollMs?: number;
  /** The first pause after a failure (the bus or the store is down); doubles up to `maxBackoffMs`. Default 100 ms. */
  readonly initialBackoffMs?: number;
  /** The longest pause after failures; default 5 s. */
  readonly maxBackoffMs?: number;
}

/** What the relay has done so far. */
export interface OutboxRelayStatistics {
  /** Events published and marked relayed by this instance. */
  readonly relayed: number;
  /** Publishes that were duplicates JetStream dropped (republished after a crash). */
  readonly duplicates: number;
  /** Rounds that failed (bus or store unavailable). */
  readonly failures: number;
  /** Whether this instance held the lease at its last round. */
  readonly holdsLease: boolean;
}

/** A running outbox relay. */
export interface OutboxRelay {
  readonly statistics: () => OutboxRelayStatistics;
  /** Starts a round now instead of after the idle pause (call it after a write). */
  readonly wake: () => void;
  /** Stops relaying and gives the lease up. Closing the scope does the same. */
  readonly stop: Effect.Effect<void>;
}

/**
 * Runs the outbox relay in a scope: it moves events from the store's outbox to the bus,
 * at least once and in order. Under a lease, so of several instances one relays and
 * another takes over when it dies. When the bus or the store is down it backs off
 * (100 ms, 200 ms, … 5 s) and catches up when they return.
 *
 * Each round: renew the lease; read up to `batchSize` pending events; publish them one
 * by one (stopping at the first failure, so order is kept); mark the published ones
 * relayed. A crash after publishing and before marking publishes them again: JetStream
 * drops the duplicates (same `Nats-Msg-Id`) and consumers are idempotent.
 *
 * @example
 * const relay = yield* runOutboxRelay({ owner: config.instance });
 */
export const runOutboxRelay = (
  options: OutboxRelayOptions,
): Effect.Effect<OutboxRelay, never, Scope.Scope | Bus | Outbox | Leases | Log> =>
  Effect.gen(function* () {
    const bus = yield* Bus;
    const outbox = yield* Outbox;
    const leases = yield* Leases;
    const log = (yield* Log).child({ component: "outbox-relay" });
    const leaseName = options.leaseName ?? "outbox-relay";
    const leaseTtlMs = options.leaseTtlMs ?? 15_000;
    const batchSize = options.batchSize ?? 100;
    const idleMs = options.idleMs ?? 200;
    const initialBackoffMs = options.initialBackoffMs ?? 100;
    const maxBackoffMs = options.maxBackoffMs ?? 5_000;
    const standbyPollMs = options.standbyPollMs ?? Math.min(1_000, leaseTtlMs);

    let relayed = 0;
    let duplicates = 0;
    let failures = 0;
    let holdsLease = false;
    let backoffMs = initialBackoffMs;
    let wakeUp: (() => void) | undefined;
    let woken = false;

    const pause = (millis: number) =>
      Effect.async<void>((resume) => {
        if (woken) {
          woken = false;
          resume(Effect.void);
          return;
        }
        const timer = setTimeout(() => {
          wakeUp = undefined;
          resume(Effect.void);
        }, millis);
        wakeUp = () => {
          clearTimeout(timer);
          wakeUp = undefined;
          resume(Effect.void);
        };
        return Effect.sync(() => {
          clearTimeout(timer);
          wakeUp = undefined;
        });
      });

    const failed = (what: string, cause: unknown) =>
      Effect.gen(function* () {
        failures += 1;
        log.warn({ err: cause, backoffMs }, `outbox relay: ${what} failed; retrying`);
        yield* pause(backoffMs);
        backoffMs = Math.min(maxBackoffMs, backoffMs * 2);
      });

    /** One round; returns how long to pause before the next. */
    const round: Effect.Effect<void> = Effect.gen(function* () {
      const held = yield* Effect.either(
        leases.acquire({ name: leaseName, owner: options.owner, ttlMs: leaseTtlMs }),
      );
      if (held._tag === "Left") return yield* failed("taking the lease", held.left);
      if (held.right !== holdsLease) {
        log.info(
          { holdsLease: held.right },
          held.right ? "outbox relay: relaying" : "outbox relay: standing by",
        );
      }
      holdsLease = held.right;
      if (!holdsLease) {
        yield* pause(standbyPollMs);
        return;
      }
      const pending = yield* Effect.either(outbox.readPending(batchSize));
      if (pending._tag === "Left") return yield* failed("reading the outbox", pending.left);
      if (pending.right.length === 0) {
        backoffMs = initialBackoffMs;
        yield* pause(idleMs);
        return;
      }
      const published: EventEnvelope[] = [];
      let failure: unknown;
      for (const event of pending.right) {
        const ack = yield* Effect.either(bus.publish(event));
        if (ack._tag === "Left") {
          failure = ack.left;
          break;
        }
        if (ack.right.duplicate) duplicates += 1;
        published.push(event);
      }
      if (published.length > 0) {
        const marked = yield* Effect.either(outbox.markRelayed(published));
        if (marked._tag === "Left") return yield* failed("marking events relayed", marked.left);
        relayed += published.length;
      }
      if (failure !== undefined) return yield* failed("publishing", failure);
      backoffMs = initialBackoffMs;
      // A full batch means more is probably waiting: go on at once.
      if (pending.right.length < batchSize) yield* pause(idleMs);
    });

    const fiber = yield* Effect.forkDaemon(Effect.forever(round));
    let stopped = false;
    const stop = Effect.suspend(() => {
      if (stopped) return Effect.void;
      stopped = true;
      return Fiber.interrupt(fiber).pipe(
        Effect.zipRight(
          holdsLease
            ? leases.release({ name: leaseName, owner: options.owner }).pipe(Effect.ignore)
            : Effect.void,
        ),
        Effect.zipRight(
          Effect.sync(() => log.info({ relayed, duplicates, failures }, "outbox relay stopped")),
        ),
      );
    });
    yield* Effect.addFinalizer(() => stop);
    return {
      statistics: () => ({ relayed, duplicates, failures, holdsLease }),
      wake: () => {
        if (wakeUp === undefined) woken = true;
        else wakeUp();
      },
      stop,
    };
  });
