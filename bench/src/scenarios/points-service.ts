import { closedLoop, openLoop, percentile } from "../latency.js";
import { type BenchContext, type BenchRow, measured, type Scenario } from "../scenario.js";
import { settle } from "../settle.js";
import {
  award,
  type Stack,
  type StackKind,
  stackAvailable,
  stackLabels,
  startStack,
} from "../stack.js";
import { startWireCounter } from "../wire-counter.js";

/*
 * Scenario 3, the points service end to end: an award (`AdjustPoints`, a grant) sent as a
 * request over the bus, decided on the courier's account, stored with its events in the
 * outbox, replied to — through the station program itself, on each stack. Throughput is a
 * closed loop (many requests outstanding); latency is an open loop at fixed offered rates,
 * each latency counted from when its request was due. Every courier's account exists
 * before the clock starts, so each command is on an existing aggregate. Between phases
 * the station settles (its main thread idle again, and on the MongoDB wire server its
 * requests back to the idle rate): the work a burst leaves behind — the relay, the
 * consumers, the projections — is not measured as the next phase's latency.
 */

interface Plan {
  /** Couriers the awards go to, each given one award before measuring. */
  readonly couriers: number;
  readonly throughput: { readonly awards: number; readonly concurrency: number };
  /**
   * Offered rates (per second) and how long each runs; or, where a stack takes only a
   * few awards a second (the MongoDB wire server), fractions of the throughput the first
   * repeat measured, so that the open loop measures latency below saturation rather than
   * a queue that grows until requests time out.
   */
  readonly rates: readonly number[] | { readonly ofThroughput: readonly number[] };
  readonly seconds: number;
  /** Sequential awards whose wire requests are counted (MongoDB only). */
  readonly counted: number;
}

const plans: Readonly<Record<"full" | "smoke", Readonly<Record<StackKind, Plan>>>> = {
  full: {
    embedded: {
      couriers: 1_000,
      throughput: { awards: 6_000, concurrency: 64 },
      rates: [500, 1_000, 2_000],
      seconds: 3,
      counted: 0,
    },
    "nats-sqlite": {
      couriers: 1_000,
      throughput: { awards: 4_000, concurrency: 64 },
      rates: [250, 500, 1_000],
      seconds: 3,
      counted: 0,
    },
    "nats-mongodb": {
      couriers: 30,
      throughput: { awards: 100, concurrency: 16 },
      rates: { ofThroughput: [0.25, 0.5] },
      seconds: 6,
      counted: 20,
    },
  },
  smoke: {
    embedded: {
      couriers: 10,
      throughput: { awards: 40, concurrency: 8 },
      rates: [100],
      seconds: 0.2,
      counted: 0,
    },
    "nats-sqlite": {
      couriers: 10,
      throughput: { awards: 40, concurrency: 8 },
      rates: [100],
      seconds: 0.2,
      counted: 0,
    },
    "nats-mongodb": {
      couriers: 5,
      throughput: { awards: 10, concurrency: 4 },
      rates: { ofThroughput: [0.5] },
      seconds: 0.5,
      counted: 3,
    },
  },
};

const goalOf = (
  kind: StackKind,
  rate: number,
): { readonly goal: string; readonly limit: number } | undefined =>
  kind === "nats-sqlite" && rate === 500 ? { goal: "< 10", limit: 10 } : undefined;

let awards = 0;
const nextAward = (stack: Stack, couriers: number) => {
  awards += 1;
  return award(stack, `bench-award-${stack.kind}-${awards}`, `c-${awards % couriers}`, 1);
};

