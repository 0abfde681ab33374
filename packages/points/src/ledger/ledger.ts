import type { AccountId, Instant, Points, TransferId } from "@courier-station/core";
import { Either } from "effect";
import {
  applyEffectTo,
  availableOf,
  type Balances,
  type MutableBalances,
  ZERO_BALANCES,
  zeroBalances,
} from "../account/balances.js";
import {
  DuplicateTransferId,
  type HistoryProblem,
  InvalidLedgerHistory,
  type LedgerRefusal,
  LinkedChainOpen,
  LinkedTransferFailed,
  TransferRecordMismatch,
} from "../account/errors.js";
import {
  checkTransfer,
  expiryTransferIdOf,
  type LedgerView,
  type TransferRequest,
  transferIdOfRequest,
  transferRecordOf,
} from "../account/rules.js";
import { isCourierAccount, type SystemAccountKind, systemAccountKindOf } from "../accounts.js";
import {
  type EarningDetails,
  reasonFlows,
  type Transfer,
  type TransferKind,
  TransferReason,
} from "../transfer.js";
import { type TransferIndex, transferIndexOver } from "./transfer-index.js";

/**
 * A request in a batch. `linked: true` links it to the next request: a chain of linked
 * requests (ending with the first one not marked linked) succeeds or fails together,
 * after TigerBeetle's `flags.linked`.
 */
export type LedgerRequest = TransferRequest & { readonly linked?: boolean };

/**
 * The result of one request of a batch, by the id of its transfer (for an expiry, the
 * derived id; see `expiryTransferIdOf`):
 *
 * - `created`: recorded now (`transferById(id)` gives it);
 * - `exists`: the same transfer was recorded before; nothing changed and
 *   `transferById(id)` gives the first one. It counts as a success in a linked chain, so
 *   a retried chain succeeds;
 * - `refused`: why; in a failed chain the failing request has its own error and the
 *   others `LinkedTransferFailed`.
 */
export type LedgerResult =
  | { readonly status: "created"; readonly id: TransferId }
  | { readonly status: "exists"; readonly id: TransferId }
  | { readonly status: "refused"; readonly id: TransferId; readonly error: LedgerRefusal };

/**
 * A community's whole points ledger in memory: every account, courier and system, with
 * balances, histories and the transfer log. It checks each request with the same rules
 * as the courier account decider (`checkTransfer`), so both agree transfer for transfer;
 * it is what tests, simulations, benchmarks, statements and single-process tools use.
 *
 * Transfers are kept column by column (TigerBeetle-style), so recording one allocates
 * next to nothing; the `Transfer` objects the reading methods return are made on demand.
 * It never reads the clock: `now` comes with each batch.
 */
export interface Ledger {
  /**
   * Applies a batch of requests in order, with a result per request; linked chains are
   * all or nothing.
   */
  readonly apply: (
    requests: ReadonlyArray<LedgerRequest>,
    now: Instant,
  ) => ReadonlyArray<LedgerResult>;
  /** Applies one request (a batch of one). */
  readonly applyOne: (request: TransferRequest, now: Instant) => LedgerResult;
  /** Expires every pending transfer whose timeout is at or before `now`. */
  readonly expireTimedOut: (now: Instant, actor: string) => ReadonlyArray<LedgerResult>;
  /** The balances of an account (all zero for an account without transfers). */
  readonly balancesOf: (account: string) => Balances;
  /** A courier's available points: credits posted − debits posted − debits pending. */
  readonly availableOf: (account: string) => number;
  /** Every account with a transfer, in the order first seen. */
  readonly accounts: () => ReadonlyArray<AccountId>;
  /** How many transfers are recorded. */
  readonly size: () => number;
  /** A transfer by id. */
  readonly transferById: (id: string) => Transfer | undefined;
  /** The post, void or expiry of a pending transfer, if it is resolved. */
  readonly resolutionOf: (pendingTransferId: string) => Transfer | undefined;
  /** The pending transfers not yet posted, voided or expired, in no particular order. */
  readonly openPendingTransfers: () => ReadonlyArray<Transfer>;
  /** Every transfer, in the order recorded. */
  readonly transfers: () => ReadonlyArray<Transfer>;
  /** The transfers of one account, in the order recorded. */
  readonly historyOf: (account: string) => ReadonlyArray<Transfer>;
}

