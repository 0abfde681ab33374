import {
  type AccountId,
  accept,
  type CommandId,
  type CommunityPolicy,
  type CourierFacts,
  type Decision,
  type DecisionContext,
  type Points,
  refuse,
} from "@courier-station/core";
import { courierAccountId, systemAccountId } from "../accounts.js";
import { type EarningTransfer, pointsEarnedBy } from "../earning/earn.js";
import { earnedSoFarIn, isTooLateToEarn } from "../earning/earned-so-far.js";
import { type ExpiryTransfer, expiryTransfersFrom } from "../earning/expiry.js";
import { localPeriodsOf } from "../earning/periods.js";
import { courierOfTrigger, earnedAtOfTrigger } from "../earning/triggers.js";
import { batchTransferIdOf, pointsCommandIdOf } from "./command-ids.js";
import type { CreateTransferData, PointsAccountCommand } from "./commands.js";
import { CommandIdMismatch, type PointsAccountError, WrongAccount } from "./errors.js";
import type { PointsAccountEvent, PointsNotEarned } from "./events.js";
import { transferEventOf } from "./events.js";
import { evolve } from "./evolve.js";
import {
  type CreateTransferRequest,
  courierSideOf,
  decideTransfer,
  type TransferRequest,
} from "./rules.js";
import { balancesIn, type PointsAccountState, viewOfAccount } from "./state.js";

/**
 * What a courier account decides with: the time, the actor and the community, the
 * command id (`handleCommand` passes it: a transfer is tied to the command id it is
 * recorded under, see `pointsCommandIdOf`), and the community's policy (earning rules,
 * caps, campaigns, expiry, time zone).
 */
export interface PointsAccountContext extends DecisionContext {
  readonly commandId: CommandId;
  readonly policy: CommunityPolicy;
  /**
   * The facts of the courier an `EarnPoints` earns for, when the service looks them up
   * (`courierFacts`): a courier who withdrew consent earns nothing from then on.
   */
  readonly courier?: CourierFacts;
}

/**
 * The rules' request for a `CreateTransfer` body, by an actor.
 *
 * @example
 * createRequestOf(command.data, context.actor.id);
 */
export const createRequestOf = (
  data: CreateTransferData,
  actor: string,
): CreateTransferRequest => ({
  kind: "create",
  id: data.transferId,
  debitAccount: data.debitAccount,
  creditAccount: data.creditAccount,
  amount: data.amount,
  reason: data.reason,
  reference: data.reference,
  actor,
  timeoutAt: data.pending?.timeoutAt,
  note: data.note,
});

/**
 * The ledger's request for a transfer the earning or expiry rules ask for, by an actor:
 * what `pointsEarnedBy` and `expiryTransfers` return, ready for `ledger.apply` or a
 * courier account's decision.
 *
 * @example
 * ledger.apply(outcome.transfers.map((transfer) => plannedTransferRequest(transfer, "system:points")), now);
 */
export const plannedTransferRequest = (
  transfer: EarningTransfer | ExpiryTransfer,
  actor: string,
): CreateTransferRequest => ({
  kind: "create",
  id: transfer.transferId,
  debitAccount: transfer.debitAccount,
  creditAccount: transfer.creditAccount,
  amount: transfer.amount,
  reason: transfer.reason,
  reference: transfer.reference,
  actor,
  ...("earning" in transfer ? { earning: transfer.earning } : {}),
});

/**
 * Why a command may not be decided under the command id it came with: a transfer is tied
 * to one command id (see `pointsCommandIdOf`), or for a batch, its transfers' ids to the
 * batch's command id.
 */
const commandIdMismatch = (
  command: PointsAccountCommand,
  commandId: CommandId,
): CommandIdMismatch | undefined => {
  const expected = pointsCommandIdOf(command);
  if (expected !== undefined) {
    return expected === commandId
      ? undefined
      : new CommandIdMismatch({ field: "commandId", expected, received: commandId });
  }
  if (command.type !== "CreateTransfers") return undefined;
  for (const [index, transfer] of command.data.transfers.entries()) {
    const derived = batchTransferIdOf(commandId, index);
    if (transfer.transferId !== derived) {
      return new CommandIdMismatch({
        field: `transfers.${index}.transferId`,
        expected: derived,
        received: transfer.transferId,
      });
    }
  }
  return undefined;
};

const wrongAccount = (
  state: PointsAccountState,
  account: AccountId | undefined,
): WrongAccount | undefined =>
  state.account !== undefined && account !== undefined && account !== state.account
    ? new WrongAccount({ expected: state.account, received: account })
    : undefined;

/**
 * Decides requests one after another on a working copy of the state, all or none: the
 * events of those created, nothing for those that exist already, or the first refusal.
 */
const decideAll = (
  requests: ReadonlyArray<TransferRequest>,
  state: PointsAccountState,
  context: PointsAccountContext,
): Decision<PointsAccountEvent, PointsAccountError> => {
  const nowMillis = Date.parse(context.now);
  const events: PointsAccountEvent[] = [];
  let working = state;
  for (const request of requests) {
    if (request.kind === "create") {
      const mismatch = wrongAccount(working, courierSideOf(request));
      if (mismatch !== undefined) return refuse(mismatch);
    }
    const outcome = decideTransfer(request, viewOfAccount(working), context.now, nowMillis);
    if (outcome.status === "refused") return refuse(outcome.error);
    if (outcome.status === "created") {
      const event = transferEventOf(outcome.transfer, context.policy.general.timeZone);
      events.push(event);
      working = evolve(working, event);
    }
  }
  return accept(...events);
};

