import {
  DomainError,
  type EventEnvelope,
  type EventId,
  Forbidden,
  type Instant,
  localized,
} from "@courier-station/core";
import { Deferred, Effect, type Layer, type Scope } from "effect";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Bus, type BusApi, busEndpoint, type Delivery } from "./bus.js";
import { RemoteError } from "./bus-errors.js";
import { eventFilter } from "./subjects.js";
import { liveTime, type TimeControl } from "./time-control.js";

/*
 * The Bus contract: what every adapter does, tested the same way against each.
 * `in-process-bus.test.ts` and `nats-bus.test.ts` run it.
 */

/** What the contract needs from an adapter's test file. */
export interface BusContractOptions {
  /**
   * A fresh bus, isolated from every other test (on NATS: its own subject root and
   * streams, removed when the layer closes), with the duplicate window given.
   */
  readonly makeLayer: (settings: {
    readonly duplicateWindowMs: number;
  }) => Layer.Layer<Bus, unknown>;
  /**
   * How the suite lets time pass (ack waits, retry delays, the duplicate window):
   * `liveTime` (the default) waits on the wall clock, as a real broker needs;
   * `testClockTime` moves Effect's TestClock, for an adapter whose every timer is on
   * Effect's Clock (the in-process bus), so the suite takes no time waiting.
   */
  readonly time?: TimeControl;
}

class TestRefused extends DomainError("TestRefused", {
  code: "test.refused",
  httpStatus: 422,
  text: (props: { readonly reason: string }) =>
    localized(`测试拒绝：${props.reason}`, `Refused for the test: ${props.reason}`),
}) {}

class TestNotFound extends DomainError("TestNotFound", {
  code: "test.not_found",
  httpStatus: 404,
  text: (props: { readonly id: string }) =>
    localized(`找不到 ${props.id}`, `${props.id} not found`),
}) {}

class TestConflict extends DomainError("TestConflict", {
  code: "test.version_conflict",
  httpStatus: 409,
  text: () => localized("版本冲突", "Version conflict"),
}) {}

const Greeting = z.strictObject({
  name: z.string().min(1).max(40),
  count: z.number().int().min(0),
  tags: z.array(z.string()).max(5).optional(),
});

const Greeted = z.strictObject({ text: z.string() });

let eventCounter = 0;

/** A valid event envelope for the tests; ids are unique per process run. */
export const testEvent = (
  overrides: Partial<Pick<EventEnvelope, "id" | "type" | "aggregate" | "community" | "data">> = {},
): EventEnvelope => {
  eventCounter += 1;
  const id = overrides.id ?? (`evt-${process.pid}-${Date.now()}-${eventCounter}` as EventId);
  return {
    id,
    type: overrides.type ?? "CounterIncremented",
    aggregate: overrides.aggregate ?? "counter",
    stream: "counter-c1",
    version: eventCounter,
    community: overrides.community ?? ("jinshan-wanda" as EventEnvelope["community"]),
    actor: { role: "system", id: "system:test", communities: [] },
    time: "2026-11-28T03:00:00.000Z" as Instant,
    causationId: "cmd-1",
    correlationId: "cmd-1",
    data: overrides.data ?? { n: eventCounter },
  };
};

/**
 * Waits until a check passes (it throws while it does not), polling every 25 ms, for
 * at most `timeoutMs`. Tests wait for what must happen, never for a fixed time.
 */
export const eventually = async (check: () => void, timeoutMs = 10_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
};

/**
 * The dead letters of a consumer once there are at least `count` (or after 10 s of real
 * time), letting time pass as `time` does between looks.
 */
export const waitForDeadLetters = (
  bus: BusApi,
  consumer: string,
  count: number,
  time: TimeControl = liveTime,
) =>
  Effect.gen(function* () {
    const deadline = performance.now() + 10_000;
    for (;;) {
      const letters = yield* bus.deadLetters(consumer);
      if (letters.length >= count || performance.now() > deadline) return letters;
      yield* time.pass(50);
    }
  });

