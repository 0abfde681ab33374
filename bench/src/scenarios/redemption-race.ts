import { type CommandReply, call, pointsContract } from "@courier-station/contracts";
import { CourierId } from "@courier-station/core";
import { courierAccountId, systemAccountId } from "@courier-station/points";
import type { StationContext } from "@courier-station/station";
import type { Effect } from "effect";
import { type BenchRow, measured, type Scenario } from "../scenario.js";
import {
  award,
  benchCommunity,
  benchFlow,
  benchStaff,
  type Stack,
  type StackKind,
  stackAvailable,
  stackLabels,
  startStack,
} from "../stack.js";

/*
 * Scenario 5, the redemption race: 100 holds (a redemption's pending transfer) sent at
 * once through the points service against a balance that covers exactly k of them, on
 * the SQLite store and on the MongoDB wire server. Exactly k must be held and the rest
 * refused for insufficient points, with nothing left negative; the run fails otherwise.
 * The figure is how long the 100 take to be decided.
 */

/** What one redemption costs. */
const PRICE = 7;

/**
 * How many redemptions race, and how many the balance covers: 100 and 37 on SQLite. On the
 * MongoDB wire server (FerretDB) 30 and 11: every racer that loses a version conflict tries
 * again, so n racers cost about n²/2 tries, and a try costs FerretDB a few hundred ms of
 * round trips; 100 racers did not finish in six minutes there.
 */
export const raceSizes = {
  full: { embedded: { racers: 100, covered: 37 }, "nats-mongodb": { racers: 30, covered: 11 } },
  smoke: { embedded: { racers: 20, covered: 7 }, "nats-mongodb": { racers: 10, covered: 3 } },
} as const;

/** One race's size. */
export interface RaceSize {
  readonly racers: number;
  readonly covered: number;
}

let rounds = 0;

const hold = (stack: Stack, courierId: string, transferId: string): Promise<CommandReply> =>
  stack.run(
    call(pointsContract, "CreateTransfer", benchCommunity, {
      commandId: transferId,
      community: benchCommunity,
      actor: benchFlow,
      command: {
        type: "CreateTransfer",
        data: {
          transferId,
          debitAccount: courierAccountId(CourierId.parse(courierId)),
          creditAccount: systemAccountId("redemption"),
          amount: PRICE,
          reason: "catalogue_redemption",
          reference: `catalogue-${transferId}`,
          pending: { timeoutAt: new Date(Date.now() + 86_400_000).toISOString() },
        },
      },
    } as never) as Effect.Effect<CommandReply, unknown, StationContext>,
  );

/** The outcome of one race: how many were held, how long it took, and what remains. */
export interface RaceOutcome {
  readonly held: number;
  readonly refusedForPoints: number;
  readonly milliseconds: number;
  readonly available: number;
}

/** Runs one race on a stack, on a courier of its own. */
export async function race(stack: Stack, size: RaceSize): Promise<RaceOutcome> {
  rounds += 1;
  const courierId = `c-racer-${rounds}`;
  await award(stack, `race-grant-${rounds}`, courierId, size.covered * PRICE + PRICE - 1);
  const began = performance.now();
  const outcomes = await Promise.allSettled(
    Array.from({ length: size.racers }, (_, index) =>
      hold(stack, courierId, `race-${rounds}-${index}`),
    ),
  );
  const milliseconds = performance.now() - began;
  const other = outcomes.find(
    (outcome) =>
      outcome.status === "rejected" &&
      !JSON.stringify(outcome.reason).includes("points.insufficient_points"),
  );
  if (other?.status === "rejected") {
    throw new Error(`a hold failed for another reason: ${JSON.stringify(other.reason)}`);
  }
  const refusedForPoints = outcomes.filter(
    (outcome) =>
      outcome.status === "rejected" &&
      JSON.stringify(outcome.reason).includes("points.insufficient_points"),
  ).length;
  const balance = await stack.run(
    call(pointsContract, "GetPointsBalance", benchCommunity, {
      actor: benchStaff,
      courierId,
    } as never) as Effect.Effect<{ readonly available: number }, unknown, StationContext>,
  );
  return {
    held: outcomes.filter((outcome) => outcome.status === "fulfilled").length,
    refusedForPoints,
    milliseconds,
    available: balance.available,
  };
}

/** Scenario 5: the redemption race on both stores. */
export const redemptionRaceScenario: Scenario = {
  name: "redemption-race",
  title:
    "redemption race: 100 concurrent holds on a balance covering exactly 37, SQLite and MongoDB wire",
  needs: ["nats", "mongodb"],
  async run(context) {
    const rows: BenchRow[] = [];
    const kinds = ["embedded", "nats-mongodb"] as const satisfies readonly StackKind[];
    for (const kind of kinds) {
      const { racers, covered } = raceSizes[context.size][kind];
      if (!stackAvailable(kind, context.servers)) continue;
      // Racers on one account retry their version conflicts; on the MongoDB wire server each
      // try costs several round trips, so the last racer may wait far past the bus's 5 s.
      const stack = await startStack(kind, context.servers, {
        extraEnv: { CS_REQUEST_TIMEOUT_MS: "600000" },
      });
      try {
        const times: number[] = [];
        const held: number[] = [];
        for (let repeat = 0; repeat < context.repeats; repeat++) {
          const outcome = await race(stack, { racers, covered });
          context.progress(
            `${kind}: ${outcome.held} held, ${outcome.refusedForPoints} refused, ${outcome.milliseconds.toFixed(0)} ms`,
          );
          if (
            outcome.held !== covered ||
            outcome.refusedForPoints !== racers - covered ||
            outcome.available !== PRICE - 1
          ) {
            throw new Error(
              `${kind}: ${outcome.held} of ${racers} held (${outcome.refusedForPoints} refused for points, ${outcome.available} left); exactly ${covered} must be`,
            );
          }
          times.push(outcome.milliseconds);
          held.push(outcome.held);
        }
        rows.push({
          scenario: "redemption-race",
          measure: `held of ${racers} (balance covers ${covered}), ${stackLabels[kind]}`,
          value: measured(held),
          unit: "holds",
          goal: `= ${covered}`,
          met: held.every((count) => count === covered),
        });
        rows.push({
          scenario: "redemption-race",
          measure: `time for ${racers} racing holds, ${stackLabels[kind]}`,
          value: measured(times),
          unit: "ms",
          ...(kind === "nats-mongodb" && context.size === "full"
            ? {
                note: "30 racers, not 100: on FerretDB the retries of n racers on one account grow as n², at a few hundred ms a try",
              }
            : {}),
        });
      } finally {
        await stack.close();
      }
    }
    return rows;
  },
};
