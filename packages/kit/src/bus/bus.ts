import {
  type DomainErrorReport,
  type EventEnvelope,
  type InputLimits,
  type Instant,
  LocalizedText,
} from "@courier-station/core";
import { Context, type Effect, type Scope } from "effect";
import { z } from "zod";
import type { BusUnavailable, RequestFailure } from "./bus-errors.js";
import type { RequestRoute } from "./subjects.js";

/** Message headers: plain string pairs (NATS headers, or their in-process copy). */
export type MessageHeaders = Readonly<Record<string, string>>;

/**
 * The body of every reply on the bus: `{ ok: true, value }`, or `{ ok: false, error }`
 * where `error` is core's `DomainErrorReport` (code, tag, message in zh-CN and en,
 * details). A reply received by a client also carries the `status` of its
 * `Nats-Service-Error-Code` header (200 when there is none).
 */
export type Reply<Value> =
  | { readonly ok: true; readonly value: Value; readonly status: 200 }
  | { readonly ok: false; readonly error: DomainErrorReport; readonly status: number };

/** The zod schema of a reply body as it travels (the `status` is in the headers). */
export const ReplyBody = z.union([
  // `value` is absent on the wire when a handler returns nothing.
  z.strictObject({ ok: z.literal(true), value: z.unknown().optional() }),
  z.strictObject({
    ok: z.literal(false),
    error: z.strictObject({
      code: z.string().min(1),
      tag: z.string().min(1),
      message: LocalizedText,
      details: z.record(z.string(), z.unknown()),
    }),
  }),
]);
/** A reply body as it travels. */
export type ReplyBody = z.infer<typeof ReplyBody>;

/** A request as an endpoint's handler sees it: parsed input and where it came from. */
export interface IncomingRequest<Input> {
  /** The subject the request arrived on (`cs.jinshan-wanda.registry.RegisterCourier`). */
  readonly subject: string;
  /** The community read from the subject; a handler checks the payload agrees. */
  readonly community: string;
  readonly service: string;
  readonly endpoint: string;
  /** The payload after `parseInput` and the endpoint's input schema. */
  readonly input: Input;
  readonly headers: MessageHeaders;
}

/**
 * One endpoint of a service as the bus serves it: its name (the last subject token,
 * usually the command or query type), its input schema, an optional output schema,
 * and a handler. Build one with {@link busEndpoint} to keep the handler's input typed.
 *
 * The bus parses every request with core's `parseInput` (refusing `__proto__`, `$` and
 * dotted keys, NUL characters, non-finite numbers, oversize input) and then the input
 * schema; a refusal is answered `ok: false` with `input.invalid` and never reaches the
 * handler. The handler's failures are answered by their shape: a domain error (with
 * `_tag`, `code`, `text`) as its report with a 4xx status; anything else as
 * `internal.error` (500) with a reference, and nothing internal in the reply.
 */
export interface BusEndpoint {
  readonly name: string;
  readonly description?: string;
  readonly input: z.ZodType;
  readonly output?: z.ZodType;
  readonly handle: (request: IncomingRequest<unknown>) => Effect.Effect<unknown, unknown>;
}

/**
 * Declares a bus endpoint with a typed handler.
 *
 * @example
 * const ping = busEndpoint({
 *   name: "Ping",
 *   input: z.strictObject({ text: z.string() }),
 *   output: z.strictObject({ text: z.string() }),
 *   handler: (request) => Effect.succeed({ text: request.input.text }),
 * });
 */
export const busEndpoint = <Input extends z.ZodType, Output = unknown>(spec: {
  readonly name: string;
  readonly description?: string;
  readonly input: Input;
  readonly output?: z.ZodType<Output>;
  readonly handler: (request: IncomingRequest<z.output<Input>>) => Effect.Effect<Output, unknown>;
}): BusEndpoint => ({
  name: spec.name,
  ...(spec.description === undefined ? {} : { description: spec.description }),
  input: spec.input,
  ...(spec.output === undefined ? {} : { output: spec.output }),
  // The bus only calls `handle` with input the schema accepted, so the cast is safe.
  handle: spec.handler as (request: IncomingRequest<unknown>) => Effect.Effect<unknown, unknown>,
});

/** Limits on requests, checked before anything is parsed. */
export interface RequestLimits {
  /** The largest request payload in bytes; larger ones are refused with `input.too_large`. */
  readonly maxPayloadBytes: number;
  /** The shape limits of core's `parseInput`. */
  readonly input: InputLimits;
}

