import { DomainError, type LocalizedText, localized } from "@courier-station/core";

/*
 * The refusals of the points ledger. Codes follow TigerBeetle's result codes where
 * there is one (`exists_with_different_*`, `exceeds_credits` → `insufficient_points`,
 * `pending_transfer_not_found`, …) and never change once published.
 */

/** An account id that is neither a courier account nor one of the system accounts. */
export class UnknownAccount extends DomainError("UnknownAccount", {
  code: "points.unknown_account",
  httpStatus: 404,
  text: (props: { readonly account: string }) =>
    localized(
      `积分账户“${props.account}”不存在：须为小哥账户（courier-…）或系统账户（system-…）`,
      `There is no points account "${props.account}": use a courier account (courier-…) or a system account (system-…)`,
    ),
}) {}

/** The debit and the credit account are the same account. */
export class AccountsMustBeDifferent extends DomainError("AccountsMustBeDifferent", {
  code: "points.accounts_must_be_different",
  httpStatus: 422,
  text: (props: { readonly account: string }) =>
    localized(
      `转出与转入账户不能相同（${props.account}）`,
      `The debit and credit accounts must differ (both are ${props.account})`,
    ),
}) {}

/** Points never move between two couriers: every transfer has a system account on one side. */
export class TransferBetweenCourierAccounts extends DomainError("TransferBetweenCourierAccounts", {
  code: "points.courier_to_courier",
  httpStatus: 422,
  text: (props: { readonly debitAccount: string; readonly creditAccount: string }) =>
    localized(
      `积分不能在两个小哥账户之间转移（${props.debitAccount} → ${props.creditAccount}）`,
      `Points cannot move between two courier accounts (${props.debitAccount} → ${props.creditAccount})`,
    ),
}) {}

/** Points never move between two system accounts: every transfer has a courier on one side. */
export class TransferBetweenSystemAccounts extends DomainError("TransferBetweenSystemAccounts", {
  code: "points.system_to_system",
  httpStatus: 422,
  text: (props: { readonly debitAccount: string; readonly creditAccount: string }) =>
    localized(
      `积分不能在两个系统账户之间转移（${props.debitAccount} → ${props.creditAccount}）`,
      `Points cannot move between two system accounts (${props.debitAccount} → ${props.creditAccount})`,
    ),
}) {}

/** The accounts do not match what the reason allows (see `reasonFlows`). */
export class ReasonDoesNotMatchAccounts extends DomainError("ReasonDoesNotMatchAccounts", {
  code: "points.reason_account_mismatch",
  httpStatus: 422,
  text: (props: {
    readonly reason: string;
    readonly debitAccount: string;
    readonly creditAccount: string;
    readonly expected: string;
  }) =>
    localized(
      `事由“${props.reason}”要求${props.expected === "toCourier" ? "从系统账户转入小哥账户" : props.expected === "fromCourier" ? "从小哥账户转出至系统账户" : "小哥账户与调整账户之间转移"}，收到 ${props.debitAccount} → ${props.creditAccount}`,
      `The reason "${props.reason}" needs ${props.expected === "toCourier" ? "a system account debited and a courier credited" : props.expected === "fromCourier" ? "a courier debited and a system account credited" : "a transfer between a courier and the adjustment account"}; received ${props.debitAccount} → ${props.creditAccount}`,
    ),
}) {}

/** The amount is not a positive safe integer. */
export class AmountMustBePositive extends DomainError("AmountMustBePositive", {
  code: "points.amount_must_be_positive",
  httpStatus: 400,
  text: (props: { readonly received: string }) =>
    localized(
      `转移积分须为 1 至 ${Number.MAX_SAFE_INTEGER} 之间的整数，收到 ${props.received}`,
      `A transfer's amount must be a whole number from 1 to ${Number.MAX_SAFE_INTEGER}; received ${props.received}`,
    ),
}) {}

