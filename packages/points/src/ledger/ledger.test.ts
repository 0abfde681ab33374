import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { availableOf } from "../account/balances.js";
import type { TransferRequest } from "../account/rules.js";
import { expiryTransferIdOf } from "../account/rules.js";
import {
  ADJUSTMENT,
  accountOf,
  earnRequest,
  expectRefusal,
  expireRequest,
  ISSUANCE,
  minutesAfterNow,
  NOW,
  postRequest,
  REDEMPTION,
  SYSTEM_ACTOR,
  spendRequest,
  tid,
  voidRequest,
} from "../testing/fixtures.js";
import { createLedger, type Ledger, type LedgerResult, restoreLedger } from "./ledger.js";

const errorOf = (result: LedgerResult | undefined) =>
  result?.status === "refused" ? result.error : undefined;

const snapshot = (ledger: Ledger) =>
  JSON.stringify({
    log: ledger.transfers().map((transfer) => transfer.id),
    balances: ledger.accounts().map((account) => [account, ledger.balancesOf(account)]),
    open: ledger
      .openPendingTransfers()
      .map((transfer) => transfer.id)
      .sort(),
  });

/** Applies a request that must be refused with `code`, and checks nothing changed. */
const expectRefused = (ledger: Ledger, request: TransferRequest, code: string, now = NOW) => {
  const before = snapshot(ledger);
  const result = ledger.applyOne(request, now);
  expect(result.status).toBe("refused");
  expectRefusal(errorOf(result), code);
  expect(snapshot(ledger)).toBe(before);
  return errorOf(result);
};

const ledgerWith = (...requests: TransferRequest[]): Ledger => {
  const ledger = createLedger();
  for (const result of ledger.apply(requests, NOW)) expect(result.status).toBe("created");
  return ledger;
};

