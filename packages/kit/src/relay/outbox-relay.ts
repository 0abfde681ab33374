import { type EventEnvelope, isDomainError } from "@courier-station/core";
import {
  Clock,
  Deferred,
  Duration,
  Effect,
  Exit,
  Fiber,
  FiberId,
  Schedule,
  type Scope,
} from "effect";
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
  /** The pause when there is nothing to relay; default 200 ms. Every pause is on Effect's Clock. */
  readonly idleMs?: number;
  /** How often an instance that does not hold the lease checks whether it is free; default 1 s. */
  readonly standbyPollMs?: number;
  /** The first pause after a failure (the bus or the store is down); doubles up to `maxBackoffMs`. Default 100 ms. */
  readonly initialBackoffMs?: number;
  /** The longest pause after failures; default 5 s. */
  readonly maxBackoffMs?: number;
  /**
   * With the in-process bus, the most events published but not yet acknowledged by
   * its consumers; beyond it the relay waits for them. Default 1,000.
   */
  readonly maxUnsettled?: number;
}

/** What the relay has done so far. */
export interface OutboxRelayStatistics {
  /** Events published and marked relayed by this instance. */
  readonly relayed: number;
  /** Events published to the in-process bus and waiting for its consumers. */
  readonly unsettled: number;
  /** Publishes that were duplicates JetStream dropped (republished after a crash). */
  readonly duplicates: number;
  /** Rounds that failed (bus or store unavailable). */
  readonly failures: number;
  /** Whether this instance held the lease at its last round. */
  readonly holdsLease: boolean;
  /**
   * Whether the relay stopped for good because the store is corrupt (`store.corrupt`):
   * retrying cannot help, so it does not; the events stay pending until the store is
   * restored and the process started again.
   */
  readonly halted: boolean;
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
 * (100 ms, 200 ms, … 5 s) and catches up when they return; when the store is corrupt
 * (`store.corrupt`) it logs the error and stops, since no retry can help.
 *
 * Each round: renew the lease (once a third of its TTL has passed since it was last
 * taken or renewed: until it expires no other instance can take it, and each renewal
 * costs the store writes); read up to `batchSize` pending events; publish them one
 * by one (stopping at the first failure, so order is kept); mark the published ones
 * relayed. A crash after publishing and before marking publishes them again: JetStream
 * drops the duplicates (same `Nats-Msg-Id`) and consumers are idempotent.
 *
 * With the in-process bus, which keeps events only in memory, an event is marked
 * relayed only once its consumers have acknowledged it (`PublishAck.settled`): a
 * restart before then publishes it again, so the embedded station loses no effect.
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
    const maxUnsettled = options.maxUnsettled ?? 1_000;
    const standbyPollMs = options.standbyPollMs ?? Math.min(1_000, leaseTtlMs);

    let relayed = 0;
    let duplicates = 0;
    let failures = 0;
    let holdsLease = false;
    // Until when the lease is surely held: the time before the store took or renewed it,
    // plus its TTL (the store's expiry is that or later).
    let heldUntil = 0;
    let halted = false;
    // After a failure: 100 ms, 200 ms, 400 ms, … at most 5 s, on Effect's Clock (a test
    // moves it with TestClock); reset by the first round that goes well.
    const backoff = yield* Schedule.driver(
      Schedule.exponential(Duration.millis(initialBackoffMs)).pipe(
        Schedule.union(Schedule.spaced(Duration.millis(maxBackoffMs))),
      ),
    );
    let failuresInARow = 0;
    // A pause that `wake` cuts short; a wake while no pause runs cuts the next one.
    let woken = false;
    let waiting: Deferred.Deferred<void> | undefined;
    const wake = (): void => {
      if (waiting === undefined) woken = true;
      else Deferred.unsafeDone(waiting, Exit.void);
    };
    // Published to a bus that keeps events in memory, waiting for its consumers.
    const awaiting = new Map<string, EventEnvelope>();
    const settledReady: EventEnvelope[] = [];
    const settlements = new Set<Fiber.RuntimeFiber<void>>();

    const pause = (millis: number): Effect.Effect<void> =>
      Effect.suspend(() => {
        if (woken) {
          woken = false;
          return Effect.void;
        }
        const signal = Deferred.unsafeMake<void>(FiberId.none);
        waiting = signal;
        return Effect.raceFirst(Effect.sleep(Duration.millis(millis)), Deferred.await(signal)).pipe(
          Effect.ensuring(
            Effect.sync(() => {
              waiting = undefined;
            }),
          ),
        );
      });

    const recovered = Effect.suspend(() => {
      failuresInARow = 0;
      return backoff.reset;
    });