/**
 * Every rule of a courier's points account: one `case` per command. Transfers follow
 * the shared ledger rules (`decideTransfer`), so a transfer decided here and one
 * decided by the in-memory ledger are the same transfer.
 *
 * - `CreateTransfer`, `CreateTransfers` (all or none): create transfers touching this account;
 * - `PostPendingTransfer`, `VoidPendingTransfer`, `ExpirePendingTransfer`: resolve a hold, once;
 * - `AdjustPoints`: a staff adjustment against the adjustment account, with its note;
 * - `EarnPoints`: the transfers an event earns by the policy (`pointsEarnedBy`), once per event;
 * - `ExpireEarnedPoints`: the transfers that expire old points (`expiryTransfers`).
 *
 * Every command that records transfers must come under the command id tied to them
 * (`pointsCommandIdOf`, `batchTransferIdOf`); the store's command receipts then make each
 * transfer id take effect once. A hold asked for again while the account still keeps it
 * is accepted with no events.
 */
export const decide = (
  command: PointsAccountCommand,
  state: PointsAccountState,
  context: PointsAccountContext,
): Decision<PointsAccountEvent, PointsAccountError> => {
  const mismatch = commandIdMismatch(command, context.commandId);
  if (mismatch !== undefined) return refuse(mismatch);
  const actor = context.actor.id;
  switch (command.type) {
    case "CreateTransfer":
      return decideAll([createRequestOf(command.data, actor)], state, context);
    case "CreateTransfers":
      return decideAll(
        command.data.transfers.map((data) => createRequestOf(data, actor)),
        state,
        context,
      );
    case "PostPendingTransfer": {
      const mismatch = wrongAccount(state, command.data.account);
      if (mismatch !== undefined) return refuse(mismatch);
      const { transferId, pendingTransferId, amount } = command.data;
      return decideAll(
        [{ kind: "post", id: transferId, pendingTransferId, amount, actor }],
        state,
        context,
      );
    }
    case "VoidPendingTransfer": {
      const mismatch = wrongAccount(state, command.data.account);
      if (mismatch !== undefined) return refuse(mismatch);
      const { transferId, pendingTransferId } = command.data;
      return decideAll(
        [{ kind: "void", id: transferId, pendingTransferId, actor }],
        state,
        context,
      );
    }
    case "ExpirePendingTransfer": {
      const mismatch = wrongAccount(state, command.data.account);
      if (mismatch !== undefined) return refuse(mismatch);
      return decideAll(
        [{ kind: "expire", pendingTransferId: command.data.pendingTransferId, actor }],
        state,
        context,
      );
    }
    case "AdjustPoints": {
      const { transferId, courierId, direction, amount, note, reference } = command.data;
      const courier = courierAccountId(courierId);
      const adjustment = systemAccountId("adjustment");
      return decideAll(
        [
          {
            kind: "create",
            id: transferId,
            debitAccount: direction === "grant" ? adjustment : courier,
            creditAccount: direction === "grant" ? courier : adjustment,
            amount,
            reason: "adjustment",
            reference: reference ?? transferId,
            actor,
            note,
          },
        ],
        state,
        context,
      );
    }
    case "EarnPoints": {
      const { trigger } = command.data;
      const account = courierAccountId(courierOfTrigger(trigger));
      const mismatch = wrongAccount(state, account);
      if (mismatch !== undefined) return refuse(mismatch);
      const earnedAt = earnedAtOfTrigger(trigger);
      const notEarned = (
        reason: PointsNotEarned["data"]["reason"],
        requested: number,
        cappedBy?: PointsNotEarned["data"]["cappedBy"],
      ) => {
        const data: PointsNotEarned["data"] = {
          triggerId: trigger.id,
          triggerType: trigger.type,
          courierId: courierOfTrigger(trigger),
          reason,
          requested: requested as Points,
          earnedAt,
        };
        return accept<PointsAccountEvent>({
          type: "PointsNotEarned",
          data: cappedBy === undefined ? data : { ...data, cappedBy },
        });
      };
      // The account keeps what the caps count only for the earning window, so an event
      // from before it cannot be measured against them.
      if (isTooLateToEarn(earnedAt, context.now)) return notEarned("too_late", 0);
      const soFar = earnedSoFarIn(
        state.earned,
        localPeriodsOf(earnedAt, context.policy.general.timeZone),
      );
      const outcome = pointsEarnedBy(trigger, context.policy, soFar, context.courier);
      if (outcome.kind === "not_earned") {
        return notEarned(outcome.reason, outcome.requested, outcome.cappedBy);
      }
      return decideAll(
        outcome.transfers.map((transfer) => plannedTransferRequest(transfer, actor)),
        state,
        context,
      );
    }
    case "ExpireEarnedPoints": {
      const account = courierAccountId(command.data.courierId);
      const mismatch = wrongAccount(state, account);
      if (mismatch !== undefined) return refuse(mismatch);
      return decideAll(
        expiryTransfersFrom(
          account,
          state.lots,
          balancesIn(state, account),
          context.now,
          context.policy,
        ).map((transfer) => plannedTransferRequest(transfer, actor)),
        state,
        context,
      );
    }
  }
};