describe("single transfers", () => {
  it("moves earned points from the issuance account to the courier", () => {
    const ledger = createLedger();
    const result = ledger.applyOne(earnRequest("t1", "alice", 10), NOW);
    expect(result.status).toBe("created");
    expect(ledger.balancesOf(accountOf("alice"))).toEqual({
      debitsPosted: 0,
      creditsPosted: 10,
      debitsPending: 0,
      creditsPending: 0,
    });
    expect(ledger.balancesOf(ISSUANCE).debitsPosted).toBe(10);
    expect(ledger.availableOf(accountOf("alice"))).toBe(10);
    expect(ledger.transferById("t1")).toMatchObject({
      kind: "single",
      amount: 10,
      reason: "participation",
      actor: SYSTEM_ACTOR,
      at: NOW,
    });
  });

  it("spends points a courier has", () => {
    const ledger = ledgerWith(earnRequest("t1", "alice", 10));
    expect(ledger.applyOne(spendRequest("s1", "alice", 10), NOW).status).toBe("created");
    expect(ledger.availableOf(accountOf("alice"))).toBe(0);
    expect(ledger.balancesOf(REDEMPTION).creditsPosted).toBe(10);
  });

  it("refuses to spend more than a courier has", () => {
    const ledger = ledgerWith(earnRequest("t1", "alice", 10));
    const error = expectRefused(
      ledger,
      spendRequest("s1", "alice", 11),
      "points.insufficient_points",
    );
    expect(error).toMatchObject({ available: 10, requested: 11 });
  });

  it("refuses an account that is neither a courier's nor a system account", () => {
    const ledger = createLedger();
    expectRefused(
      ledger,
      { ...earnRequest("t1", "alice", 10), debitAccount: tid("bank") as never },
      "points.unknown_account",
    );
    expectRefused(
      ledger,
      { ...earnRequest("t1", "alice", 10), creditAccount: tid("courier-") as never },
      "points.unknown_account",
    );
  });

  it("refuses the same account on both sides", () => {
    const ledger = ledgerWith(earnRequest("t1", "alice", 10));
    expectRefused(
      ledger,
      { ...spendRequest("s1", "alice", 1), creditAccount: accountOf("alice") },
      "points.accounts_must_be_different",
    );
  });

  it("refuses transfers between two couriers and between two system accounts", () => {
    const ledger = ledgerWith(earnRequest("t1", "alice", 10));
    expectRefused(
      ledger,
      { ...spendRequest("s1", "alice", 1), creditAccount: accountOf("bob") },
      "points.courier_to_courier",
    );
    expectRefused(
      ledger,
      { ...earnRequest("t2", "alice", 1), creditAccount: REDEMPTION },
      "points.system_to_system",
    );
  });

  it("refuses accounts that do not match the reason, so a swapped side never mints points", () => {
    const ledger = ledgerWith(earnRequest("t1", "alice", 10));
    expectRefused(
      ledger,
      { ...earnRequest("t2", "alice", 5), debitAccount: REDEMPTION },
      "points.reason_account_mismatch",
    );
    expectRefused(
      ledger,
      {
        ...spendRequest("s1", "alice", 5),
        debitAccount: REDEMPTION,
        creditAccount: accountOf("alice"),
      },
      "points.reason_account_mismatch",
    );
    expectRefused(
      ledger,
      { ...spendRequest("s2", "alice", 5), reason: "expiry" },
      "points.reason_account_mismatch",
    );
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1])(
    "refuses the amount %s",
    (amount) => {
      expectRefused(
        createLedger(),
        earnRequest("t1", "alice", amount),
        "points.amount_must_be_positive",
      );
    },
  );

  it("adjusts either way with a note, and refuses an adjustment without one", () => {
    const ledger = createLedger();
    const grant: TransferRequest = {
      kind: "create",
      id: tid("adj-1"),
      debitAccount: ADJUSTMENT,
      creditAccount: accountOf("alice"),
      amount: 8,
      reason: "adjustment",
      reference: "adj-1",
      actor: "staff-1",
      note: "活动签到漏记",
    };
    expect(ledger.applyOne(grant, NOW).status).toBe("created");
    const deduct: TransferRequest = {
      ...grant,
      id: tid("adj-2"),
      debitAccount: accountOf("alice"),
      creditAccount: ADJUSTMENT,
      amount: 3,
      note: "duplicate credit",
    };
    expect(ledger.applyOne(deduct, NOW).status).toBe("created");
    expect(ledger.availableOf(accountOf("alice"))).toBe(5);
    expect(ledger.transferById("adj-1")).toMatchObject({ note: "活动签到漏记", actor: "staff-1" });
    expectRefused(ledger, { ...grant, id: tid("adj-3"), note: undefined }, "points.note_required");
    expectRefused(ledger, { ...grant, id: tid("adj-4"), note: "   " }, "points.note_required");
  });

  it("refuses to let a total leave the safe-integer range", () => {
    const ledger = ledgerWith(earnRequest("t1", "alice", Number.MAX_SAFE_INTEGER));
    expectRefused(ledger, earnRequest("t2", "bob", 1), "points.balance_overflow");
  });
});

describe("idempotency by transfer id", () => {
  it("returns the first transfer when the same one is sent again, and changes nothing", () => {
    const ledger = ledgerWith(earnRequest("t1", "alice", 10));
    const before = snapshot(ledger);
    const result = ledger.applyOne(earnRequest("t1", "alice", 10), minutesAfterNow(5));
    expect(result).toEqual({ status: "exists", id: "t1" });
    expect(ledger.transferById("t1")?.at).toBe(NOW);
    expect(snapshot(ledger)).toBe(before);
  });

  it("answers exists even when the retry could no longer be made", () => {
    const ledger = ledgerWith(earnRequest("t1", "alice", 10), spendRequest("s1", "alice", 10));
    expect(ledger.applyOne(spendRequest("s1", "alice", 10), NOW).status).toBe("exists");
  });

  it.each([
    ["amount", { amount: 11 }],
    ["reason", { reason: "report" as const }],
    ["reference", { reference: "other-event" }],
    ["creditAccount", { creditAccount: accountOf("bob") }],
    ["kind", { timeoutAt: minutesAfterNow(60) }],
    ["note", { note: "why" }],
    ["actor", { actor: "system:other" }],
  ])("refuses the same id with a different %s, naming the field", (field, change) => {
    const ledger = ledgerWith(earnRequest("t1", "alice", 10));
    const error = expectRefused(
      ledger,
      { ...earnRequest("t1", "alice", 10), ...change },
      "points.exists_with_different_field",
    );
    expect(error).toMatchObject({ field, transferId: "t1" });
    expect(error?.text.en).toContain(field);
  });

  it("refuses the id of a transfer to reuse it for a post", () => {
    const ledger = ledgerWith(
      earnRequest("t1", "alice", 10),
      spendRequest("h1", "alice", 5, minutesAfterNow(60)),
    );
    const error = expectRefused(
      ledger,
      postRequest("t1", "h1"),
      "points.exists_with_different_field",
    );
    expect(error).toMatchObject({ field: "kind" });
  });
});