/** A manual adjustment needs a note that says why (the audit trail). */
export class NoteRequired extends DomainError("NoteRequired", {
  code: "points.note_required",
  httpStatus: 400,
  text: (props: { readonly transferId: string }) =>
    localized(
      `人工调整 ${props.transferId} 须填写原因说明`,
      `The adjustment ${props.transferId} needs a note saying why`,
    ),
}) {}

/**
 * The transfer id was already used for a transfer that differs in `field` (after
 * TigerBeetle's `exists_with_different_*`). Sending the same transfer again is fine;
 * reusing its id for another is not.
 */
export class TransferExistsWithDifferentField extends DomainError(
  "TransferExistsWithDifferentField",
  {
    code: "points.exists_with_different_field",
    httpStatus: 409,
    text: (props: { readonly transferId: string; readonly field: string }) =>
      localized(
        `转移编号 ${props.transferId} 已用于另一笔转移（不同之处：${props.field}）`,
        `The transfer id ${props.transferId} was already used for a different transfer (differs in: ${props.field})`,
      ),
  },
) {}

/** The courier's available points do not cover the amount (posted balance less holds). */
export class InsufficientPoints extends DomainError("InsufficientPoints", {
  code: "points.insufficient_points",
  httpStatus: 422,
  text: (props: {
    readonly account: string;
    readonly available: number;
    readonly requested: number;
  }) =>
    localized(
      `可用积分不足：账户 ${props.account} 可用 ${props.available}，需要 ${props.requested}`,
      `Not enough points: ${props.account} has ${props.available} available and needs ${props.requested}`,
    ),
}) {}

/** A balance would leave the safe-integer range. */
export class BalanceOverflow extends DomainError("BalanceOverflow", {
  code: "points.balance_overflow",
  httpStatus: 422,
  text: (props: { readonly account: string }) =>
    localized(
      `账户 ${props.account} 的积分合计将超出上限`,
      `The totals of account ${props.account} would overflow`,
    ),
}) {}

/** A hold's timeout must be after the time of its creation. */
export class TimeoutNotInFuture extends DomainError("TimeoutNotInFuture", {
  code: "points.timeout_not_in_future",
  httpStatus: 422,
  text: (props: { readonly timeoutAt: string; readonly now: string }) =>
    localized(
      `冻结的到期时间 ${props.timeoutAt} 须晚于当前时间 ${props.now}`,
      `A hold's timeout ${props.timeoutAt} must be after now (${props.now})`,
    ),
}) {}

/** No pending transfer with this id (in this account). */
export class PendingTransferNotFound extends DomainError("PendingTransferNotFound", {
  code: "points.pending_transfer_not_found",
  httpStatus: 404,
  text: (props: { readonly pendingTransferId: string }) =>
    localized(
      `找不到冻结转移 ${props.pendingTransferId}`,
      `There is no pending transfer ${props.pendingTransferId}`,
    ),
}) {}

/** The transfer named as pending is not a pending transfer. */
export class NotAPendingTransfer extends DomainError("NotAPendingTransfer", {
  code: "points.pending_transfer_not_pending",
  httpStatus: 422,
  text: (props: { readonly pendingTransferId: string }) =>
    localized(
      `转移 ${props.pendingTransferId} 不是冻结转移，不能确认或撤销`,
      `The transfer ${props.pendingTransferId} is not pending, so it cannot be posted or voided`,
    ),
}) {}

/** The pending transfer was already posted. */
export class PendingTransferAlreadyPosted extends DomainError("PendingTransferAlreadyPosted", {
  code: "points.pending_transfer_already_posted",
  httpStatus: 422,
  text: (props: { readonly pendingTransferId: string; readonly by: string }) =>
    localized(
      `冻结转移 ${props.pendingTransferId} 已由 ${props.by} 确认`,
      `The pending transfer ${props.pendingTransferId} was already posted by ${props.by}`,
    ),
}) {}

/** The pending transfer was already voided. */
export class PendingTransferAlreadyVoided extends DomainError("PendingTransferAlreadyVoided", {
  code: "points.pending_transfer_already_voided",
  httpStatus: 422,
  text: (props: { readonly pendingTransferId: string; readonly by: string }) =>
    localized(
      `冻结转移 ${props.pendingTransferId} 已由 ${props.by} 撤销`,
      `The pending transfer ${props.pendingTransferId} was already voided by ${props.by}`,
    ),
}) {}

