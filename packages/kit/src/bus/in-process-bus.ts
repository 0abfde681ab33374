import {
  type DomainErrorReport,
  EventEnvelope,
  instantFromMillis,
  localized,
  parseInput,
  toErrorReport,
  uuidV7Ids,
} from "@courier-station/core";
import {
  Cause,
  Deferred,
  Duration,
  Effect,
  Either,
  Exit,
  Fiber,
  FiberId,
  Layer,
  Queue,
  Runtime,
  type Scope,
} from "effect";
import type { z } from "zod";
import {
  Bus,
  type BusApi,
  type BusEndpoint,
  type DeadLetter,
  type Delivery,
  defaultRequestLimits,
  defaultRetryDelayMs,
  type PublishAck,
  type Reply,
  type RequestLimits,
  type RequestOptions,
  type ServedService,
  type ServiceSpec,
  type Subscription,
  type SubscriptionSpec,
} from "./bus.js";
import { BusTimeout, NoResponders, type RequestFailure } from "./bus-errors.js";
import { awaitFibers } from "./drain.js";
import {
  type Answer,
  answerInput,
  encodeJson,
  failureReport,
  readReplyText,
  readRequestText,
} from "./request-handling.js";
import {
  defaultSubjectRoot,
  eventSubject,
  isConsumerName,
  isEndpointName,
  isServiceName,
  isSubjectRoot,
  type RequestRoute,
  readRequestSubject,
  requestSubjectTokens,
  requestTarget,
  subjectMatches,
  subjectRefusal,
} from "./subjects.js";

/** Settings of the in-process bus. */
export interface InProcessBusOptions {
  /** The first token of every subject; default `cs`. */
  readonly subjectRoot?: string;
  /** Within this window a second event with the same id is dropped; default 2 minutes. */
  readonly duplicateWindowMs?: number;
  /** The most events kept in memory; older ones are dropped first. Default 100,000. */
  readonly maxMessages?: number;
  /**
   * How many events every consumer has already acknowledged are kept (for a consumer
   * that subscribes later and starts at the beginning); older ones are dropped, so a
   * long-running embedded station does not grow. Default 10,000.
   */
  readonly retainAcknowledged?: number;
  /** The most unacknowledged deliveries per consumer; default 1,000. */
  readonly maxAckPending?: number;
  /** How long stopping a service or a subscription waits for work in flight; default 10 s. */
  readonly drainTimeoutMs?: number;
  /** How long a request waits for its reply unless it says otherwise; default 5 s. */
  readonly requestTimeoutMs?: number;
}

interface StoredMessage {
  readonly sequence: number;
  readonly subject: string;
  readonly data: Uint8Array;
}

interface PendingDelivery {
  deliveries: number;
  /** The ack wait or the retry delay running for it: a fiber sleeping on the Clock. */
  timer: Fiber.RuntimeFiber<void> | undefined;
}

interface Ticket {
  readonly sequence: number;
  readonly deliveries: number;
}

interface ConsumerState {
  readonly name: string;
  filters: ReadonlyArray<string>;
  ackWaitMs: number;
  maxDeliveries: number;
  nextSequence: number;
  readonly pending: Map<number, PendingDelivery>;
  readonly due: number[];
  readonly queue: Queue.Queue<Ticket>;
  workers: number;
}

interface ServedInstance {
  readonly id: string;
  readonly spec: ServiceSpec;
  readonly endpoints: ReadonlyMap<string, BusEndpoint>;
  readonly communities: ReadonlySet<string> | undefined;
  readonly limits: RequestLimits;
  stopping: boolean;
  readonly fibers: Set<Fiber.RuntimeFiber<unknown, unknown>>;
}

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

const requireValid = (valid: boolean, what: string, value: string): Effect.Effect<void> =>
  valid ? Effect.void : Effect.die(new TypeError(`Invalid ${what}: ${JSON.stringify(value)}`));

/**
 * Builds an in-process bus in a scope: everything the NATS adapter does, in memory, in
 * one process. Requests go straight to the served handlers (through JSON, as on the
 * wire); events go to an in-memory stream with a duplicate window; durable consumers
 * have explicit acknowledgement, an ack wait, redelivery with delay, max deliveries
 * and dead letters, with the same semantics as JetStream. Closing the scope stops
 * every service and consumer and clears every timer.
 *
 * Events live only as long as the process: the store stays the truth, and the outbox
 * relay republishes what was not yet relayed after a restart.
 */
