import { Effect, Fiber } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { busContract, testEvent } from "./bus.contract.js";
import { Bus } from "./bus.js";
import { InProcessBus } from "./in-process-bus.js";
import { eventFilter } from "./subjects.js";
import { testClockTime } from "./time-control.js";

// Every timer of the in-process bus is on Effect's Clock: the suite moves a TestClock.
busContract("in-process", {
  makeLayer: ({ duplicateWindowMs }) => InProcessBus.layer({ duplicateWindowMs }),
  time: testClockTime,
});

const time = testClockTime;

type Outcome = "ok" | "fail" | "crash";

describe("in-process bus under random workloads", () => {
  it("settles every event exactly once: handled or dead-lettered, never lost, never both", async () => {
    const maxDeliveries = 3;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            republish: fc.boolean(),
            outcomes: fc.array(fc.constantFrom<Outcome>("ok", "fail", "crash"), { maxLength: 4 }),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        async (plan) => {
          const events = plan.map(() => testEvent());
          const outcomeOf = new Map(
            events.map((event, index) => [event.id, plan[index]?.outcomes ?? []]),
          );
          const handled = new Map<string, number>();
          const attempts = new Map<string, number[]>();
          const letters = await Effect.runPromise(
            Effect.scoped(
              Effect.gen(function* () {
                const bus = yield* Bus;
                yield* bus.subscribe({
                  name: "random",
                  subjects: [eventFilter({}, bus.subjectRoot)],
                  ackWaitMs: 30,
                  maxDeliveries,
                  retryDelayMs: () => 5,
                  handler: (event, delivery) =>
                    Effect.gen(function* () {
                      attempts.set(event.id, [
                        ...(attempts.get(event.id) ?? []),
                        delivery.deliveryCount,
                      ]);
                      const outcome = outcomeOf.get(event.id)?.[delivery.deliveryCount - 1] ?? "ok";
                      if (outcome === "fail")
                        return yield* Effect.fail(new Error("planned failure"));
                      if (outcome === "crash") return yield* Effect.interrupt;
                      handled.set(event.id, (handled.get(event.id) ?? 0) + 1);
                    }),
                });
                for (const [index, event] of events.entries()) {
                  yield* bus.publish(event);
                  if (plan[index]?.republish) yield* bus.publish(event);
                }
                let letters: ReadonlyArray<{ payload: unknown; error: { code: string } }> = [];
                yield* time.until(
                  () => {
                    letters = Effect.runSync(bus.deadLetters("random"));
                    expect(handled.size + letters.length).toBe(events.length);
                  },
                  { stepMs: 5 },
                );
                // Longer than the ack wait: nothing settled comes back.
                yield* time.pass(80);
                return Effect.runSync(bus.deadLetters("random"));
              }),
            ).pipe(Effect.provide(InProcessBus.layer()), time.provide),
          );
          const deadIds = new Set(letters.map((letter) => (letter.payload as { id: string }).id));
          for (const event of events) {
            const outcomes = outcomeOf.get(event.id) ?? [];
            const firstOk = [0, 1, 2].find((index) => (outcomes[index] ?? "ok") === "ok");
            if (firstOk === undefined) {
              // Every allowed delivery failed or crashed: dead-lettered, never handled.
              expect(deadIds.has(event.id)).toBe(true);
              expect(handled.has(event.id)).toBe(false);
              expect(attempts.get(event.id)).toEqual([1, 2, 3]);
            } else {
              // Handled exactly once, after exactly the planned failures.
              expect(deadIds.has(event.id)).toBe(false);
              expect(handled.get(event.id)).toBe(1);
              expect(attempts.get(event.id)).toEqual(
                Array.from({ length: firstOk + 1 }, (_, index) => index + 1),
              );
            }
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});

describe("in-process bus memory", () => {
  const collect = (ids: string[]) => (event: { id: string }) =>
    Effect.sync(() => {
      ids.push(event.id);
    });

  it("drops events every consumer acknowledged beyond the retained number, never one still needed", async () => {
    const events = Array.from({ length: 50 }, () => testEvent());
    const result = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const bus = yield* Bus;
          const all = [eventFilter({}, bus.subjectRoot)];
          const early: string[] = [];
          yield* bus.subscribe({ name: "early", subjects: all, handler: collect(early) });
          for (const event of events) {
            yield* bus.publish(event);
            yield* time.until(() => expect(early).toContain(event.id));
          }
          const late: string[] = [];
          yield* bus.subscribe({ name: "late", subjects: all, handler: collect(late) });
          yield* time.until(() => expect(late.length).toBeGreaterThanOrEqual(10));
          yield* time.pass(50);
          return { early, late };
        }),
      ).pipe(Effect.provide(InProcessBus.layer({ retainAcknowledged: 10 })), time.provide),
    );
    expect(result.early).toEqual(events.map((event) => event.id));
    expect(result.late.length).toBeLessThan(50);
    expect(result.late).toEqual(events.slice(50 - result.late.length).map((event) => event.id));
  });

  it("keeps every event a consumer has not acknowledged", async () => {
    const events = Array.from({ length: 30 }, () => testEvent());
    const late = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const bus = yield* Bus;
          const all = [eventFilter({}, bus.subjectRoot)];
          // A consumer stuck on the first event holds everything after it.
          const stuck = yield* bus.subscribe({
            name: "stuck",
            subjects: all,
            handler: () => Effect.never,
          });
          for (const event of events) yield* bus.publish(event);
          const late: string[] = [];
          yield* bus.subscribe({ name: "late", subjects: all, handler: collect(late) });
          yield* time.until(() => expect(late).toHaveLength(30));
          // Its stop waits for the event in hand up to the drain timeout, on the TestClock.
          const stopping = yield* Effect.fork(stuck.stop);
          yield* time.pass(50);
          yield* Fiber.join(stopping);
          return late;
        }),
      ).pipe(
        Effect.provide(InProcessBus.layer({ retainAcknowledged: 5, drainTimeoutMs: 50 })),
        time.provide,
      ),
    );
    expect(late).toEqual(events.map((event) => event.id));
  });
});
