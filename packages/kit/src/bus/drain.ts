import { Effect, type Fiber } from "effect";

/**
 * Waits until every fiber has finished, or until `timeoutMs` has passed, whichever
 * comes first; `true` when they all finished. Unlike `Effect.timeout`, it needs no
 * interruption to give up waiting, so it works inside finalizers (which run
 * uninterruptibly), where a graceful stop usually runs.
 */
export const awaitFibers = (
  fibers: Iterable<Fiber.RuntimeFiber<unknown, unknown>>,
  timeoutMs: number,
): Effect.Effect<boolean> =>
  Effect.async<boolean>((resume) => {
    const waiting = [...fibers].filter((fiber) => fiber.unsafePoll() === null);
    if (waiting.length === 0) {
      resume(Effect.succeed(true));
      return;
    }
    let left = waiting.length;
    let done = false;
    const finish = (all: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resume(Effect.succeed(all));
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    for (const fiber of waiting) {
      fiber.addObserver(() => {
        left -= 1;
        if (left === 0) finish(true);
      });
    }
  });
