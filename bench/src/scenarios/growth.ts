import { call, insightsContract, pointsContract } from "@courier-station/contracts";
import { catchUpInsights } from "@courier-station/service-insights";
import type { StationContext } from "@courier-station/station";
import type { Effect } from "effect";
import { writeLog } from "../event-log.js";
import { type BenchContext, type BenchRow, measured, type Scenario } from "../scenario.js";
import { award, benchCommunity, benchStaff, type Stack, startStack } from "../stack.js";

/*
 * Scenario 9, growth: what a command (an award), a courier's monthly statement and the
 * community's monthly statistics cost as the community grows — in couriers (100, 1,000,
 * 10,000, each with three transfers in a month) and in time (30 couriers with one, twelve
 * and thirty-six months of a transfer a day). The sizes are kept so that each point's
 * history (at most 33,000 transfers) is written and caught up by the services within a
 * minute or two on this machine; each point runs once (a fresh station each). Each point is a fresh embedded station whose
 * log is written first and whose read models and projection are caught up before the clock
 * starts; the figures are medians of sequential requests over the bus.
 */

interface Point {
  readonly axis: "couriers" | "months";
  readonly couriers: number;
  readonly months: number;
  readonly transfersPerCourier: number;
}

const pointsFor = (size: BenchContext["size"]): Point[] =>
  size === "full"
    ? [
        { axis: "couriers", couriers: 100, months: 1, transfersPerCourier: 3 },
        { axis: "couriers", couriers: 1_000, months: 1, transfersPerCourier: 3 },
        { axis: "couriers", couriers: 10_000, months: 1, transfersPerCourier: 3 },
        { axis: "months", couriers: 30, months: 1, transfersPerCourier: 30 },
        { axis: "months", couriers: 30, months: 12, transfersPerCourier: 365 },
        { axis: "months", couriers: 30, months: 36, transfersPerCourier: 1_095 },
      ]
    : [
        { axis: "couriers", couriers: 5, months: 1, transfersPerCourier: 3 },
        { axis: "months", couriers: 5, months: 2, transfersPerCourier: 20 },
      ];

const SAMPLES = { command: 40, statement: 20, statistics: 5 };

const ask = <A>(stack: Stack, effect: unknown): Promise<A> =>
  stack.run(effect as Effect.Effect<A, unknown, StationContext>);

const timed = async (count: number, once: (index: number) => Promise<unknown>): Promise<number> => {
  const times: number[] = [];
  for (let index = 0; index < count; index++) {
    const began = performance.now();
    await once(index);
    times.push(performance.now() - began);
  }
  return measured(times).median;
};

let prefixes = 0;

const measurePoint = async (
  point: Point,
  context: BenchContext,
): Promise<{ command: number; statement: number; statistics: number; caughtUpSeconds: number }> => {
  const stack = await startStack("embedded", context.servers);
  try {
    prefixes += 1;
    const prefix = `g${prefixes}`;
    const until = Date.now() - 60_000;
    const began = performance.now();
    await stack.run(
      writeLog({
        couriers: point.couriers,
        transfersPerCourier: point.transfersPerCourier,
        days: point.months * 30,
        until,
        prefix,
      }),
    );
    // The points service's read models follow its events through the relay and the bus:
    // wait for the last courier's lines of this month and for every account's row.
    // The month of the last transfers: the statement and the figures asked for.
    const now = new Date(until);
    const last = `${prefix}-${point.couriers - 1}`;
    const statementOf = (courierId: string) =>
      ask<{ readonly items: readonly unknown[] }>(
        stack,
        call(pointsContract, "GetPointsStatement", benchCommunity, {
          actor: benchStaff,
          courierId,
          year: now.getUTCFullYear(),
          month: now.getUTCMonth() + 1,
          limit: 50,
        } as never),
      );
    const deadline = Date.now() + 300_000;
    for (;;) {
      const totals = await ask<{ readonly courierAccounts: number }>(
        stack,
        call(pointsContract, "GetLedgerTotals", benchCommunity, { actor: benchStaff } as never),
      );
      const lines = (await statementOf(last)).items.length;
      if (totals.courierAccounts >= point.couriers && lines > 0) break;
      if (Date.now() > deadline) throw new Error("the read models did not catch up in 5 minutes");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await stack.run(catchUpInsights({ pageSize: 1_000 }));
    const caughtUpSeconds = (performance.now() - began) / 1_000;
    const command = await timed(SAMPLES.command, (index) =>
      award(stack, `${prefix}-award-${index}`, `${prefix}-${(index * 37) % point.couriers}`, 1),
    );
    const statement = await timed(SAMPLES.statement, (index) =>
      statementOf(`${prefix}-${(index * 53) % point.couriers}`),
    );
    const statistics = await timed(SAMPLES.statistics, () =>
      ask(
        stack,
        call(insightsContract, "GetFigures", benchCommunity, {
          actor: benchStaff,
          period: { kind: "month", year: now.getUTCFullYear(), month: now.getUTCMonth() + 1 },
        } as never),
      ),
    );
    return { command, statement, statistics, caughtUpSeconds };
  } finally {
    await stack.close();
  }
};

/** Scenario 9: the cost of a command, a statement and a statistics query as a community grows. */
export const growthScenario: Scenario = {
  name: "growth",
  title:
    "growth: a command, a statement and a statistics query, 100 → 10,000 couriers and 1 month → 3 years",
  needs: [],
  async run(context) {
    const rows: BenchRow[] = [];
    for (const point of pointsFor(context.size)) {
      const samples = {
        command: [] as number[],
        statement: [] as number[],
        statistics: [] as number[],
      };
      for (let repeat = 0; repeat < Math.min(context.repeats, 1); repeat++) {
        const result = await measurePoint(point, context);
        samples.command.push(result.command);
        samples.statement.push(result.statement);
        samples.statistics.push(result.statistics);
        context.progress(
          `${point.couriers} couriers × ${point.months} months (${(point.couriers * point.transfersPerCourier).toLocaleString("en")} transfers, ready in ${result.caughtUpSeconds.toFixed(0)} s): command ${result.command.toFixed(1)} ms, statement ${result.statement.toFixed(1)} ms, statistics ${result.statistics.toFixed(0)} ms`,
        );
      }
      const where = `${point.couriers.toLocaleString("en")} couriers, ${point.months} month${point.months === 1 ? "" : "s"}`;
      const history = `${(point.couriers * point.transfersPerCourier).toLocaleString("en")} transfers in the log (${point.axis} axis)`;
      rows.push(
        {
          scenario: "growth",
          measure: `command (award), ${where}`,
          value: measured(samples.command),
          unit: "ms",
          note: history,
        },
        {
          scenario: "growth",
          measure: `statement (a month), ${where}`,
          value: measured(samples.statement),
          unit: "ms",
        },
        {
          scenario: "growth",
          measure: `statistics (GetFigures, a month), ${where}`,
          value: measured(samples.statistics),
          unit: "ms",
        },
      );
    }
    return rows;
  },
};
