import type { Instant } from "@courier-station/core";
import { Either } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { availableOf } from "../account/balances.js";
import type { CreateTransferRequest, TransferRequest } from "../account/rules.js";
import { isCourierAccount } from "../accounts.js";
import {
  ADJUSTMENT,
  accountOf,
  EXPIRY,
  ISSUANCE,
  NOW,
  REDEMPTION,
  SYSTEM_ACTOR,
  tid,
} from "../testing/fixtures.js";
import { requestOf, timeAfter, type WorkloadStep, workloadStep } from "../testing/workload.js";
import { type Transfer, TransferReason } from "../transfer.js";
import {
  createLedger,
  createLedgerAskingTheRules,
  type Ledger,
  type LedgerRequest,
  restoreLedger,
} from "./ledger.js";

const balancesSnapshot = (ledger: Ledger) =>
  Object.fromEntries(ledger.accounts().map((account) => [account, ledger.balancesOf(account)]));

const fullSnapshot = (ledger: Ledger) =>
  JSON.stringify({
    log: ledger.transfers(),
    balances: balancesSnapshot(ledger),
    open: ledger
      .openPendingTransfers()
      .map((transfer) => transfer.id)
      .sort(),
  });

/** The invariants that hold after every step. */
const checkInvariants = (ledger: Ledger): void => {
  let posted = 0;
  let pending = 0;
  for (const account of ledger.accounts()) {
    const balances = ledger.balancesOf(account);
    posted += balances.creditsPosted - balances.debitsPosted;
    pending += balances.creditsPending - balances.debitsPending;
    for (const value of Object.values(balances)) {
      expect(Number.isSafeInteger(value) && value >= 0).toBe(true);
    }
    if (isCourierAccount(account)) expect(availableOf(balances)).toBeGreaterThanOrEqual(0);
  }
  // Double entry: every point credited somewhere was debited somewhere else.
  expect(posted).toBe(0);
  expect(pending).toBe(0);
  // A pending transfer is resolved (posted, voided or expired) at most once.
  const resolutions = new Map<string, number>();
  for (const transfer of ledger.transfers()) {
    if (transfer.pendingTransferId !== undefined) {
      resolutions.set(
        transfer.pendingTransferId,
        (resolutions.get(transfer.pendingTransferId) ?? 0) + 1,
      );
    }
  }
  for (const count of resolutions.values()) expect(count).toBe(1);
  // An account's history is its part of the log, in order (also after failed chains).
  const log = ledger.transfers();
  for (const account of ledger.accounts()) {
    expect(ledger.historyOf(account)).toEqual(
      log.filter(
        (transfer) => transfer.debitAccount === account || transfer.creditAccount === account,
      ),
    );
  }
};

/** The request that records a transfer again, at the time it was recorded. */
const requestToRecord = (transfer: Transfer): TransferRequest => {
  switch (transfer.kind) {
    case "single":
    case "pending":
      return {
        kind: "create",
        id: transfer.id,
        debitAccount: transfer.debitAccount,
        creditAccount: transfer.creditAccount,
        amount: transfer.amount,
        reason: transfer.reason,
        reference: transfer.reference,
        actor: transfer.actor,
        timeoutAt: transfer.timeoutAt,
        note: transfer.note,
        earning: transfer.earning,
      };
    case "post":
      return {
        kind: "post",
        id: transfer.id,
        pendingTransferId: transfer.pendingTransferId as Transfer["id"],
        amount: transfer.amount,
        actor: transfer.actor,
      };
    case "void":
      return {
        kind: "void",
        id: transfer.id,
        pendingTransferId: transfer.pendingTransferId as Transfer["id"],
        actor: transfer.actor,
      };
    case "expire":
      return {
        kind: "expire",
        pendingTransferId: transfer.pendingTransferId as Transfer["id"],
        actor: transfer.actor,
      };
  }
};

/** A batch: single steps, or a linked chain of 2 to 4 of them. */
const batch = fc.oneof(
  { weight: 4, arbitrary: workloadStep.map((step) => ({ steps: [step], linked: false })) },
  {
    weight: 1,
    arbitrary: fc
      .array(workloadStep, { minLength: 2, maxLength: 4 })
      .map((steps) => ({ steps, linked: true })),
  },
);

