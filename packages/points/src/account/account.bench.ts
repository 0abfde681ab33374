/*
 * The courier account benchmark: what one command costs an account that has recorded
 * 100, 1,000 and 10,000 transfers. A service pays, per command, the decision and the new
 * state (`handleCommand`: decide and evolve) and the state serialised for the store's one
 * write; both should stay flat however long the account's history is, because the state
 * keeps balances, holds, the caps' totals and the months' lots, not the history.
 * Run with `npm run bench -w @courier-station/points`.
 *
 * The account lives an ordinary courier's life (`testing/courier-life.ts`): volunteering
 * and reports every day, a wish redeemed every three days (its hold posted, voided or left
 * to expire), staff adjustments, expiry monthly under a 12-month policy.
 */
import { type Instant, jinshanPolicy } from "@courier-station/core";
import { Either } from "effect";
import { courierLife, simulatedAccount } from "../testing/courier-life.js";

// A pure package has no Node types; the benchmark runs on Node and reads these two.
const { process, console } = globalThis as unknown as {
  readonly process: {
    readonly version: string;
    exitCode?: number;
    readonly hrtime: { readonly bigint: () => bigint };
  };
  readonly console: { readonly log: (line: string) => void };
};

const CHECKPOINTS = [100, 1_000, 10_000];
/**
 * Days of commands measured after each checkpoint: two whole cycles of the life's
 * pattern (every 3, 9, 10 and 30 days), so each row times the same mix of commands.
 */
const SAMPLE_DAYS = 180;
const DAY_MILLIS = 86_400_000;

const jinshan = jinshanPolicy();
const policy = { ...jinshan, points: { ...jinshan.points, expiryMonths: 12 } };
const account = simulatedAccount("alice", policy, { keepReceipts: false });
const life = courierLife("alice", "2026-01-05T01:00:00.000Z" as Instant);

const nextStep = () => {
  const step = life.next();
  if (step.done === true) throw new Error("a courier's life never ends");
  return step.value;
};

const run = (): void => {
  const outcome = account.run(nextStep());
  if (Either.isLeft(outcome)) throw new Error(`refused: ${outcome.left}`);
};

const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

const pad = (text: string, width: number): string => text.padStart(width);

// Warm the JIT on an account of its own, so the first row is not the compiler's.
const warm = simulatedAccount("warm", policy, { keepReceipts: false });
const warmLife = courierLife("warm", "2026-01-05T01:00:00.000Z" as Instant);
for (let index = 0; index < 3_000; index++) {
  const step = warmLife.next();
  if (step.done !== true) warm.run(step.value);
}

const SHOWN = ["EarnPoints", "CreateTransfer", "PostPendingTransfer", "AdjustPoints"] as const;

console.log(`courier account: one command at a growing history (Node ${process.version})`);
console.log(
  `${pad("transfers", 10)} ${pad("state bytes", 12)} ${SHOWN.map((type) => pad(type, 20)).join(" ")} ${pad("every command", 14)} ${pad("serialise", 10)}`,
);
for (const checkpoint of CHECKPOINTS) {
  while (account.transfers() < checkpoint) run();
  const decided = new Map<string, number[]>();
  const serialised: number[] = [];
  let bytes = 0;
  let step = nextStep();
  const until = Date.parse(step.at) + SAMPLE_DAYS * DAY_MILLIS;
  while (Date.parse(step.at) < until) {
    const started = process.hrtime.bigint();
    const outcome = account.run(step);
    const ranAt = process.hrtime.bigint();
    const document = JSON.stringify(account.record().state);
    const ended = process.hrtime.bigint();
    if (Either.isLeft(outcome)) throw new Error(`refused: ${outcome.left}`);
    const times = decided.get(step.command.type) ?? [];
    times.push(Number(ranAt - started) / 1_000);
    decided.set(step.command.type, times);
    serialised.push(Number(ended - ranAt) / 1_000);
    bytes = Math.max(bytes, document.length);
    step = nextStep();
  }
  // The mix is the same in every row, so weigh each command's median by its count.
  let total = 0;
  let count = 0;
  for (const times of decided.values()) {
    total += median(times) * times.length;
    count += times.length;
  }
  console.log(
    `${pad(checkpoint.toLocaleString("en"), 10)} ${pad(bytes.toLocaleString("en"), 12)} ${SHOWN.map((type) => pad(median(decided.get(type) ?? []).toFixed(1), 20)).join(" ")} ${pad((total / count).toFixed(1), 14)} ${pad(median(serialised).toFixed(1), 10)}`,
  );
}
console.log(
  `(µs per command, decide and evolve through handleCommand, and the state serialised: medians over ${SAMPLE_DAYS} days of the life after each checkpoint; "every command" weighs each kind's median by how often it came; state bytes is the largest state serialised)`,
);
