import { instantFromMillis } from "@courier-station/core";
import { Cause, Clock, Duration, Effect, Exit, Fiber, Option, Schedule, type Scope } from "effect";
import { Bus, type BusEndpoint, type RequestLimits, type Subscription } from "../bus/bus.js";
import { type BusUnavailable, CommunityMismatch } from "../bus/bus-errors.js";
import { awaitFibers } from "../bus/drain.js";
import { statusOfError } from "../bus/request-handling.js";
import { eventFilter } from "../bus/subjects.js";
import { Configuration } from "../config/config.js";
import { Log, type Logger } from "../logging/logger.js";
import { Leases } from "./leases.js";
import { ProcessedEvents } from "./processed-events.js";
import {
  type ConsumerDefinition,
  derivedId,
  type EndpointDefinition,
  type ServiceDefinition,
  type TimerDefinition,
} from "./service-definition.js";

/** The services the host itself uses; a service's handlers may use them too. */
export type HostServices = Bus | Log | Configuration | Leases | ProcessedEvents;

/** A service running in this process. */
export interface RunningService {
  readonly name: string;
  readonly version: string;
  /** This process instance. */
  readonly instance: string;
  /** The id the bus gave this instance (on NATS, the micro service id of `$SRV.PING`). */
  readonly servedId: string;
  /** Requests being handled right now. */
  readonly inFlight: () => number;
  /**
   * Shuts the service down gracefully: stops taking requests and answers those in
   * flight, stops its consumers (the event being handled finishes; the others come
   * back after their ack wait), stops its timers and gives their leases up. Closing
   * the scope does the same.
   */
  readonly stop: Effect.Effect<void>;
}

const stringField = (value: unknown, key: string): string | undefined => {
  if (typeof value !== "object" || value === null) return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === "string" ? field : undefined;
};

// The code and status of a typed failure, read by its shape as the bus answers it.
const refusalOf = (
  cause: Cause.Cause<unknown>,
): { readonly code: string; readonly status: number } | undefined => {
  const failure = Cause.failureOption(cause);
  if (Option.isNone(failure)) return undefined;
  const error = failure.value as { code?: unknown; httpStatus?: unknown } | null;
  const code = error?.code;
  return typeof code === "string"
    ? { code, status: statusOfError({ code, httpStatus: error?.httpStatus }) }
    : undefined;
};

const toBusEndpoint = <R>(
  definition: EndpointDefinition<R>,
  service: string,
  log: Logger,
  provide: <A, E>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E>,
): BusEndpoint => ({
  name: definition.name,
  ...(definition.description === undefined ? {} : { description: definition.description }),
  input: definition.input,
  ...(definition.output === undefined ? {} : { output: definition.output }),
  handle: (request) =>
    Effect.gen(function* () {
      // A command's envelope names its community; it must be the subject's, so NATS
      // permissions on subjects fence communities off for real.
      const payloadCommunity = stringField(request.input, "community");
      if (payloadCommunity !== undefined && payloadCommunity !== request.community) {
        return yield* Effect.fail(
          new CommunityMismatch({ subjectCommunity: request.community, payloadCommunity }),
        );
      }
      const commandId = stringField(request.input, "commandId");
      const correlationId = stringField(request.input, "correlationId") ?? commandId;
      const requestLog = log.child({
        community: request.community,
        endpoint: definition.name,
        ...(commandId === undefined ? {} : { commandId }),
        ...(correlationId === undefined ? {} : { correlationId }),
      });
      const started = yield* Clock.currentTimeNanos;
      const exit = yield* Effect.exit(
        provide(
          definition.handle(request.input, {
            service,
            endpoint: definition.name,
            community: request.community,
            subject: request.subject,
            headers: request.headers,
            commandId,
            correlationId,
            log: requestLog,
          }),
        ),
      );
      const durationMs = Math.round(Number((yield* Clock.currentTimeNanos) - started) / 1e5) / 10;
      if (Exit.isSuccess(exit)) requestLog.debug({ durationMs }, "request answered");
      else {
        const refused = refusalOf(exit.cause);
        // Refusals are part of normal work; faults are logged by the bus's onFault. A
        // typed failure on the service's side (its store unavailable) is answered like a
        // refusal, with its 5xx status, and logged as a warning.
        if (refused !== undefined && refused.status < 500) {
          requestLog.info({ durationMs, code: refused.code }, "request refused");
        } else if (refused !== undefined) {
          requestLog.warn({ durationMs, ...refused }, "request failed");
        }
      }
      return yield* exit;
    }),
});

