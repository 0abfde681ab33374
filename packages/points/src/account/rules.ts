import {
  type AccountId,
  derivedId,
  type Instant,
  type Points,
  type TransferId,
} from "@courier-station/core";
import { accountKindOf } from "../accounts.js";
import {
  type EarningDetails,
  reasonFlows,
  type Transfer,
  type TransferReason,
} from "../transfer.js";
import { availableOf, type Balances } from "./balances.js";
import {
  AccountsMustBeDifferent,
  AmountMustBePositive,
  BalanceOverflow,
  InsufficientPoints,
  NotAPendingTransfer,
  NoteRequired,
  PendingTransferAlreadyExpired,
  PendingTransferAlreadyPosted,
  PendingTransferAlreadyVoided,
  PendingTransferNotFound,
  PendingTransferNotTimedOut,
  PendingTransferTimedOut,
  PostExceedsPendingAmount,
  ReasonDoesNotMatchAccounts,
  TimeoutNotInFuture,
  TransferBetweenCourierAccounts,
  TransferBetweenSystemAccounts,
  TransferExistsWithDifferentField,
  type TransferRefusal,
  UnknownAccount,
} from "./errors.js";

/*
 * The rules of a transfer, written once and used by both the courier account decider
 * (one aggregate per courier account, immutable state) and the in-memory ledger (every
 * account of a community, mutable maps). Both give the rules a `LedgerView`; the rules
 * return the transfer to record, or why not, and never change anything themselves.
 */

/** What the rules need to know about the ledger (or about one courier's part of it). */
export interface LedgerView {
  /** The transfer with this id, if the ledger (or the account) has one. */
  readonly transferById: (id: string) => Transfer | undefined;
  /** The transfer that posted, voided or expired a pending transfer, if any did. */
  readonly resolutionOf: (pendingTransferId: string) => Transfer | undefined;
  /** The balances of an account (all zero when it has none). Only couriers' are consulted. */
  readonly balancesOf: (account: string) => Balances;
}

/**
 * Creates a transfer: `single` (posted at once) or, with `timeoutAt`, `pending` (a hold).
 * Already typed: parse input with the `CreateTransfer` schema at the edge.
 */
export interface CreateTransferRequest {
  readonly kind: "create";
  readonly id: TransferId;
  readonly debitAccount: AccountId;
  readonly creditAccount: AccountId;
  readonly amount: number;
  readonly reason: TransferReason;
  readonly reference: string;
  /** Who asks: an actor id. */
  readonly actor: string;
  /** Makes it a hold that times out at this instant. */
  readonly timeoutAt?: Instant | undefined;
  readonly note?: string | undefined;
  readonly earning?: EarningDetails | undefined;
}

/** Posts a pending transfer, all of it or `amount` of it. */
export interface PostTransferRequest {
  readonly kind: "post";
  readonly id: TransferId;
  readonly pendingTransferId: TransferId;
  readonly amount?: number | undefined;
  readonly actor: string;
}

/** Voids a pending transfer. */
export interface VoidTransferRequest {
  readonly kind: "void";
  readonly id: TransferId;
  readonly pendingTransferId: TransferId;
  readonly actor: string;
}

/** Expires a pending transfer whose timeout has passed; the id is {@link expiryTransferIdOf}. */
export interface ExpireTransferRequest {
  readonly kind: "expire";
  readonly pendingTransferId: TransferId;
  readonly actor: string;
}

/** Anything the ledger can be asked to record. */
export type TransferRequest =
  | CreateTransferRequest
  | PostTransferRequest
  | VoidTransferRequest
  | ExpireTransferRequest;

/**
 * What the rules say about a request before anything is recorded:
 *
 * - `ok`: record it (see {@link transferRecordOf});
 * - `exists`: the same transfer was recorded before; `transfer` is the first one, nothing changes;
 * - `refused`: `error` says why; nothing changes.
 *
 * `ok` is one shared value, so checking a valid request allocates nothing.
 */
export type TransferCheck =
  | { readonly status: "ok" }
  | { readonly status: "exists"; readonly transfer: Transfer }
  | { readonly status: "refused"; readonly error: TransferRefusal };

/**
 * What the rules decided about a request:
 *
 * - `created`: record `transfer`;
 * - `exists`: the same transfer was recorded before; `transfer` is the first one, nothing changes;
 * - `refused`: `error` says why; nothing changes.
 */
export type TransferOutcome =
  | { readonly status: "created"; readonly transfer: Transfer }
  | { readonly status: "exists"; readonly transfer: Transfer }
  | { readonly status: "refused"; readonly error: TransferRefusal };

