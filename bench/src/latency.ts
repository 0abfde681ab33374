/**
 * Latencies and rates as the scenarios measure them: percentiles of a sample, and an
 * open-loop load generator that sends at a fixed rate whatever the replies do.
 */

/**
 * The value below which a share of the sample falls (nearest rank), e.g. `0.99` for p99.
 *
 * @example
 * percentile([5, 1, 3, 2, 4], 0.5) // 3
 */
export function percentile(values: readonly number[], share: number): number {
  if (values.length === 0) throw new Error("percentile() needs at least one value");
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1));
  return sorted[rank] as number;
}

/** What an open-loop run at one offered rate gave. */
export interface OpenLoopResult {
  /** Requests per second asked for. */
  readonly offered: number;
  /** Requests that completed per second of the run (first send to last reply). */
  readonly achieved: number;
  /** Latency of each request from the moment it was due to be sent, in ms. */
  readonly latencies: readonly number[];
  readonly failures: number;
  readonly firstFailure?: unknown;
}

const pause = (millis: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, millis)));

/**
 * Sends `count` requests at `rate` per second, each at its own due time, without waiting
 * for earlier replies (an open loop): a slow reply cannot slow the sender down and hide
 * queueing, and each latency counts from when the request was due, not from when it
 * happened to go out (no coordinated omission).
 *
 * @example
 * const result = await openLoop(500, 2_000, (index) => sendAward(index));
 * percentile(result.latencies, 0.99);
 */
export async function openLoop(
  rate: number,
  count: number,
  send: (index: number) => Promise<unknown>,
): Promise<OpenLoopResult> {
  const interval = 1_000 / rate;
  const latencies: number[] = [];
  const inFlight: Promise<void>[] = [];
  let failures = 0;
  let firstFailure: unknown;
  const began = performance.now();
  let lastReply = began;
  for (let index = 0; index < count; index++) {
    const due = began + index * interval;
    const ahead = due - performance.now();
    // Timers are coarse (≈1 ms): sleep only when ahead by more, and send the due ones at once.
    if (ahead > 2) await pause(ahead - 1);
    // A request sent up to a timer's grain early counts from when it was sent.
    const from = Math.max(due, performance.now());
    inFlight.push(
      send(index).then(
        () => {
          lastReply = performance.now();
          latencies.push(lastReply - from);
        },
        (error: unknown) => {
          lastReply = performance.now();
          failures += 1;
          firstFailure ??= error;
        },
      ),
    );
  }
  await Promise.all(inFlight);
  const seconds = (lastReply - began) / 1_000;
  return {
    offered: rate,
    achieved: latencies.length / seconds,
    latencies,
    failures,
    ...(firstFailure === undefined ? {} : { firstFailure }),
  };
}

/**
 * Runs `count` requests with at most `concurrency` outstanding (a closed loop), for the
 * most a path can take; returns completed requests per second.
 */
export async function closedLoop(
  concurrency: number,
  count: number,
  send: (index: number) => Promise<unknown>,
): Promise<number> {
  let next = 0;
  const began = performance.now();
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next;
      next += 1;
      await send(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return count / ((performance.now() - began) / 1_000);
}
