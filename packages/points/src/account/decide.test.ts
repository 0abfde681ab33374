import {
  type Actor,
  type CommandEnvelope,
  CommandId,
  CommunityId,
  type CommunityPolicy,
  handleCommand,
  jinshanPolicy,
  manualClock,
  newAggregateRecord,
  replay,
  sequentialIds,
  systemActor,
} from "@courier-station/core";
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { earningCommandIdOf, earningTransferIdOf } from "../earning/earn.js";
import { EARNING_WINDOW_DAYS } from "../earning/earned-so-far.js";
import type { PointsTrigger } from "../earning/triggers.js";
import {
  ADJUSTMENT,
  accountOf,
  courier,
  eid,
  expectRefusal,
  ISSUANCE,
  instant,
  minutesAfterNow,
  NOW,
  REDEMPTION,
  tid,
} from "../testing/fixtures.js";
import type { TransferAmount } from "../transfer.js";
import { batchTransferIdOf, pointsCommandIdOf } from "./command-ids.js";
import type { CreateTransfer, PointsAccountCommand } from "./commands.js";
import type { PointsAccountContext } from "./decide.js";
import type { PointsAccountEvent } from "./events.js";
import { pointsAccountDecider, pointsAccountIdOf } from "./index.js";
import { expiryTransferIdOf } from "./rules.js";
import type { PointsAccountState } from "./state.js";

const community = CommunityId.parse("jinshan-wanda");
const flow = systemActor("points-test");
const staff: Actor = { role: "staff", id: "staff-1", communities: [community] };
const courierActor: Actor = { role: "courier", id: "alice", communities: [community] };

const contextFor = (overrides: Partial<PointsAccountContext> = {}): PointsAccountContext => ({
  now: NOW,
  actor: flow,
  community,
  policy: jinshanPolicy(),
  commandId: CommandId.parse("cmd-any"),
  ...overrides,
});

/** The context of a command decided under the command id tied to it (`pointsCommandIdOf`). */
const contextOf = (command: PointsAccountCommand, base: PointsAccountContext) => ({
  ...base,
  commandId: pointsCommandIdOf(command) ?? base.commandId,
});

/** What a service gives `handleCommand` besides the envelope. */
const runtimeAt = (now = NOW, policy: CommunityPolicy = jinshanPolicy()) => ({
  clock: manualClock(now),
  ids: sequentialIds(`evt-${now.slice(11, 19).replaceAll(":", "")}`),
  facts: { policy },
});

/** A command's envelope, under the command id tied to it unless another is given. */
const envelopeOf = (
  command: PointsAccountCommand,
  actor: Actor = flow,
  commandId?: string,
): CommandEnvelope<PointsAccountCommand> => ({
  commandId: CommandId.parse(commandId ?? pointsCommandIdOf(command) ?? "cmd-any"),
  community,
  actor,
  command,
});

const points = (amount: number) => amount as TransferAmount;

const earn = (id: string, courierName: string, amount: number): CreateTransfer => ({
  type: "CreateTransfer",
  data: {
    transferId: tid(id),
    debitAccount: ISSUANCE,
    creditAccount: accountOf(courierName),
    amount: points(amount),
    reason: "participation",
    reference: `event-${id}`,
  },
});

const hold = (id: string, courierName: string, amount: number, minutes = 60): CreateTransfer => ({
  type: "CreateTransfer",
  data: {
    transferId: tid(id),
    debitAccount: accountOf(courierName),
    creditAccount: REDEMPTION,
    amount: points(amount),
    reason: "wish_redemption",
    reference: `wish-${id}`,
    pending: { timeoutAt: minutesAfterNow(minutes) },
  },
});