const measureOn = async (
  kind: StackKind,
  stack: Stack,
  plan: Plan,
  context: BenchContext,
  requestsSeen?: () => number,
): Promise<BenchRow[]> => {
  const label = stackLabels[kind];
  const waits = context.size === "smoke" ? { sample: 0.2, max: 2 } : { sample: 1, max: 120 };
  // What the fresh station asks the server while idle (the relay's polls, timers).
  const idlePerSecond =
    requestsSeen === undefined
      ? undefined
      : (await settle({ sampleSeconds: waits.sample, maxSeconds: 0, counted: requestsSeen }))
          .busyness.perSecond;
  /** Waits for the backlog a phase left (relay, consumers, projections) before the next. */
  const settled = async (after: string) => {
    const { seconds } = await settle({
      sampleSeconds: waits.sample,
      maxSeconds: waits.max,
      ...(requestsSeen === undefined ? {} : { counted: requestsSeen }),
      ...(idlePerSecond === undefined ? {} : { idlePerSecond }),
    });
    context.progress(`${kind}: settled ${seconds.toFixed(1)} s after ${after}`);
  };
  for (let courier = 0; courier < plan.couriers; courier++) await nextAward(stack, plan.couriers);
  await settled("the first awards");
  const rows: BenchRow[] = [];
  const throughput: number[] = [];
  const latencies = new Map<number, { p50: number[]; p99: number[]; achieved: number[] }>();
  const roundTrips: number[] = [];
  let rates: readonly number[] | undefined;
  /** One repeat: its closed-loop rate, each offered rate's latencies, its round trips. */
  const oneRepeat = async () => {
    const rate = await closedLoop(plan.throughput.concurrency, plan.throughput.awards, () =>
      nextAward(stack, plan.couriers),
    );
    context.progress(`${kind}: ${Math.round(rate).toLocaleString("en")} awards/s`);
    await settled("the closed loop");
    const planned = plan.rates;
    rates ??= Array.isArray(planned)
      ? planned
      : (planned as { readonly ofThroughput: readonly number[] }).ofThroughput.map((fraction) =>
          Math.max(1, Math.round(fraction * rate)),
        );
    const open: Array<{ offered: number; p50: number; p99: number; achieved: number }> = [];
    for (const offered of rates) {
      const result = await openLoop(offered, Math.ceil(offered * plan.seconds), () =>
        nextAward(stack, plan.couriers),
      );
      if (result.failures > 0) {
        throw new Error(
          `${result.failures} awards failed at ${offered}/s on ${kind}: ${String(result.firstFailure)}`,
        );
      }
      const p50 = percentile(result.latencies, 0.5);
      const p99 = percentile(result.latencies, 0.99);
      open.push({ offered, p50, p99, achieved: result.achieved });
      context.progress(
        `${kind} at ${offered}/s: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms`,
      );
      await settled(`${offered}/s`);
    }
    let trips: number | undefined;
    if (requestsSeen !== undefined && plan.counted > 0) {
      // What the station asks the server while idle (the relay's polls, timers), per ms.
      const idleFrom = requestsSeen();
      const idleBegan = performance.now();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const idlePerMs = (requestsSeen() - idleFrom) / (performance.now() - idleBegan);
      const from = requestsSeen();
      const began = performance.now();
      for (let index = 0; index < plan.counted; index++) await nextAward(stack, plan.couriers);
      const background = idlePerMs * (performance.now() - began);
      trips = Math.max(0, requestsSeen() - from - background) / plan.counted;
    }
    return { rate, open, trips };
  };
  // A repeat that fails after others completed (a server slowing down as its history
  // grows) ends the stack's run: the completed repeats' rows are kept, and a row says so.
  let stopped: { readonly repeat: number; readonly reason: string } | undefined;
  for (let repeat = 0; repeat < context.repeats; repeat++) {
    let outcome: Awaited<ReturnType<typeof oneRepeat>>;
    try {
      outcome = await oneRepeat();
    } catch (error) {
      if (repeat === 0) throw error;
      stopped = { repeat, reason: error instanceof Error ? error.message : String(error) };
      context.progress(`${kind}: repeat ${repeat + 1} failed, ${repeat} kept: ${stopped.reason}`);
      break;
    }
    throughput.push(outcome.rate);
    for (const { offered, p50, p99, achieved } of outcome.open) {
      const entry = latencies.get(offered) ?? { p50: [], p99: [], achieved: [] };
      entry.p50.push(p50);
      entry.p99.push(p99);
      entry.achieved.push(achieved);
      latencies.set(offered, entry);
    }
    if (outcome.trips !== undefined) roundTrips.push(outcome.trips);
  }
  if (stopped !== undefined) {
    rows.push({
      scenario: "points-service",
      measure: `repeats completed, ${label}`,
      value: measured([stopped.repeat]),
      unit: "repeats",
      goal: `${context.repeats}`,
      met: false,
      note: `repeat ${stopped.repeat + 1} failed: ${stopped.reason.slice(0, 300)}`,
    });
  }
  rows.push({
    scenario: "points-service",
    measure: `awards/s, ${label}`,
    value: measured(throughput),
    unit: "awards/s",
    ...(kind === "embedded" ? { goal: "≥ 5,000", met: measured(throughput).median >= 5_000 } : {}),
    note: `closed loop, ${plan.throughput.concurrency} outstanding, ${plan.throughput.awards.toLocaleString("en")} awards over ${plan.couriers.toLocaleString("en")} couriers`,
  });
  for (const [offered, entry] of latencies) {
    const goal = goalOf(kind, offered);
    const p99 = measured(entry.p99);
    rows.push({
      scenario: "points-service",
      measure: `p50 at ${offered}/s offered, ${label}`,
      value: measured(entry.p50),
      unit: "ms",
    });
    rows.push({
      scenario: "points-service",
      measure: `p99 at ${offered}/s offered, ${label}`,
      value: p99,
      unit: "ms",
      ...(goal === undefined ? {} : { goal: goal.goal, met: p99.median < goal.limit }),
      note: `open loop, ${Math.ceil(offered * plan.seconds)} awards; achieved ${Math.round(measured(entry.achieved).median)}/s${Array.isArray(plan.rates) ? "" : " (the rate offered is a fraction of the throughput measured first)"}`,
    });
  }
  if (roundTrips.length > 0) {
    const trips = measured(roundTrips);
    rows.push({
      scenario: "points-service",
      measure: `wire round trips per award, ${label}`,
      value: trips,
      unit: "round trips",
      goal: "≤ 3",
      met: trips.median <= 3,
      note: `requests counted by a TCP relay in front of the server over ${plan.counted} sequential awards on existing accounts, less the idle rate of the relay's polls and timers`,
    });
  }
  return rows;
};

