import {
  derivedId as coreDerivedId,
  type EventEnvelope,
  type Instant,
} from "@courier-station/core";
import type { Effect } from "effect";
import type { z } from "zod";
import type { Delivery, MessageHeaders } from "../bus/bus.js";
import { type EventRoute, isConsumerName, isEndpointName, isServiceName } from "../bus/subjects.js";
import type { Logger } from "../logging/logger.js";

/** What an endpoint's handler knows besides its input. */
export interface EndpointContext {
  readonly service: string;
  readonly endpoint: string;
  /** The community of the request, from its subject (the input's own `community` agrees). */
  readonly community: string;
  readonly subject: string;
  readonly headers: MessageHeaders;
  /** The input's `commandId` and `correlationId`, when it has them. */
  readonly commandId: string | undefined;
  readonly correlationId: string | undefined;
  /** A logger carrying the service, community, command and correlation ids. */
  readonly log: Logger;
}

/** What a consumer's handler knows besides the event. */
export interface ConsumerContext {
  readonly service: string;
  /** The durable consumer name: `<service>-<consumer>`. */
  readonly consumer: string;
  readonly delivery: Delivery;
  readonly log: Logger;
  /**
   * A deterministic id for something this consumer does because of this event (a
   * command id, a transfer id): the same event always gives the same id, so sending
   * the command again after a redelivery is a no-op.
   *
   * @example
   * const commandId = context.derivedId("award-points");
   */
  readonly derivedId: (purpose: string) => string;
}

/** What a timer's handler knows. */
export interface TimerContext {
  readonly service: string;
  readonly timer: string;
  /** This process instance (the lease holder). */
  readonly instance: string;
  readonly firedAt: Instant;
  readonly log: Logger;
}

/** An endpoint of a service: a command or a query, its schemas and its handler. */
export interface EndpointDefinition<R> {
  readonly name: string;
  readonly description: string | undefined;
  readonly input: z.ZodType;
  readonly output: z.ZodType | undefined;
  readonly handle: (input: unknown, context: EndpointContext) => Effect.Effect<unknown, unknown, R>;
}

/**
 * Declares an endpoint. The input is parsed (with core's `parseInput`) before the
 * handler runs; a failure by a domain error (with `_tag`, `code` and text in both
 * languages) is answered as a typed refusal, anything else as an internal error.
 *
 * @example
 * const register = endpoint({
 *   name: "RegisterCourier",
 *   input: commandEnvelopeOf(RegisterCourier),
 *   handler: (envelope, context) => executeCommand(courierDecider, envelope, runtime),
 * });
 */
export const endpoint = <Input extends z.ZodType, Output = unknown, R = never>(spec: {
  readonly name: string;
  readonly description?: string;
  readonly input: Input;
  readonly output?: z.ZodType<Output>;
  readonly handler: (
    input: z.output<Input>,
    context: EndpointContext,
  ) => Effect.Effect<Output, unknown, R>;
}): EndpointDefinition<R> => ({
  name: spec.name,
  description: spec.description,
  input: spec.input,
  output: spec.output,
  // The host calls `handle` only with input the schema accepted.
  handle: spec.handler as (
    input: unknown,
    context: EndpointContext,
  ) => Effect.Effect<unknown, unknown, R>,
});

/** Which events a consumer takes: a subject filter, or the parts of one (absent parts match all). */
export type EventSelector = string | Partial<EventRoute>;

/** A durable consumer of a service. */
export interface ConsumerDefinition<R> {
  readonly name: string;
  readonly events: ReadonlyArray<EventSelector>;
  readonly handle: (
    event: EventEnvelope,
    context: ConsumerContext,
  ) => Effect.Effect<void, unknown, R>;
  readonly ackWaitMs: number | undefined;
  readonly maxDeliveries: number | undefined;
  readonly retryDelayMs: ((deliveryCount: number) => number) | undefined;
  readonly startAt: "all" | "new" | undefined;
  readonly skipProcessed: boolean;
}

/**
 * Declares a durable consumer. Its name becomes `<service>-<name>` on the bus, so
 * consumers of different services never share a place in the stream.
 *
 * The host records each event it finished (in `ProcessedEvents`) and skips events it
 * already finished (`skipProcessed`, default true). Handlers keep their effects
 * idempotent too, with `context.derivedId(...)` as the id of what they do.
 *
 * @example
 * const earn = consumer({
 *   name: "earn-points",
 *   events: [{ aggregate: "activity", type: "ParticipationConfirmed" }],
 *   handler: (event, context) => awardPoints(event, context.derivedId("award")),
 * });
 */
export const consumer = <R = never>(spec: {
  readonly name: string;
  readonly events: ReadonlyArray<EventSelector>;
  readonly handler: (
    event: EventEnvelope,
    context: ConsumerContext,
  ) => Effect.Effect<void, unknown, R>;
  readonly ackWaitMs?: number;
  readonly maxDeliveries?: number;
  readonly retryDelayMs?: (deliveryCount: number) => number;
  readonly startAt?: "all" | "new";
  readonly skipProcessed?: boolean;
}): ConsumerDefinition<R> => ({
  name: spec.name,
  events: spec.events,
  handle: spec.handler,
  ackWaitMs: spec.ackWaitMs,
  maxDeliveries: spec.maxDeliveries,
  retryDelayMs: spec.retryDelayMs,
  startAt: spec.startAt,
  skipProcessed: spec.skipProcessed ?? true,
});