/** Given these commands accepted in order, the events and the state. */
const given = (
  commands: ReadonlyArray<PointsAccountCommand>,
  context = contextFor(),
): { readonly state: PointsAccountState; readonly events: PointsAccountEvent[] } => {
  let state = pointsAccountDecider.initialState();
  const events: PointsAccountEvent[] = [];
  for (const command of commands) {
    const decision = pointsAccountDecider.decide(command, state, contextOf(command, context));
    if (Either.isLeft(decision)) throw new Error(decision.left.text.en);
    for (const event of decision.right) {
      events.push(event);
      state = pointsAccountDecider.evolve(state, event);
    }
  }
  return { state, events };
};

/** When a command, then these events (or throws). */
const when = (state: PointsAccountState, command: PointsAccountCommand, context = contextFor()) =>
  pointsAccountDecider.decide(command, state, contextOf(command, context));

const thenRefused = (
  state: PointsAccountState,
  command: PointsAccountCommand,
  code: string,
  context?: PointsAccountContext,
) => {
  // A context given here is used as it is (its command id too).
  const decision =
    context === undefined
      ? when(state, command)
      : pointsAccountDecider.decide(command, state, context);
  expect(Either.isLeft(decision)).toBe(true);
  // A refusal produces no events: `decide` returns the error and nothing else.
  expect(Either.getOrUndefined(decision)).toBeUndefined();
  if (Either.isLeft(decision)) expectRefusal(decision.left, code);
  return Either.isLeft(decision) ? decision.left : undefined;
};

const eventsOf = (
  state: PointsAccountState,
  command: PointsAccountCommand,
  context = contextFor(),
) => {
  const decision = when(state, command, context);
  if (Either.isLeft(decision)) throw new Error(decision.left.text.en);
  return decision.right;
};

const trigger = (value: unknown): PointsTrigger => value as PointsTrigger;

const verified = (courierName: string, eventId = "evt-verified"): PointsTrigger =>
  trigger({
    id: eid(eventId),
    type: "CourierVerified",
    time: NOW,
    data: { courierId: courier(courierName), verifiedBy: "staff-1", verifiedAt: NOW },
  });

const participation = (courierName: string, eventId: string, at = NOW): PointsTrigger =>
  trigger({
    id: eid(eventId),
    type: "ParticipationConfirmed",
    time: at,
    data: {
      activityId: "act-1",
      courierId: courier(courierName),
      activityKind: "volunteering",
      hours: 2,
      confirmedAt: at,
    },
  });

