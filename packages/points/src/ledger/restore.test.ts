import { Either } from "effect";
import { describe, expect, it } from "vitest";
import {
  accountOf,
  earnRequest,
  expectRefusal,
  minutesAfterNow,
  NOW,
  postRequest,
  spendRequest,
} from "../testing/fixtures.js";
import type { Transfer } from "../transfer.js";
import { createLedger, restoreLedger } from "./ledger.js";

/** The transfers of a ledger built by the rules: a valid history to restore or to spoil. */
const validHistory = (): ReadonlyArray<Transfer> => {
  const ledger = createLedger();
  ledger.apply(
    [
      earnRequest("t1", "alice", 100),
      spendRequest("h1", "alice", 40, minutesAfterNow(60)),
      postRequest("p1", "h1", 30),
    ],
    NOW,
  );
  return ledger.transfers();
};

/** Restores, expecting a refusal of the transfer at `position` for `code`. */
const refusedAt = (transfers: ReadonlyArray<Transfer>, position: number, code: string) => {
  const restored = restoreLedger(transfers);
  if (Either.isRight(restored)) throw new Error("expected the history to be refused");
  expectRefusal(restored.left, "points.invalid_history");
  expect(restored.left.position).toBe(position);
  expect(restored.left.problem.code).toBe(code);
  expect(restored.left.text.en).toContain(restored.left.transferId);
  return restored.left;
};

describe("restoring a ledger checks what it restores", () => {
  it("restores a history the rules accept, with its balances", () => {
    const restored = restoreLedger(validHistory());
    if (Either.isLeft(restored)) throw new Error(restored.left.text.en);
    expect(restored.right.balancesOf(accountOf("alice"))).toEqual({
      debitsPosted: 30,
      creditsPosted: 100,
      debitsPending: 0,
      creditsPending: 0,
    });
  });

  it("refuses the same transfer id twice", () => {
    const [earned, ...rest] = validHistory();
    if (earned === undefined) throw new Error("no history");
    refusedAt([earned, ...rest, earned], 3, "points.duplicate_transfer_id");
  });

  it("refuses a post of a hold it never saw, with a typed error instead of a TypeError", () => {
    const [earned, , posted] = validHistory();
    if (earned === undefined || posted === undefined) throw new Error("no history");
    refusedAt([earned, posted], 1, "points.pending_transfer_not_found");
  });

  it("refuses a history that leaves a courier below zero", () => {
    const [earned, held] = validHistory();
    if (earned === undefined || held === undefined) throw new Error("no history");
    const overspent: Transfer = { ...held, id: held.id, kind: "single", amount: 105 } as Transfer;
    const { timeoutAt: _timeout, ...single } = overspent;
    refusedAt([earned, single as Transfer], 1, "points.insufficient_points");
  });

  it("refuses a resolution that does not match its hold", () => {
    const [earned, held, posted] = validHistory();
    if (earned === undefined || held === undefined || posted === undefined) {
      throw new Error("no history");
    }
    refusedAt(
      [earned, held, { ...posted, amount: 30, heldAmount: 45 } as Transfer],
      2,
      "points.transfer_record_mismatch",
    );
  });
});