const KINDS: ReadonlyArray<TransferKind> = ["single", "pending", "post", "void", "expire"];
const KIND_CODES: Readonly<Record<TransferKind, number>> = {
  single: 0,
  pending: 1,
  post: 2,
  void: 3,
  expire: 4,
};
const REASONS = TransferReason.options;
const REASON_CODES = new Map<string, number>(REASONS.map((reason, code) => [reason, code]));

/** The rarely present fields of a transfer, kept aside from the columns. */
interface TransferExtras {
  pendingTransferId?: TransferId;
  heldAmount?: Points;
  timeoutAt?: Instant;
  note?: string;
  earning?: EarningDetails;
}

/**
 * An account's balances and, for a courier, where their history ends. The history is a
 * chain through the `previousOfCourier` column rather than an array per account:
 * recording then writes next to the transfer's other columns instead of growing one of
 * 10,000 arrays scattered over the heap (a cache miss and, now and then, a copy the
 * garbage collector moves again). Every transfer has exactly one courier side (the rules
 * refuse courier to courier and system to system), so one link per transfer is enough.
 * System accounts take part in nearly every transfer, so their history is found by a scan.
 */
interface AccountEntry {
  readonly id: AccountId;
  readonly balances: MutableBalances;
  readonly courier: boolean;
  /** Which system account it is, if it is one. */
  readonly system: SystemAccountKind | undefined;
  /** The position of a courier's last transfer, or -1 (always -1 for a system account). */
  last: number;
  /** The position of the transfer that brought the account in. */
  readonly firstSeenAt: number;
}

/** The ledger's storage: one column per field of a transfer, and the indexes. */
interface Columns {
  count: number;
  kinds: Uint8Array;
  reasons: Uint8Array;
  debits: Int32Array;
  credits: Int32Array;
  amounts: Float64Array;
  /** Interned: positions in `actorTable` and `atTable` (few distinct values). */
  actorCodes: Int32Array;
  atCodes: Int32Array;
  /** The position of the courier's previous transfer, or -1 (their history, backwards). */
  previousOfCourier: Int32Array;
  readonly actorTable: string[];
  readonly actorCodeOf: Map<string, number>;
  readonly atTable: Instant[];
  readonly ids: TransferId[];
  readonly references: string[];
  readonly extras: Array<TransferExtras | undefined>;
  /** Position of each transfer by id. */
  readonly byId: TransferIndex;
  /**
   * The position of the transfer that resolved a pending transfer, by the pending
   * transfer's position: a map, as holds are a small part of the log and a column would
   * cost every transfer four bytes.
   */
  readonly resolvedBy: Map<number, number>;
  /** Position of each pending transfer not yet resolved, by its id. */
  /** Positions of pending transfers, resolved ones dropped now and then (see `openPositions`). */
  pendingPositions: number[];
  readonly accountIndex: Map<string, number>;
  readonly accounts: AccountEntry[];
}

const INITIAL_CAPACITY = 1_024;

const emptyColumns = (): Columns => {
  const ids: TransferId[] = [];
  return {
    count: 0,
    kinds: new Uint8Array(INITIAL_CAPACITY),
    reasons: new Uint8Array(INITIAL_CAPACITY),
    debits: new Int32Array(INITIAL_CAPACITY),
    credits: new Int32Array(INITIAL_CAPACITY),
    amounts: new Float64Array(INITIAL_CAPACITY),
    actorCodes: new Int32Array(INITIAL_CAPACITY),
    atCodes: new Int32Array(INITIAL_CAPACITY),
    previousOfCourier: new Int32Array(INITIAL_CAPACITY),
    actorTable: [],
    actorCodeOf: new Map(),
    atTable: [],
    ids,
    references: [],
    extras: [],
    byId: transferIndexOver(ids),
    resolvedBy: new Map(),
    pendingPositions: [],
    accountIndex: new Map(),
    accounts: [],
  };
};

const grown = <Column extends Uint8Array | Int32Array | Float64Array>(
  column: Column,
  make: (length: number) => Column,
): Column => {
  const next = make(column.length * 2);
  next.set(column);
  return next;
};