describe("CreateTransfer", () => {
  it("records the transfer with its actor and time", () => {
    const events = eventsOf(pointsAccountDecider.initialState(), earn("t1", "alice", 10));
    expect(events).toEqual([
      {
        type: "TransferCreated",
        data: {
          transfer: {
            id: "t1",
            kind: "single",
            debitAccount: ISSUANCE,
            creditAccount: accountOf("alice"),
            amount: 10,
            reason: "participation",
            reference: "event-t1",
            actor: flow.id,
            at: NOW,
          },
          // A credit says which local day, week and month it counts in (caps, expiry).
          countsIn: { day: "2026-11-28", week: "2026-W48", month: "2026-11" },
        },
      },
    ]);
  });

  it("changes nothing when the same transfer is sent again: it is the same command", () => {
    const record = newAggregateRecord(pointsAccountDecider, community, accountOf("alice"));
    const first = handleCommand(
      pointsAccountDecider,
      record,
      envelopeOf(earn("t1", "alice", 10)),
      runtimeAt(),
    );
    if (Either.isLeft(first) || first.right.kind !== "applied") throw new Error("not applied");
    const again = handleCommand(
      pointsAccountDecider,
      first.right.record,
      envelopeOf(earn("t1", "alice", 10)),
      runtimeAt(minutesAfterNow(60 * 24 * 400)),
    );
    expect(Either.isRight(again) && again.right.kind).toBe("duplicate");
  });

  it("refuses a different transfer under the same id, naming the field", () => {
    const record = newAggregateRecord(pointsAccountDecider, community, accountOf("alice"));
    const first = handleCommand(
      pointsAccountDecider,
      record,
      envelopeOf(earn("t1", "alice", 10)),
      runtimeAt(),
    );
    if (Either.isLeft(first) || first.right.kind !== "applied") throw new Error("not applied");
    const reused = handleCommand(
      pointsAccountDecider,
      first.right.record,
      envelopeOf(earn("t1", "alice", 12)),
      runtimeAt(),
    );
    if (Either.isRight(reused)) throw new Error("expected a refusal");
    expectRefusal(reused.left, "command.id_conflict");
    expect(reused.left).toMatchObject({ field: "command.data.amount" });
  });

  it("refuses a transfer sent under another command id than its own", () => {
    const error = thenRefused(
      pointsAccountDecider.initialState(),
      earn("t1", "alice", 10),
      "points.command_id_mismatch",
      { ...contextFor(), commandId: CommandId.parse("cmd-1") },
    );
    expect(error).toMatchObject({ field: "commandId", expected: "t1", received: "cmd-1" });
    // Through handleCommand the same: a transfer id cannot come back under a new command id.
    const outcome = handleCommand(
      pointsAccountDecider,
      newAggregateRecord(pointsAccountDecider, community, accountOf("alice")),
      envelopeOf(earn("t1", "alice", 10), flow, "cmd-2"),
      runtimeAt(),
    );
    if (Either.isRight(outcome)) throw new Error("expected a refusal");
    expectRefusal(outcome.left, "points.command_id_mismatch");
  });

  it("refuses to spend more than is available", () => {
    const { state } = given([earn("t1", "alice", 10)]);
    thenRefused(state, hold("h1", "alice", 11), "points.insufficient_points");
  });

  it("refuses a transfer of another courier's account", () => {
    const { state } = given([earn("t1", "alice", 10)]);
    const error = thenRefused(state, earn("t2", "bob", 10), "points.wrong_account");
    expect(error).toMatchObject({ expected: accountOf("alice"), received: accountOf("bob") });
  });

  it("refuses transfers between two couriers", () => {
    thenRefused(
      pointsAccountDecider.initialState(),
      {
        type: "CreateTransfer",
        data: { ...earn("t1", "alice", 1).data, debitAccount: accountOf("bob") },
      },
      "points.courier_to_courier",
    );
  });
});

describe("CreateTransfers", () => {
  const batchId = CommandId.parse("batch-1");
  /** A batch under `batchId`, its transfers' ids derived from it. */
  const batch = (...transfers: ReadonlyArray<CreateTransfer>): PointsAccountCommand => ({
    type: "CreateTransfers",
    data: {
      transfers: transfers.map((transfer, index) => ({
        ...transfer.data,
        transferId: batchTransferIdOf(batchId, index),
      })),
    },
  });
  const underBatchId = contextFor({ commandId: batchId });

  it("creates all of them", () => {
    const command = batch(earn("t1", "alice", 10), hold("h1", "alice", 10));
    const events = eventsOf(pointsAccountDecider.initialState(), command, underBatchId);
    expect(events.map((event) => event.type)).toEqual(["TransferCreated", "TransferCreated"]);
    expect(
      events.map((event) => event.type === "TransferCreated" && event.data.transfer.id),
    ).toEqual([batchTransferIdOf(batchId, 0), batchTransferIdOf(batchId, 1)]);
  });

  it("creates none when one is refused", () => {
    thenRefused(
      pointsAccountDecider.initialState(),
      batch(earn("t1", "alice", 10), hold("h1", "alice", 11)),
      "points.insufficient_points",
      underBatchId,
    );
  });

  it("refuses transfer ids not derived from the batch's command id", () => {
    const error = thenRefused(
      pointsAccountDecider.initialState(),
      {
        type: "CreateTransfers",
        data: { transfers: [earn("t1", "alice", 10).data] },
      },
      "points.command_id_mismatch",
      underBatchId,
    );
    expect(error).toMatchObject({
      field: "transfers.0.transferId",
      expected: batchTransferIdOf(batchId, 0),
    });
  });
});

