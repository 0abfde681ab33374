import type { CommandReply } from "@courier-station/contracts";
import { Bus, eventFilter } from "@courier-station/kit";
import {
  catchUpInsights,
  type ProjectedAccount,
  projectedAggregatesOf,
} from "@courier-station/service-insights";
import { Deferred, Effect } from "effect";
import { openLoop, percentile } from "../latency.js";
import { type BenchRow, measured, type Scenario } from "../scenario.js";
import {
  award,
  benchCommunity,
  type Stack,
  type StackKind,
  stackAvailable,
  stackLabels,
  startStack,
} from "../stack.js";

/*
 * Scenario 7, outbox → bus → projection: awards at a fixed rate; each award's events are
 * stored with the account in one write (the outbox), relayed to the bus by the station's
 * relay, and taken by a durable subscriber — the lag is from the event's decision time to
 * its delivery. Afterwards every event id must have been delivered (zero missing), and the
 * insights projection, caught up from the log, must hold each award's transfer exactly
 * once (zero missing, zero duplicate rows).
 */

const plans = {
  full: {
    embedded: { rate: 1_000, seconds: 5 },
    "nats-mongodb": { rate: 5, seconds: 10 },
  },
  smoke: {
    embedded: { rate: 100, seconds: 0.3 },
    "nats-mongodb": { rate: 5, seconds: 1 },
  },
} as const;

interface LagRun {
  readonly lags: number[];
  readonly perSecond: number;
  readonly missing: number;
  readonly duplicateDeliveries: number;
  readonly projectionMissing: number;
  readonly projectionDuplicates: number;
}

let runs = 0;

const lagRun = async (stack: Stack, rate: number, seconds: number): Promise<LagRun> => {
  runs += 1;
  const delivered = new Map<string, number>();
  let deliveries = 0;
  const stop = Effect.runSync(Deferred.make<void>());
  const ready = Effect.runSync(Deferred.make<void>());
  const subscribed = stack.run(
    Effect.scoped(
      Effect.gen(function* () {
        const bus = yield* Bus;
        yield* bus.subscribe({
          // One durable consumer for every repeat on a stack: a durable consumer outlives
          // its subscription, and on the in-process bus the relay waits for every matching
          // consumer to take an event (it is kept in memory only), so a new name per
          // repeat left the last repeat's consumer holding every later event undelivered.
          name: "bench-lag",
          subjects: [
            eventFilter({ community: benchCommunity, aggregate: "pointsAccount" }, bus.subjectRoot),
          ],
          startAt: "new",
          handler: (event) =>
            Effect.sync(() => {
              deliveries += 1;
              if (!delivered.has(event.id))
                delivered.set(event.id, Date.now() - Date.parse(event.time));
            }),
        });
        yield* Deferred.succeed(ready, undefined);
        yield* Deferred.await(stop);
      }),
    ),
  );
  await Effect.runPromise(Deferred.await(ready));
  const prefix = `lag-${runs}`;
  const replies: CommandReply[] = [];
  const couriers = 200;
  const began = performance.now();
  const result = await openLoop(rate, Math.ceil(rate * seconds), async (index) => {
    replies.push(await award(stack, `${prefix}-${index}`, `${prefix}-c${index % couriers}`, 1));
  });
  if (result.failures > 0)
    throw new Error(`${result.failures} awards failed: ${String(result.firstFailure)}`);
  const expected = replies.flatMap((reply) => reply.eventIds);
  const deadline = Date.now() + 30_000;
  while (expected.some((id) => !delivered.has(id)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const perSecond = expected.length / ((performance.now() - began) / 1_000);
  await Effect.runPromise(Deferred.succeed(stop, undefined));
  await subscribed;
  await stack.run(catchUpInsights({ pageSize: 1_000 }));
  const accounts = await stack.run(projectedAggregatesOf(benchCommunity));
  const counts = new Map<string, number>();
  for (const account of accounts) {
    if (account.aggregate !== "pointsAccount" || !account.aggregateId.includes(prefix)) continue;
    for (const transfer of (account.state as ProjectedAccount).transfers) {
      counts.set(transfer.id, (counts.get(transfer.id) ?? 0) + 1);
    }
  }
  const awarded = replies.length;
  return {
    lags: expected.flatMap((id) => {
      const lag = delivered.get(id);
      return lag === undefined ? [] : [lag];
    }),
    perSecond,
    missing: expected.filter((id) => !delivered.has(id)).length,
    duplicateDeliveries: deliveries - delivered.size,
    projectionMissing: Array.from({ length: awarded }, (_, index) => `${prefix}-${index}`).filter(
      (id) => !counts.has(id),
    ).length,
    projectionDuplicates: [...counts.values()].filter((count) => count > 1).length,
  };
};

/** Scenario 7: from the outbox over the bus to a projection. */
export const outboxLagScenario: Scenario = {
  name: "outbox-lag",
  title: "outbox → bus → projection: events/s, p99 lag, zero missing and zero duplicate rows",
  needs: ["nats", "mongodb"],
  async run(context) {
    const rows: BenchRow[] = [];
    for (const kind of ["embedded", "nats-mongodb"] as const satisfies readonly StackKind[]) {
      if (!stackAvailable(kind, context.servers)) continue;
      const plan = plans[context.size][kind];
      const stack = await startStack(kind, context.servers);
      try {
        const p99: number[] = [];
        const p50: number[] = [];
        const rates: number[] = [];
        for (let repeat = 0; repeat < context.repeats; repeat++) {
          const run = await lagRun(stack, plan.rate, plan.seconds);
          if (
            run.missing + run.projectionMissing + run.projectionDuplicates > 0 ||
            run.lags.length === 0
          ) {
            throw new Error(
              `${kind}: ${run.missing} events never delivered, ${run.projectionMissing} transfers missing from the projection and ${run.projectionDuplicates} there twice`,
            );
          }
          p50.push(percentile(run.lags, 0.5));
          p99.push(percentile(run.lags, 0.99));
          rates.push(run.perSecond);
          context.progress(
            `${kind}: p99 lag ${percentile(run.lags, 0.99).toFixed(1)} ms, ${run.duplicateDeliveries} duplicate deliveries`,
          );
        }
        const label = stackLabels[kind];
        const p99Measured = measured(p99);
        rows.push(
          {
            scenario: "outbox-lag",
            measure: `events/s through, ${label}`,
            value: measured(rates),
            unit: "events/s",
            note: `awards offered at ${plan.rate}/s for ${plan.seconds} s; every event delivered, every transfer once in the insights projection`,
          },
          {
            scenario: "outbox-lag",
            measure: `p50 lag, ${label}`,
            value: measured(p50),
            unit: "ms",
          },
          {
            scenario: "outbox-lag",
            measure: `p99 lag, ${label}`,
            value: p99Measured,
            unit: "ms",
            ...(kind === "embedded"
              ? {
                  goal: "< 100 at 1,000/s",
                  met: context.size === "full" && p99Measured.median < 100,
                }
              : {}),
          },
        );
      } finally {
        await stack.close();
      }
    }
    return rows;
  },
};