const runConsumer = <R>(
  definition: ConsumerDefinition<R>,
  service: string,
  log: Logger,
  provide: <A, E>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E>,
) =>
  Effect.gen(function* () {
    const bus = yield* Bus;
    const processed = yield* ProcessedEvents;
    const durable = `${service}-${definition.name}`;
    const consumerLog = log.child({ consumer: durable });
    return yield* bus.subscribe({
      name: durable,
      subjects: definition.events.map((selector) =>
        typeof selector === "string" ? selector : eventFilter(selector, bus.subjectRoot),
      ),
      ...(definition.ackWaitMs === undefined ? {} : { ackWaitMs: definition.ackWaitMs }),
      ...(definition.maxDeliveries === undefined
        ? {}
        : { maxDeliveries: definition.maxDeliveries }),
      ...(definition.retryDelayMs === undefined ? {} : { retryDelayMs: definition.retryDelayMs }),
      ...(definition.startAt === undefined ? {} : { startAt: definition.startAt }),
      onFault: (fault) => {
        const fields = {
          err: fault.cause,
          kind: fault.kind,
          sequence: fault.delivery?.sequence,
          deliveryCount: fault.delivery?.deliveryCount,
        };
        if (fault.kind === "dead-lettered") consumerLog.error(fields, "event dead-lettered");
        else consumerLog.warn(fields, "event handling failed");
      },
      handler: (event, delivery) =>
        Effect.gen(function* () {
          const eventLog = consumerLog.child({
            community: event.community,
            correlationId: event.correlationId,
            eventId: event.id,
          });
          if (definition.skipProcessed && (yield* processed.has(durable, event.id))) {
            eventLog.debug({ deliveryCount: delivery.deliveryCount }, "event already processed");
            return;
          }
          yield* provide(
            definition.handle(event, {
              service,
              consumer: durable,
              delivery,
              log: eventLog,
              derivedId: (purpose) => derivedId(durable, purpose, event.id),
            }),
          );
          if (definition.skipProcessed) yield* processed.record(durable, event.id);
        }),
    });
  });

const runTimer = <R>(
  definition: TimerDefinition<R>,
  service: string,
  instance: string,
  shutdownTimeoutMs: number,
  log: Logger,
  provide: <A, E>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E>,
) =>
  Effect.gen(function* () {
    const leases = yield* Leases;
    const lease = {
      name: `timer:${service}:${definition.name}`,
      owner: instance,
      ttlMs: definition.leaseTtlMs ?? Math.max(5_000, definition.everyMs * 3),
    };
    const timerLog = log.child({ timer: definition.name });
    let holding = false;
    let stopped = false;
    // The run in progress, on its own fiber so that stopping the schedule lets it finish.
    let current: Fiber.RuntimeFiber<void, unknown> | undefined;
    const tick = Effect.gen(function* () {
      const acquired = yield* Effect.either(leases.acquire(lease));
      if (acquired._tag === "Left") {
        timerLog.warn({ err: acquired.left }, "timer lease unavailable");
        holding = false;
        return;
      }
      holding = acquired.right;
      if (!holding || stopped) return;
      const run = yield* Effect.forkDaemon(
        provide(
          definition.handle({
            service,
            timer: definition.name,
            instance,
            firedAt: instantFromMillis(yield* Clock.currentTimeMillis),
            log: timerLog,
          }),
        ),
      );
      current = run;
      const exit = yield* Fiber.await(run);
      current = undefined;
      if (Exit.isFailure(exit) && !Cause.isInterruptedOnly(exit.cause)) {
        timerLog.error({ err: Cause.squash(exit.cause) }, "timer failed");
      }
    });
    // At start, then every period after the last run ended, on Effect's Clock.
    const schedule = yield* Effect.forkDaemon(
      Effect.repeat(tick, Schedule.spaced(Duration.millis(definition.everyMs))),
    );
    return Effect.suspend((): Effect.Effect<void> => {
      if (stopped) return Effect.void;
      stopped = true;
      const running = current;
      return Fiber.interrupt(schedule).pipe(
        Effect.zipRight(
          running === undefined ? Effect.void : awaitFibers([running], shutdownTimeoutMs),
        ),
        Effect.zipRight(running === undefined ? Effect.void : Fiber.interrupt(running)),
        Effect.zipRight(
          Effect.suspend(() => (holding ? leases.release(lease).pipe(Effect.ignore) : Effect.void)),
        ),
      );
    });
  });