/** Registers the Bus contract suite for one adapter. */
export const busContract = (adapter: string, options: BusContractOptions): void => {
  const time = options.time ?? liveTime;
  const run = <A>(
    body: (bus: BusApi) => Effect.Effect<A, unknown, Scope.Scope>,
    duplicateWindowMs = 120_000,
  ): Promise<A> =>
    Effect.runPromise(
      time.provide(
        Effect.scoped(Effect.flatMap(Bus, body)).pipe(
          Effect.provide(options.makeLayer({ duplicateWindowMs })),
        ),
      ) as Effect.Effect<A, unknown>,
    );

  const community = "jinshan-wanda";
  const route = (endpoint: string, service = "greeter") => ({ community, service, endpoint });

  describe(`Bus contract: ${adapter}`, () => {
    describe("request/reply", () => {
      it("answers ok with the value parsed by both sides", async () => {
        const seen: string[] = [];
        const reply = await run((bus) =>
          Effect.gen(function* () {
            yield* bus.serve({
              name: "greeter",
              version: "1.0.0",
              endpoints: [
                busEndpoint({
                  name: "Greet",
                  input: Greeting,
                  output: Greeted,
                  handler: (request) =>
                    Effect.sync(() => {
                      seen.push(`${request.community}/${request.service}/${request.endpoint}`);
                      return { text: `hello ${request.input.name} x${request.input.count}` };
                    }),
                }),
              ],
            });
            return yield* bus.request({
              to: route("Greet"),
              payload: { name: "阿强", count: 2 },
              output: Greeted,
            });
          }),
        );
        expect(reply).toEqual({ ok: true, value: { text: "hello 阿强 x2" }, status: 200 });
        expect(seen).toEqual([`${community}/greeter/Greet`]);
      });

      it("answers ok with no value when the handler returns nothing", async () => {
        const reply = await run((bus) =>
          Effect.gen(function* () {
            yield* bus.serve({
              name: "greeter",
              version: "1.0.0",
              endpoints: [
                busEndpoint({ name: "Nothing", input: z.unknown(), handler: () => Effect.void }),
              ],
            });
            return yield* bus.request({ to: route("Nothing"), payload: {} });
          }),
        );
        expect(reply).toEqual({ ok: true, value: undefined, status: 200 });
      });

      it("answers a domain refusal as a typed error with its status", async () => {
        const replies = await run((bus) =>
          Effect.gen(function* () {
            yield* bus.serve({
              name: "greeter",
              version: "1.0.0",
              endpoints: [
                busEndpoint({
                  name: "Refuse",
                  input: z.strictObject({ kind: z.enum(["rule", "forbidden", "missing", "race"]) }),
                  handler: (request) => {
                    switch (request.input.kind) {
                      case "rule":
                        return Effect.fail(new TestRefused({ reason: "closed" }));
                      case "forbidden":
                        return Effect.fail(
                          new Forbidden({
                            commandType: "Refuse",
                            role: "courier",
                            community,
                            reason: "role",
                          }),
                        );
                      case "missing":
                        return Effect.fail(new TestNotFound({ id: "w-1" }));
                      case "race":
                        return Effect.fail(new TestConflict());
                    }
                  },
                }),
              ],
            });
            const kinds = ["rule", "forbidden", "missing", "race"] as const;
            return yield* Effect.forEach(kinds, (kind) =>
              bus.request({ to: route("Refuse"), payload: { kind } }),
            );
          }),
        );
        const summary = replies.map((reply) =>
          reply.ok ? "ok" : `${reply.error.code}:${reply.error.tag}:${reply.status}`,
        );
        expect(summary).toEqual([
          "test.refused:TestRefused:422",
          "access.forbidden:Forbidden:403",
          "test.not_found:TestNotFound:404",
          "test.version_conflict:TestConflict:409",
        ]);
        for (const reply of replies) {
          if (reply.ok) throw new Error("expected a refusal");
          expect(reply.error.message["zh-CN"].length).toBeGreaterThan(0);
          expect(reply.error.message.en.length).toBeGreaterThan(0);
        }
        const first = replies[0];
        expect(first?.ok === false && first.error.details).toEqual({ reason: "closed" });
        // A refusal becomes a typed error on demand, with the remote tag and code.
        if (first === undefined || first.ok) throw new Error("expected a refusal");
        const remote = RemoteError.fromReport(first.error, first.status);
        expect(remote._tag).toBe("TestRefused");
        expect(remote.code).toBe("test.refused");
      });

      it("answers a fault (a throw, a defect, a rejected promise) with 500 and nothing leaked", async () => {
        const faults: Array<{ reference: string; cause: unknown }> = [];
        const replies = await run((bus) =>
          Effect.gen(function* () {
            yield* bus.serve({
              name: "greeter",
              version: "1.0.0",
              onFault: (fault) => faults.push({ reference: fault.reference, cause: fault.cause }),
              endpoints: [
                busEndpoint({
                  name: "Explode",
                  input: z.strictObject({ how: z.enum(["throw", "die", "reject", "output"]) }),
                  output: Greeted,
                  handler: (request) => {
                    switch (request.input.how) {
                      case "throw":
                        return Effect.sync(() => {
                          throw new Error("secret database password in stack");
                        });
                      case "die":
                        return Effect.die(new Error("secret defect"));
                      case "reject":
                        return Effect.promise(() =>
                          Promise.reject(new Error("secret async rejection")),
                        );
                      case "output":
                        return Effect.succeed({ text: 42 } as unknown as { text: string });
                    }
                  },
                }),
              ],
            });
            const hows = ["throw", "die", "reject", "output"] as const;
            return yield* Effect.forEach(hows, (how) =>
              bus.request({ to: route("Explode"), payload: { how } }),
            );
          }),
        );
        expect(faults).toHaveLength(4);
        replies.forEach((reply, index) => {
          if (reply.ok) throw new Error("expected a fault reply");
          expect(reply.status).toBe(500);
          expect(reply.error.code).toBe("internal.error");
          expect(JSON.stringify(reply)).not.toContain("secret");
          expect(reply.error.details).toEqual({ reference: faults[index]?.reference });
        });
      });

      it("refuses bad input with every issue in both languages, and the handler never runs", async () => {
        let handled = 0;
        const payloads: ReadonlyArray<readonly [string, unknown]> = [
          ["wrong type", { name: "a", count: "two" }],
          ["missing field", { name: "a" }],
          ["unknown field", { name: "a", count: 1, admin: true }],
          ["dollar key", { name: "a", count: 1, $where: "1" }],
          ["dotted key", { name: "a", count: 1, "a.b": 1 }],
          ["prototype key", JSON.parse('{"name":"a","count":1,"__proto__":{"admin":true}}')],
          ["nul character", { name: "a\u0000b", count: 1 }],
          ["not an object", [1, 2, 3]],
          ["nothing", null],
        ];
        const replies = await run((bus) =>
          Effect.gen(function* () {
            yield* bus.serve({
              name: "greeter",
              version: "1.0.0",
              endpoints: [
                busEndpoint({
                  name: "Greet",
                  input: Greeting,
                  handler: () =>
                    Effect.sync(() => {
                      handled += 1;
                      return { text: "stored" };
                    }),
                }),
              ],
            });
            return yield* Effect.forEach(payloads, ([, payload]) =>
              bus.request({ to: route("Greet"), payload }),
            );
          }),
        );
        expect(handled).toBe(0);
        const fields = replies.map((reply) => {
          if (reply.ok) throw new Error("expected a refusal");
          expect(reply.status).toBe(400);
          expect(reply.error.code).toBe("input.invalid");
          expect(reply.error.message["zh-CN"].length).toBeGreaterThan(0);
          expect(reply.error.message.en.length).toBeGreaterThan(0);
          const issues = reply.error.details.issues as Array<{
            field: string;
            message: { "zh-CN": string; en: string };
          }>;
          for (const issue of issues) {
            expect(issue.message["zh-CN"].length).toBeGreaterThan(0);
            expect(issue.message.en.length).toBeGreaterThan(0);
          }
          return issues.map((issue) => issue.field);
        });
        expect(fields[0]).toEqual(["count"]);
        expect(fields[1]).toEqual(["count"]);
        expect(fields[2]).toEqual([""]);
        expect(fields[3]).toEqual(["$where"]);
        expect(fields[4]).toEqual(["a.b"]);
        expect(fields[5]).toEqual(["__proto__"]);
        expect(fields[6]).toEqual(["name"]);
      });

      it("refuses an oversize payload before parsing it", async () => {
        let handled = 0;
        const reply = await run((bus) =>
          Effect.gen(function* () {
            yield* bus.serve({
              name: "greeter",
              version: "1.0.0",
              limits: {
                maxPayloadBytes: 1_024,
                input: { maxDepth: 8, maxNodes: 100, maxStringLength: 10_000 },
              },
              endpoints: [
                busEndpoint({
                  name: "Greet",
                  input: z.unknown(),
                  handler: () => Effect.sync(() => (handled += 1)),
                }),
              ],
            });
            return yield* bus.request({ to: route("Greet"), payload: { name: "x".repeat(5_000) } });
          }),
        );
        expect(handled).toBe(0);
        if (reply.ok) throw new Error("expected a refusal");
        expect(reply.status).toBe(413);
        expect(reply.error.code).toBe("input.too_large");
        expect(reply.error.message["zh-CN"]).toContain("1024");
      });

      it("fails with NoResponders for an unknown endpoint or another community's service", async () => {
        const outcome = await run((bus) =>
          Effect.gen(function* () {
            yield* bus.serve({
              name: "greeter",
              version: "1.0.0",
              communities: [community],
              endpoints: [
                busEndpoint({
                  name: "Greet",
                  input: z.unknown(),
                  handler: () => Effect.succeed(1),
                }),
              ],
            });
            const unknownEndpoint = yield* Effect.flip(
              bus.request({ to: route("Nope"), payload: {}, timeoutMs: 2_000 }),
            );
            const otherCommunity = yield* Effect.flip(
              bus.request({
                to: { community: "other-place", service: "greeter", endpoint: "Greet" },
                payload: {},
                timeoutMs: 2_000,
              }),
            );
            const ownCommunity = yield* bus.request({ to: route("Greet"), payload: {} });
            return { unknownEndpoint, otherCommunity, ownCommunity };
          }),
        );
        expect(outcome.unknownEndpoint.code).toBe("bus.no_responders");
        expect(outcome.otherCommunity.code).toBe("bus.no_responders");
        expect(outcome.ownCommunity).toEqual({ ok: true, value: 1, status: 200 });
      });

      it("refuses a request on a malformed subject with a reply naming the subject, and the handler never runs", async () => {
        let handled = 0;
        const replies = await run((bus) =>
          Effect.gen(function* () {
            yield* bus.serve({
              name: "greeter",
              version: "1.0.0",
              endpoints: [
                busEndpoint({
                  name: "Greet",
                  input: z.unknown(),
                  handler: () => Effect.sync(() => (handled += 1)),
                }),
              ],
            });
            const root = bus.subjectRoot;
            // A service serving every community listens on <root>.*.greeter.Greet, so these
            // reach it on NATS; a short timeout, so that no reply fails fast.
            const subjects = [
              `${root}.Jinshan-Wanda.greeter.Greet`,
              `${root}.evt.greeter.Greet`,
              `${root}.dlq.greeter.Greet`,
            ];
            const onSubjects = yield* Effect.forEach(subjects, (subject) =>
              bus.request({ to: subject, payload: {}, timeoutMs: 2_000 }),
            );
            const onRoute = yield* bus.request({
              to: { community: "Jinshan-Wanda", service: "greeter", endpoint: "Greet" },
              payload: {},
              timeoutMs: 2_000,
            });
            return [...onSubjects, onRoute];
          }),
        );
        expect(handled).toBe(0);
        const summary = replies.map((reply) =>
          reply.ok ? "ok" : `${reply.status} ${reply.error.code}`,
        );
        expect(summary).toEqual(Array.from({ length: 4 }, () => "400 input.invalid_subject"));
        for (const reply of replies) {
          if (reply.ok) throw new Error("expected a refusal");
          expect(reply.error.message.en.length).toBeGreaterThan(0);
          expect(reply.error.message["zh-CN"].length).toBeGreaterThan(0);
        }
        const [upperCase, events, deadLetters] = replies;
        expect(upperCase?.ok === false && upperCase.error.message.en).toContain("Jinshan-Wanda");
        expect(upperCase?.ok === false && upperCase.error.message.en).toContain("lower-case");
        expect(events?.ok === false && events.error.message.en).toContain('"evt"');
        expect(deadLetters?.ok === false && deadLetters.error.message["zh-CN"]).toContain('"dlq"');
      });

      it("shares requests between instances of a service", async () => {
        const served: Record<string, number> = { a: 0, b: 0 };
        await run((bus) =>
          Effect.gen(function* () {
            for (const instance of ["a", "b"] as const) {
              yield* bus.serve({
                name: "greeter",
                version: "1.0.0",
                endpoints: [
                  busEndpoint({
                    name: "Greet",
                    input: z.unknown(),
                    handler: () =>
                      Effect.sync(() => (served[instance] = (served[instance] ?? 0) + 1)),
                  }),
                ],
              });
            }
            yield* Effect.forEach(
              Array.from({ length: 40 }, (_, index) => index),
              () => bus.request({ to: route("Greet"), payload: {} }),
            );
          }),
        );
        expect((served.a ?? 0) + (served.b ?? 0)).toBe(40);
        expect(served.a).toBeGreaterThan(0);
        expect(served.b).toBeGreaterThan(0);
      });

      it("drains a request in flight when the service stops, then takes no more", async () => {
        const outcome = await run((bus) =>
          Effect.gen(function* () {
            const started = yield* Deferred.make<void>();
            const service = yield* bus.serve({
              name: "greeter",
              version: "1.0.0",
              endpoints: [
                busEndpoint({
                  name: "Slow",
                  input: z.unknown(),
                  handler: () =>
                    Deferred.succeed(started, undefined).pipe(
                      Effect.zipRight(time.pass(300)),
                      Effect.as("done"),
                    ),
                }),
              ],
            });
            const inFlight = yield* Effect.fork(bus.request({ to: route("Slow"), payload: {} }));
            yield* Deferred.await(started);
            yield* service.stop;
            const answered = yield* inFlight.await;
            const after = yield* Effect.flip(
              bus.request({ to: route("Slow"), payload: {}, timeoutMs: 1_000 }),
            );
            return { answered, after };
          }),
        );
        expect(outcome.answered._tag).toBe("Success");
        if (outcome.answered._tag === "Success") {
          expect(outcome.answered.value).toEqual({ ok: true, value: "done", status: 200 });
        }
        expect(["bus.no_responders", "bus.timeout"]).toContain(outcome.after.code);
      });
    });

    describe("events and durable subscriptions", () => {
      it("delivers published events in order, each once, with explicit ack", async () => {
        const events = Array.from({ length: 5 }, () => testEvent());
        const received: Delivery[] = [];
        const ids: string[] = [];
        await run((bus) =>
          Effect.gen(function* () {
            for (const event of events) yield* bus.publish(event);
            yield* bus.subscribe({
              name: "ordered",
              subjects: [eventFilter({}, bus.subjectRoot)],
              ackWaitMs: 500,
              handler: (event, delivery) =>
                Effect.sync(() => {
                  ids.push(event.id);
                  received.push(delivery);
                }),
            });
            yield* time.until(() => expect(ids).toHaveLength(5));
            // Longer than the ack wait: an acknowledged event is not delivered again.
            yield* time.pass(800);
          }),
        );
        expect(ids).toEqual(events.map((event) => event.id));
        expect(received.every((delivery) => delivery.deliveryCount === 1)).toBe(true);
        const sequences = received.map((delivery) => delivery.sequence);
        expect([...sequences].sort((a, b) => a - b)).toEqual(sequences);
      });

      it("keeps a durable consumer's place across subscriptions", async () => {
        const first = [testEvent(), testEvent()];
        const second = [testEvent(), testEvent()];
        const ids: string[] = [];
        await run((bus) =>
          Effect.gen(function* () {
            const spec = {
              name: "durable-place",
              subjects: [eventFilter({}, bus.subjectRoot)],
              ackWaitMs: 1_000,
              handler: (event: EventEnvelope) => Effect.sync(() => void ids.push(event.id)),
            };
            for (const event of first) yield* bus.publish(event);
            const subscription = yield* bus.subscribe(spec);
            yield* time.until(() => expect(ids).toHaveLength(2));
            yield* subscription.stop;
            for (const event of second) yield* bus.publish(event);
            yield* bus.subscribe(spec);
            yield* time.until(() => expect(ids).toHaveLength(4));
            yield* time.pass(300);
          }),
        );
        expect(ids).toEqual([...first, ...second].map((event) => event.id));
      });

      it("delivers only what the filters select", async () => {
        const wanted = testEvent({ aggregate: "wish", type: "WishClaimed" });
        const other = testEvent({ aggregate: "courier", type: "CourierVerified" });
        const otherCommunity = testEvent({
          aggregate: "wish",
          type: "WishClaimed",
          community: "other-place" as EventEnvelope["community"],
        });
        const ids: string[] = [];
        await run((bus) =>
          Effect.gen(function* () {
            yield* bus.subscribe({
              name: "filtered",
              subjects: [
                eventFilter({ community, aggregate: "wish", type: "WishClaimed" }, bus.subjectRoot),
              ],
              handler: (event) => Effect.sync(() => void ids.push(event.id)),
            });
            for (const event of [other, otherCommunity, wanted]) yield* bus.publish(event);
            yield* time.until(() => expect(ids).toHaveLength(1));
            yield* time.pass(300);
          }),
        );
        expect(ids).toEqual([wanted.id]);
      });

      it("lets the event in hand finish and be acknowledged when a subscription stops", async () => {
        const event = testEvent();
        const deliveries: number[] = [];
        await run((bus) =>
          Effect.gen(function* () {
            const entered = yield* Deferred.make<void>();
            const release = yield* Deferred.make<void>();
            const spec = {
              name: "graceful",
              subjects: [eventFilter({}, bus.subjectRoot)],
              ackWaitMs: 400,
              handler: (_event: EventEnvelope, delivery: Delivery) =>
                Effect.gen(function* () {
                  deliveries.push(delivery.deliveryCount);
                  yield* Deferred.succeed(entered, undefined);
                  yield* Deferred.await(release);
                }),
            };
            const subscription = yield* bus.subscribe(spec);
            yield* bus.publish(event);
            yield* Deferred.await(entered);
            const stopping = yield* Effect.fork(subscription.stop);
            yield* time.pass(100);
            yield* Deferred.succeed(release, undefined);
            yield* stopping.await;
            // Subscribed again after longer than the ack wait: it was acknowledged.
            yield* time.pass(600);
            yield* bus.subscribe(spec);
            yield* time.pass(600);
          }),
        );
        expect(deliveries).toEqual([1]);
      });

      it("redelivers an event not acknowledged within the ack wait", async () => {
        const event = testEvent();
        const deliveries: number[] = [];
        let applied = 0;
        await run((bus) =>
          Effect.gen(function* () {
            yield* bus.subscribe({
              name: "crashy",
              subjects: [eventFilter({}, bus.subjectRoot)],
              ackWaitMs: 400,
              handler: (_event, delivery) =>
                Effect.gen(function* () {
                  deliveries.push(delivery.deliveryCount);
                  applied += 1;
                  // The first time, "die" after the write and before the ack.
                  if (delivery.deliveryCount === 1) return yield* Effect.interrupt;
                }),
            });
            yield* bus.publish(event);
            yield* time.until(() => expect(deliveries).toEqual([1, 2]));
            yield* time.pass(700);
          }),
        );
        expect(deliveries).toEqual([1, 2]);
        expect(applied).toBe(2);
      });

      it("retries a failing handler and dead-letters after the max deliveries", async () => {
        const flaky = testEvent({ data: { kind: "flaky" } });
        const poison = testEvent({ data: { kind: "poison" } });
        const attempts: Record<string, number[]> = {};
        const { letters, faults } = await run((bus) =>
          Effect.gen(function* () {
            const faults: string[] = [];
            yield* bus.subscribe({
              name: "failing",
              subjects: [eventFilter({}, bus.subjectRoot)],
              ackWaitMs: 2_000,
              maxDeliveries: 3,
              retryDelayMs: () => 50,
              onFault: (fault) => faults.push(`${fault.kind}:${fault.delivery?.deliveryCount}`),
              handler: (event, delivery) =>
                Effect.gen(function* () {
                  attempts[event.id] = [...(attempts[event.id] ?? []), delivery.deliveryCount];
                  const kind = (event.data as { kind: string }).kind;
                  if (kind === "poison") {
                    return yield* Effect.fail(new TestRefused({ reason: "poison" }));
                  }
                  if (delivery.deliveryCount < 3) return yield* Effect.fail(new Error("flaky"));
                }),
            });
            yield* bus.publish(flaky);
            yield* bus.publish(poison);
            yield* time.until(() => {
              expect(attempts[flaky.id]).toEqual([1, 2, 3]);
              expect(attempts[poison.id]).toEqual([1, 2, 3]);
            });
            yield* waitForDeadLetters(bus, "failing", 1, time);
            yield* time.pass(300);
            return { letters: yield* bus.deadLetters("failing"), faults };
          }),
        );
        expect(attempts[flaky.id]).toEqual([1, 2, 3]);
        expect(attempts[poison.id]).toEqual([1, 2, 3]);
        expect(letters).toHaveLength(1);
        const letter = letters[0];
        expect(letter?.consumer).toBe("failing");
        expect(letter?.deliveries).toBe(3);
        expect(letter?.error.code).toBe("test.refused");
        expect((letter?.payload as EventEnvelope | undefined)?.id).toBe(poison.id);
        expect(faults).toContain("dead-lettered:3");
      });

      it("dead-letters an event whose deliveries all timed out", async () => {
        const event = testEvent();
        const deliveries: number[] = [];
        const letters = await run((bus) =>
          Effect.gen(function* () {
            yield* bus.subscribe({
              name: "hanging",
              subjects: [eventFilter({}, bus.subjectRoot)],
              ackWaitMs: 300,
              maxDeliveries: 2,
              handler: (_event, delivery) =>
                Effect.sync(() => deliveries.push(delivery.deliveryCount)).pipe(
                  Effect.zipRight(Effect.interrupt),
                ),
            });
            yield* bus.publish(event);
            return yield* waitForDeadLetters(bus, "hanging", 1, time);
          }),
        );
        expect(deliveries).toEqual([1, 2]);
        expect(letters[0]?.error.code).toBe("consumer.ack_timeout");
      });

      it("drops a duplicate event id within the duplicate window", async () => {
        const event = testEvent();
        const ids: string[] = [];
        const acks = await run((bus) =>
          Effect.gen(function* () {
            const first = yield* bus.publish(event);
            const second = yield* bus.publish(event);
            yield* bus.subscribe({
              name: "dedup",
              subjects: [eventFilter({}, bus.subjectRoot)],
              handler: (received) => Effect.sync(() => void ids.push(received.id)),
            });
            yield* time.until(() => expect(ids).toHaveLength(1));
            yield* time.pass(300);
            return [first, second];
          }),
        );
        expect(acks[0]?.duplicate).toBe(false);
        expect(acks[1]?.duplicate).toBe(true);
        expect(acks[1]?.sequence).toBe(acks[0]?.sequence);
        expect(ids).toEqual([event.id]);
      });

      it("delivers a republish after the window twice, and an idempotent consumer applies it once", async () => {
        const event = testEvent();
        const deliveredIds: string[] = [];
        const applied = new Set<string>();
        let effects = 0;
        await run(
          (bus) =>
            Effect.gen(function* () {
              yield* bus.subscribe({
                name: "idempotent",
                subjects: [eventFilter({}, bus.subjectRoot)],
                handler: (received) =>
                  Effect.sync(() => {
                    deliveredIds.push(received.id);
                    // The consumer's own idempotency: the event id as a processed key.
                    if (applied.has(received.id)) return;
                    applied.add(received.id);
                    effects += 1;
                  }),
              });
              yield* bus.publish(event);
              yield* time.until(() => expect(deliveredIds).toHaveLength(1));
              yield* time.pass(1_200);
              const again = yield* bus.publish(event);
              expect(again.duplicate).toBe(false);
              yield* time.until(() => expect(deliveredIds).toHaveLength(2));
            }),
          1_000,
        );
        expect(deliveredIds).toEqual([event.id, event.id]);
        expect(effects).toBe(1);
      });

      it("shares a durable consumer's events between its subscribers, each once", async () => {
        const events = Array.from({ length: 30 }, () => testEvent());
        const bySubscriber: Record<string, string[]> = { a: [], b: [] };
        await run((bus) =>
          Effect.gen(function* () {
            for (const name of ["a", "b"] as const) {
              yield* bus.subscribe({
                name: "shared",
                subjects: [eventFilter({}, bus.subjectRoot)],
                ackWaitMs: 5_000,
                handler: (event) =>
                  Effect.sync(() => void bySubscriber[name]?.push(event.id)).pipe(
                    Effect.zipRight(time.pass(5)),
                  ),
              });
            }
            for (const event of events) yield* bus.publish(event);
            yield* time.until(() =>
              expect((bySubscriber.a?.length ?? 0) + (bySubscriber.b?.length ?? 0)).toBe(30),
            );
            yield* time.pass(300);
          }),
        );
        const all = [...(bySubscriber.a ?? []), ...(bySubscriber.b ?? [])].sort();
        expect(all).toEqual(events.map((event) => event.id).sort());
      });
    });
  });
};
