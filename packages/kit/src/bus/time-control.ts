import { Duration, Effect, TestClock, TestContext } from "effect";

/**
 * How a test lets time pass. Every timer of kit (ack waits, retry delays, duplicate
 * windows, backoffs, timers, leases in the store layers) is on Effect's Clock, so a test
 * of the in-process bus or the memory store moves a `TestClock` instead of waiting; a
 * test against a real nats-server waits on the wall clock, since the server keeps its
 * own time (its ack waits and duplicate window).
 *
 * @example
 * const time = testClockTime;
 * await Effect.runPromise(time.provide(Effect.provide(program, InProcessBus.layer())));
 * // inside the program: yield* time.pass(1_200); yield* time.until(() => expect(seen).toHaveLength(2));
 */
export interface TimeControl {
  readonly kind: "live" | "test";
  /**
   * Provides what this time needs (a TestClock for `test`). Apply it outermost, around
   * the layers too, so the adapters built in it take their timers from it.
   */
  readonly provide: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>;
  /** Lets `millis` pass: sleeps on the wall clock, or moves the TestClock and lets what woke run. */
  readonly pass: (millis: number) => Effect.Effect<void>;
  /**
   * Waits until `check` stops throwing, letting `stepMs` (default 25) pass between tries;
   * after `timeoutMs` (default 10 s) of real time, fails with the check's last error.
   */
  readonly until: (
    check: () => void,
    options?: { readonly stepMs?: number; readonly timeoutMs?: number },
  ) => Effect.Effect<void>;
}

/** A turn or two of the event loop: what fibers woken by a move of the TestClock need. */
const settle = Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 1)));

const untilWith =
  (pass: (millis: number) => Effect.Effect<void>): TimeControl["until"] =>
  (check, options = {}) =>
    Effect.gen(function* () {
      // A real deadline, so that a check that never passes fails the test on a TestClock too.
      const deadline = performance.now() + (options.timeoutMs ?? 10_000);
      for (;;) {
        try {
          check();
          return;
        } catch (error) {
          if (performance.now() > deadline) return yield* Effect.die(error);
        }
        yield* pass(options.stepMs ?? 25);
      }
    });

/** Time as it is: sleeps on the wall clock (for tests against real servers). */
export const liveTime: TimeControl = (() => {
  const pass = (millis: number) =>
    Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, millis)));
  return { kind: "live", provide: (effect) => effect, pass, until: untilWith(pass) };
})();

/** Time on Effect's TestClock: moving it takes no time at all. */
export const testClockTime: TimeControl = (() => {
  const pass = (millis: number) =>
    TestClock.adjust(Duration.millis(millis)).pipe(Effect.zipRight(settle));
  return {
    kind: "test",
    // TestContext's services are only what the TestClock needs; the effect requires
    // nothing of them, so its requirements stay as they were.
    provide: <A, E, R>(effect: Effect.Effect<A, E, R>) =>
      Effect.provide(effect, TestContext.TestContext) as Effect.Effect<A, E, R>,
    pass,
    until: untilWith(pass),
  };
})();