/** The pending transfer already expired. */
export class PendingTransferAlreadyExpired extends DomainError("PendingTransferAlreadyExpired", {
  code: "points.pending_transfer_already_expired",
  httpStatus: 422,
  text: (props: { readonly pendingTransferId: string; readonly by: string }) =>
    localized(
      `冻结转移 ${props.pendingTransferId} 已过期释放（${props.by}）`,
      `The pending transfer ${props.pendingTransferId} already expired (${props.by})`,
    ),
}) {}

/** The pending transfer's timeout has passed: it can no longer be posted, only voided or expired. */
export class PendingTransferTimedOut extends DomainError("PendingTransferTimedOut", {
  code: "points.pending_transfer_expired",
  httpStatus: 422,
  text: (props: { readonly pendingTransferId: string; readonly timeoutAt: string }) =>
    localized(
      `冻结转移 ${props.pendingTransferId} 已于 ${props.timeoutAt} 到期，不能再确认`,
      `The pending transfer ${props.pendingTransferId} timed out at ${props.timeoutAt} and can no longer be posted`,
    ),
}) {}

/** The pending transfer's timeout has not passed yet, so it cannot be expired. */
export class PendingTransferNotTimedOut extends DomainError("PendingTransferNotTimedOut", {
  code: "points.pending_transfer_not_timed_out",
  httpStatus: 422,
  text: (props: { readonly pendingTransferId: string; readonly timeoutAt: string }) =>
    localized(
      `冻结转移 ${props.pendingTransferId} 要到 ${props.timeoutAt} 才到期`,
      `The pending transfer ${props.pendingTransferId} does not time out until ${props.timeoutAt}`,
    ),
}) {}

/** A post may not take more than the pending transfer holds. */
export class PostExceedsPendingAmount extends DomainError("PostExceedsPendingAmount", {
  code: "points.post_exceeds_pending_amount",
  httpStatus: 422,
  text: (props: {
    readonly pendingTransferId: string;
    readonly held: number;
    readonly requested: number;
  }) =>
    localized(
      `确认金额 ${props.requested} 超过冻结转移 ${props.pendingTransferId} 的冻结积分 ${props.held}`,
      `Cannot post ${props.requested}: the pending transfer ${props.pendingTransferId} holds ${props.held}`,
    ),
}) {}

/** The command is for another account than the aggregate it was sent to. */
export class WrongAccount extends DomainError("WrongAccount", {
  code: "points.wrong_account",
  httpStatus: 400,
  text: (props: { readonly expected: string; readonly received: string }) =>
    localized(
      `该指令属于账户 ${props.received}，不属于账户 ${props.expected}`,
      `The command is for account ${props.received}, not ${props.expected}`,
    ),
}) {}

/** A transfer of a linked chain was not applied because another transfer of the chain failed. */
export class LinkedTransferFailed extends DomainError("LinkedTransferFailed", {
  code: "points.linked_transfer_failed",
  httpStatus: 422,
  text: (props: { readonly transferId: string; readonly failedTransferId: string }) =>
    localized(
      `关联转移 ${props.failedTransferId} 失败，${props.transferId} 一并取消`,
      `The transfer ${props.transferId} was not applied because the linked transfer ${props.failedTransferId} failed`,
    ),
}) {}

/** The last transfer of a batch is marked linked: the chain never closes, so none of it applies. */
export class LinkedChainOpen extends DomainError("LinkedChainOpen", {
  code: "points.linked_chain_open",
  httpStatus: 422,
  text: (props: { readonly transferId: string }) =>
    localized(
      `关联链未结束（最后一笔 ${props.transferId} 仍标记为关联），整条链未执行`,
      `The linked chain is not closed (the last transfer ${props.transferId} is marked linked), so none of it was applied`,
    ),
}) {}