/**
 * The id of the transfer that expires a pending transfer: derived, so a timer that
 * expires the same hold twice records it once, and in the namespace no caller can choose
 * from, so no other transfer can take it and keep the hold from expiring.
 *
 * @example
 * expiryTransferIdOf(holdId); // "d-…" (derivedId("points-hold-expiry", holdId))
 */
export const expiryTransferIdOf = (pendingTransferId: string): TransferId =>
  derivedId("points-hold-expiry", pendingTransferId) as TransferId;

/** The id a request records its transfer under. */
export const transferIdOfRequest = (request: TransferRequest): TransferId =>
  request.kind === "expire" ? expiryTransferIdOf(request.pendingTransferId) : request.id;

const OK: TransferCheck = Object.freeze({ status: "ok" });
const refused = (error: TransferRefusal): TransferCheck => ({ status: "refused", error });
const exists = (transfer: Transfer): TransferCheck => ({ status: "exists", transfer });

const describeAmount = (value: unknown): string =>
  typeof value === "number" ? String(value) : typeof value;

const isPositiveAmount = (value: unknown): value is number =>
  typeof value === "number" && Number.isSafeInteger(value) && value > 0;

const sameEarning = (a: EarningDetails | undefined, b: EarningDetails | undefined): boolean =>
  a === b ||
  (a !== undefined &&
    b !== undefined &&
    a.rule === b.rule &&
    a.trigger === b.trigger &&
    a.earnedAt === b.earnedAt &&
    a.requested === b.requested &&
    a.cappedBy === b.cappedBy);

/** The first field in which a create request differs from the recorded transfer, if any. */
const differenceFromCreate = (
  request: CreateTransferRequest,
  existing: Transfer,
): string | undefined => {
  const kind = request.timeoutAt === undefined ? "single" : "pending";
  if (existing.kind !== kind) return "kind";
  if (existing.debitAccount !== request.debitAccount) return "debitAccount";
  if (existing.creditAccount !== request.creditAccount) return "creditAccount";
  if (existing.amount !== request.amount) return "amount";
  if (existing.reason !== request.reason) return "reason";
  if (existing.reference !== request.reference) return "reference";
  if (existing.timeoutAt !== request.timeoutAt) return "timeoutAt";
  if (existing.note !== request.note) return "note";
  if (!sameEarning(existing.earning, request.earning)) return "earning";
  if (existing.actor !== request.actor) return "actor";
  return undefined;
};

const checkCreate = (
  request: CreateTransferRequest,
  view: LedgerView,
  now: Instant,
  nowMillis: number,
): TransferCheck => {
  const { debitAccount, creditAccount, amount } = request;
  if (!isPositiveAmount(amount)) {
    return refused(new AmountMustBePositive({ received: describeAmount(amount) }));
  }
  const debitKind = accountKindOf(debitAccount);
  if (debitKind === undefined) return refused(new UnknownAccount({ account: debitAccount }));
  const creditKind = accountKindOf(creditAccount);
  if (creditKind === undefined) return refused(new UnknownAccount({ account: creditAccount }));
  if (debitAccount === creditAccount) {
    return refused(new AccountsMustBeDifferent({ account: debitAccount }));
  }
  if (debitKind.kind === "courier" && creditKind.kind === "courier") {
    return refused(new TransferBetweenCourierAccounts({ debitAccount, creditAccount }));
  }
  if (debitKind.kind === "system" && creditKind.kind === "system") {
    return refused(new TransferBetweenSystemAccounts({ debitAccount, creditAccount }));
  }
  const flow = reasonFlows[request.reason];
  const system =
    debitKind.kind === "system"
      ? debitKind.system
      : creditKind.kind === "system"
        ? creditKind.system
        : undefined;
  const matches =
    system === flow.system &&
    (flow.direction === "either" ||
      (flow.direction === "toCourier") === (debitKind.kind === "system"));
  if (!matches) {
    return refused(
      new ReasonDoesNotMatchAccounts({
        reason: request.reason,
        debitAccount,
        creditAccount,
        expected: flow.direction,
      }),
    );
  }
  if (
    request.reason === "adjustment" &&
    (request.note === undefined || request.note.trim() === "")
  ) {
    return refused(new NoteRequired({ transferId: request.id }));
  }

  // Idempotency comes before the checks that depend on time and balances: a retry of a
  // recorded transfer answers `exists` even when it could no longer be made.
  const existing = view.transferById(request.id);
  if (existing !== undefined) {
    const field = differenceFromCreate(request, existing);
    return field === undefined
      ? exists(existing)
      : refused(new TransferExistsWithDifferentField({ transferId: request.id, field }));
  }

  if (request.timeoutAt !== undefined && Date.parse(request.timeoutAt) <= nowMillis) {
    return refused(new TimeoutNotInFuture({ timeoutAt: request.timeoutAt, now }));
  }
  const debit = view.balancesOf(debitAccount);
  if (debitKind.kind === "courier") {
    const available = availableOf(debit);
    if (available < amount) {
      return refused(
        new InsufficientPoints({ account: debitAccount, available, requested: amount }),
      );
    }
  }
  if (debit.debitsPosted + debit.debitsPending + amount > Number.MAX_SAFE_INTEGER) {
    return refused(new BalanceOverflow({ account: debitAccount }));
  }
  const credit = view.balancesOf(creditAccount);
  if (credit.creditsPosted + credit.creditsPending + amount > Number.MAX_SAFE_INTEGER) {
    return refused(new BalanceOverflow({ account: creditAccount }));
  }
  return OK;
};