describe("holds", () => {
  const { state } = given([earn("t1", "alice", 100), hold("h1", "alice", 60)]);

  it("posts a hold", () => {
    const events = eventsOf(state, {
      type: "PostPendingTransfer",
      data: { transferId: tid("p1"), pendingTransferId: tid("h1"), account: accountOf("alice") },
    });
    expect(events).toMatchObject([
      {
        type: "PendingTransferPosted",
        data: { transfer: { kind: "post", amount: 60, heldAmount: 60 } },
      },
    ]);
  });

  it("voids a hold", () => {
    const events = eventsOf(state, {
      type: "VoidPendingTransfer",
      data: { transferId: tid("v1"), pendingTransferId: tid("h1") },
    });
    expect(events).toMatchObject([
      { type: "PendingTransferVoided", data: { transfer: { amount: 60 } } },
    ]);
  });

  it("expires a timed-out hold, once", () => {
    const later = contextFor({ now: minutesAfterNow(61) });
    const command: PointsAccountCommand = {
      type: "ExpirePendingTransfer",
      data: { pendingTransferId: tid("h1") },
    };
    const events = eventsOf(state, command, later);
    expect(events).toMatchObject([
      {
        type: "PendingTransferExpired",
        data: { transfer: { id: expiryTransferIdOf(tid("h1")), amount: 60 } },
      },
    ]);
    // Sent again, the expiry is the same command (its id is the expiry's): a duplicate.
    const record = {
      ...newAggregateRecord(pointsAccountDecider, community, accountOf("alice")),
      state,
      version: 2,
    };
    const first = handleCommand(
      pointsAccountDecider,
      record,
      envelopeOf(command),
      runtimeAt(later.now),
    );
    if (Either.isLeft(first) || first.right.kind !== "applied") throw new Error("not applied");
    const again = handleCommand(
      pointsAccountDecider,
      first.right.record,
      envelopeOf(command),
      runtimeAt(later.now),
    );
    expect(Either.isRight(again) && again.right.kind).toBe("duplicate");
    // Decided again all the same, it finds no hold left to expire.
    const after = events.reduce(pointsAccountDecider.evolve, state);
    thenRefused(after, command, "points.pending_transfer_not_found", contextOf(command, later));
  });

  it("recognises a hold asked for again while it keeps it, even once resolved", () => {
    const resolved = eventsOf(state, {
      type: "VoidPendingTransfer",
      data: { transferId: tid("v1"), pendingTransferId: tid("h1") },
    }).reduce(pointsAccountDecider.evolve, state);
    expect(eventsOf(resolved, hold("h1", "alice", 60))).toEqual([]);
    const error = thenRefused(
      resolved,
      hold("h1", "alice", 61),
      "points.exists_with_different_field",
    );
    expect(error).toMatchObject({ field: "amount" });
    thenRefused(
      resolved,
      {
        type: "PostPendingTransfer",
        data: { transferId: tid("p1"), pendingTransferId: tid("h1") },
      },
      "points.pending_transfer_already_voided",
    );
  });

  it("forgets a resolved hold once its timeout has passed, when it could not be made again", () => {
    const resolved = eventsOf(state, {
      type: "VoidPendingTransfer",
      data: { transferId: tid("v1"), pendingTransferId: tid("h1") },
    }).reduce(pointsAccountDecider.evolve, state);
    expect(Object.keys(resolved.holds)).toEqual(["h1"]);
    const afterTimeout = contextFor({ now: minutesAfterNow(61) });
    const moved = eventsOf(resolved, earn("t2", "alice", 1), afterTimeout).reduce(
      pointsAccountDecider.evolve,
      resolved,
    );
    expect(moved.holds).toEqual({});
    // Asked for again now, the hold would time out before it was made.
    thenRefused(moved, hold("h1", "alice", 60), "points.timeout_not_in_future", {
      ...afterTimeout,
      commandId: CommandId.parse("h1"),
    });
  });

  it("refuses to expire a hold before its timeout", () => {
    thenRefused(
      state,
      { type: "ExpirePendingTransfer", data: { pendingTransferId: tid("h1") } },
      "points.pending_transfer_not_timed_out",
    );
  });

  it("refuses to post a hold of another account", () => {
    thenRefused(
      state,
      {
        type: "PostPendingTransfer",
        data: { transferId: tid("p1"), pendingTransferId: tid("h1"), account: accountOf("bob") },
      },
      "points.wrong_account",
    );
  });

  it("refuses to post a hold the account does not have", () => {
    thenRefused(
      pointsAccountDecider.initialState(),
      {
        type: "PostPendingTransfer",
        data: { transferId: tid("p1"), pendingTransferId: tid("h1") },
      },
      "points.pending_transfer_not_found",
    );
  });
});

