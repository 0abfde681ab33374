import { readFileSync } from "node:fs";

/*
 * Waiting for a station to settle between the phases of a scenario. A burst of commands
 * leaves work behind it for seconds (the relay delivering events, consumers updating read
 * models and statistics, notifications): measured under the next phase, that backlog is
 * what its latencies show, not the phase's own load.
 */

/**
 * The CPU time the main thread has used, in ms: the station's services, store and relay
 * (not a load generator in a worker thread). Undefined where `/proc` does not say (not
 * Linux). Linux counts it in ticks of 10 ms (USER_HZ 100).
 */
export const mainThreadCpuMs = (): number | undefined => {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
    // The fields after the command's name: the state (field 3) first; utime and stime
    // are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : undefined;
  } catch {
    return undefined;
  }
};

/** How busy a station is over a while: its main thread's share of a core, and a count's rate. */
export interface Busyness {
  /** ms of the main thread's CPU per ms; undefined where `/proc` does not say. */
  readonly cpuShare: number | undefined;
  /** The counted thing per second (e.g. requests to a database server), when one is counted. */
  readonly perSecond: number | undefined;
}

/** Measures {@link Busyness} over `seconds`. */
export const busynessOver = async (seconds: number, counted?: () => number): Promise<Busyness> => {
  const fromCpu = mainThreadCpuMs();
  const fromCount = counted?.();
  const began = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1_000));
  const toCpu = mainThreadCpuMs();
  const took = performance.now() - began;
  return {
    cpuShare: fromCpu === undefined || toCpu === undefined ? undefined : (toCpu - fromCpu) / took,
    perSecond:
      counted === undefined || fromCount === undefined
        ? undefined
        : ((counted() - fromCount) * 1_000) / took,
  };
};

/** Below this share of a core a station counts as settled: the relay polling, no backlog. */
export const settledShare = 0.1;

/** How a station is waited for. */
export interface SettleOptions {
  /** The window each measure of busyness takes, in seconds. */
  readonly sampleSeconds: number;
  /** The longest it is waited for, in seconds. */
  readonly maxSeconds: number;
  /** A count that falls back to `idlePerSecond` once settled (requests to a server). */
  readonly counted?: () => number;
  /** The count's rate when the station is idle (its relay's polls, its timers). */
  readonly idlePerSecond?: number;
}

/**
 * Waits until the station's main thread is below {@link settledShare} of a core and, when
 * a count is given, its rate is back near the idle rate (at most half as much again, plus
 * 5 a second), or until `maxSeconds`; returns the last busyness measured and how long the
 * wait took.
 *
 * @example
 * const { busyness, seconds } = await settle({ sampleSeconds: 1, maxSeconds: 60 });
 */
export const settle = async (
  options: SettleOptions,
): Promise<{ readonly busyness: Busyness; readonly seconds: number }> => {
  const began = performance.now();
  const settled = (busyness: Busyness) =>
    (busyness.cpuShare === undefined || busyness.cpuShare <= settledShare) &&
    (busyness.perSecond === undefined ||
      options.idlePerSecond === undefined ||
      busyness.perSecond <= options.idlePerSecond * 1.5 + 5);
  let busyness = await busynessOver(options.sampleSeconds, options.counted);
  while (!settled(busyness) && performance.now() - began < options.maxSeconds * 1_000) {
    busyness = await busynessOver(options.sampleSeconds, options.counted);
  }
  return { busyness, seconds: (performance.now() - began) / 1_000 };
};
