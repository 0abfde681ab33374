import {
  type DomainErrorReport,
  EventEnvelope,
  instantFromMillis,
  localized,
  parseInput,
  toErrorReport,
} from "@courier-station/core";
import {
  AckPolicy,
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
} from "@nats-io/jetstream";
import {
  type MsgHdrs,
  type NatsConnection,
  nanos,
  headers as natsHeaders,
  RequestError,
  TimeoutError,
} from "@nats-io/nats-core";
import {
  ServiceErrorCodeHeader,
  ServiceErrorHeader,
  type ServiceMsg,
  Svcm,
} from "@nats-io/services";
import { connect } from "@nats-io/transport-node";
import {
  Cause,
  Duration,
  Effect,
  Either,
  Exit,
  Fiber,
  FiberId,
  Layer,
  Runtime,
  type Scope,
} from "effect";
import {
  Bus,
  type BusApi,
  type DeadLetter,
  type Delivery,
  defaultRequestLimits,
  defaultRetryDelayMs,
  type MessageHeaders,
  type ServedService,
  type ServiceSpec,
  type Subscription,
  type SubscriptionSpec,
} from "./bus.js";
import { BusTimeout, BusUnavailable, NoResponders } from "./bus-errors.js";
import { awaitFibers } from "./drain.js";
import {
  type Answer,
  answerRequest,
  encodeJson,
  failureReport,
  readReply,
} from "./request-handling.js";
import {
  allDeadLettersSubject,
  allEventsSubject,
  deadLetterSubject,
  defaultSubjectRoot,
  eventSubject,
  isConsumerName,
  isEndpointName,
  isServiceName,
  isSubjectRoot,
  readRequestSubject,
  requestTarget,
  subjectRefusal,
} from "./subjects.js";

/** Settings of the NATS bus. */
export interface NatsBusOptions {
  /** One or more server URLs (`nats://127.0.0.1:4222`), usually from `NATS_URL`. */
  readonly servers: string | ReadonlyArray<string>;
  /** The connection name shown by the server's monitoring (`registry@host`). */
  readonly connectionName?: string;
  readonly user?: string;
  readonly pass?: string;
  readonly token?: string;
  /** The first token of every subject; default `cs`. */
  readonly subjectRoot?: string;
  /** The event stream, created or updated on start. */
  readonly eventStream?: {
    /** Default `<ROOT>_EVENTS` (`CS_EVENTS`). */
    readonly name?: string;
    /** Within this window JetStream drops a second event with the same id; default 2 minutes. */
    readonly duplicateWindowMs?: number;
    /** How long events are kept; default 30 days (the store is the truth; the relay can republish). */
    readonly maxAgeMs?: number;
    /** Replicas in a JetStream cluster; default 1. */
    readonly replicas?: number;
  };
  /** The dead-letter stream, created or updated on start. */
  readonly deadLetterStream?: {
    /** Default `<ROOT>_DLQ` (`CS_DLQ`). */
    readonly name?: string;
    /** How long dead letters are kept; default forever (0). */
    readonly maxAgeMs?: number;
    readonly replicas?: number;
  };
  /** How long a request waits for its reply unless it says otherwise; default 5 s. */
  readonly requestTimeoutMs?: number;
  /** How long a publish waits for JetStream's acknowledgement; default 5 s. */
  readonly publishTimeoutMs?: number;
  /** How long stopping a service or a subscription waits for work in flight; default 10 s. */
  readonly drainTimeoutMs?: number;
  /** The most unacknowledged deliveries per consumer; default 1,000. */
  readonly maxAckPending?: number;
  /** Called on connection events (disconnect, reconnect, errors), for the log. */
  readonly onStatus?: (status: { readonly type: string; readonly data?: unknown }) => void;
  /**
   * Delete the streams when the layer closes. For tests with a throw-away subject
   * root only; never in a deployment.
   */
  readonly temporary?: boolean;
}

const streamNameOf = (root: string, suffix: string): string =>
  `${root.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_${suffix}`;

const reasonOf = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

const unavailable = (error: unknown): BusUnavailable =>
  new BusUnavailable({ reason: reasonOf(error).slice(0, 300) });

const apiCodeOf = (error: unknown): number | undefined => {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === "number" ? code : undefined;
};