describe("AdjustPoints", () => {
  const adjust = (
    id: string,
    direction: "grant" | "deduct",
    amount: number,
  ): PointsAccountCommand => ({
    type: "AdjustPoints",
    data: {
      transferId: tid(id),
      courierId: courier("alice"),
      direction,
      amount: points(amount),
      note: "补记 11 月 3 日志愿活动",
    },
  });

  it("grants and deducts against the adjustment account, keeping the note and the staff member", () => {
    const byStaff = contextFor({ actor: staff });
    const { state, events } = given(
      [adjust("a1", "grant", 20), adjust("a2", "deduct", 5)],
      byStaff,
    );
    expect(
      events.map((event) => event.type === "TransferCreated" && event.data.transfer),
    ).toMatchObject([
      {
        debitAccount: ADJUSTMENT,
        creditAccount: accountOf("alice"),
        reason: "adjustment",
        actor: "staff-1",
        note: "补记 11 月 3 日志愿活动",
        reference: "a1",
      },
      { debitAccount: accountOf("alice"), creditAccount: ADJUSTMENT, amount: 5 },
    ]);
    expect(state.balances[accountOf("alice")]).toMatchObject({
      creditsPosted: 20,
      debitsPosted: 5,
    });
  });

  it("refuses to deduct more than is available", () => {
    thenRefused(
      pointsAccountDecider.initialState(),
      adjust("a1", "deduct", 1),
      "points.insufficient_points",
    );
  });

  it("is for staff only", () => {
    const record = newAggregateRecord(pointsAccountDecider, community, accountOf("alice"));
    const runtime = {
      clock: manualClock(NOW),
      ids: sequentialIds("evt"),
      facts: { policy: jinshanPolicy() },
    };
    const byCourier = handleCommand(
      pointsAccountDecider,
      record,
      {
        commandId: CommandId.parse("cmd-1"),
        community,
        actor: courierActor,
        command: adjust("a1", "grant", 20),
      },
      runtime,
    );
    expect(Either.isLeft(byCourier)).toBe(true);
    if (Either.isLeft(byCourier)) expectRefusal(byCourier.left, "access.forbidden");
    const byStaff = handleCommand(
      pointsAccountDecider,
      record,
      {
        commandId: CommandId.parse("a1"),
        community,
        actor: staff,
        command: adjust("a1", "grant", 20),
      },
      runtime,
    );
    expect(Either.isRight(byStaff)).toBe(true);
  });
});

