import {
  addMillis,
  CommandId,
  CommunityId,
  CourierId,
  DAY,
  handleCommand,
  Instant,
  jinshanPolicy,
  manualClock,
  newAggregateRecord,
  sequentialIds,
  systemActor,
  TransferId,
} from "@courier-station/core";
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import {
  CreateTransfer,
  courierAccountId,
  courierStatement,
  createLedger,
  EarnPoints,
  monthlySummary,
  pointsAccountDecider,
  systemAccountId,
} from "./index.js";

/* The examples of README.md, run as they are written there. */

describe("the README's examples", () => {
  it("a transfer with the courier account decider", () => {
    const courierId = CourierId.parse("c-1");
    const community = CommunityId.parse("jinshan-wanda");
    const account = courierAccountId(courierId);
    const record = newAggregateRecord(pointsAccountDecider, community, account);
    const outcome = handleCommand(
      pointsAccountDecider,
      record,
      {
        commandId: CommandId.parse("cmd-welcome-c-1"),
        community,
        actor: systemActor("points-earning"),
        command: CreateTransfer.parse({
          type: "CreateTransfer",
          data: {
            transferId: "evt-123-welcome",
            debitAccount: systemAccountId("issuance"),
            creditAccount: account,
            amount: 10,
            reason: "welcome",
            reference: "evt-123",
          },
        }),
      },
      {
        clock: manualClock("2026-11-28T02:00:00Z"),
        ids: sequentialIds("evt"),
        facts: { policy: jinshanPolicy() },
      },
    );
    expect(
      Either.isRight(outcome) &&
        outcome.right.kind === "applied" &&
        outcome.right.events.map((event) => event.type),
    ).toEqual(["TransferCreated"]);
  });

  it("a hold, posted, a statement and a monthly summary", () => {
    const ledger = createLedger();
    const alice = courierAccountId(CourierId.parse("alice"));
    const now = Instant.parse("2026-11-28T10:00:00+08:00");
    ledger.apply(
      [
        {
          kind: "create",
          id: TransferId.parse("evt-1-participation"),
          debitAccount: systemAccountId("issuance"),
          creditAccount: alice,
          amount: 100,
          reason: "participation",
          reference: "evt-1",
          actor: "system:points",
        },
        {
          kind: "create",
          id: TransferId.parse("wish-w-1-hold-1"),
          debitAccount: alice,
          creditAccount: systemAccountId("redemption"),
          amount: 60,
          reason: "wish_redemption",
          reference: "wish-w-1",
          actor: "system:wishes",
          timeoutAt: addMillis(now, 14 * DAY),
        },
      ],
      now,
    );
    expect(ledger.availableOf(alice)).toBe(40);
    ledger.applyOne(
      {
        kind: "post",
        id: TransferId.parse("wish-w-1-hold-1-post"),
        pendingTransferId: TransferId.parse("wish-w-1-hold-1"),
        actor: "system:wishes",
      },
      now,
    );
    expect(ledger.balancesOf(alice)).toEqual({
      creditsPosted: 100,
      debitsPosted: 60,
      debitsPending: 0,
      creditsPending: 0,
    });
    expect(ledger.expireTimedOut(now, "system:points-timer")).toEqual([]);

    const statement = courierStatement(alice, ledger.historyOf(alice));
    expect(statement.lines.slice(0, 2)).toMatchObject([
      { balanceChange: 100, heldChange: 0, balance: 100, held: 0, available: 100 },
      { balanceChange: 0, heldChange: 60, balance: 100, held: 60, available: 40 },
    ]);
    expect(statement.totals).toEqual({
      earned: 100,
      spent: 60,
      expired: 0,
      granted: 0,
      deducted: 0,
    });
    expect(
      monthlySummary(ledger.transfers(), { year: 2026, month: 11 }, "Asia/Shanghai"),
    ).toMatchObject({
      earned: 100,
      spent: 60,
      closingOutstanding: 40,
    });
  });

  it("earning from an event envelope", () => {
    const envelope = {
      id: "evt-7",
      type: "ParticipationConfirmed",
      aggregate: "activity",
      stream: "activity-act-1",
      version: 4,
      community: "jinshan-wanda",
      actor: { role: "staff", id: "staff-1", communities: ["jinshan-wanda"] },
      time: "2026-11-28T02:00:00.000Z",
      causationId: "cmd-9",
      correlationId: "cmd-9",
      data: {
        activityId: "act-1",
        courierId: "alice",
        activityKind: "volunteering",
        stationId: "station-1",
        hours: 2,
        attendance: "check-in",
        confirmedAt: "2026-11-28T02:00:00.000Z",
      },
    };
    const command = EarnPoints.parse({ type: "EarnPoints", data: { trigger: envelope } });
    const decision = pointsAccountDecider.decide(command, pointsAccountDecider.initialState(), {
      now: Instant.parse("2026-11-28T02:05:00Z"),
      actor: systemActor("points-earning"),
      community: CommunityId.parse("jinshan-wanda"),
      policy: jinshanPolicy(),
    });
    expect(Either.getOrThrow(decision)).toMatchObject([
      { type: "TransferCreated", data: { transfer: { id: "evt-7-participation", amount: 10 } } },
    ]);
  });
});