describe("two-phase transfers (holds)", () => {
  const held = () =>
    ledgerWith(
      earnRequest("t1", "alice", 100),
      spendRequest("h1", "alice", 60, minutesAfterNow(60)),
    );

  it("reserves points: the posted balance stays, the available points drop", () => {
    const ledger = held();
    const balances = ledger.balancesOf(accountOf("alice"));
    expect(balances).toMatchObject({ creditsPosted: 100, debitsPosted: 0, debitsPending: 60 });
    expect(availableOf(balances)).toBe(40);
    expect(ledger.balancesOf(REDEMPTION).creditsPending).toBe(60);
    expect(ledger.openPendingTransfers().map((transfer) => transfer.id)).toEqual(["h1"]);
    expectRefused(ledger, spendRequest("s2", "alice", 41), "points.insufficient_points");
  });

  it("refuses a hold whose timeout is not in the future", () => {
    expectRefused(
      ledgerWith(earnRequest("t1", "alice", 10)),
      spendRequest("h1", "alice", 5, NOW),
      "points.timeout_not_in_future",
    );
  });

  it("posts the whole hold", () => {
    const ledger = held();
    const result = ledger.applyOne(postRequest("p1", "h1"), minutesAfterNow(10));
    expect(result.status).toBe("created");
    expect(ledger.transferById("p1")).toMatchObject({
      kind: "post",
      amount: 60,
      heldAmount: 60,
      pendingTransferId: "h1",
      reason: "wish_redemption",
    });
    expect(ledger.balancesOf(accountOf("alice"))).toMatchObject({
      debitsPosted: 60,
      debitsPending: 0,
    });
    expect(ledger.balancesOf(REDEMPTION)).toMatchObject({ creditsPosted: 60, creditsPending: 0 });
    expect(ledger.openPendingTransfers()).toEqual([]);
  });

  it("posts part of a hold and releases the rest", () => {
    const ledger = held();
    expect(ledger.applyOne(postRequest("p1", "h1", 45), minutesAfterNow(10)).status).toBe(
      "created",
    );
    expect(ledger.availableOf(accountOf("alice"))).toBe(55);
    expect(ledger.balancesOf(accountOf("alice"))).toMatchObject({
      debitsPosted: 45,
      debitsPending: 0,
    });
  });

  it("refuses to post more than the hold", () => {
    const error = expectRefused(
      held(),
      postRequest("p1", "h1", 61),
      "points.post_exceeds_pending_amount",
    );
    expect(error).toMatchObject({ held: 60, requested: 61 });
  });

  it("posts a hold at most once", () => {
    const ledger = held();
    ledger.applyOne(postRequest("p1", "h1"), NOW);
    expect(ledger.applyOne(postRequest("p1", "h1"), NOW).status).toBe("exists");
    expectRefused(ledger, postRequest("p2", "h1"), "points.pending_transfer_already_posted");
    expectRefused(ledger, voidRequest("v1", "h1"), "points.pending_transfer_already_posted");
    expectRefused(
      ledger,
      expireRequest("h1"),
      "points.pending_transfer_already_posted",
      minutesAfterNow(90),
    );
  });

  it("refuses a retried post whose amount differs", () => {
    const ledger = held();
    ledger.applyOne(postRequest("p1", "h1", 30), NOW);
    const error = expectRefused(
      ledger,
      postRequest("p1", "h1"),
      "points.exists_with_different_field",
    );
    expect(error).toMatchObject({ field: "amount" });
  });

  it("refuses to post once the hold has timed out", () => {
    expectRefused(
      held(),
      postRequest("p1", "h1"),
      "points.pending_transfer_expired",
      minutesAfterNow(60),
    );
  });

  it("voids a hold, releasing its points, at most once", () => {
    const ledger = held();
    expect(ledger.applyOne(voidRequest("v1", "h1"), NOW).status).toBe("created");
    expect(ledger.availableOf(accountOf("alice"))).toBe(100);
    expect(ledger.balancesOf(REDEMPTION)).toMatchObject({ creditsPending: 0, creditsPosted: 0 });
    expect(ledger.applyOne(voidRequest("v1", "h1"), NOW).status).toBe("exists");
    expectRefused(ledger, voidRequest("v2", "h1"), "points.pending_transfer_already_voided");
    expectRefused(ledger, postRequest("p1", "h1"), "points.pending_transfer_already_voided");
  });

  it("voids a hold after its timeout too (the points are released either way)", () => {
    const ledger = held();
    expect(ledger.applyOne(voidRequest("v1", "h1"), minutesAfterNow(120)).status).toBe("created");
    expectRefused(
      ledger,
      expireRequest("h1"),
      "points.pending_transfer_already_voided",
      minutesAfterNow(120),
    );
  });

  it("expires a hold only once its timeout has passed, and only once", () => {
    const ledger = held();
    const early = expectRefused(
      ledger,
      expireRequest("h1"),
      "points.pending_transfer_not_timed_out",
      minutesAfterNow(59),
    );
    expect(early).toMatchObject({ timeoutAt: minutesAfterNow(60) });
    const result = ledger.applyOne(expireRequest("h1"), minutesAfterNow(60));
    expect(result.status).toBe("created");
    expect(ledger.transferById(expiryTransferIdOf("h1"))).toMatchObject({
      kind: "expire",
      amount: 60,
    });
    expect(ledger.availableOf(accountOf("alice"))).toBe(100);
    const again = ledger.applyOne(
      { ...expireRequest("h1"), actor: "system:other" },
      minutesAfterNow(61),
    );
    expect(again.status).toBe("exists");
    expectRefused(
      ledger,
      voidRequest("v1", "h1"),
      "points.pending_transfer_already_expired",
      minutesAfterNow(61),
    );
  });

  it("expires every timed-out hold at once", () => {
    const ledger = ledgerWith(
      earnRequest("t1", "alice", 100),
      spendRequest("h1", "alice", 10, minutesAfterNow(30)),
      spendRequest("h2", "alice", 20, minutesAfterNow(90)),
    );
    const results = ledger.expireTimedOut(minutesAfterNow(60), SYSTEM_ACTOR);
    expect(results.map((result) => result.status)).toEqual(["created"]);
    expect(ledger.openPendingTransfers().map((transfer) => transfer.id)).toEqual(["h2"]);
    expect(ledger.availableOf(accountOf("alice"))).toBe(80);
  });

  it("refuses to resolve a transfer that does not exist or is not pending", () => {
    const ledger = held();
    expectRefused(ledger, postRequest("p1", "nope"), "points.pending_transfer_not_found");
    expectRefused(ledger, voidRequest("v1", "t1"), "points.pending_transfer_not_pending");
    expectRefused(ledger, expireRequest("nope"), "points.pending_transfer_not_found");
    expectRefused(ledger, postRequest("p1", "h1", 0), "points.amount_must_be_positive");
  });
});