describe("EarnPoints", () => {
  it("earns welcome points on verification, once", () => {
    const { events } = given([{ type: "EarnPoints", data: { trigger: verified("alice") } }]);
    expect(events).toMatchObject([
      {
        type: "TransferCreated",
        data: {
          transfer: {
            id: earningTransferIdOf(eid("evt-verified"), "welcome"),
            reason: "welcome",
            amount: 10,
            reference: "evt-verified",
            earning: { rule: "welcome", trigger: "CourierVerified", requested: 10 },
          },
        },
      },
    ]);
    // The event is one command (`earningCommandIdOf`): sent again, it is a duplicate.
    const command: PointsAccountCommand = {
      type: "EarnPoints",
      data: { trigger: verified("alice") },
    };
    expect(pointsCommandIdOf(command)).toBe(earningCommandIdOf(eid("evt-verified")));
    const first = handleCommand(
      pointsAccountDecider,
      newAggregateRecord(pointsAccountDecider, community, accountOf("alice")),
      envelopeOf(command),
      runtimeAt(),
    );
    if (Either.isLeft(first) || first.right.kind !== "applied") throw new Error("not applied");
    const again = handleCommand(
      pointsAccountDecider,
      first.right.record,
      envelopeOf(command),
      runtimeAt(),
    );
    expect(Either.isRight(again) && again.right.kind).toBe("duplicate");
    const renamed = handleCommand(
      pointsAccountDecider,
      first.right.record,
      envelopeOf(command, flow, "earn-again"),
      runtimeAt(),
    );
    if (Either.isRight(renamed)) throw new Error("expected a refusal");
    expectRefusal(renamed.left, "points.command_id_mismatch");
  });

  it("records why nothing was earned when a cap is reached, once", () => {
    const policy: CommunityPolicy = jinshanPolicy();
    const capped = {
      ...policy,
      points: { ...policy.points, caps: { perDay: 10, perWeek: 0, perMonth: 0 } },
    };
    const context = contextFor({ policy: capped });
    const { state } = given(
      [{ type: "EarnPoints", data: { trigger: participation("alice", "evt-1") } }],
      context,
    );
    const command: PointsAccountCommand = {
      type: "EarnPoints",
      data: { trigger: participation("alice", "evt-2") },
    };
    const events = eventsOf(state, command, context);
    expect(events).toEqual([
      {
        type: "PointsNotEarned",
        data: {
          triggerId: "evt-2",
          triggerType: "ParticipationConfirmed",
          courierId: "alice",
          reason: "capped",
          requested: 10,
          cappedBy: "day",
          earnedAt: NOW,
        },
      },
    ]);
  });

  it("counts the caps from what the account keeps, long after its history began", () => {
    const policy: CommunityPolicy = jinshanPolicy();
    const capped = {
      ...policy,
      points: { ...policy.points, caps: { perDay: 0, perWeek: 0, perMonth: 25 } },
    };
    const august = instant("2026-08-03T02:00:00.000Z");
    // Earned in August, when it was recorded: out of the earning window by November.
    const { state: inAugust } = given(
      [{ type: "EarnPoints", data: { trigger: participation("alice", "evt-aug", august) } }],
      contextFor({ now: august, policy: capped }),
    );
    expect(Object.keys(inAugust.earned.months)).toEqual(["2026-08"]);
    let state = inAugust;
    for (const eventId of ["evt-1", "evt-2"]) {
      const command: PointsAccountCommand = {
        type: "EarnPoints",
        data: { trigger: participation("alice", eventId) },
      };
      state = eventsOf(state, command, contextFor({ policy: capped })).reduce(
        pointsAccountDecider.evolve,
        state,
      );
    }
    expect(Object.keys(state.earned.months)).toEqual(["2026-11"]);
    const events = eventsOf(
      state,
      { type: "EarnPoints", data: { trigger: participation("alice", "evt-3") } },
      contextFor({ policy: capped }),
    );
    expect(events).toMatchObject([
      {
        type: "TransferCreated",
        data: { transfer: { amount: 5, earning: { cappedBy: "month" } } },
      },
    ]);
  });

  it("earns nothing for an event past the earning window, and says so", () => {
    const late = new Date(Date.parse(NOW) - (EARNING_WINDOW_DAYS + 1) * 86_400_000).toISOString();
    const events = eventsOf(pointsAccountDecider.initialState(), {
      type: "EarnPoints",
      data: { trigger: participation("alice", "evt-late", instant(late)) },
    });
    expect(events).toEqual([
      {
        type: "PointsNotEarned",
        data: {
          triggerId: "evt-late",
          triggerType: "ParticipationConfirmed",
          courierId: "alice",
          reason: "too_late",
          requested: 0,
          earnedAt: late,
        },
      },
    ]);
  });

  it("refuses an event of another courier", () => {
    const { state } = given([earn("t1", "alice", 10)]);
    thenRefused(
      state,
      { type: "EarnPoints", data: { trigger: verified("bob") } },
      "points.wrong_account",
    );
  });
});