const ensureCapacity = (columns: Columns): void => {
  if (columns.count < columns.kinds.length) return;
  columns.kinds = grown(columns.kinds, (length) => new Uint8Array(length));
  columns.reasons = grown(columns.reasons, (length) => new Uint8Array(length));
  columns.debits = grown(columns.debits, (length) => new Int32Array(length));
  columns.credits = grown(columns.credits, (length) => new Int32Array(length));
  columns.amounts = grown(columns.amounts, (length) => new Float64Array(length));
  columns.actorCodes = grown(columns.actorCodes, (length) => new Int32Array(length));
  columns.atCodes = grown(columns.atCodes, (length) => new Int32Array(length));
  columns.previousOfCourier = grown(columns.previousOfCourier, (length) => new Int32Array(length));
};

const actorCode = (columns: Columns, actor: string): number => {
  let code = columns.actorCodeOf.get(actor);
  if (code === undefined) {
    code = columns.actorTable.length;
    columns.actorTable.push(actor);
    columns.actorCodeOf.set(actor, code);
  }
  return code;
};

// Batches share their instant: reuse the last one's code.
const atCode = (columns: Columns, at: Instant): number => {
  const last = columns.atTable.length - 1;
  if (last >= 0 && columns.atTable[last] === at) return last;
  columns.atTable.push(at);
  return last + 1;
};

const accountEntryIndex = (columns: Columns, account: AccountId): number => {
  let index = columns.accountIndex.get(account);
  if (index === undefined) {
    index = columns.accounts.length;
    columns.accounts.push({
      id: account,
      balances: zeroBalances(),
      courier: isCourierAccount(account),
      system: systemAccountKindOf(account),
      last: -1,
      firstSeenAt: columns.count,
    });
    columns.accountIndex.set(account, index);
  }
  return index;
};

type Writable<Value> = { -readonly [Key in keyof Value]: Value[Key] };

/** The transfer at a position, as the `Transfer` record the decider would have made. */
const transferAt = (columns: Columns, index: number): Transfer => {
  const transfer: Writable<Transfer> = {
    id: columns.ids[index] as TransferId,
    kind: KINDS[columns.kinds[index] as number] as TransferKind,
    debitAccount: (columns.accounts[columns.debits[index] as number] as AccountEntry).id,
    creditAccount: (columns.accounts[columns.credits[index] as number] as AccountEntry).id,
    amount: columns.amounts[index] as Points,
    reason: REASONS[columns.reasons[index] as number] as TransferReason,
    reference: columns.references[index] as string,
    actor: columns.actorTable[columns.actorCodes[index] as number] as string,
    at: columns.atTable[columns.atCodes[index] as number] as Instant,
  };
  const extras = columns.extras[index];
  if (extras !== undefined) {
    if (extras.pendingTransferId !== undefined)
      transfer.pendingTransferId = extras.pendingTransferId;
    if (extras.heldAmount !== undefined) transfer.heldAmount = extras.heldAmount;
    if (extras.timeoutAt !== undefined) transfer.timeoutAt = extras.timeoutAt;
    if (extras.note !== undefined) transfer.note = extras.note;
    if (extras.earning !== undefined) transfer.earning = extras.earning;
  }
  return transfer;
};

const balancesAt = (columns: Columns, accountIndex: number): MutableBalances =>
  (columns.accounts[accountIndex] as AccountEntry).balances;

/**
 * Records a request the rules accepted. The same record `transferRecordOf` makes: a
 * create as asked; a post, void or expiry with the pending transfer's accounts, reason,
 * reference and note. A caller that has looked a create's accounts up passes their
 * entries' indexes.
 */
