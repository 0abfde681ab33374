import type { Instant } from "@courier-station/core";
import { Either } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { availableOf } from "../account/balances.js";
import type { TransferRequest } from "../account/rules.js";
import { isCourierAccount } from "../accounts.js";
import { NOW, SYSTEM_ACTOR } from "../testing/fixtures.js";
import { requestOf, timeAfter, type WorkloadStep, workloadStep } from "../testing/workload.js";
import type { Transfer } from "../transfer.js";
import { createLedger, type Ledger, type LedgerRequest, restoreLedger } from "./ledger.js";

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