/**
 * Runs a service in a scope on the Bus, the store's Leases and ProcessedEvents, the
 * Log and the Configuration it is given (and whatever else its handlers need):
 *
 * - endpoints are served on `cs.<community>.<service>.<endpoint>` (on NATS as a micro
 *   service in a queue group), every payload parsed by its schema, refusals answered
 *   by their code, faults logged with a reference;
 * - consumers subscribe durably as `<service>-<consumer>`, skipping events already
 *   processed and recording each one finished;
 * - timers run every period in the instance that holds the timer's lease, right away
 *   at start and then every `everyMs`;
 * - shutdown (the scope closing, or `stop`) is graceful and ordered: stop taking
 *   requests and answer those in flight, stop the consumers, stop the timers and give
 *   their leases up.
 *
 * @example
 * const program = Effect.scoped(
 *   Effect.zipRight(runService(registryService), Effect.never),
 * ).pipe(Effect.provide(layers));
 */
export const runService = <R>(
  definition: ServiceDefinition<R>,
): Effect.Effect<RunningService, BusUnavailable, Scope.Scope | HostServices | R> =>
  Effect.gen(function* () {
    const bus = yield* Bus;
    const config = yield* Configuration;
    const baseLog = yield* Log;
    const log = baseLog.child(
      baseLog.bindings().instance === undefined
        ? { service: definition.name, instance: config.instance }
        : { service: definition.name },
    );
    const context = yield* Effect.context<R>();
    const provide = <A, E>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E> =>
      Effect.provide(effect, context);
    const limits: RequestLimits = {
      maxPayloadBytes: config.limits.maxPayloadBytes,
      input: {
        maxDepth: config.limits.maxDepth,
        maxNodes: config.limits.maxNodes,
        maxStringLength: config.limits.maxStringLength,
      },
    };

    const served = yield* bus.serve({
      name: definition.name,
      version: definition.version,
      ...(definition.description === undefined ? {} : { description: definition.description }),
      endpoints: definition.endpoints.map((endpoint) =>
        toBusEndpoint(endpoint, definition.name, log, provide),
      ),
      ...(config.bus.communities === undefined ? {} : { communities: config.bus.communities }),
      limits,
      metadata: { instance: config.instance },
      onFault: (fault) =>
        log.error(
          {
            err: fault.cause,
            reference: fault.reference,
            endpoint: fault.endpoint,
            subject: fault.subject,
          },
          "request failed",
        ),
    });
    const subscriptions: Subscription[] = [];
    for (const consumer of definition.consumers) {
      subscriptions.push(yield* runConsumer(consumer, definition.name, log, provide));
    }
    const timerStops: Array<Effect.Effect<void>> = [];
    for (const timer of definition.timers) {
      timerStops.push(
        yield* runTimer(
          timer,
          definition.name,
          config.instance,
          config.shutdownTimeoutMs,
          log,
          provide,
        ),
      );
    }

    let stopped = false;
    const stop = Effect.suspend((): Effect.Effect<void> => {
      if (stopped) return Effect.void;
      stopped = true;
      log.info("service stopping");
      return served.stop.pipe(
        Effect.zipRight(
          Effect.all(
            subscriptions.map((subscription) => subscription.stop),
            { concurrency: "unbounded", discard: true },
          ),
        ),
        Effect.zipRight(Effect.all(timerStops, { concurrency: "unbounded", discard: true })),
        Effect.zipRight(Effect.sync(() => log.info("service stopped"))),
      );
    });
    // Added last, so it runs first when the scope closes: the order above holds.
    yield* Effect.addFinalizer(() => stop);
    log.info(
      {
        version: definition.version,
        endpoints: definition.endpoints.map((endpoint) => endpoint.name),
        consumers: definition.consumers.map((consumer) => consumer.name),
        timers: definition.timers.map((timer) => timer.name),
        bus: bus.kind,
      },
      "service started",
    );
    return {
      name: definition.name,
      version: definition.version,
      instance: config.instance,
      servedId: served.id,
      inFlight: served.inFlight,
      stop,
    };
  });