const record = (
  columns: Columns,
  request: TransferRequest,
  now: Instant,
  debitIndex = -1,
  creditIndex = -1,
): void => {
  ensureCapacity(columns);
  const index = columns.count;
  let kind: TransferKind;
  let debit: number;
  let credit: number;
  let amount: number;
  let held = 0;
  let extras: TransferExtras | undefined;
  if (request.kind === "create") {
    kind = request.timeoutAt === undefined ? "single" : "pending";
    debit = debitIndex >= 0 ? debitIndex : accountEntryIndex(columns, request.debitAccount);
    credit = creditIndex >= 0 ? creditIndex : accountEntryIndex(columns, request.creditAccount);
    amount = request.amount;
    columns.reasons[index] = REASON_CODES.get(request.reason) ?? 0;
    columns.references.push(request.reference);
    if (
      request.timeoutAt !== undefined ||
      request.note !== undefined ||
      request.earning !== undefined
    ) {
      extras = {};
      if (request.timeoutAt !== undefined) extras.timeoutAt = request.timeoutAt;
      if (request.note !== undefined) extras.note = request.note;
      if (request.earning !== undefined) extras.earning = request.earning;
    }
    if (kind === "pending") columns.pendingPositions.push(index);
  } else {
    kind = request.kind;
    const pending = columns.byId.positionOf(request.pendingTransferId);
    debit = columns.debits[pending] as number;
    credit = columns.credits[pending] as number;
    held = columns.amounts[pending] as number;
    amount = request.kind === "post" ? (request.amount ?? held) : held;
    columns.reasons[index] = columns.reasons[pending] as number;
    columns.references.push(columns.references[pending] as string);
    extras = { pendingTransferId: request.pendingTransferId };
    if (request.kind === "post") extras.heldAmount = held as Points;
    const note = columns.extras[pending]?.note;
    if (note !== undefined) extras.note = note;
    columns.resolvedBy.set(pending, index);
  }
  const id = transferIdOfRequest(request);
  columns.kinds[index] = KIND_CODES[kind];
  columns.debits[index] = debit;
  columns.credits[index] = credit;
  columns.amounts[index] = amount;
  columns.actorCodes[index] = actorCode(columns, request.actor);
  columns.atCodes[index] = atCode(columns, now);
  columns.ids.push(id);
  columns.extras.push(extras);
  columns.byId.add(index);
  const debitEntry = columns.accounts[debit] as AccountEntry;
  const creditEntry = columns.accounts[credit] as AccountEntry;
  applyEffectTo(kind, amount, held, debitEntry.balances, creditEntry.balances);
  const courierEntry = debitEntry.courier ? debitEntry : creditEntry;
  columns.previousOfCourier[index] = courierEntry.last;
  courierEntry.last = index;
  columns.count = index + 1;
};

/**
 * Records a create (single-phase, or a hold) that the rules (`checkTransfer`) surely
 * accept, without asking them, and says whether it did. It takes only the plain case:
 * both accounts already in the ledger, one courier and one system account between which
 * the reason flows, a positive safe amount, a timeout (if any) still ahead, no
 * adjustment, a new id, enough points and no overflow. Anything else (a refusal, a
 * retry, an account seen for the first time) it leaves untouched for the rules to decide.
 *
 * Why: this is nearly every transfer of a busy ledger, and the rules, written for any
 * view of a ledger, find each account's kind by its id and its balances by a lookup,
 * after which recording looks both accounts up again. Here each account is looked up
 * once and its kind was noted when it came in. The properties check that a ledger with
 * this shortcut and one without give the same results and the same state.
 */
const recordedPlainly = (
  columns: Columns,
  request: LedgerRequest,
  now: Instant,
  nowMillis: number,
): boolean => {
  if (request.kind !== "create" || request.reason === "adjustment") return false;
  if (request.timeoutAt !== undefined && !(Date.parse(request.timeoutAt) > nowMillis)) {
    return false;
  }
  const amount = request.amount;
  if (!Number.isSafeInteger(amount) || amount <= 0) return false;
  const debit = columns.accountIndex.get(request.debitAccount);
  const credit = columns.accountIndex.get(request.creditAccount);
  if (debit === undefined || credit === undefined || debit === credit) return false;
  const debitEntry = columns.accounts[debit] as AccountEntry;
  const creditEntry = columns.accounts[credit] as AccountEntry;
  if (debitEntry.courier === creditEntry.courier) return false;
  // A reason that is not one (say "toString") finds no flow, or one without this system.
  const flow = reasonFlows[request.reason] as (typeof reasonFlows)[TransferReason] | undefined;
  const systemEntry = debitEntry.courier ? creditEntry : debitEntry;
  if (flow === undefined || systemEntry.system !== flow.system) return false;
  if (flow.direction !== "either" && (flow.direction === "toCourier") === debitEntry.courier) {
    return false;
  }
  if (columns.byId.positionOf(request.id) >= 0) return false;
  const debitBalances = debitEntry.balances;
  const creditBalances = creditEntry.balances;
  if (debitEntry.courier && availableOf(debitBalances) < amount) return false;
  if (debitBalances.debitsPosted + debitBalances.debitsPending + amount > Number.MAX_SAFE_INTEGER) {
    return false;
  }
  if (
    creditBalances.creditsPosted + creditBalances.creditsPending + amount >
    Number.MAX_SAFE_INTEGER
  ) {
    return false;
  }
  record(columns, request, now, debit, credit);
  return true;
};