/** A periodic task of a service, run by one instance at a time. */
export interface TimerDefinition<R> {
  readonly name: string;
  readonly everyMs: number;
  readonly leaseTtlMs: number | undefined;
  readonly handle: (context: TimerContext) => Effect.Effect<void, unknown, R>;
}

/**
 * Declares a timer: every `everyMs`, the instance holding the timer's lease runs it.
 * Several instances are safe: the others stand by and take over when the holder dies.
 *
 * @example
 * const expireHolds = timer({ name: "expire-holds", everyMs: MINUTE, handler: () => expire() });
 */
export const timer = <R = never>(spec: {
  readonly name: string;
  readonly everyMs: number;
  /** How long the lease lasts without renewal; default three periods (at least 5 s). */
  readonly leaseTtlMs?: number;
  readonly handler: (context: TimerContext) => Effect.Effect<void, unknown, R>;
}): TimerDefinition<R> => ({
  name: spec.name,
  everyMs: spec.everyMs,
  leaseTtlMs: spec.leaseTtlMs,
  handle: spec.handler,
});

/** A service declared as data. `R` is what its handlers need besides the host's own services. */
export interface ServiceDefinition<R> {
  readonly name: string;
  readonly version: string;
  readonly description: string | undefined;
  readonly endpoints: ReadonlyArray<EndpointDefinition<R>>;
  readonly consumers: ReadonlyArray<ConsumerDefinition<R>>;
  readonly timers: ReadonlyArray<TimerDefinition<R>>;
}

/** What a definition's handlers need. */
export type RequirementsOf<Definition> =
  Definition extends EndpointDefinition<infer R>
    ? R
    : Definition extends ConsumerDefinition<infer R>
      ? R
      : Definition extends TimerDefinition<infer R>
        ? R
        : never;

const semverPattern = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
const timerNamePattern = /^[a-z][a-z0-9-]{0,39}$/;

const fail = (message: string): never => {
  throw new TypeError(`defineService: ${message}`);
};

/**
 * Declares a service as data: its name and version, its endpoints (commands and
 * queries), its durable consumers and its timers. `runService` runs it on whatever
 * Bus, Store and configuration it is given. Throws a `TypeError` on a malformed
 * definition (a programming error, caught by the first test that imports it).
 *
 * @example
 * export const registryService = defineService({
 *   name: "registry",
 *   version: packageJson.version,
 *   endpoints: [register, verify],
 *   consumers: [],
 *   timers: [],
 * });
 */
export const defineService = <
  const Endpoints extends ReadonlyArray<EndpointDefinition<unknown>> = [],
  const Consumers extends ReadonlyArray<ConsumerDefinition<unknown>> = [],
  const Timers extends ReadonlyArray<TimerDefinition<unknown>> = [],
>(spec: {
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  readonly endpoints?: Endpoints;
  readonly consumers?: Consumers;
  readonly timers?: Timers;
}): ServiceDefinition<
  | RequirementsOf<Endpoints[number]>
  | RequirementsOf<Consumers[number]>
  | RequirementsOf<Timers[number]>
> => {
  if (!isServiceName(spec.name)) fail(`invalid service name ${JSON.stringify(spec.name)}`);
  if (!semverPattern.test(spec.version)) fail(`invalid version ${JSON.stringify(spec.version)}`);
  const endpoints = spec.endpoints ?? [];
  const consumers = spec.consumers ?? [];
  const timers = spec.timers ?? [];
  const unique = (kind: string, names: ReadonlyArray<string>) => {
    const seen = new Set<string>();
    for (const name of names) {
      if (seen.has(name)) fail(`two ${kind}s named ${JSON.stringify(name)}`);
      seen.add(name);
    }
  };
  for (const { name } of endpoints) {
    if (!isEndpointName(name)) fail(`invalid endpoint name ${JSON.stringify(name)}`);
  }
  for (const { name, events } of consumers) {
    if (!isConsumerName(`${spec.name}-${name}`))
      fail(`invalid consumer name ${JSON.stringify(name)}`);
    if (events.length === 0) fail(`the consumer ${JSON.stringify(name)} selects no events`);
  }
  for (const { name, everyMs } of timers) {
    if (!timerNamePattern.test(name)) fail(`invalid timer name ${JSON.stringify(name)}`);
    if (!Number.isSafeInteger(everyMs) || everyMs < 10) {
      fail(`the timer ${JSON.stringify(name)} needs everyMs >= 10`);
    }
  }
  unique(
    "endpoint",
    endpoints.map((definition) => definition.name),
  );
  unique(
    "consumer",
    consumers.map((definition) => definition.name),
  );
  unique(
    "timer",
    timers.map((definition) => definition.name),
  );
  type R =
    | RequirementsOf<Endpoints[number]>
    | RequirementsOf<Consumers[number]>
    | RequirementsOf<Timers[number]>;
  return {
    name: spec.name,
    version: spec.version,
    description: spec.description,
    // Each element's requirements are part of R, so the widening is sound.
    endpoints: endpoints as unknown as ReadonlyArray<EndpointDefinition<R>>,
    consumers: consumers as unknown as ReadonlyArray<ConsumerDefinition<R>>,
    timers: timers as unknown as ReadonlyArray<TimerDefinition<R>>,
  };
};

/**
 * A deterministic identifier from parts (a consumer, a purpose, an event id): core's
 * `derivedId`, the one scheme of derived ids (`d-` and 40 hex digits of their SHA-256),
 * re-exported so flows and the domain packages derive ids alike.
 *
 * @example
 * derivedId("points-earn", "award", event.id); // "d-3f9a…"
 */
export const derivedId: (...parts: ReadonlyArray<string>) => string = coreDerivedId;
