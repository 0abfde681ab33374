import { CourierId, EventId, type Instant, jinshanPolicy, TransferId } from "@courier-station/core";
import { describe, expect, it } from "vitest";
import { PointsAccountCommand } from "./account/commands.js";
import { expiryTransferIdOf } from "./account/rules.js";
import { courierAccountId } from "./accounts.js";
import { pointsEarnedBy } from "./earning/earn.js";
import { NOTHING_EARNED } from "./earning/earned-so-far.js";
import { expiryTransfers } from "./earning/expiry.js";
import { PointsTrigger } from "./earning/triggers.js";
import { createLedger } from "./ledger/ledger.js";
import { earnRequest, instant } from "./testing/fixtures.js";

/*
 * Ids the system derives (an earning's, a hold's expiry, the expiry of old points) and
 * ids callers choose live apart: a caller who could pick a derived id first would take
 * it from the system (an adjustment named like a hold's expiry kept the hold from ever
 * expiring). Each derived id of this package is tried as a staff adjustment's id.
 */

const adjustmentNamed = (transferId: string) =>
  PointsAccountCommand.safeParse({
    type: "AdjustPoints",
    data: {
      transferId,
      courierId: "alice",
      direction: "deduct",
      amount: 1,
      note: "taking an id",
    },
  });

describe("ids callers choose never take an id the ledger derives", () => {
  it("refuses the id of a hold's expiry", () => {
    const expiryId = expiryTransferIdOf(TransferId.parse("wish-w-1-hold-1"));
    expect(adjustmentNamed(expiryId).success).toBe(false);
    // The old form of the derived id, once takeable, is an ordinary caller id now.
    expect(expiryId).not.toBe("wish-w-1-hold-1-expired");
  });

  it("refuses the ids of an event's earnings and campaign bonuses", () => {
    const policy = jinshanPolicy();
    const trigger = PointsTrigger.parse({
      id: EventId.parse("evt-7"),
      type: "SuggestionAdopted",
      time: "2026-11-28T02:00:00.000Z",
      data: {
        suggestionId: "s-1",
        authorId: "alice",
        topic: "other",
        adoptedAt: "2026-11-28T02:00:00.000Z",
      },
    });
    const outcome = pointsEarnedBy(
      trigger,
      {
        ...policy,
        points: {
          ...policy.points,
          campaigns: [
            {
              id: "ideas-week",
              name: { "zh-CN": "金点子周", en: "Ideas week" },
              from: "2026-11-23T00:00:00+08:00" as Instant,
              to: "2026-11-30T00:00:00+08:00" as Instant,
              multiplierPercent: 200,
              reasons: ["suggestion"],
            },
          ],
        },
      },
      NOTHING_EARNED,
    );
    expect(outcome.kind === "earned" && outcome.transfers).toHaveLength(2);
    for (const transfer of outcome.kind === "earned" ? outcome.transfers : []) {
      expect(adjustmentNamed(transfer.transferId).success).toBe(false);
    }
  });

  it("refuses the id of an expiry of old points", () => {
    const ledger = createLedger();
    const alice = courierAccountId(CourierId.parse("alice"));
    ledger.applyOne(earnRequest("t1", "alice", 10), instant("2026-01-10T10:00:00+08:00"));
    const policy = jinshanPolicy();
    const [expiry] = expiryTransfers(
      alice,
      ledger.historyOf(alice),
      instant("2027-01-01T00:00:00+08:00"),
      { ...policy, points: { ...policy.points, expiryMonths: 1 } },
    );
    expect(expiry?.amount).toBe(10);
    expect(adjustmentNamed(expiry?.transferId ?? "").success).toBe(false);
  });

  it("keeps a caller's own ids", () => {
    expect(adjustmentNamed("adjustment-2026-11-001").success).toBe(true);
  });
});

describe("courier account ids", () => {
  it("never give two couriers one account, however one of them picks their id", () => {
    // The longest courier ids are shortened with a hash; a short id spelled like that
    // shortened form must not land on the same account.
    const long = CourierId.parse(`${"a".repeat(55)}-long`);
    const account = courierAccountId(long);
    const lookalike = account.slice("courier-".length);
    if (CourierId.safeParse(lookalike).success) {
      expect(courierAccountId(CourierId.parse(lookalike))).not.toBe(account);
    }
    expect(account.startsWith("courier-")).toBe(true);
    expect(CourierId.safeParse(lookalike).success).toBe(true);
  });
});
