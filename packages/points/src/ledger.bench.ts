/*
 * The ledger benchmark: 1,000,000 transfers across 10,000 accounts (9,998 couriers and
 * the issuance and redemption accounts) applied to the in-memory ledger in batches, printing transfers
 * per second and memory. Run with `npm run bench -w @courier-station/points`.
 *
 * The requests are built before the clock starts: the figure is the ledger's own work
 * (rules, idempotency lookups, balances, histories and the log), as a service would pay
 * it after parsing its input at the edge.
 */
import { CourierId, type Instant, type TransferId } from "@courier-station/core";
import { courierAccountId, systemAccountId } from "./accounts.js";
import { createLedger, type LedgerRequest } from "./ledger/ledger.js";

// A pure package has no Node types; the benchmark runs on Node and reads these two.
const { process, console } = globalThis as unknown as {
  readonly process: {
    readonly version: string;
    exitCode?: number;
    readonly hrtime: { readonly bigint: () => bigint };
    readonly memoryUsage: () => { readonly heapUsed: number; readonly rss: number };
    readonly cpuUsage: (since?: { readonly user: number; readonly system: number }) => {
      readonly user: number;
      readonly system: number;
    };
  };
  readonly console: { readonly log: (line: string) => void };
};

const TRANSFERS = 1_000_000;
const COURIERS = 9_998;
const BATCH = 1_000;
const ACTOR = "system:bench";

const issuance = systemAccountId("issuance");
const redemption = systemAccountId("redemption");
const couriers = Array.from({ length: COURIERS }, (_, index) =>
  courierAccountId(CourierId.parse(`courier-${index}`)),
);

const start = Date.parse("2026-11-28T02:00:00.000Z");
const instantAt = (millis: number): Instant => new Date(millis).toISOString() as Instant;
const timeoutAt = instantAt(start + 30 * 24 * 3_600_000);

/**
 * A mix like a busy programme's: mostly earnings, then spending at once, holds for
 * wishes, and posts and voids of those holds. A small model of each courier's available
 * points keeps spending within what they have, so almost every transfer is accepted.
 * Batches are made one at a time, as a service receives them, so only the ledger stays
 * in memory.
 */
function* batchesOfRequests(): Generator<LedgerRequest[]> {
  const available = new Float64Array(COURIERS);
  const holds: Array<{
    readonly id: TransferId;
    readonly courier: number;
    readonly amount: number;
  }> = [];
  let batch: LedgerRequest[] = [];
  for (let index = 0; index < TRANSFERS; index++) {
    const courier = index % COURIERS;
    const account = couriers[courier] as (typeof couriers)[number];
    const id = `t${index}` as TransferId;
    const roll = (index * 2_654_435_761) % 100;
    const amount = 1 + (index % 20);
    if (roll < 25 && holds.length > 0) {
      const hold = holds.pop() as (typeof holds)[number];
      if (roll < 18) {
        batch.push({ kind: "post", id, pendingTransferId: hold.id, actor: ACTOR });
      } else {
        available[hold.courier] = (available[hold.courier] ?? 0) + hold.amount;
        batch.push({ kind: "void", id, pendingTransferId: hold.id, actor: ACTOR });
      }
    } else if (roll < 45 && (available[courier] ?? 0) >= amount) {
      available[courier] = (available[courier] ?? 0) - amount;
      const hold = roll < 35;
      batch.push({
        kind: "create",
        id,
        debitAccount: account,
        creditAccount: redemption,
        amount,
        reason: "wish_redemption",
        reference: `wish-${index}`,
        actor: ACTOR,
        timeoutAt: hold ? timeoutAt : undefined,
      });
      if (hold) holds.push({ id, courier, amount });
    } else {
      available[courier] = (available[courier] ?? 0) + amount;
      batch.push({
        kind: "create",
        id,
        debitAccount: issuance,
        creditAccount: account,
        amount,
        reason: "participation",
        reference: `event-${index}`,
        actor: ACTOR,
      });
    }
    if (batch.length === BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

const megabytes = (bytes: number): string => `${(bytes / 1_048_576).toFixed(0)} MB`;

const main = (): void => {
  const before = process.memoryUsage();
  const ledger = createLedger();
  const counts = { created: 0, exists: 0, refused: 0 };
  const kinds = new Map<string, number>();
  let applied = 0;
  let nanoseconds = 0n;
  let cpuMicroseconds = 0;
  for (const batch of batchesOfRequests()) {
    const now = instantAt(start + applied);
    const cpu = process.cpuUsage();
    const began = process.hrtime.bigint();
    const results = ledger.apply(batch, now);
    nanoseconds += process.hrtime.bigint() - began;
    const used = process.cpuUsage(cpu);
    cpuMicroseconds += used.user + used.system;
    for (const result of results) counts[result.status] += 1;
    for (const request of batch) {
      const kind =
        request.kind === "create"
          ? request.timeoutAt === undefined
            ? "single"
            : "pending"
          : request.kind;
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    applied += batch.length;
  }
  const seconds = Number(nanoseconds) / 1e9;
  const cpuSeconds = cpuMicroseconds / 1e6;
  const after = process.memoryUsage();

  let sum = 0;
  for (const account of ledger.accounts()) {
    const balances = ledger.balancesOf(account);
    sum += balances.creditsPosted - balances.debitsPosted;
  }
  console.log(`points ledger benchmark (node ${process.version}, one core)`);
  console.log(`  transfers:      ${applied.toLocaleString("en")} in batches of ${BATCH}`);
  console.log(`  accounts:       ${ledger.accounts().length.toLocaleString("en")}`);
  console.log(
    `  results:        ${counts.created.toLocaleString("en")} created, ${counts.exists} exists, ${counts.refused} refused`,
  );
  console.log(
    `  kinds:          ${[...kinds].map(([kind, count]) => `${kind} ${count.toLocaleString("en")}`).join(", ")}`,
  );
  console.log(`  sum of balances: ${sum} (must be 0)`);
  console.log(
    `  time:           ${seconds.toFixed(2)} s applying (${cpuSeconds.toFixed(2)} s of CPU)`,
  );
  console.log(
    `  throughput:     ${Math.round(applied / seconds).toLocaleString("en")} transfers/s (by CPU time: ${Math.round(applied / cpuSeconds).toLocaleString("en")})`,
  );
  console.log(
    `  memory:         heapUsed ${megabytes(after.heapUsed)} (+${megabytes(after.heapUsed - before.heapUsed)} for the ledger), rss ${megabytes(after.rss)}`,
  );
  if (sum !== 0 || counts.refused > 0) process.exitCode = 1;
};

main();
