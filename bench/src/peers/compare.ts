import { type BenchRow, measured } from "../scenario.js";

/*
 * Ours against a peer on the same work: the two sides alternate within one run (ours
 * first in one repeat, the peer first in the next), so a noisy, shared machine slows
 * both alike; the ratio of each repeat is the headline, the rates are indications.
 */

/** One side of a comparison: runs `count` operations one after another. */
export type Side = (count: number, repeat: number) => Promise<void>;

/** The rates of both sides and their ratio, per repeat. */
export interface Compared {
  readonly ours: readonly number[];
  readonly peer: readonly number[];
  /** ours ÷ peer: above 1, ours is faster. */
  readonly ratio: readonly number[];
}

const rateOf = async (side: Side, count: number, repeat: number): Promise<number> => {
  const began = performance.now();
  await side(count, repeat);
  return (count / (performance.now() - began)) * 1000;
};

/** Runs both sides `repeats` times, alternating which goes first, and gives the rates per second. */
export async function alternate(
  ours: Side,
  peer: Side,
  count: number,
  repeats: number,
): Promise<Compared> {
  const oursRates: number[] = [];
  const peerRates: number[] = [];
  for (let repeat = 0; repeat < repeats; repeat++) {
    if (repeat % 2 === 0) {
      oursRates.push(await rateOf(ours, count, repeat));
      peerRates.push(await rateOf(peer, count, repeat));
    } else {
      peerRates.push(await rateOf(peer, count, repeat));
      oursRates.push(await rateOf(ours, count, repeat));
    }
  }
  return {
    ours: oursRates,
    peer: peerRates,
    ratio: oursRates.map((rate, index) => rate / (peerRates[index] as number)),
  };
}

/** The rows of a comparison: the ratio (with the goal, if any), then each side's rate. */
export function comparisonRows(
  scenario: string,
  what: string,
  peerName: string,
  compared: Compared,
  options: { readonly goal?: number; readonly note?: string; readonly unit?: string } = {},
): BenchRow[] {
  const ratio = measured(compared.ratio);
  const unit = options.unit ?? "ops/s";
  return [
    {
      scenario,
      measure: `ours ÷ ${peerName}, ${what}`,
      value: ratio,
      unit: "×",
      ...(options.goal === undefined
        ? {}
        : { goal: `≥ ${options.goal}`, met: ratio.median >= options.goal }),
      ...(options.note === undefined ? {} : { note: options.note }),
    },
    { scenario, measure: `ours, ${what}`, value: measured(compared.ours), unit },
    { scenario, measure: `${peerName}, ${what}`, value: measured(compared.peer), unit },
  ];
}

/** A guarantee shown by a run: what each side did, and whether it kept the guarantee. */
export function guaranteeRow(
  scenario: string,
  side: string,
  guarantee: string,
  observed: number,
  unit: string,
  kept: boolean,
  note: string,
): BenchRow {
  return {
    scenario,
    measure: `${guarantee}, ${side}`,
    value: measured([observed]),
    unit,
    goal: "kept",
    met: kept,
    note: `${kept ? "kept" : "LOST"}: ${note}`,
  };
}

/** What FerretDB's `serverStatus` counts per command name. */
interface CommandMetrics {
  readonly metrics?: { readonly commands?: Record<string, { readonly total?: number }> };
}

// The driver's own traffic, not the work measured.
const housekeeping = new Set([
  "hello",
  "isMaster",
  "ismaster",
  "ping",
  "buildInfo",
  "endSessions",
  "serverStatus",
]);

/**
 * How many commands the MongoDB wire server has run so far, by its `serverStatus`
 * (FerretDB counts them per name; the driver's handshakes are left out). The difference
 * around some work is what it cost the server, whoever in the process sent it.
 */
export async function serverCommands(admin: {
  command: (command: Record<string, unknown>) => Promise<unknown>;
}): Promise<number> {
  const status = (await admin.command({ serverStatus: 1 })) as CommandMetrics;
  return Object.entries(status.metrics?.commands ?? {})
    .filter(([name]) => !housekeeping.has(name))
    .reduce((sum, [, counted]) => sum + (counted.total ?? 0), 0);
}