describe("ExpireEarnedPoints", () => {
  const withExpiry = (months: number) => {
    const policy = jinshanPolicy();
    return { ...policy, points: { ...policy.points, expiryMonths: months } };
  };

  it("expires nothing when the policy has no expiry", () => {
    const { state } = given([earn("t1", "alice", 10)]);
    const later = contextFor({ now: instant("2036-01-01T00:00:00Z") });
    expect(
      eventsOf(state, { type: "ExpireEarnedPoints", data: { courierId: courier("alice") } }, later),
    ).toEqual([]);
  });

  it("expires what is left of old points, once", () => {
    const { state } = given([earn("t1", "alice", 10), hold("h1", "alice", 4, 60 * 24 * 365 * 2)]);
    const context = contextFor({
      now: instant("2027-01-01T00:00:00+08:00"),
      policy: withExpiry(1),
    });
    const command: PointsAccountCommand = {
      type: "ExpireEarnedPoints",
      data: { courierId: courier("alice") },
    };
    const events = eventsOf(state, command, context);
    expect(events).toMatchObject([
      {
        type: "TransferCreated",
        data: { transfer: { amount: 6, reason: "expiry", reference: "earned-2026-11" } },
      },
    ]);
    const after = events.reduce(pointsAccountDecider.evolve, state);
    expect(eventsOf(after, command, context)).toEqual([]);
  });
});

describe("the decider with handleCommand", () => {
  it("returns the first outcome for a repeated command id and changes nothing", () => {
    const runtime = {
      clock: manualClock(NOW),
      ids: sequentialIds("evt"),
      facts: { policy: jinshanPolicy() },
    };
    const envelope = envelopeOf(earn("t1", "alice", 10));
    const first = handleCommand(
      pointsAccountDecider,
      newAggregateRecord(pointsAccountDecider, community, accountOf("alice")),
      envelope,
      runtime,
    );
    if (Either.isLeft(first) || first.right.kind !== "applied") throw new Error("not applied");
    const again = handleCommand(pointsAccountDecider, first.right.record, envelope, runtime);
    expect(Either.isRight(again) && again.right.kind).toBe("duplicate");
    expect(Either.isRight(again) && again.right.record).toBe(first.right.record);
    expect(replay(pointsAccountDecider, first.right.events)).toEqual(first.right.record.state);
  });

  it("routes every command to its courier account", () => {
    expect(pointsAccountIdOf(earn("t1", "alice", 1))).toBe(accountOf("alice"));
    expect(pointsAccountIdOf(hold("h1", "bob", 1))).toBe(accountOf("bob"));
    expect(pointsAccountIdOf({ type: "EarnPoints", data: { trigger: verified("carol") } })).toBe(
      accountOf("carol"),
    );
    expect(
      pointsAccountIdOf({
        type: "VoidPendingTransfer",
        data: { transferId: tid("v"), pendingTransferId: tid("h") },
      }),
    ).toBeUndefined();
    expect(pointsAccountDecider.idOf(earn("t1", "alice", 1))).toBe(accountOf("alice"));
  });
});