/** Something went wrong inside a service while answering a request (never a refusal). */
export interface RequestFault {
  readonly service: string;
  readonly endpoint: string;
  readonly subject: string;
  /** The reference the caller got in its `internal.error` reply. */
  readonly reference: string;
  readonly cause: unknown;
}

/**
 * A service as the bus serves it: a name and version (on NATS a micro service, so
 * `$SRV.PING`, `$SRV.INFO` and `$SRV.STATS` answer), and its endpoints on
 * `cs.<community>.<service>.<endpoint>`.
 */
export interface ServiceSpec {
  /** The service name, a subject token (`registry`, `points`). */
  readonly name: string;
  /** A semantic version (`1.2.0`), usually the service's package.json version. */
  readonly version: string;
  readonly description?: string;
  readonly endpoints: ReadonlyArray<BusEndpoint>;
  /**
   * The communities to serve. Absent: every community (`cs.*.<service>.…`, the
   * community read from the subject). Listed: one subject group per community, so the
   * service's own NATS user can be limited to those communities.
   */
  readonly communities?: ReadonlyArray<string>;
  /** Request limits; defaults to {@link defaultRequestLimits}. */
  readonly limits?: RequestLimits;
  /** Called with every fault (for the log); the caller only sees a reference. */
  readonly onFault?: (fault: RequestFault) => void;
  /** Extra metadata shown by `$SRV.INFO`. */
  readonly metadata?: Readonly<Record<string, string>>;
}

/** The default request limits: 128 KiB payloads and core's default input limits. */
export const defaultRequestLimits: RequestLimits = {
  maxPayloadBytes: 128 * 1024,
  input: { maxDepth: 16, maxNodes: 10_000, maxStringLength: 20_000 },
};

/** A running service on the bus. */
export interface ServedService {
  /** The instance id (on NATS, the micro service id shown by `$SRV.PING`). */
  readonly id: string;
  /** Requests being handled right now. */
  readonly inFlight: () => number;
  /**
   * Stops taking requests and waits for the ones in flight to be answered. Closing the
   * scope `serve` ran in does the same.
   */
  readonly stop: Effect.Effect<void>;
}

/** How to send a request. */
export interface RequestOptions<Output> {
  /** The subject, or the route it is built from (with the bus's subject root). */
  readonly to: string | RequestRoute;
  /** The payload; it travels as JSON. */
  readonly payload: unknown;
  /** The schema of the reply's `value`; absent: the value is `unknown`. */
  readonly output?: z.ZodType<Output>;
  /** How long to wait for a reply; default 5 seconds. */
  readonly timeoutMs?: number;
  readonly headers?: MessageHeaders;
}

/** Where an event landed on the bus. */
export interface PublishAck {
  /** Its sequence number in the event stream. */
  readonly sequence: number;
  /** True when the stream already had an event with this id within its duplicate window. */
  readonly duplicate: boolean;
  /**
   * Present when the bus keeps events only in memory (the in-process bus): it completes
   * once every durable consumer that matched the event when it was published has
   * acknowledged it (or dead-lettered it). The outbox relay marks such an event relayed
   * only then, so a restart before the consumers finished publishes it again instead
   * of losing it. Absent on NATS, where JetStream has stored the event.
   */
  readonly settled?: Effect.Effect<void>;
}

/** One delivery of an event to a durable consumer. */
export interface Delivery {
  readonly consumer: string;
  readonly subject: string;
  /** The event's sequence number in the stream. */
  readonly sequence: number;
  /** 1 for the first delivery, 2 for the first redelivery, … */
  readonly deliveryCount: number;
}

/** Something went wrong in a consumer (a handler failure, a dead letter, a lost connection). */
export interface ConsumerFault {
  readonly consumer: string;
  readonly kind: "handler-failed" | "dead-lettered" | "subscription-error";
  readonly delivery?: Delivery;
  readonly cause: unknown;
}

/**
 * A durable subscription to events: a named consumer that survives restarts and
 * receives each matching event at least once.
 *
 * - The handler succeeding acknowledges the event; failing asks for a redelivery after
 *   `retryDelayMs`; not answering within `ackWaitMs` (a crash, a hang) redelivers it.
 * - After `maxDeliveries` deliveries without success, the event goes to the dead
 *   letters (`cs.dlq.<consumer>`) with its last failure, and is not delivered again.
 * - An event that is not a valid `EventEnvelope` goes to the dead letters at once.
 *
 * Handlers must be idempotent (an event can come twice); see the README for the
 * patterns (derived command ids, versioned read-model upserts).
 */