/** Scenario 3: the points service end to end on the three stacks. */
export const pointsServiceScenario: Scenario = {
  name: "points-service",
  title:
    "points service end to end: throughput and open-loop p50/p99, embedded, NATS + SQLite, NATS + MongoDB wire",
  needs: ["nats", "mongodb"],
  async run(context) {
    const rows: BenchRow[] = [];
    for (const kind of ["embedded", "nats-sqlite", "nats-mongodb"] as const) {
      if (!stackAvailable(kind, context.servers)) {
        context.progress(`${kind}: skipped, its servers are not given`);
        continue;
      }
      const plan = plans[context.size][kind];
      const counter =
        kind === "nats-mongodb" && context.servers.mongodbUri !== undefined
          ? await startWireCounter(context.servers.mongodbUri)
          : undefined;
      const servers =
        counter === undefined ? context.servers : { ...context.servers, mongodbUri: counter.uri };
      const stack = await startStack(kind, servers);
      try {
        rows.push(...(await measureOn(kind, stack, plan, context, counter?.requests)));
      } catch (error) {
        // One stack failing (a bus timeout on an overloaded server) keeps the others' rows.
        const reason = error instanceof Error ? error.message : String(error);
        context.progress(`${kind} failed: ${reason}`);
        rows.push({
          scenario: "points-service",
          measure: `completed, ${stackLabels[kind]}`,
          value: measured([0]),
          unit: "",
          goal: "completes",
          met: false,
          note: reason.slice(0, 300),
        });
      } finally {
        await stack.close();
        await counter?.close();
      }
    }
    return rows;
  },
};