/** Undoes the last recorded transfer (a linked chain that failed). */
const unrecordLast = (columns: Columns): void => {
  const index = columns.count - 1;
  const kind = KINDS[columns.kinds[index] as number] as TransferKind;
  const debit = columns.debits[index] as number;
  const credit = columns.credits[index] as number;
  const extras = columns.extras[index];
  applyEffectTo(
    kind,
    columns.amounts[index] as number,
    extras?.heldAmount ?? 0,
    balancesAt(columns, debit),
    balancesAt(columns, credit),
    -1,
  );
  const debitEntry = columns.accounts[debit] as AccountEntry;
  const courierEntry = debitEntry.courier ? debitEntry : (columns.accounts[credit] as AccountEntry);
  courierEntry.last = columns.previousOfCourier[index] as number;
  // Accounts first seen in the failed chain were never seen: they are the last ones.
  for (
    let last = columns.accounts.at(-1);
    last !== undefined && last.firstSeenAt === index;
    last = columns.accounts.at(-1)
  ) {
    columns.accounts.pop();
    columns.accountIndex.delete(last.id);
  }
  columns.byId.removeLast(index);
  if (kind === "pending") columns.pendingPositions.pop();
  else if (extras?.pendingTransferId !== undefined) {
    columns.resolvedBy.delete(columns.byId.positionOf(extras.pendingTransferId));
  }
  columns.resolvedBy.delete(index);
  columns.ids.pop();
  columns.references.pop();
  columns.extras.pop();
  columns.count = index;
};

/** The rules' view of a ledger's columns. */
const viewOver = (columns: Columns): LedgerView => ({
  transferById: (id) => {
    const index = columns.byId.positionOf(id);
    return index < 0 ? undefined : transferAt(columns, index);
  },
  resolutionOf: (pendingTransferId) => {
    const pending = columns.byId.positionOf(pendingTransferId);
    const resolution = pending < 0 ? undefined : columns.resolvedBy.get(pending);
    return resolution === undefined ? undefined : transferAt(columns, resolution);
  },
  balancesOf: (account) => {
    const index = columns.accountIndex.get(account);
    return index === undefined ? ZERO_BALANCES : balancesAt(columns, index);
  },
});