    const failed = (what: string, cause: unknown) =>
      Effect.gen(function* () {
        failures += 1;
        failuresInARow += 1;
        if (isDomainError(cause) && cause.code === "store.corrupt") {
          // A damaged store stays damaged: say so once and stop, rather than retry for ever.
          halted = true;
          log.error({ err: cause }, `outbox relay: ${what} failed, the store is corrupt; stopped`);
          return;
        }
        log.warn({ err: cause, failuresInARow }, `outbox relay: ${what} failed; retrying`);
        // The schedule never ends; its pause is not cut short by `wake`, so writes during
        // an outage do not defeat the backoff.
        yield* Effect.ignore(backoff.next(undefined));
      });

    /** One round; returns how long to pause before the next. */
    const round: Effect.Effect<void> = Effect.gen(function* () {
      const startedAt = yield* Clock.currentTimeMillis;
      // Renewed once a third of the TTL has passed, so two thirds of it are left for
      // the round; a lease not held is asked for every round.
      if (!holdsLease || startedAt >= heldUntil - (2 * leaseTtlMs) / 3) {
        const held = yield* Effect.either(
          leases.acquire({ name: leaseName, owner: options.owner, ttlMs: leaseTtlMs }),
        );
        if (held._tag === "Left") {
          // Not known to be held any longer: asked for again next round.
          heldUntil = 0;
          return yield* failed("taking the lease", held.left);
        }
        if (held.right !== holdsLease) {
          log.info(
            { holdsLease: held.right },
            held.right ? "outbox relay: relaying" : "outbox relay: standing by",
          );
        }
        holdsLease = held.right;
        if (holdsLease) heldUntil = startedAt + leaseTtlMs;
      }
      if (!holdsLease) {
        yield* pause(standbyPollMs);
        return;
      }
      // Events the bus has settled since the last round (in-process bus): mark them now.
      if (settledReady.length > 0) {
        const batch = settledReady.splice(0);
        const marked = yield* Effect.either(outbox.markRelayed(batch));
        if (marked._tag === "Left") {
          settledReady.unshift(...batch);
          return yield* failed("marking events relayed", marked.left);
        }
        for (const event of batch) awaiting.delete(event.id);
        relayed += batch.length;
      }
      if (awaiting.size >= maxUnsettled) {
        // The in-process consumers are behind: wait for them rather than pile up.
        yield* pause(idleMs);
        return;
      }
      const read = yield* Effect.either(outbox.readPending(batchSize + awaiting.size));
      if (read._tag === "Left") return yield* failed("reading the outbox", read.left);
      const pending = read.right.filter((event) => !awaiting.has(event.id)).slice(0, batchSize);
      if (pending.length === 0) {
        yield* recovered;
        yield* pause(idleMs);
        return;
      }
      const published: EventEnvelope[] = [];
      let failure: unknown;
      for (const event of pending) {
        const ack = yield* Effect.either(bus.publish(event));
        if (ack._tag === "Left") {
          failure = ack.left;
          break;
        }
        if (ack.right.duplicate) duplicates += 1;
        if (ack.right.settled === undefined) published.push(event);
        else {
          // Kept only in memory by the bus: marked once its consumers have it.
          awaiting.set(event.id, event);
          const settling = yield* Effect.forkDaemon(
            ack.right.settled.pipe(
              Effect.zipRight(
                Effect.sync(() => {
                  settledReady.push(event);
                  wake();
                }),
              ),
            ),
          );
          settlements.add(settling);
          settling.addObserver(() => settlements.delete(settling));
        }
      }
      if (published.length > 0) {
        const marked = yield* Effect.either(outbox.markRelayed(published));
        if (marked._tag === "Left") return yield* failed("marking events relayed", marked.left);
        relayed += published.length;
      }
      if (failure !== undefined) return yield* failed("publishing", failure);
      yield* recovered;
      // A full batch means more is probably waiting: go on at once.
      if (pending.length < batchSize) yield* pause(idleMs);
    });

    // A yield between rounds, as `Effect.forever` has: a round that is woken at once
    // again and again must still let timers and I/O run.
    const fiber = yield* Effect.forkDaemon(
      Effect.repeat(Effect.zipLeft(round, Effect.yieldNow()), { until: () => halted }),
    );
    let stopped = false;
    const stop = Effect.suspend(() => {
      if (stopped) return Effect.void;
      stopped = true;
      // Events still waiting for in-process consumers stay pending: the next start
      // publishes them again.
      return Fiber.interruptAll([fiber, ...settlements]).pipe(
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
      statistics: () => ({
        relayed,
        unsettled: awaiting.size,
        duplicates,
        failures,
        holdsLease,
        halted,
      }),
      wake,
      stop,
    };
  });