const run = (
  batches: ReadonlyArray<{ readonly steps: ReadonlyArray<WorkloadStep>; readonly linked: boolean }>,
) => {
  const ledger = createLedger();
  let now: Instant = NOW;
  for (const { steps, linked } of batches) {
    const requests: LedgerRequest[] = [];
    for (const step of steps) {
      const request = requestOf(step, now, SYSTEM_ACTOR);
      if (request !== undefined) requests.push(linked ? { ...request, linked: true } : request);
      now = timeAfter(step, now);
    }
    // Close the chain on its last request.
    const last = requests.at(-1);
    if (linked && last !== undefined) requests[requests.length - 1] = { ...last, linked: false };
    const before = fullSnapshot(ledger);
    const results = ledger.apply(requests, now);
    expect(results).toHaveLength(requests.length);
    if (linked && results.some((result) => result.status === "refused")) {
      // A chain that fails leaves nothing behind.
      expect(results.every((result) => result.status === "refused")).toBe(true);
      expect(fullSnapshot(ledger)).toBe(before);
    }
    if (!linked && results[0]?.status !== "created") expect(fullSnapshot(ledger)).toBe(before);
    checkInvariants(ledger);
  }
  return { ledger, now };
};

describe("the ledger under random workloads", () => {
  it("keeps the sum of all balances at zero and no courier below zero, after every batch", () => {
    fc.assert(
      fc.property(fc.array(batch, { maxLength: 60, size: "max" }), (batches) => {
        run(batches);
      }),
      { numRuns: 200 },
    );
  });

  it("gives the same balances when the accepted transfers are replayed from empty", () => {
    fc.assert(
      fc.property(fc.array(batch, { maxLength: 60, size: "max" }), (batches) => {
        const { ledger } = run(batches);
        // Restoring checks every transfer against the rules: a history they made passes.
        expect(balancesSnapshot(Either.getOrThrow(restoreLedger(ledger.transfers())))).toEqual(
          balancesSnapshot(ledger),
        );
        // Deciding the accepted transfers again, in order and at their times, accepts every
        // one and records exactly the same transfers.
        const again = createLedger();
        for (const transfer of ledger.transfers()) {
          const result = again.applyOne(requestToRecord(transfer), transfer.at);
          expect(result).toEqual({ status: "created", id: transfer.id });
          expect(again.transferById(transfer.id)).toEqual(transfer);
        }
        expect(balancesSnapshot(again)).toEqual(balancesSnapshot(ledger));
      }),
      { numRuns: 150 },
    );
  });

  it("ends every pending transfer posted, voided or expired exactly once", () => {
    fc.assert(
      fc.property(fc.array(batch, { maxLength: 60, size: "max" }), (batches) => {
        const { ledger, now } = run(batches);
        const later = new Date(Date.parse(now) + 3 * 60 * 60_000).toISOString() as Instant;
        ledger.expireTimedOut(later, SYSTEM_ACTOR);
        checkInvariants(ledger);
        expect(ledger.openPendingTransfers()).toEqual([]);
        const pendings = ledger.transfers().filter((transfer) => transfer.kind === "pending");
        for (const pending of pendings) {
          const endings = ledger
            .transfers()
            .filter((transfer) => transfer.pendingTransferId === pending.id);
          expect(endings).toHaveLength(1);
          expect(ledger.resolutionOf(pending.id)).toEqual(endings[0]);
        }
        for (const account of ledger.accounts())
          expect(ledger.balancesOf(account).debitsPending).toBe(0);
      }),
      { numRuns: 150 },
    );
  });
});

/**
 * Any create, mostly plain ones the shortcut takes, and near them every way to be
 * refused: unknown or equal accounts, reasons that flow elsewhere, odd amounts, amounts
 * that overflow, retries with a field changed, holds, adjustments with and without notes.
 */
