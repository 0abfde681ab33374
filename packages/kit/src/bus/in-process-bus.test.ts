import { Effect } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { busContract, eventually, testEvent } from "./bus.contract.js";
import { Bus } from "./bus.js";
import { InProcessBus } from "./in-process-bus.js";
import { eventFilter } from "./subjects.js";

busContract("in-process", {
  makeLayer: ({ duplicateWindowMs }) => InProcessBus.layer({ duplicateWindowMs }),
});

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
                yield* Effect.promise(() =>
                  eventually(() => {
                    letters = Effect.runSync(bus.deadLetters("random"));
                    expect(handled.size + letters.length).toBe(events.length);
                  }),
                );
                // Longer than the ack wait: nothing settled comes back.
                yield* Effect.sleep(80);
                return Effect.runSync(bus.deadLetters("random"));
              }),
            ).pipe(Effect.provide(InProcessBus.layer())),
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
