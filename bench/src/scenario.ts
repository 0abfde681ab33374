/**
 * What every benchmark scenario is: a name the command line selects it by, and a run that
 * measures at a given size and returns rows for the one table `npm run bench` prints.
 */

/** How big a run is: `full` for the figures in the README, `smoke` for the test that keeps a scenario from rotting. */
export type BenchSize = "full" | "smoke";

/** Where the servers a scenario may need are; a scenario that needs one that is absent says so in its rows. */
export interface BenchServers {
  /** A NATS server with JetStream, e.g. `nats://127.0.0.1:4222`. */
  readonly natsUrl?: string;
  /** A MongoDB wire server (FerretDB v1 here), e.g. `mongodb://127.0.0.1:27017/`. */
  readonly mongodbUri?: string;
}

/** What a scenario is given. */
export interface BenchContext {
  readonly size: BenchSize;
  readonly servers: BenchServers;
  /** How many times each measurement is repeated (median and spread are over these). */
  readonly repeats: number;
  /** Progress for long work, one line at a time (stderr, so the table on stdout stays clean). */
  readonly progress: (line: string) => void;
}

/** The median and the spread (min–max) of a repeated measurement, in its unit. */
export interface Measured {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly samples: readonly number[];
}

/** One row of the table. */
export interface BenchRow {
  /** The scenario's name. */
  readonly scenario: string;
  /** What was measured, e.g. `awards/s, embedded` or `Medici ÷ ours`. */
  readonly measure: string;
  readonly value: Measured;
  /** The unit of `value`, e.g. `ops/s`, `ms`, `bytes`, `×`. */
  readonly unit: string;
  /** The goal as text, when the issue sets one, e.g. `≥ 5000`. */
  readonly goal?: string;
  /** Whether the goal is met; absent without a goal. */
  readonly met?: boolean;
  /** Anything a reader must know to read the figure (a server that could not run an operation, a guarantee lost). */
  readonly note?: string;
}

/** A benchmark scenario. */
export interface Scenario {
  /** The name `npm run bench -- <name>` selects, e.g. `ledger`. */
  readonly name: string;
  /** One line saying what it measures. */
  readonly title: string;
  /**
   * The servers it talks to. `npm run bench` starts nats-server and FerretDB (unless
   * `NATS_URL` / `MONGODB_URI` name them) when a selected scenario needs one or does not
   * say; a scenario that declares `[]` runs without them.
   */
  readonly needs?: ReadonlyArray<"nats" | "mongodb">;
  run(context: BenchContext): Promise<readonly BenchRow[]>;
}

/**
 * The median and spread of samples.
 *
 * @example
 * measured([3, 1, 2]) // { median: 2, min: 1, max: 3, samples: [3, 1, 2] }
 */
export function measured(samples: readonly number[]): Measured {
  if (samples.length === 0) throw new Error("measured() needs at least one sample");
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return {
    median,
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
    samples: [...samples],
  };
}
