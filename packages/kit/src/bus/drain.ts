import { Duration, Effect, type Fiber, FiberId, Runtime } from "effect";

/**
 * Waits until every fiber has finished, or until `timeoutMs` has passed on the Clock
 * (a `TestClock` in tests), whichever comes first; `true` when they all finished.
 * Unlike `Effect.timeout`, it needs no interruption to give up waiting, so it works
 * inside finalizers (which run uninterruptibly), where a graceful stop usually runs:
 * the timer is a fiber of its own, observed rather than raced.
 */
export const awaitFibers = (
  fibers: Iterable<Fiber.RuntimeFiber<unknown, unknown>>,
  timeoutMs: number,
): Effect.Effect<boolean> =>
  Effect.flatMap(Effect.runtime<never>(), (runtime) =>
    Effect.async<boolean>((resume) => {
      const waiting = [...fibers].filter((fiber) => fiber.unsafePoll() === null);
      if (waiting.length === 0) {
        resume(Effect.succeed(true));
        return;
      }
      let left = waiting.length;
      let done = false;
      const timer = Runtime.runFork(runtime)(Effect.sleep(Duration.millis(timeoutMs)));
      const finish = (all: boolean) => {
        if (done) return;
        done = true;
        timer.unsafeInterruptAsFork(FiberId.none);
        resume(Effect.succeed(all));
      };
      timer.addObserver(() => finish(false));
      for (const fiber of waiting) {
        fiber.addObserver(() => {
          left -= 1;
          if (left === 0) finish(true);
        });
      }
    }),
  );