const ledgerOver = (columns: Columns, plainShortcut = true): Ledger => {
  const view = viewOver(columns);
  const { transferById, balancesOf } = view;

  const refusedBy = (request: LedgerRequest, error: LedgerRefusal): LedgerResult => ({
    status: "refused",
    id: transferIdOfRequest(request),
    error,
  });

  const apply = (
    requests: ReadonlyArray<LedgerRequest>,
    now: Instant,
  ): ReadonlyArray<LedgerResult> => {
    const nowMillis = Date.parse(now);
    const results: LedgerResult[] = new Array(requests.length);
    // The open chain: where it started, how many it recorded, and where it failed.
    let chainStart = -1;
    let chainRecorded = 0;
    let chainFailedAt = -1;
    for (let index = 0; index < requests.length; index++) {
      const request = requests[index] as LedgerRequest;
      const linked = request.linked === true;
      if (chainStart < 0 && linked) chainStart = index;
      const inChain = chainStart >= 0;
      if (chainFailedAt >= 0) {
        results[index] = refusedBy(
          request,
          new LinkedTransferFailed({
            transferId: transferIdOfRequest(request),
            failedTransferId: transferIdOfRequest(requests[chainFailedAt] as LedgerRequest),
          }),
        );
      } else if (plainShortcut && recordedPlainly(columns, request, now, nowMillis)) {
        if (inChain) chainRecorded += 1;
        results[index] = { status: "created", id: transferIdOfRequest(request) };
      } else {
        const check = checkTransfer(request, view, now, nowMillis);
        if (check.status === "ok") {
          record(columns, request, now);
          if (inChain) chainRecorded += 1;
          results[index] = { status: "created", id: transferIdOfRequest(request) };
        } else if (check.status === "exists") {
          results[index] = { status: "exists", id: check.transfer.id };
        } else {
          results[index] = refusedBy(request, check.error);
          if (inChain) {
            for (; chainRecorded > 0; chainRecorded--) unrecordLast(columns);
            chainFailedAt = index;
            const failedTransferId = transferIdOfRequest(request);
            for (let earlier = chainStart; earlier < index; earlier++) {
              const earlierRequest = requests[earlier] as LedgerRequest;
              results[earlier] = refusedBy(
                earlierRequest,
                new LinkedTransferFailed({
                  transferId: transferIdOfRequest(earlierRequest),
                  failedTransferId,
                }),
              );
            }
          }
        }
      }
      if (!linked && inChain) {
        chainStart = -1;
        chainRecorded = 0;
        chainFailedAt = -1;
      }
    }
    if (chainStart >= 0) {
      // The batch ended inside a chain: it never closed, so none of it stands.
      for (; chainRecorded > 0; chainRecorded--) unrecordLast(columns);
      const last = requests.length - 1;
      const lastId = transferIdOfRequest(requests[last] as LedgerRequest);
      for (let index = chainStart; index <= last; index++) {
        if (index === chainFailedAt) continue;
        const request = requests[index] as LedgerRequest;
        results[index] = refusedBy(
          request,
          index === last
            ? new LinkedChainOpen({ transferId: lastId })
            : new LinkedTransferFailed({
                transferId: transferIdOfRequest(request),
                failedTransferId: lastId,
              }),
        );
      }
    }
    return results;
  };

  return {
    apply,
    applyOne: (request, now) => apply([request], now)[0] as LedgerResult,
    expireTimedOut: (now, actor) => {
      const nowMillis = Date.parse(now);
      const requests: LedgerRequest[] = [];
      for (const index of openPositions(columns)) {
        const timeoutAt = columns.extras[index]?.timeoutAt;
        if (timeoutAt !== undefined && Date.parse(timeoutAt) <= nowMillis) {
          requests.push({
            kind: "expire",
            pendingTransferId: columns.ids[index] as TransferId,
            actor,
          });
        }
      }
      return apply(requests, now);
    },
    balancesOf,
    availableOf: (account) => availableOf(balancesOf(account)),
    accounts: () => columns.accounts.map((entry) => entry.id),
    size: () => columns.count,
    transferById,
    resolutionOf: view.resolutionOf,
    openPendingTransfers: () => openPositions(columns).map((index) => transferAt(columns, index)),
    transfers: () =>
      Array.from({ length: columns.count }, (_, index) => transferAt(columns, index)),
    historyOf: (account) => {
      const entryIndex = columns.accountIndex.get(account);
      if (entryIndex === undefined) return [];
      const entry = columns.accounts[entryIndex] as AccountEntry;
      const positions: number[] = [];
      if (entry.courier) {
        // Walk the courier's chain backwards.
        for (let at = entry.last; at >= 0; at = columns.previousOfCourier[at] as number) {
          positions.push(at);
        }
        positions.reverse();
      } else {
        for (let index = 0; index < columns.count; index++) {
          if (columns.debits[index] === entryIndex || columns.credits[index] === entryIndex) {
            positions.push(index);
          }
        }
      }
      return positions.map((position) => transferAt(columns, position));
    },
  };
};

/** The positions of the pending transfers still open, dropping resolved ones from the list. */
const openPositions = (columns: Columns): number[] => {
  columns.pendingPositions = columns.pendingPositions.filter(
    (index) => !columns.resolvedBy.has(index),
  );
  return columns.pendingPositions;
};

/**
 * A new, empty in-memory ledger for one community.
 *
 * @example
 * const ledger = createLedger();
 * const [result] = ledger.apply([{ kind: "create", id, debitAccount: systemAccountId("issuance"),
 *   creditAccount: courierAccountId(courierId), amount: 10, reason: "welcome",
 *   reference: eventId, actor: "system:points" }], now);
 * ledger.availableOf(courierAccountId(courierId)); // 10
 */