/** The pending transfer a post, void or expiry resolves, or why it cannot be resolved. */
const pendingToResolve = (
  pendingTransferId: TransferId,
  view: LedgerView,
): Transfer | TransferRefusal => {
  const pending = view.transferById(pendingTransferId);
  if (pending === undefined) return new PendingTransferNotFound({ pendingTransferId });
  if (pending.kind !== "pending") return new NotAPendingTransfer({ pendingTransferId });
  const resolution = view.resolutionOf(pendingTransferId);
  if (resolution !== undefined) {
    const by = resolution.id;
    switch (resolution.kind) {
      case "post":
        return new PendingTransferAlreadyPosted({ pendingTransferId, by });
      case "void":
        return new PendingTransferAlreadyVoided({ pendingTransferId, by });
      default:
        return new PendingTransferAlreadyExpired({ pendingTransferId, by });
    }
  }
  return pending;
};

const isTransfer = (value: Transfer | TransferRefusal): value is Transfer => "kind" in value;

const checkPost = (
  request: PostTransferRequest,
  view: LedgerView,
  nowMillis: number,
): TransferCheck => {
  if (request.amount !== undefined && !isPositiveAmount(request.amount)) {
    return refused(new AmountMustBePositive({ received: describeAmount(request.amount) }));
  }
  const existing = view.transferById(request.id);
  if (existing !== undefined) {
    const field =
      existing.kind !== "post"
        ? "kind"
        : existing.pendingTransferId !== request.pendingTransferId
          ? "pendingTransferId"
          : (request.amount ?? existing.heldAmount) !== existing.amount
            ? "amount"
            : existing.actor !== request.actor
              ? "actor"
              : undefined;
    return field === undefined
      ? exists(existing)
      : refused(new TransferExistsWithDifferentField({ transferId: request.id, field }));
  }
  const pending = pendingToResolve(request.pendingTransferId, view);
  if (!isTransfer(pending)) return refused(pending);
  if (pending.timeoutAt !== undefined && Date.parse(pending.timeoutAt) <= nowMillis) {
    return refused(
      new PendingTransferTimedOut({
        pendingTransferId: request.pendingTransferId,
        timeoutAt: pending.timeoutAt,
      }),
    );
  }
  const amount = request.amount ?? pending.amount;
  if (amount > pending.amount) {
    return refused(
      new PostExceedsPendingAmount({
        pendingTransferId: request.pendingTransferId,
        held: pending.amount,
        requested: amount,
      }),
    );
  }
  return OK;
};

const checkVoid = (request: VoidTransferRequest, view: LedgerView): TransferCheck => {
  const existing = view.transferById(request.id);
  if (existing !== undefined) {
    const field =
      existing.kind !== "void"
        ? "kind"
        : existing.pendingTransferId !== request.pendingTransferId
          ? "pendingTransferId"
          : existing.actor !== request.actor
            ? "actor"
            : undefined;
    return field === undefined
      ? exists(existing)
      : refused(new TransferExistsWithDifferentField({ transferId: request.id, field }));
  }
  // A void after the timeout is still a void: it releases the points exactly as the
  // expiry would, and saves compensating flows from racing the expiry timer.
  const pending = pendingToResolve(request.pendingTransferId, view);
  return isTransfer(pending) ? OK : refused(pending);
};