const anyCreate: fc.Arbitrary<CreateTransferRequest> = fc.record({
  kind: fc.constant("create" as const),
  id: fc.constantFrom("a", "b", "c", "d", "e", "f").map((id) => tid(`x-${id}`)),
  debitAccount: fc.constantFrom(
    ISSUANCE,
    ISSUANCE,
    accountOf("c0"),
    accountOf("c1"),
    REDEMPTION,
    ADJUSTMENT,
    EXPIRY,
    "bogus" as CreateTransferRequest["debitAccount"],
  ),
  creditAccount: fc.constantFrom(
    accountOf("c0"),
    accountOf("c1"),
    REDEMPTION,
    ISSUANCE,
    ADJUSTMENT,
    "courier-" as CreateTransferRequest["creditAccount"],
  ),
  amount: fc.oneof(
    { weight: 20, arbitrary: fc.integer({ min: 1, max: 50 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        0,
        -1,
        2.5,
        Number.NaN,
        Number.MAX_SAFE_INTEGER,
        Number.MAX_SAFE_INTEGER - 10,
        2 ** 53,
      ),
    },
  ),
  reason: fc.oneof(
    { weight: 10, arbitrary: fc.constantFrom<TransferReason>("participation", "wish_redemption") },
    { weight: 3, arbitrary: fc.constantFrom(...TransferReason.options) },
    { weight: 1, arbitrary: fc.constant("toString" as TransferReason) },
  ),
  reference: fc.constantFrom("r-1", "r-2"),
  actor: fc.constantFrom(SYSTEM_ACTOR, "staff:1"),
  timeoutAt: fc.option(fc.constantFrom(timeAfter({ op: "wait", minutes: 30 }, NOW), NOW), {
    nil: undefined,
    freq: 6,
  }),
  note: fc.option(fc.constantFrom("why", " "), { nil: undefined, freq: 3 }),
});

/** A batch of creates and workload steps, some linked (a chain may be left open). */
const mixedBatch = fc.array(
  fc.record({
    request: fc.oneof(
      { weight: 3, arbitrary: anyCreate },
      {
        weight: 1,
        arbitrary: workloadStep
          .map((step) => requestOf(step, NOW, SYSTEM_ACTOR))
          .filter((request): request is TransferRequest => request !== undefined),
      },
    ),
    linked: fc.boolean(),
  }),
  { minLength: 1, maxLength: 6 },
);

/** Brings every account in, as the shortcut takes only accounts the ledger has seen. */
const opening = (): LedgerRequest[] => {
  const create = (
    id: string,
    debitAccount: CreateTransferRequest["debitAccount"],
    creditAccount: CreateTransferRequest["creditAccount"],
    reason: TransferReason,
    amount: number,
  ): CreateTransferRequest => ({
    kind: "create",
    id: tid(`o-${id}`),
    debitAccount,
    creditAccount,
    amount,
    reason,
    reference: "opening",
    actor: SYSTEM_ACTOR,
    note: "opening",
  });
  return [
    create("1", ISSUANCE, accountOf("c0"), "participation", 100),
    create("2", ISSUANCE, accountOf("c1"), "welcome", 3),
    create("3", accountOf("c0"), REDEMPTION, "wish_redemption", 1),
    create("4", ADJUSTMENT, accountOf("c1"), "adjustment", 1),
    create("5", accountOf("c0"), EXPIRY, "expiry", 1),
  ];
};

describe("the shortcut for plain transfers", () => {
  it("gives the same results and the same ledger as asking the rules about every request", () => {
    fc.assert(
      fc.property(fc.array(mixedBatch, { maxLength: 40 }), (batches) => {
        const fast = createLedger();
        const reference = createLedgerAskingTheRules();
        let now: Instant = NOW;
        expect(fast.apply(opening(), now)).toEqual(reference.apply(opening(), now));
        for (const batch of batches) {
          const requests: LedgerRequest[] = batch.map(({ request, linked }) =>
            linked ? { ...request, linked: true } : request,
          );
          expect(fast.apply(requests, now)).toEqual(reference.apply(requests, now));
          expect(fullSnapshot(fast)).toBe(fullSnapshot(reference));
          now = timeAfter({ op: "wait", minutes: 7 }, now);
        }
        for (const account of reference.accounts()) {
          expect(fast.historyOf(account)).toEqual(reference.historyOf(account));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("refuses, as the rules do, a transfer that would overflow only one of its sides", () => {
    const big = (id: string, debitAccount: CreateTransferRequest["debitAccount"], amount: number) =>
      ({
        kind: "create",
        id: tid(`big-${id}`),
        debitAccount,
        creditAccount: accountOf("c1"),
        amount,
        reason: debitAccount === ADJUSTMENT ? "adjustment" : "participation",
        reference: "big",
        actor: SYSTEM_ACTOR,
        note: "big",
      }) satisfies CreateTransferRequest;
    const requests = [
      // The issuance account's debits would pass the limit, not the courier's credits.
      big("1", ISSUANCE, Number.MAX_SAFE_INTEGER - 10),
      // The courier's credits would pass it, not the issuance account's debits.
      big("2", ADJUSTMENT, Number.MAX_SAFE_INTEGER - 200),
      big("3", ISSUANCE, 300),
    ];
    const fast = createLedger();
    const reference = createLedgerAskingTheRules();
    fast.apply(opening(), NOW);
    reference.apply(opening(), NOW);
    const results = requests.map((request) => fast.applyOne(request, NOW));
    expect(results).toEqual(requests.map((request) => reference.applyOne(request, NOW)));
    expect(results.map((result) => (result.status === "refused" ? result.error._tag : ""))).toEqual(
      ["BalanceOverflow", "", "BalanceOverflow"],
    );
    expect(fullSnapshot(fast)).toBe(fullSnapshot(reference));
  });
});
