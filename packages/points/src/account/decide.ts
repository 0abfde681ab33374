import {
  type AccountId,
  accept,
  type CommunityPolicy,
  type CourierFacts,
  type Decision,
  type DecisionContext,
  type Points,
  refuse,
} from "@courier-station/core";
import { courierAccountId, systemAccountId } from "../accounts.js";
import { type EarningTransfer, pointsEarnedBy } from "../earning/earn.js";
import { earnedSoFarOf } from "../earning/earned-so-far.js";
import { type ExpiryTransfer, expiryTransfers } from "../earning/expiry.js";
import { courierOfTrigger, earnedAtOfTrigger } from "../earning/triggers.js";
import type { CreateTransferData, PointsAccountCommand } from "./commands.js";
import { type PointsAccountError, WrongAccount } from "./errors.js";
import type { PointsAccountEvent, PointsNotEarned } from "./events.js";
import { transferEventOf } from "./events.js";
import { evolve } from "./evolve.js";
import {
  type CreateTransferRequest,
  courierSideOf,
  decideTransfer,
  type TransferRequest,
} from "./rules.js";
import { type PointsAccountState, triggerHandled, viewOfAccount } from "./state.js";

/**
 * What a courier account decides with: the time, the actor and the community, and the
 * community's policy (earning rules, caps, campaigns, expiry, time zone).
 */
export interface PointsAccountContext extends DecisionContext {
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
      const event = transferEventOf(outcome.transfer);
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
 * A retry of a recorded transfer is accepted with no events.
 */
export const decide = (
  command: PointsAccountCommand,
  state: PointsAccountState,
  context: PointsAccountContext,
): Decision<PointsAccountEvent, PointsAccountError> => {
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
      if (triggerHandled(state, trigger.id)) return accept();
      const earnedAt = earnedAtOfTrigger(trigger);
      const soFar = earnedSoFarOf(
        state.transfers,
        account,
        earnedAt,
        context.policy.general.timeZone,
      );
      const outcome = pointsEarnedBy(trigger, context.policy, soFar, context.courier);
      if (outcome.kind === "not_earned") {
        const data: PointsNotEarned["data"] = {
          triggerId: trigger.id,
          triggerType: trigger.type,
          courierId: outcome.courierId,
          reason: outcome.reason,
          requested: outcome.requested as Points,
          earnedAt,
        };
        return accept<PointsAccountEvent>({
          type: "PointsNotEarned",
          data: outcome.cappedBy === undefined ? data : { ...data, cappedBy: outcome.cappedBy },
        });
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
        expiryTransfers(account, state.transfers, context.now, context.policy).map((transfer) =>
          plannedTransferRequest(transfer, actor),
        ),
        state,
        context,
      );
    }
  }
};