describe("batches and linked chains", () => {
  it("gives a result per transfer; unlinked transfers stand alone", () => {
    const ledger = createLedger();
    const results = ledger.apply(
      [
        earnRequest("t1", "alice", 10),
        spendRequest("s1", "alice", 50),
        earnRequest("t2", "bob", 5),
      ],
      NOW,
    );
    expect(results.map((result) => result.status)).toEqual(["created", "refused", "created"]);
    expectRefusal(errorOf(results[1]), "points.insufficient_points");
  });

  it("applies a linked chain whole", () => {
    const ledger = createLedger();
    const results = ledger.apply(
      [
        { ...earnRequest("t1", "alice", 10), linked: true },
        { ...earnRequest("t2", "alice", 5, "campaign_bonus"), linked: true },
        spendRequest("s1", "alice", 15),
      ],
      NOW,
    );
    expect(results.map((result) => result.status)).toEqual(["created", "created", "created"]);
    expect(ledger.availableOf(accountOf("alice"))).toBe(0);
  });

  it("rolls a linked chain back when one of it fails, and goes on after it", () => {
    const ledger = ledgerWith(
      earnRequest("t0", "alice", 100),
      spendRequest("h1", "alice", 40, minutesAfterNow(60)),
    );
    const before = snapshot(ledger);
    const results = ledger.apply(
      [
        { ...earnRequest("t1", "alice", 10), linked: true },
        { ...postRequest("p1", "h1"), linked: true },
        { ...spendRequest("s1", "alice", 1_000), linked: true },
        earnRequest("t2", "alice", 1),
        earnRequest("t3", "bob", 7),
      ],
      NOW,
    );
    expect(results.map((result) => result.status)).toEqual([
      "refused",
      "refused",
      "refused",
      "refused",
      "created",
    ]);
    expectRefusal(errorOf(results[0]), "points.linked_transfer_failed");
    expectRefusal(errorOf(results[1]), "points.linked_transfer_failed");
    expectRefusal(errorOf(results[2]), "points.insufficient_points");
    expectRefusal(errorOf(results[3]), "points.linked_transfer_failed");
    expect(errorOf(results[0])).toMatchObject({ failedTransferId: "s1" });
    // The post was undone: the hold is open again and can still be voided.
    expect(ledger.openPendingTransfers().map((transfer) => transfer.id)).toEqual(["h1"]);
    expect(ledger.transferById("t1")).toBeUndefined();
    ledger.applyOne(earnRequest("t3", "bob", 7), NOW);
    const afterRollback = createLedger();
    afterRollback.apply(
      [
        earnRequest("t0", "alice", 100),
        spendRequest("h1", "alice", 40, minutesAfterNow(60)),
        earnRequest("t3", "bob", 7),
      ],
      NOW,
    );
    expect(snapshot(ledger)).toBe(snapshot(afterRollback));
    expect(before).not.toBe(snapshot(ledger));
    expect(ledger.applyOne(voidRequest("v1", "h1"), NOW).status).toBe("created");
  });

  it("refuses a chain left open at the end of the batch", () => {
    const ledger = createLedger();
    const results = ledger.apply(
      [
        earnRequest("t0", "bob", 1),
        { ...earnRequest("t1", "alice", 10), linked: true },
        { ...earnRequest("t2", "alice", 5), linked: true },
      ],
      NOW,
    );
    expect(results[0]?.status).toBe("created");
    expectRefusal(errorOf(results[1]), "points.linked_transfer_failed");
    expectRefusal(errorOf(results[2]), "points.linked_chain_open");
    expect(ledger.transfers().map((transfer) => transfer.id)).toEqual(["t0"]);
    expect(ledger.accounts()).not.toContain(accountOf("alice"));
  });

  it("counts a retried transfer in a chain as a success, so a retried chain succeeds", () => {
    const ledger = createLedger();
    const chain = [
      { ...earnRequest("t1", "alice", 10), linked: true },
      earnRequest("t2", "alice", 5),
    ];
    ledger.apply(chain, NOW);
    const results = ledger.apply(chain, NOW);
    expect(results.map((result) => result.status)).toEqual(["exists", "exists"]);
    expect(ledger.availableOf(accountOf("alice"))).toBe(15);
  });
});

describe("restoring", () => {
  it("restores the same balances from the recorded transfers", () => {
    const ledger = ledgerWith(
      earnRequest("t1", "alice", 100),
      spendRequest("h1", "alice", 40, minutesAfterNow(60)),
      postRequest("p1", "h1", 30),
      spendRequest("h2", "alice", 10, minutesAfterNow(60)),
    );
    const restored = Either.getOrThrow(restoreLedger(ledger.transfers()));
    expect(snapshot(restored)).toBe(snapshot(ledger));
    expect(restored.historyOf(accountOf("alice")).map((transfer) => transfer.id)).toEqual([
      "t1",
      "h1",
      "p1",
      "h2",
    ]);
  });
});