export const makeInProcessBus = (
  options: InProcessBusOptions = {},
): Effect.Effect<BusApi, never, Scope.Scope> =>
  Effect.gen(function* () {
    const root = options.subjectRoot ?? defaultSubjectRoot;
    yield* requireValid(isSubjectRoot(root), "subject root", root);
    const duplicateWindowMs = options.duplicateWindowMs ?? 120_000;
    const maxMessages = options.maxMessages ?? 100_000;
    const retainAcknowledged = options.retainAcknowledged ?? 10_000;
    const maxAckPending = options.maxAckPending ?? 1_000;
    const drainTimeoutMs = options.drainTimeoutMs ?? 10_000;
    const requestTimeoutMs = options.requestTimeoutMs ?? 5_000;
    const runtime = yield* Effect.runtime<never>();
    // Every timer and time of this bus is Effect's Clock (a TestClock in a test that
    // provides one): ack waits, retry delays, the duplicate window, dead letters' times.
    const clock = yield* Effect.clock;
    const ids = uuidV7Ids();

    /** Runs `then` after `millis` on the Clock, unless the returned fiber is interrupted first. */
    const after = (millis: number, then: () => void): Fiber.RuntimeFiber<void> =>
      Runtime.runFork(runtime)(
        Effect.sleep(Duration.millis(millis)).pipe(Effect.zipRight(Effect.sync(then))),
      );
    const cancel = (timer: Fiber.RuntimeFiber<void> | undefined): void => {
      timer?.unsafeInterruptAsFork(FiberId.none);
    };

    const messages = new Map<number, StoredMessage>();
    let firstSequence = 1;
    let lastSequence = 0;
    const seenIds = new Map<string, { readonly sequence: number; readonly at: number }>();
    const consumers = new Map<string, ConsumerState>();
    const deadLetters = new Map<string, DeadLetter[]>();
    const services = new Map<string, ServedInstance[]>();
    // Events some consumer has not acknowledged yet, by sequence: see PublishAck.settled.
    const unsettled = new Map<
      number,
      { readonly consumers: Set<string>; readonly done: Deferred.Deferred<void> }
    >();
    let nextInstance = 0;
    let closed = false;

    // --- durable consumers -------------------------------------------------------

    const deliver = (consumer: ConsumerState, sequence: number): void => {
      const pending = consumer.pending.get(sequence);
      if (pending === undefined) return;
      pending.deliveries += 1;
      cancel(pending.timer);
      const deliveries = pending.deliveries;
      pending.timer = after(consumer.ackWaitMs, () => {
        // Not acknowledged in time: deliver it again, as JetStream does after ack_wait.
        const current = consumer.pending.get(sequence);
        if (current === undefined || current.deliveries !== deliveries) return;
        current.timer = undefined;
        consumer.due.push(sequence);
        pump(consumer);
      });
      Queue.unsafeOffer(consumer.queue, { sequence, deliveries });
    };

    const pump = (consumer: ConsumerState): void => {
      if (closed || consumer.workers === 0) return;
      while (consumer.due.length > 0) {
        const sequence = consumer.due.shift();
        if (sequence !== undefined) deliver(consumer, sequence);
      }
      if (consumer.nextSequence < firstSequence) consumer.nextSequence = firstSequence;
      while (consumer.pending.size < maxAckPending && consumer.nextSequence <= lastSequence) {
        const sequence = consumer.nextSequence;
        consumer.nextSequence += 1;
        const message = messages.get(sequence);
        if (message === undefined) continue;
        if (!consumer.filters.some((filter) => subjectMatches(filter, message.subject))) continue;
        consumer.pending.set(sequence, { deliveries: 0, timer: undefined });
        deliver(consumer, sequence);
      }
    };

    const settle = (consumer: ConsumerState, sequence: number): void => {
      cancel(consumer.pending.get(sequence)?.timer);
      consumer.pending.delete(sequence);
      const waiting = unsettled.get(sequence);
      if (waiting !== undefined) {
        waiting.consumers.delete(consumer.name);
        if (waiting.consumers.size === 0) {
          unsettled.delete(sequence);
          Deferred.unsafeDone(waiting.done, Exit.void);
        }
      }
      pump(consumer);
    };

    const retryLater = (consumer: ConsumerState, sequence: number, delayMs: number): void => {
      const pending = consumer.pending.get(sequence);
      if (pending === undefined) return;
      cancel(pending.timer);
      pending.timer = after(delayMs, () => {
        if (consumer.pending.get(sequence) !== pending) return;
        pending.timer = undefined;
        consumer.due.push(sequence);
        pump(consumer);
      });
    };

    const addDeadLetter = (letter: DeadLetter): void => {
      const list = deadLetters.get(letter.consumer) ?? [];
      if (!list.some((existing) => existing.sequence === letter.sequence)) list.push(letter);
      deadLetters.set(letter.consumer, list);
    };

    const consumerFor = (spec: SubscriptionSpec): Effect.Effect<ConsumerState> =>
      Effect.gen(function* () {
        const existing = consumers.get(spec.name);
        const ackWaitMs = spec.ackWaitMs ?? 30_000;
        const maxDeliveries = spec.maxDeliveries ?? 5;
        if (existing !== undefined) {
          existing.filters = [...spec.subjects];
          existing.ackWaitMs = ackWaitMs;
          existing.maxDeliveries = maxDeliveries;
          return existing;
        }
        const consumer: ConsumerState = {
          name: spec.name,
          filters: [...spec.subjects],
          ackWaitMs,
          maxDeliveries,
          nextSequence: spec.startAt === "new" ? lastSequence + 1 : firstSequence,
          pending: new Map(),
          due: [],
          queue: yield* Queue.unbounded<Ticket>(),
          workers: 0,
        };
        consumers.set(spec.name, consumer);
        return consumer;
      });

    const handleTicket = (
      consumer: ConsumerState,
      spec: SubscriptionSpec,
      ticket: Ticket,
    ): Effect.Effect<void> =>
      Effect.gen(function* () {
        const pending = consumer.pending.get(ticket.sequence);
        // A ticket superseded by a redelivery, or for an event already settled.
        if (pending === undefined || pending.deliveries !== ticket.deliveries) return;
        const message = messages.get(ticket.sequence);
        if (message === undefined) {
          settle(consumer, ticket.sequence);
          return;
        }
        const delivery: Delivery = {
          consumer: consumer.name,
          subject: message.subject,
          sequence: message.sequence,
          deliveryCount: ticket.deliveries,
        };
        const deadLetter = (error: DomainErrorReport): void => {
          addDeadLetter({
            consumer: consumer.name,
            subject: message.subject,
            sequence: message.sequence,
            deliveries: ticket.deliveries,
            payload: payloadOf(message.data),
            error,
            at: instantFromMillis(clock.unsafeCurrentTimeMillis()),
          });
          spec.onFault?.({
            consumer: consumer.name,
            kind: "dead-lettered",
            delivery,
            cause: error,
          });
          settle(consumer, ticket.sequence);
        };
        if (ticket.deliveries > consumer.maxDeliveries) {
          // Earlier deliveries were never acknowledged (crashes, hangs): give up on it.
          deadLetter(ackTimeoutReport(consumer.ackWaitMs, ticket.deliveries - 1));
          return;
        }
        const event = parseInput(EventEnvelope, payloadOf(message.data));
        if (Either.isLeft(event)) {
          deadLetter(toErrorReport(event.left));
          return;
        }
        const exit = yield* Effect.exit(
          Effect.suspend(() => spec.handler(event.right as EventEnvelope, delivery)),
        );
        if (Exit.isSuccess(exit)) {
          settle(consumer, ticket.sequence);
          return;
        }
        // Interrupted (the consumer is going away): no ack, no nak, as if the process died.
        if (Cause.isInterruptedOnly(exit.cause)) return;
        const failure = Cause.squash(exit.cause);
        spec.onFault?.({
          consumer: consumer.name,
          kind: "handler-failed",
          delivery,
          cause: failure,
        });
        if (ticket.deliveries >= consumer.maxDeliveries) {
          deadLetter(failureReport(failure));
          return;
        }
        retryLater(
          consumer,
          ticket.sequence,
          (spec.retryDelayMs ?? defaultRetryDelayMs)(ticket.deliveries),
        );
      });

    const subscribe = (spec: SubscriptionSpec): Effect.Effect<Subscription, never, Scope.Scope> =>
      Effect.gen(function* () {
        yield* requireValid(isConsumerName(spec.name), "consumer name", spec.name);
        yield* requireValid(spec.subjects.length > 0, "subject list", "[]");
        const consumer = yield* consumerFor(spec);
        let stopping = false;
        let busy = false;
        const worker = Effect.gen(function* () {
          for (;;) {
            const ticket = yield* Queue.take(consumer.queue);
            if (stopping) {
              // Hand the ticket back for another worker of this consumer.
              Queue.unsafeOffer(consumer.queue, ticket);
              return;
            }
            busy = true;
            yield* handleTicket(consumer, spec, ticket);
            busy = false;
            if (stopping) return;
          }
        });
        const fiber = yield* Effect.forkDaemon(worker);
        consumer.workers += 1;
        pump(consumer);
        let stopped = false;
        const stop = Effect.suspend(() => {
          if (stopped) return Effect.void;
          stopped = true;
          stopping = true;
          consumer.workers -= 1;
          if (!busy) return Fiber.interrupt(fiber).pipe(Effect.asVoid);
          return awaitFibers([fiber], drainTimeoutMs).pipe(
            Effect.zipRight(Fiber.interrupt(fiber)),
            Effect.asVoid,
          );
        });
        yield* Effect.addFinalizer(() => stop);
        return { consumer: spec.name, stop };
      });

    // --- events ------------------------------------------------------------------

    const publish = (event: EventEnvelope): Effect.Effect<PublishAck> =>
      Effect.sync(() => {
        const now = clock.unsafeCurrentTimeMillis();
        for (const [id, seen] of seenIds) {
          if (now - seen.at < duplicateWindowMs) break;
          seenIds.delete(id);
        }
        const seen = seenIds.get(event.id);
        if (seen !== undefined) {
          const waiting = unsettled.get(seen.sequence);
          return {
            sequence: seen.sequence,
            duplicate: true,
            settled: waiting === undefined ? Effect.void : Deferred.await(waiting.done),
          };
        }
        const subject = eventSubject(event, root);
        lastSequence += 1;
        const sequence = lastSequence;
        messages.set(sequence, { sequence, subject, data: encodeJson(event) });
        seenIds.set(event.id, { sequence, at: now });
        const matching = [...consumers.values()].filter((consumer) =>
          consumer.filters.some((filter) => subjectMatches(filter, subject)),
        );
        let settled: Effect.Effect<void> = Effect.void;
        if (matching.length > 0) {
          const done = Deferred.unsafeMake<void>(FiberId.none);
          unsettled.set(sequence, {
            consumers: new Set(matching.map((consumer) => consumer.name)),
            done,
          });
          settled = Deferred.await(done);
        }
        if (consumers.size > 0 && messages.size > retainAcknowledged) {
          // Below every consumer's first unacknowledged event, nothing is needed any more.
          let floor = lastSequence + 1;
          for (const consumer of consumers.values()) {
            floor = Math.min(
              floor,
              consumer.nextSequence,
              ...consumer.pending.keys(),
              ...consumer.due,
            );
          }
          while (firstSequence < floor && messages.size > retainAcknowledged) {
            messages.delete(firstSequence);
            firstSequence += 1;
          }
        }
        while (messages.size > maxMessages) {
          // Dropped before every consumer had it: it is settled as far as this bus can tell.
          const waiting = unsettled.get(firstSequence);
          if (waiting !== undefined) {
            unsettled.delete(firstSequence);
            Deferred.unsafeDone(waiting.done, Exit.void);
          }
          messages.delete(firstSequence);
          firstSequence += 1;
        }
        for (const consumer of consumers.values()) pump(consumer);
        return { sequence, duplicate: false, settled };
      });

    // --- request / reply -----------------------------------------------------------

    const stopInstance = (instance: ServedInstance): Effect.Effect<void> =>
      Effect.suspend(() => {
        if (instance.stopping) return Effect.void;
        instance.stopping = true;
        const list = services.get(instance.spec.name) ?? [];
        services.set(
          instance.spec.name,
          list.filter((candidate) => candidate !== instance),
        );
        const fibers = [...instance.fibers];
        return awaitFibers(fibers, drainTimeoutMs).pipe(
          Effect.zipRight(Fiber.interruptAll(instance.fibers)),
        );
      });

    const serve = (spec: ServiceSpec): Effect.Effect<ServedService, never, Scope.Scope> =>
      Effect.gen(function* () {
        yield* requireValid(isServiceName(spec.name), "service name", spec.name);
        for (const endpoint of spec.endpoints) {
          yield* requireValid(isEndpointName(endpoint.name), "endpoint name", endpoint.name);
        }
        nextInstance += 1;
        const instance: ServedInstance = {
          id: `${spec.name}-${nextInstance}-${ids.next()}`,
          spec,
          endpoints: new Map(spec.endpoints.map((endpoint) => [endpoint.name, endpoint])),
          communities: spec.communities === undefined ? undefined : new Set(spec.communities),
          limits: spec.limits ?? defaultRequestLimits,
          stopping: false,
          fibers: new Set(),
        };
        services.set(spec.name, [...(services.get(spec.name) ?? []), instance]);
        const stop = stopInstance(instance);
        yield* Effect.addFinalizer(() => stop);
        return { id: instance.id, inFlight: () => instance.fibers.size, stop };
      });

    const roundRobin = new Map<string, number>();

    /*
     * The subjects requests were sent to, each with its route, once they were found
     * valid: a request reads its target, splits it into tokens and checks every token
     * (the community with its zod schema) before a handler runs, which for the same few
     * subjects sent again and again is the same answer every time. Only valid addresses
     * are kept, and at most `maxAddresses` of them (the map starts over when full), so
     * neither malformed subjects nor many communities make it grow.
     */
    const addresses = new Map<string, { readonly subject: string; readonly route: RequestRoute }>();
    const maxAddresses = 1_000;
    const validAddress = (
      to: string | RequestRoute,
    ): { readonly subject: string; readonly route: RequestRoute } | undefined => {
      // A valid token has no NUL, so a route's key names one route only.
      const key =
        typeof to === "string"
          ? `s${to}`
          : `r${to.community}\u0000${to.service}\u0000${to.endpoint}`;
      const known = addresses.get(key);
      if (known !== undefined) return known;
      const target = requestTarget(to, root);
      if (Either.isLeft(target)) return undefined;
      const route = readRequestSubject(target.right, root);
      if (Either.isLeft(route)) return undefined;
      if (addresses.size >= maxAddresses) addresses.clear();
      const address = { subject: target.right, route: route.right };
      addresses.set(key, address);
      return address;
    };

    /**
     * A reply read back as a NATS client reads one: through JSON, the status as its
     * header gives it. As text, not bytes: `JSON.stringify` makes well-formed text, whose
     * UTF-8 bytes would decode back to the same text, so encoding and decoding them would
     * change nothing but the time taken.
     */
    const replyOf = <Output>(
      subject: string,
      answer: Answer,
      output: z.ZodType<Output> | undefined,
    ) =>
      readReplyText(
        subject,
        JSON.stringify(answer.body),
        answer.status === 200 ? undefined : answer.status,
        output,
      );

    // Plain `Effect.suspend` rather than a generator: this runs for every request the
    // embedded gateway makes, and a generator's steps cost more than the rest of it.
    const request: BusApi["request"] = <Output>(options: RequestOptions<Output>) =>
      Effect.suspend((): Effect.Effect<Reply<Output>, RequestFailure> => {
        const address = validAddress(options.to);
        let subject: string;
        let tokens: RequestRoute | undefined;
        if (address !== undefined) {
          subject = address.subject;
          tokens = address.route;
        } else {
          const target = requestTarget(options.to, root);
          // A route that makes no subject is refused by the client itself, as on NATS.
          if (Either.isLeft(target)) {
            return replyOf("", subjectRefusal(target.left), options.output);
          }
          subject = target.right;
          tokens = requestSubjectTokens(subject, root);
        }
        // Who receives it: what a NATS subscription on <root>.*.<service>.<endpoint> (or
        // <root>.<community>.… for a service serving listed communities) matches.
        const accepts = (candidate: ServedInstance): boolean =>
          tokens !== undefined &&
          !candidate.stopping &&
          candidate.endpoints.has(tokens.endpoint) &&
          (candidate.communities === undefined || candidate.communities.has(tokens.community));
        const served = tokens === undefined ? undefined : services.get(tokens.service);
        let instance: ServedInstance | undefined;
        if (served?.length === 1) {
          // One instance (the embedded station's case): no list to filter and no turn to
          // keep, since a turn among one candidate is always that one.
          instance = served[0] !== undefined && accepts(served[0]) ? served[0] : undefined;
        } else {
          const candidates = (served ?? []).filter(accepts);
          // By service and endpoint, not subject: a map of every subject sent would grow.
          const turnKey = `${tokens?.service}.${tokens?.endpoint}`;
          const turn = roundRobin.get(turnKey) ?? 0;
          if (candidates.length > 1) roundRobin.set(turnKey, turn + 1);
          instance = candidates[turn % Math.max(1, candidates.length)];
        }
        const endpoint = instance?.endpoints.get(tokens?.endpoint ?? "");
        if (instance === undefined || endpoint === undefined) {
          return Effect.fail(new NoResponders({ subject }));
        }
        let route: RequestRoute;
        if (address !== undefined) route = address.route;
        else {
          // The service it reached refuses a malformed subject at once.
          const read = readRequestSubject(subject, root);
          if (Either.isLeft(read)) {
            return replyOf(subject, subjectRefusal(read.left), options.output);
          }
          route = read.right;
        }
        // Through JSON as on the wire (the size limit, the schema), as text: see replyOf.
        const input = readRequestText(
          endpoint,
          JSON.stringify(options.payload) ?? "null",
          instance.limits,
        );
        // The answer runs on its own fiber, owned by the service: a client that stops
        // waiting does not cancel the work, as on NATS.
        const fiber = Runtime.runFork(runtime)(
          answerInput(
            endpoint,
            input,
            {
              service: instance.spec.name,
              subject,
              route,
              headers: options.headers ?? {},
            },
            instance.spec.onFault,
          ),
        );
        // A fiber starts at once and runs until it waits: a handler that never waits (a
        // read from SQLite) has answered by now. Its reply is read straight away, with no
        // timer started and no fiber joined: a reply that is there cannot be late, and it
        // was never in flight for the service's stop to wait for.
        const answered = fiber.unsafePoll();
        if (answered !== null) {
          return Exit.isSuccess(answered)
            ? replyOf(subject, answered.value, options.output)
            : Effect.failCause(answered.cause);
        }
        instance.fibers.add(fiber);
        fiber.addObserver(() => {
          instance.fibers.delete(fiber);
        });
        const timeoutMs = options.timeoutMs ?? requestTimeoutMs;
        return Fiber.join(fiber).pipe(
          Effect.timeoutFail({
            duration: timeoutMs,
            onTimeout: () => new BusTimeout({ subject, timeoutMs }),
          }),
          Effect.flatMap((answer) => replyOf(subject, answer, options.output)),
        );
      });

    yield* Effect.addFinalizer(() =>
      Effect.gen(function* () {
        for (const list of [...services.values()]) {
          for (const instance of list) yield* stopInstance(instance);
        }
        closed = true;
        for (const consumer of consumers.values()) {
          for (const pending of consumer.pending.values()) cancel(pending.timer);
          yield* Queue.shutdown(consumer.queue);
        }
      }),
    );

    const api: BusApi = {
      kind: "in-process",
      subjectRoot: root,
      serve,
      request,
      publish,
      subscribe,
      deadLetters: (consumer) => Effect.sync(() => [...(deadLetters.get(consumer) ?? [])]),
    };
    return api;
  });

/**
 * The in-process Bus adapter: the embedded default (`npm start` runs the whole
 * station in one process) and the bus for service tests.
 *
 * @example
 * const result = await Effect.runPromise(program.pipe(Effect.provide(InProcessBus.layer())));
 */
export const InProcessBus = {
  /** A fresh in-process bus for the lifetime of the layer. */
  layer: (options: InProcessBusOptions = {}): Layer.Layer<Bus> =>
    Layer.scoped(Bus, makeInProcessBus(options)),
  /** Builds one in a scope, for tests that want two buses or direct access. */
  make: makeInProcessBus,
} as const;
