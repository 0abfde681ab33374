import { CourierId, type Instant, type TransferId } from "@courier-station/core";
import {
  courierAccountId,
  createLedger,
  type LedgerRequest,
  systemAccountId,
} from "@courier-station/points";
import { settledHeap } from "../heap.js";
import { type BenchRow, measured, type Scenario } from "../scenario.js";

/*
 * Scenario 1, the ledger engine in memory: single-phase transfers over 10,000 accounts
 * (9,998 couriers, issuance and redemption), applied one request at a time and in batches
 * of 1,000, with the couriers chosen uniformly or with 90 % of transfers on one hot
 * courier. The requests are made before the clock starts, so the figure is the ledger's
 * own work (rules, idempotency, balances, histories, the log).
 */

const ACTOR = "system:bench";
const BATCH = 1_000;
const issuance = systemAccountId("issuance");
const redemption = systemAccountId("redemption");
const at = Date.parse("2026-11-28T02:00:00.000Z");
const now = new Date(at).toISOString() as Instant;

interface Sizing {
  readonly transfers: number;
  readonly couriers: number;
}

const sizes: Readonly<Record<"full" | "smoke", Sizing>> = {
  full: { transfers: 1_000_000, couriers: 9_998 },
  smoke: { transfers: 5_000, couriers: 200 },
};

type Traffic = "uniform" | "hot";

/**
 * Earnings from the issuance account, and spending to the redemption account wherever the
 * courier has the points (a running model of each balance), so every transfer is accepted.
 */
const requestsFor = (sizing: Sizing, traffic: Traffic): LedgerRequest[] => {
  const couriers = Array.from({ length: sizing.couriers }, (_, index) =>
    courierAccountId(CourierId.parse(`courier-${index}`)),
  );
  const available = new Float64Array(sizing.couriers);
  const requests: LedgerRequest[] = new Array(sizing.transfers);
  let seed = 0x2545f491;
  const random = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 4_294_967_296;
  };
  for (let index = 0; index < sizing.transfers; index++) {
    const courier =
      traffic === "hot" && random() < 0.9 ? 0 : Math.floor(random() * sizing.couriers);
    const account = couriers[courier] as (typeof couriers)[number];
    const amount = 1 + (index % 20);
    const id = `t${index}` as TransferId;
    if (index % 3 === 2 && (available[courier] ?? 0) >= amount) {
      available[courier] = (available[courier] ?? 0) - amount;
      requests[index] = {
        kind: "create",
        id,
        debitAccount: account,
        creditAccount: redemption,
        amount,
        reason: "wish_redemption",
        reference: `wish-${index}`,
        actor: ACTOR,
      };
    } else {
      available[courier] = (available[courier] ?? 0) + amount;
      requests[index] = {
        kind: "create",
        id,
        debitAccount: issuance,
        creditAccount: account,
        amount,
        reason: "participation",
        reference: `event-${index}`,
        actor: ACTOR,
      };
    }
  }
  return requests;
};

interface Pass {
  readonly perSecond: number;
  readonly bytesPerTransfer: number;
}

/** Applies every request to a fresh ledger, one at a time or in batches; checks each was created. */
const pass = (requests: readonly LedgerRequest[], batch: number): Pass => {
  const before = settledHeap();
  const ledger = createLedger();
  let created = 0;
  const began = process.hrtime.bigint();
  for (let start = 0; start < requests.length; start += batch) {
    const results = ledger.apply(requests.slice(start, start + batch), now);
    for (const result of results) if (result.status === "created") created += 1;
  }
  const seconds = Number(process.hrtime.bigint() - began) / 1e9;
  if (created !== requests.length) {
    throw new Error(`the ledger created ${created} of ${requests.length} transfers`);
  }
  const after = settledHeap();
  // Keep the ledger alive until the heap is read.
  if (ledger.accounts().length === 0) throw new Error("the ledger holds no account");
  return {
    perSecond: requests.length / seconds,
    bytesPerTransfer: (after - before) / requests.length,
  };
};

/** Scenario 1: the in-memory ledger engine. */
export const ledgerScenario: Scenario = {
  name: "ledger",
  title:
    "ledger engine in memory: transfers/s and memory per transfer, single and batched, uniform and hot",
  needs: [],
  async run(context) {
    const sizing = sizes[context.size];
    const rows: BenchRow[] = [];
    const count = sizing.transfers.toLocaleString("en");
    for (const traffic of ["uniform", "hot"] as const) {
      const requests = requestsFor(sizing, traffic);
      for (const [mode, batch] of [
        ["batches of 1,000", BATCH],
        ["one at a time", 1],
      ] as const) {
        const rates: number[] = [];
        const bytes: number[] = [];
        // A warm-up pass so the JIT's work is not in the first sample.
        pass(requests.slice(0, Math.min(requests.length, 50_000)), batch);
        for (let repeat = 0; repeat < context.repeats; repeat++) {
          const result = pass(requests, batch);
          rates.push(result.perSecond);
          bytes.push(result.bytesPerTransfer);
          context.progress(
            `${traffic}, ${mode}: ${Math.round(result.perSecond).toLocaleString("en")}/s`,
          );
        }
        const label = `${traffic === "hot" ? "90 % on one account" : "uniform"}, ${mode}`;
        const goalApplies = traffic === "uniform" && batch === BATCH;
        const rate = measured(rates);
        rows.push({
          scenario: "ledger",
          measure: `transfers/s, ${label}`,
          value: rate,
          unit: "transfers/s",
          ...(goalApplies
            ? {
                goal: "≥ 1,000,000",
                met: rate.median >= 1_000_000,
                note: `${count} single-phase transfers over ${(sizing.couriers + 2).toLocaleString("en")} accounts, one core`,
              }
            : {}),
        });
        if (batch === BATCH) {
          rows.push({
            scenario: "ledger",
            measure: `memory per transfer, ${traffic === "hot" ? "hot" : "uniform"}`,
            value: measured(bytes),
            unit: "bytes",
          });
        }
      }
    }
    return rows;
  },
};