const checkExpire = (
  request: ExpireTransferRequest,
  view: LedgerView,
  nowMillis: number,
): TransferCheck => {
  const id = expiryTransferIdOf(request.pendingTransferId);
  const existing = view.transferById(id);
  if (existing !== undefined) {
    // The expiry is a fact of time, not of who noticed it: any actor's retry is the same.
    return existing.kind === "expire" && existing.pendingTransferId === request.pendingTransferId
      ? exists(existing)
      : refused(new TransferExistsWithDifferentField({ transferId: id, field: "kind" }));
  }
  const pending = pendingToResolve(request.pendingTransferId, view);
  if (!isTransfer(pending)) return refused(pending);
  if (pending.timeoutAt === undefined || Date.parse(pending.timeoutAt) > nowMillis) {
    return refused(
      new PendingTransferNotTimedOut({
        pendingTransferId: request.pendingTransferId,
        timeoutAt: pending.timeoutAt ?? "",
      }),
    );
  }
  return OK;
};

/**
 * Checks a transfer request against a ledger view: `ok` to record it, `exists` for a
 * retry of a recorded one, or the refusal. Pure; changes nothing; allocates nothing
 * when the request is fine.
 *
 * `nowMillis` is `Date.parse(now)`, passed by callers that check many requests at the
 * same instant so it is parsed once.
 */
export const checkTransfer = (
  request: TransferRequest,
  view: LedgerView,
  now: Instant,
  nowMillis: number = Date.parse(now),
): TransferCheck => {
  switch (request.kind) {
    case "create":
      return checkCreate(request, view, now, nowMillis);
    case "post":
      return checkPost(request, view, nowMillis);
    case "void":
      return checkVoid(request, view);
    case "expire":
      return checkExpire(request, view, nowMillis);
  }
};

type Writable<Value> = { -readonly [Key in keyof Value]: Value[Key] };

/**
 * The transfer a request records once {@link checkTransfer} said `ok`: a create as it
 * was asked; a post, void or expiry with the pending transfer's accounts, reason,
 * reference and note, and (for a post) the amount it held.
 */
export const transferRecordOf = (
  request: TransferRequest,
  view: LedgerView,
  now: Instant,
): Transfer => {
  if (request.kind === "create") {
    const transfer: Writable<Transfer> = {
      id: request.id,
      kind: request.timeoutAt === undefined ? "single" : "pending",
      debitAccount: request.debitAccount,
      creditAccount: request.creditAccount,
      amount: request.amount as Points,
      reason: request.reason,
      reference: request.reference,
      actor: request.actor,
      at: now,
    };
    if (request.timeoutAt !== undefined) transfer.timeoutAt = request.timeoutAt;
    if (request.note !== undefined) transfer.note = request.note;
    if (request.earning !== undefined) transfer.earning = request.earning;
    return transfer;
  }
  const pending = view.transferById(request.pendingTransferId) as Transfer;
  const transfer: Writable<Transfer> = {
    id: transferIdOfRequest(request),
    kind: request.kind,
    debitAccount: pending.debitAccount,
    creditAccount: pending.creditAccount,
    amount: (request.kind === "post"
      ? (request.amount ?? pending.amount)
      : pending.amount) as Points,
    reason: pending.reason,
    reference: pending.reference,
    actor: request.actor,
    at: now,
    pendingTransferId: pending.id,
  };
  if (request.kind === "post") transfer.heldAmount = pending.amount;
  if (pending.note !== undefined) transfer.note = pending.note;
  return transfer;
};

/**
 * Decides a transfer request against a ledger view: the transfer to record, `exists`
 * for a retry of a recorded one, or the refusal. Pure; changes nothing.
 *
 * @example
 * const outcome = decideTransfer(request, viewOfAccount(state), now);
 * if (outcome.status === "created") record(outcome.transfer);
 */
export const decideTransfer = (
  request: TransferRequest,
  view: LedgerView,
  now: Instant,
  nowMillis: number = Date.parse(now),
): TransferOutcome => {
  const check = checkTransfer(request, view, now, nowMillis);
  return check.status === "ok"
    ? { status: "created", transfer: transferRecordOf(request, view, now) }
    : check;
};

/**
 * The courier account a request touches, as far as the request alone tells: the courier
 * side of a create, nothing for a post, void or expiry (that depends on the pending
 * transfer).
 */
export const courierSideOf = (request: CreateTransferRequest): AccountId | undefined =>
  accountKindOf(request.debitAccount)?.kind === "courier"
    ? request.debitAccount
    : accountKindOf(request.creditAccount)?.kind === "courier"
      ? request.creditAccount
      : undefined;