export interface SubscriptionSpec {
  /** The durable consumer name; instances with the same name share the work. */
  readonly name: string;
  /** Subject filters (see `eventFilter`); at least one. */
  readonly subjects: ReadonlyArray<string>;
  readonly handler: (event: EventEnvelope, delivery: Delivery) => Effect.Effect<void, unknown>;
  /** How long a delivery may stay unacknowledged before it is redelivered; default 30 s. */
  readonly ackWaitMs?: number;
  /** Deliveries before the dead letters; default 5. */
  readonly maxDeliveries?: number;
  /** The delay before a failed event is redelivered, by delivery count; default 1 s, 2 s, 4 s… up to 30 s. */
  readonly retryDelayMs?: (deliveryCount: number) => number;
  /** Where a new consumer starts: every event in the stream (default) or only new ones. */
  readonly startAt?: "all" | "new";
  readonly onFault?: (fault: ConsumerFault) => void;
}

/** The default delay before a failed event is redelivered: 1 s, 2 s, 4 s, … at most 30 s. */
export const defaultRetryDelayMs = (deliveryCount: number): number =>
  Math.min(30_000, 1_000 * 2 ** Math.max(0, deliveryCount - 1));

/** A running durable subscription. */
export interface Subscription {
  readonly consumer: string;
  /**
   * Stops taking deliveries and waits for the one being handled. Unacknowledged
   * deliveries come back (to this consumer name) after their ack wait.
   */
  readonly stop: Effect.Effect<void>;
}

/** An event a consumer gave up on, with why. */
export interface DeadLetter {
  readonly consumer: string;
  /** The event's subject. */
  readonly subject: string;
  /** The event's sequence number in the event stream. */
  readonly sequence: number;
  readonly deliveries: number;
  /** The event as it was published (parsed JSON), or its text when it was not JSON. */
  readonly payload: unknown;
  /** The last failure: a domain error report, or `consumer.failed` / `consumer.ack_timeout`. */
  readonly error: DomainErrorReport;
  readonly at: Instant;
}

/**
 * The Bus port: request/reply between services, events to a durable stream, and
 * durable subscriptions with explicit acknowledgement, redelivery and dead letters.
 *
 * Two adapters pass one contract suite (`bus.contract.ts`): `InProcessBus.layer`
 * (one process, the embedded default and for tests) and `NatsBus.layer(...)` (NATS,
 * JetStream and micro services).
 *
 * @example
 * const program = Effect.gen(function* () {
 *   const bus = yield* Bus;
 *   const reply = yield* bus.request({ to: { community, service: "registry", endpoint: "RegisterCourier" }, payload });
 *   if (!reply.ok) console.log(reply.error.code, reply.status);
 * });
 * Effect.runPromise(program.pipe(Effect.provide(InProcessBus.layer())));
 */
export interface BusApi {
  readonly kind: "in-process" | "nats";
  /** The first token of every subject on this bus (`cs` unless configured). */
  readonly subjectRoot: string;
  /** Serves a service's endpoints until `stop` or until the scope closes. */
  readonly serve: (
    service: ServiceSpec,
  ) => Effect.Effect<ServedService, BusUnavailable, Scope.Scope>;
  /**
   * Sends a request and waits for the reply. A refusal is a reply (`ok: false`), not a
   * failure; the effect fails only when there is no usable reply.
   */
  readonly request: <Output = unknown>(
    options: RequestOptions<Output>,
  ) => Effect.Effect<Reply<Output>, RequestFailure>;
  /** Publishes an event to the event stream, deduplicated by its id. */
  readonly publish: (event: EventEnvelope) => Effect.Effect<PublishAck, BusUnavailable>;
  /** Starts a durable subscription until `stop` or until the scope closes. */
  readonly subscribe: (
    spec: SubscriptionSpec,
  ) => Effect.Effect<Subscription, BusUnavailable, Scope.Scope>;
  /** The dead letters of a consumer, oldest first. */
  readonly deadLetters: (
    consumer: string,
  ) => Effect.Effect<ReadonlyArray<DeadLetter>, BusUnavailable>;
}

/** The Bus port's tag: `yield* Bus` in an Effect to use it. */
export class Bus extends Context.Tag("@courier-station/kit/Bus")<Bus, BusApi>() {}