/**
 * A command that records a transfer runs under the command id derived from what it
 * records (`pointsCommandIdOf`: the transfer id, for an earning the event's), and a
 * batch's transfers have ids derived from its command id (`batchTransferIdOf`). So a
 * transfer id belongs to one command id, and the command receipt the store keeps makes
 * it take effect once, however late and under whatever other id it is sent again.
 */
export class CommandIdMismatch extends DomainError("CommandIdMismatch", {
  code: "points.command_id_mismatch",
  httpStatus: 400,
  text: (props: { readonly field: string; readonly expected: string; readonly received: string }) =>
    localized(
      `${props.field} 须为 ${props.expected}（收到 ${props.received}）：每笔积分转移只由一条指令记录，指令编号由转移编号而来，因此同一转移只生效一次`,
      `${props.field} must be ${props.expected} (received ${props.received}): a points transfer is recorded by one command, whose id comes from the transfer's, so it takes effect once`,
    ),
}) {}

/** A history to restore records the same transfer id twice. */
export class DuplicateTransferId extends DomainError("DuplicateTransferId", {
  code: "points.duplicate_transfer_id",
  httpStatus: 409,
  text: (props: { readonly transferId: string }) =>
    localized(
      `转移编号 ${props.transferId} 出现了两次`,
      `The transfer id ${props.transferId} is recorded twice`,
    ),
}) {}

/**
 * A recorded post, void or expiry that is not what the rules make of its hold (other
 * accounts, reason or amount held), or an expiry under another id than the derived one.
 */
export class TransferRecordMismatch extends DomainError("TransferRecordMismatch", {
  code: "points.transfer_record_mismatch",
  httpStatus: 422,
  text: (props: { readonly transferId: string; readonly field: string }) =>
    localized(
      `转移 ${props.transferId} 的记录与规则不符（不同之处：${props.field}）`,
      `The transfer ${props.transferId} is not what the rules record (differs in: ${props.field})`,
    ),
}) {}

/**
 * A history handed to `restoreLedger` breaks a rule of the ledger at one of its
 * transfers: the same id twice, a resolution of a hold it never saw, a courier below
 * zero, a record the rules would not have made. `problem` is the refusal.
 */
export class InvalidLedgerHistory extends DomainError("InvalidLedgerHistory", {
  code: "points.invalid_history",
  httpStatus: 422,
  text: (props: {
    readonly position: number;
    readonly transferId: string;
    readonly problem: { readonly code: string; readonly text: LocalizedText };
  }) =>
    localized(
      `第 ${props.position + 1} 笔转移 ${props.transferId} 不能恢复：${props.problem.text["zh-CN"]}`,
      `Transfer ${props.position + 1} (${props.transferId}) cannot be restored: ${props.problem.text.en}`,
    ),
}) {}

/** Every refusal of a transfer by the ledger's rules. */
export type TransferRefusal =
  | UnknownAccount
  | AccountsMustBeDifferent
  | TransferBetweenCourierAccounts
  | TransferBetweenSystemAccounts
  | ReasonDoesNotMatchAccounts
  | AmountMustBePositive
  | NoteRequired
  | TransferExistsWithDifferentField
  | InsufficientPoints
  | BalanceOverflow
  | TimeoutNotInFuture
  | PendingTransferNotFound
  | NotAPendingTransfer
  | PendingTransferAlreadyPosted
  | PendingTransferAlreadyVoided
  | PendingTransferAlreadyExpired
  | PendingTransferTimedOut
  | PendingTransferNotTimedOut
  | PostExceedsPendingAmount;

/** Every refusal of a courier account's commands. */
export type PointsAccountError = TransferRefusal | WrongAccount | CommandIdMismatch;

/** What `restoreLedger` finds wrong with a transfer of a history. */
export type HistoryProblem = TransferRefusal | DuplicateTransferId | TransferRecordMismatch;

/** Every refusal of a batch in the in-memory ledger. */
export type LedgerRefusal = TransferRefusal | LinkedTransferFailed | LinkedChainOpen;