const headersOf = (headers: MsgHdrs | undefined): MessageHeaders => {
  const result: Record<string, string> = {};
  if (headers === undefined) return result;
  for (const key of headers.keys()) result[key] = headers.get(key);
  return result;
};

const decoder = new TextDecoder();

const payloadOf = (data: Uint8Array): unknown => {
  const text = decoder.decode(data);
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

const ackTimeoutReport = (ackWaitMs: number, deliveries: number): DomainErrorReport => ({
  code: "consumer.ack_timeout",
  tag: "AckTimeout",
  message: localized(
    `事件投递 ${deliveries} 次均未在 ${ackWaitMs} 毫秒内确认`,
    `The event was delivered ${deliveries} times without an acknowledgement within ${ackWaitMs} ms`,
  ),
  details: { deliveries, ackWaitMs },
});

/** A header value must be one line of text; the English message is used, shortened. */
const headerText = (text: string): string => text.replace(/[\r\n]+/g, " ").slice(0, 200);

/** Sends an answer: its body, and for a refusal the micro-service error headers. */
const respond = (message: ServiceMsg, answer: Answer): void => {
  try {
    const body = encodeJson(answer.body);
    if (answer.status === 200) message.respond(body);
    else {
      const description = answer.body.ok ? "" : headerText(answer.body.error.message.en);
      message.respondError(answer.status, description, body);
    }
  } catch {
    // The connection is gone; the caller times out and retries.
  }
};

const requireValid = (valid: boolean, what: string, value: string): Effect.Effect<void> =>
  valid ? Effect.void : Effect.die(new TypeError(`Invalid ${what}: ${JSON.stringify(value)}`));

const ensureStream = async (
  manager: JetStreamManager,
  config: {
    readonly name: string;
    readonly subjects: string[];
    readonly duplicateWindowMs: number;
    readonly maxAgeMs: number;
    readonly replicas: number;
  },
): Promise<void> => {
  const settings = {
    subjects: config.subjects,
    duplicate_window: nanos(config.duplicateWindowMs),
    max_age: nanos(config.maxAgeMs),
    num_replicas: config.replicas,
  };
  try {
    await manager.streams.info(config.name);
    await manager.streams.update(config.name, settings);
    return;
  } catch (error) {
    // 10059: stream not found. Anything else is a real problem.
    if (apiCodeOf(error) !== 10059 && !/not found/i.test(reasonOf(error))) throw error;
  }
  try {
    await manager.streams.add({
      name: config.name,
      ...settings,
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
    });
  } catch (error) {
    // Another instance created it in between: bring its settings up to date.
    await manager.streams.update(config.name, settings).catch(() => {
      throw error;
    });
  }
};

/**
 * Connects to NATS in a scope and returns the Bus on it:
 *
 * - requests: each service is a NATS micro service (`@nats-io/services`) in a queue
 *   group named after it, with its endpoints in a group `cs.*.<service>` (or one group
 *   per community listed), so `$SRV.PING`, `$SRV.INFO` and `$SRV.STATS` answer and
 *   instances share the load; refusals set `Nats-Service-Error` and
 *   `Nats-Service-Error-Code`;
 * - events: a JetStream stream on `cs.evt.*.*.*` (created or updated on start) with a
 *   duplicate window, each event published with `Nats-Msg-Id` = its id;
 * - durable subscriptions: pull consumers with explicit ack and an ack wait; one
 *   consumer per subject filter, because nats-server before 2.10 has no multi-filter
 *   consumers (`<name>` for one filter, `<name>_<n>` for several);
 * - dead letters: a stream on `cs.dlq.*`.
 *
 * It reconnects for ever; while disconnected, requests and publishes fail with
 * `BusUnavailable` or `BusTimeout`, and consumers resume when the server is back.
 * Closing the scope stops services and consumers gracefully and drains the connection.
 */
export const makeNatsBus = (
  options: NatsBusOptions,
): Effect.Effect<BusApi, BusUnavailable, Scope.Scope> =>
  Effect.gen(function* () {
    const root = options.subjectRoot ?? defaultSubjectRoot;
    yield* requireValid(isSubjectRoot(root), "subject root", root);
    const eventStreamName = options.eventStream?.name ?? streamNameOf(root, "EVENTS");
    const deadLetterStreamName = options.deadLetterStream?.name ?? streamNameOf(root, "DLQ");
    const requestTimeoutMs = options.requestTimeoutMs ?? 5_000;
    const publishTimeoutMs = options.publishTimeoutMs ?? 5_000;
    const drainTimeoutMs = options.drainTimeoutMs ?? 10_000;
    const maxAckPending = options.maxAckPending ?? 1_000;
    const runtime = yield* Effect.runtime<never>();
    const clock = yield* Effect.clock;

    const connection: NatsConnection = yield* Effect.acquireRelease(
      Effect.tryPromise({
        try: () =>
          connect({
            servers: typeof options.servers === "string" ? options.servers : [...options.servers],
            ...(options.connectionName === undefined ? {} : { name: options.connectionName }),
            ...(options.user === undefined ? {} : { user: options.user }),
            ...(options.pass === undefined ? {} : { pass: options.pass }),
            ...(options.token === undefined ? {} : { token: options.token }),
            maxReconnectAttempts: -1,
            reconnectTimeWait: 250,
          }),
        catch: unavailable,
      }),
      (nc) =>
        Effect.promise(async () => {
          if (nc.isClosed()) return;
          await nc.drain().catch(() => nc.close());
        }),
    );

    if (options.onStatus !== undefined) {
      const onStatus = options.onStatus;
      const statuses = connection.status();
      void (async () => {
        for await (const status of statuses) {
          try {
            onStatus({ type: status.type, data: "data" in status ? status.data : undefined });
          } catch {
            // The log must not break the connection.
          }
        }
      })();
    }

    const manager: JetStreamManager = yield* Effect.tryPromise({
      try: () => jetstreamManager(connection),
      catch: unavailable,
    });
    const client: JetStreamClient = jetstream(connection);
    yield* Effect.tryPromise({
      try: async () => {
        await ensureStream(manager, {
          name: eventStreamName,
          subjects: [allEventsSubject(root)],
          duplicateWindowMs: options.eventStream?.duplicateWindowMs ?? 120_000,
          maxAgeMs: options.eventStream?.maxAgeMs ?? 30 * 24 * 60 * 60 * 1_000,
          replicas: options.eventStream?.replicas ?? 1,
        });
        await ensureStream(manager, {
          name: deadLetterStreamName,
          subjects: [allDeadLettersSubject(root)],
          duplicateWindowMs: 120_000,
          maxAgeMs: options.deadLetterStream?.maxAgeMs ?? 0,
          replicas: options.deadLetterStream?.replicas ?? 1,
        });
      },
      catch: unavailable,
    });
    if (options.temporary === true) {
      yield* Effect.addFinalizer(() =>
        Effect.promise(async () => {
          if (connection.isClosed()) return;
          await manager.streams.delete(eventStreamName).catch(() => false);
          await manager.streams.delete(deadLetterStreamName).catch(() => false);
        }),
      );
    }

    // --- request / reply -----------------------------------------------------------

    const serve = (spec: ServiceSpec): Effect.Effect<ServedService, BusUnavailable, Scope.Scope> =>
      Effect.gen(function* () {
        yield* requireValid(isServiceName(spec.name), "service name", spec.name);
        for (const endpoint of spec.endpoints) {
          yield* requireValid(isEndpointName(endpoint.name), "endpoint name", endpoint.name);
        }
        const limits = spec.limits ?? defaultRequestLimits;
        const fibers = new Set<Fiber.RuntimeFiber<unknown, unknown>>();
        const service = yield* Effect.tryPromise({
          try: () =>
            new Svcm(connection).add({
              name: spec.name,
              version: spec.version,
              queue: spec.name,
              ...(spec.description === undefined ? {} : { description: spec.description }),
              metadata: { ...(spec.metadata ?? {}), subjectRoot: root },
            }),
          catch: unavailable,
        });
        let stopped = false;
        const stop = Effect.suspend(() => {
          if (stopped) return Effect.void;
          stopped = true;
          return Effect.promise(() => service.stop().catch(() => null)).pipe(
            Effect.zipRight(awaitFibers(fibers, drainTimeoutMs)),
            Effect.zipRight(Fiber.interruptAll(fibers)),
          );
        });
        yield* Effect.addFinalizer(() => stop);
        const groups =
          spec.communities === undefined
            ? [{ suffix: "", group: service.addGroup(`${root}.*.${spec.name}`) }]
            : spec.communities.map((community) => ({
                suffix: `-${community}`,
                group: service.addGroup(`${root}.${community}.${spec.name}`),
              }));
        for (const { suffix, group } of groups) {
          for (const endpoint of spec.endpoints) {
            group.addEndpoint(`${endpoint.name}${suffix}`, {
              subject: endpoint.name,
              ...(endpoint.description === undefined
                ? {}
                : { metadata: { description: endpoint.description } }),
              handler: (error, message) => {
                if (error !== null) {
                  spec.onFault?.({
                    service: spec.name,
                    endpoint: endpoint.name,
                    subject: "",
                    reference: "subscription",
                    cause: error,
                  });
                  return;
                }
                // `<root>.*.<service>` matches an upper-case community or `evt` too: such a
                // request is refused at once, so its caller does not wait for a timeout.
                const route = readRequestSubject(message.subject, root);
                if (Either.isLeft(route)) {
                  respond(message, subjectRefusal(route.left));
                  return;
                }
                // The services library only catches synchronous throws: the answer runs
                // on a fiber whose every outcome, fault included, is turned into a reply.
                const fiber = Runtime.runFork(runtime)(
                  answerRequest(
                    endpoint,
                    message.data,
                    {
                      service: spec.name,
                      subject: message.subject,
                      route: route.right,
                      headers: headersOf(message.headers),
                    },
                    limits,
                    spec.onFault,
                  ),
                );
                fibers.add(fiber);
                fiber.addObserver((exit) => {
                  fibers.delete(fiber);
                  if (Exit.isFailure(exit)) {
                    try {
                      message.respondError(500, "internal error");
                    } catch {
                      // The connection is gone; the caller times out and retries.
                    }
                    return;
                  }
                  respond(message, exit.value);
                });
              },
            });
          }
        }
        // Once the server has the subscriptions, a request from any connection finds them.
        yield* Effect.tryPromise({ try: () => connection.flush(), catch: unavailable });
        return { id: service.info().id, inFlight: () => fibers.size, stop };
      });

    const request: BusApi["request"] = (requestOptions) =>
      Effect.gen(function* () {
        const target = requestTarget(requestOptions.to, root);
        // A route that makes no subject is refused here: no service could answer it.
        if (Either.isLeft(target)) {
          const answer = subjectRefusal(target.left);
          return yield* readReply(
            "",
            encodeJson(answer.body),
            String(answer.status),
            undefined,
            requestOptions.output,
          );
        }
        const subject = target.right;
        const timeoutMs = requestOptions.timeoutMs ?? requestTimeoutMs;
        const headers = natsHeaders();
        for (const [key, value] of Object.entries(requestOptions.headers ?? {})) {
          headers.set(key, value);
        }
        const message = yield* Effect.tryPromise({
          try: () =>
            connection.request(subject, encodeJson(requestOptions.payload), {
              timeout: timeoutMs,
              headers,
            }),
          catch: (error) => {
            if (error instanceof RequestError && error.isNoResponders()) {
              return new NoResponders({ subject });
            }
            if (
              error instanceof TimeoutError ||
              (error instanceof RequestError && error.cause instanceof TimeoutError)
            ) {
              return new BusTimeout({ subject, timeoutMs });
            }
            return unavailable(error);
          },
        });
        const status = message.headers?.has(ServiceErrorCodeHeader)
          ? message.headers.get(ServiceErrorCodeHeader)
          : undefined;
        const description = message.headers?.has(ServiceErrorHeader)
          ? message.headers.get(ServiceErrorHeader)
          : undefined;
        return yield* readReply(subject, message.data, status, description, requestOptions.output);
      });

    // --- events ------------------------------------------------------------------

    const publish: BusApi["publish"] = (event) =>
      Effect.tryPromise({
        try: async () => {
          const ack = await client.publish(eventSubject(event, root), encodeJson(event), {
            msgID: event.id,
            timeout: publishTimeoutMs,
          });
          return { sequence: ack.seq, duplicate: ack.duplicate };
        },
        catch: unavailable,
      });

    const publishDeadLetter = (letter: DeadLetter): Promise<unknown> =>
      client.publish(deadLetterSubject(letter.consumer, root), encodeJson(letter), {
        msgID: `${letter.consumer}-${letter.sequence}`,
        timeout: publishTimeoutMs,
      });

    const ensureConsumer = async (
      durable: string,
      filter: string,
      spec: SubscriptionSpec,
    ): Promise<void> => {
      const config = {
        durable_name: durable,
        ack_policy: AckPolicy.Explicit,
        ack_wait: nanos(spec.ackWaitMs ?? 30_000),
        // The client counts deliveries and dead-letters, so a delivery that only ever
        // timed out (a crash, a hang) reaches the dead letters too.
        max_deliver: -1,
        max_ack_pending: maxAckPending,
        filter_subject: filter,
        deliver_policy: spec.startAt === "new" ? DeliverPolicy.New : DeliverPolicy.All,
      };
      try {
        await manager.consumers.add(eventStreamName, config);
      } catch (error) {
        // It exists with other settings: update what may change.
        await manager.consumers
          .update(eventStreamName, durable, {
            ack_wait: config.ack_wait,
            max_ack_pending: config.max_ack_pending,
            filter_subject: filter,
          })
          .catch(() => {
            throw error;
          });
      }
    };

    const runConsumer = (durable: string, spec: SubscriptionSpec) =>
      Effect.gen(function* () {
        const ackWaitMs = spec.ackWaitMs ?? 30_000;
        const maxDeliveries = spec.maxDeliveries ?? 5;
        const retryDelayMs = spec.retryDelayMs ?? defaultRetryDelayMs;
        const consumer = yield* Effect.tryPromise({
          try: () => client.consumers.get(eventStreamName, durable),
          catch: unavailable,
        });
        const messages = yield* Effect.tryPromise({
          // A small prefetch: buffered deliveries wait for the handler, and one waiting
          // longer than the ack wait is delivered again.
          try: () => consumer.consume({ max_messages: Math.min(32, maxAckPending) }),
          catch: unavailable,
        });
        let current: Fiber.RuntimeFiber<unknown, unknown> | undefined;
        let stopping = false;

        const handle = async (message: JsMsg): Promise<void> => {
          const delivery: Delivery = {
            consumer: spec.name,
            subject: message.subject,
            sequence: message.seq,
            deliveryCount: message.info.deliveryCount,
          };
          const deadLetter = async (error: DomainErrorReport): Promise<void> => {
            try {
              await publishDeadLetter({
                consumer: spec.name,
                subject: message.subject,
                sequence: message.seq,
                deliveries: delivery.deliveryCount,
                payload: payloadOf(message.data),
                error,
                at: instantFromMillis(clock.unsafeCurrentTimeMillis()),
              });
            } catch (cause) {
              // Not recorded: leave it for a redelivery, so it is not lost.
              spec.onFault?.({ consumer: spec.name, kind: "subscription-error", delivery, cause });
              message.nak(retryDelayMs(delivery.deliveryCount));
              return;
            }
            spec.onFault?.({ consumer: spec.name, kind: "dead-lettered", delivery, cause: error });
            message.term(error.code);
          };
          if (delivery.deliveryCount > maxDeliveries) {
            await deadLetter(ackTimeoutReport(ackWaitMs, delivery.deliveryCount - 1));
            return;
          }
          const event = parseInput(EventEnvelope, payloadOf(message.data));
          if (Either.isLeft(event)) {
            await deadLetter(toErrorReport(event.left));
            return;
          }
          const fiber = Runtime.runFork(runtime)(
            Effect.suspend(() => spec.handler(event.right as EventEnvelope, delivery)),
          );
          current = fiber;
          const exit = await Runtime.runPromise(runtime)(Fiber.await(fiber));
          current = undefined;
          if (Exit.isSuccess(exit)) {
            message.ack();
            return;
          }
          // Interrupted (the consumer is going away): no ack, no nak, as if the process died.
          if (Cause.isInterruptedOnly(exit.cause)) return;
          const failure = Cause.squash(exit.cause);
          spec.onFault?.({ consumer: spec.name, kind: "handler-failed", delivery, cause: failure });
          if (delivery.deliveryCount >= maxDeliveries) {
            await deadLetter(failureReport(failure));
            return;
          }
          message.nak(retryDelayMs(delivery.deliveryCount));
        };

        const loop = (async () => {
          try {
            for await (const message of messages) {
              if (stopping) break;
              try {
                await handle(message);
              } catch (cause) {
                spec.onFault?.({ consumer: spec.name, kind: "subscription-error", cause });
              }
            }
          } catch (cause) {
            spec.onFault?.({ consumer: spec.name, kind: "subscription-error", cause });
          }
          if (!stopping) {
            // The consumer or its stream was deleted, or the connection closed for good.
            spec.onFault?.({
              consumer: spec.name,
              kind: "subscription-error",
              cause: new Error(`the consumer ${durable} stopped delivering`),
            });
          }
        })();

        const stop = Effect.promise(async () => {
          stopping = true;
          const finished = loop.then(() => true);
          // On the Clock, as every timer of kit; interrupted once the race is decided.
          const timer = Runtime.runFork(runtime)(
            Effect.as(Effect.sleep(Duration.millis(drainTimeoutMs)), false),
          );
          // Buffered deliveries are left unacknowledged: they come back after the ack wait.
          messages.stop();
          const done = await Promise.race([
            finished,
            Runtime.runPromise(runtime)(Fiber.join(timer)).catch(() => true),
          ]);
          timer.unsafeInterruptAsFork(FiberId.none);
          if (!done && current !== undefined) {
            await Runtime.runPromise(runtime)(Fiber.interrupt(current));
            await loop;
          }
        });
        return stop;
      });

    const subscribe = (
      spec: SubscriptionSpec,
    ): Effect.Effect<Subscription, BusUnavailable, Scope.Scope> =>
      Effect.gen(function* () {
        yield* requireValid(isConsumerName(spec.name), "consumer name", spec.name);
        yield* requireValid(spec.subjects.length > 0, "subject list", "[]");
        const durables = spec.subjects.map((filter, index) => ({
          durable: spec.subjects.length === 1 ? spec.name : `${spec.name}_${index + 1}`,
          filter,
        }));
        const stops: Array<Effect.Effect<void>> = [];
        let stopped = false;
        const stop = Effect.suspend(() => {
          if (stopped) return Effect.void;
          stopped = true;
          return Effect.all(stops, { concurrency: "unbounded", discard: true });
        });
        yield* Effect.addFinalizer(() => stop);
        for (const { durable, filter } of durables) {
          yield* Effect.tryPromise({
            try: () => ensureConsumer(durable, filter, spec),
            catch: unavailable,
          });
          stops.push(yield* runConsumer(durable, spec));
        }
        return { consumer: spec.name, stop };
      });

    const deadLetters: BusApi["deadLetters"] = (consumer) =>
      Effect.tryPromise({
        try: async () => {
          const subject = deadLetterSubject(consumer, root);
          const last = await manager.streams
            .getMessage(deadLetterStreamName, { last_by_subj: subject })
            .catch(() => null);
          if (last === null) return [];
          const reader = await client.consumers.get(deadLetterStreamName, {
            filter_subjects: subject,
          });
          const letters: DeadLetter[] = [];
          // Fetch until the last one; an empty fetch (letters purged meanwhile) ends it too.
          for (let reached = false; !reached; ) {
            const batch = await reader.fetch({ max_messages: 256, expires: 2_000 });
            let received = 0;
            for await (const message of batch) {
              received += 1;
              letters.push(message.json<DeadLetter>());
              if (message.seq >= last.seq) reached = true;
            }
            if (received === 0) reached = true;
          }
          await reader.delete().catch(() => false);
          return letters;
        },
        catch: unavailable,
      });

    const api: BusApi = {
      kind: "nats",
      subjectRoot: root,
      serve,
      request,
      publish,
      subscribe,
      deadLetters,
    };
    return api;
  });

/**
 * The NATS Bus adapter: micro services for requests, JetStream for events.
 *
 * @example
 * const layer = NatsBus.layer({ servers: process.env.NATS_URL ?? "nats://127.0.0.1:4222" });
 */
export const NatsBus = {
  /** A bus on a NATS connection for the lifetime of the layer. */
  layer: (options: NatsBusOptions): Layer.Layer<Bus, BusUnavailable> =>
    Layer.scoped(Bus, makeNatsBus(options)),
  /** Builds one in a scope, for tests that want two connections. */
  make: makeNatsBus,
} as const;