export const createLedger = (): Ledger => ledgerOver(emptyColumns());

/**
 * A new, empty ledger that asks the rules about every request, without the shortcut for
 * plain transfers (see `recordedPlainly`): for the properties that compare the two.
 */
export const createLedgerAskingTheRules = (): Ledger => ledgerOver(emptyColumns(), false);

/** The request that records a transfer again, or `undefined` for a kind the ledger has not. */
const requestOfRecord = (transfer: Transfer): TransferRequest | undefined => {
  const pendingTransferId = transfer.pendingTransferId;
  if (
    transfer.kind !== "single" &&
    transfer.kind !== "pending" &&
    pendingTransferId === undefined
  ) {
    return undefined;
  }
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
        pendingTransferId: pendingTransferId as TransferId,
        amount: transfer.amount,
        actor: transfer.actor,
      };
    case "void":
      return {
        kind: "void",
        id: transfer.id,
        pendingTransferId: pendingTransferId as TransferId,
        actor: transfer.actor,
      };
    case "expire":
      return {
        kind: "expire",
        pendingTransferId: pendingTransferId as TransferId,
        actor: transfer.actor,
      };
    default:
      return undefined;
  }
};

const RECORD_FIELDS: ReadonlyArray<keyof Transfer> = [
  "id",
  "kind",
  "debitAccount",
  "creditAccount",
  "amount",
  "reason",
  "reference",
  "actor",
  "at",
  "pendingTransferId",
  "heldAmount",
  "timeoutAt",
  "note",
  "earning",
];

/**
 * What is wrong with recording a transfer of a history on the ledger so far: what the
 * rules refuse at its time, its id seen before, or a record other than the rules make.
 */
const problemOfRecord = (
  transfer: Transfer,
  request: TransferRequest | undefined,
  view: LedgerView,
): HistoryProblem | undefined => {
  if (request === undefined) {
    return new TransferRecordMismatch({ transferId: transfer.id, field: "kind" });
  }
  if (request.kind === "expire" && transfer.id !== expiryTransferIdOf(request.pendingTransferId)) {
    return new TransferRecordMismatch({ transferId: transfer.id, field: "id" });
  }
  const check = checkTransfer(request, view, transfer.at);
  if (check.status === "exists") return new DuplicateTransferId({ transferId: transfer.id });
  if (check.status === "refused") {
    return check.error._tag === "TransferExistsWithDifferentField"
      ? new DuplicateTransferId({ transferId: transfer.id })
      : check.error;
  }
  const expected = transferRecordOf(request, view, transfer.at);
  const field = RECORD_FIELDS.find(
    (name) => JSON.stringify(expected[name]) !== JSON.stringify(transfer[name]),
  );
  return field === undefined
    ? undefined
    : new TransferRecordMismatch({ transferId: transfer.id, field });
};

/**
 * A ledger holding transfers that were already decided (loaded from a store or from the
 * events of courier accounts), each checked against the same rules at its own time
 * before it is recorded: a history with the same id twice, a post, void or expiry of a
 * hold it never saw, a courier below zero, or a record the rules would not have made is
 * refused with the position and the problem, and nothing is restored.
 *
 * @example
 * const restored = restoreLedger(accountTransfersOf(events));
 * if (Either.isLeft(restored)) log.error(restored.left.text.en); // e.g. "Transfer 3 (t-9) cannot be restored: …"
 */
export const restoreLedger = (
  transfers: Iterable<Transfer>,
): Either.Either<Ledger, InvalidLedgerHistory> => {
  const columns = emptyColumns();
  const view = viewOver(columns);
  let position = 0;
  for (const transfer of transfers) {
    const request = requestOfRecord(transfer);
    const problem = problemOfRecord(transfer, request, view);
    if (problem !== undefined || request === undefined) {
      return Either.left(
        new InvalidLedgerHistory({
          position,
          transferId: String(transfer.id),
          problem:
            problem ?? new TransferRecordMismatch({ transferId: transfer.id, field: "kind" }),
        }),
      );
    }
    record(columns, request, transfer.at);
    position += 1;
  }
  return Either.right(ledgerOver(columns));
};
