import type { AccountId, Instant } from "@courier-station/core";
import {
  applyTransferTo,
  availableOf,
  type Balances,
  type MutableBalances,
  ZERO_BALANCES,
  zeroBalances,
} from "../account/balances.js";
import { type LedgerRefusal, LinkedChainOpen, LinkedTransferFailed } from "../account/errors.js";
import {
  decideTransfer,
  type LedgerView,
  type TransferRequest,
  transferIdOfRequest,
} from "../account/rules.js";
import type { Transfer } from "../transfer.js";

/**
 * A request in a batch. `linked: true` links it to the next request: a chain of linked
 * requests (ending with the first one not marked linked) succeeds or fails together,
 * after TigerBeetle's `flags.linked`.
 */
export type LedgerRequest = TransferRequest & { readonly linked?: boolean };

/**
 * The result of one request of a batch:
 *
 * - `created`: recorded now;
 * - `exists`: the same transfer was recorded before (nothing changed; it counts as a
 *   success in a linked chain, so a retried chain succeeds);
 * - `refused`: why; in a failed chain the failing request has its own error and the
 *   others `LinkedTransferFailed`.
 */
export type LedgerResult =
  | { readonly status: "created"; readonly transfer: Transfer }
  | { readonly status: "exists"; readonly transfer: Transfer }
  | { readonly status: "refused"; readonly error: LedgerRefusal };

/**
 * A community's whole points ledger in memory: every account, courier and system, with
 * balances, histories and the transfer log. It decides with the same rules as the
 * courier account decider (`decideTransfer`), so both agree transfer for transfer; it is
 * what tests, simulations, benchmarks, statements and single-process tools use.
 *
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

const EMPTY: ReadonlyArray<Transfer> = Object.freeze([]);

interface LedgerMaps {
  readonly byId: Map<string, Transfer>;
  readonly resolutions: Map<string, Transfer>;
  readonly balances: Map<string, MutableBalances>;
  readonly histories: Map<string, Transfer[]>;
  readonly open: Map<string, Transfer>;
  readonly log: Transfer[];
}

const balancesFor = (maps: LedgerMaps, account: string): MutableBalances => {
  let balances = maps.balances.get(account);
  if (balances === undefined) {
    balances = zeroBalances();
    maps.balances.set(account, balances);
    maps.histories.set(account, []);
  }
  return balances;
};

const record = (maps: LedgerMaps, transfer: Transfer): void => {
  maps.log.push(transfer);
  maps.byId.set(transfer.id, transfer);
  const debit = balancesFor(maps, transfer.debitAccount);
  const credit = balancesFor(maps, transfer.creditAccount);
  applyTransferTo(transfer, debit, credit);
  maps.histories.get(transfer.debitAccount)?.push(transfer);
  maps.histories.get(transfer.creditAccount)?.push(transfer);
  if (transfer.kind === "pending") maps.open.set(transfer.id, transfer);
  else if (transfer.pendingTransferId !== undefined) {
    maps.resolutions.set(transfer.pendingTransferId, transfer);
    maps.open.delete(transfer.pendingTransferId);
  }
};

/** Undoes the last recorded transfer (a linked chain that failed). */
const unrecord = (maps: LedgerMaps, transfer: Transfer): void => {
  maps.log.pop();
  maps.byId.delete(transfer.id);
  applyTransferTo(
    transfer,
    balancesFor(maps, transfer.debitAccount),
    balancesFor(maps, transfer.creditAccount),
    -1,
  );
  for (const account of [transfer.debitAccount, transfer.creditAccount]) {
    const history = maps.histories.get(account);
    history?.pop();
    if (history !== undefined && history.length === 0) {
      maps.histories.delete(account);
      maps.balances.delete(account);
    }
  }
  if (transfer.kind === "pending") maps.open.delete(transfer.id);
  else if (transfer.pendingTransferId !== undefined) {
    maps.resolutions.delete(transfer.pendingTransferId);
    const pending = maps.byId.get(transfer.pendingTransferId);
    if (pending !== undefined) maps.open.set(pending.id, pending);
  }
};

const ledgerOver = (maps: LedgerMaps): Ledger => {
  const view: LedgerView = {
    transferById: (id) => maps.byId.get(id),
    resolutionOf: (pendingTransferId) => maps.resolutions.get(pendingTransferId),
    balancesOf: (account) => maps.balances.get(account) ?? ZERO_BALANCES,
  };

  const apply = (
    requests: ReadonlyArray<LedgerRequest>,
    now: Instant,
  ): ReadonlyArray<LedgerResult> => {
    const nowMillis = Date.parse(now);
    const results: LedgerResult[] = new Array(requests.length);
    // The open chain: where it started, what it recorded, and whether it already failed.
    let chainStart = -1;
    let chainRecorded: Transfer[] = [];
    let chainFailedAt = -1;
    for (let index = 0; index < requests.length; index++) {
      const request = requests[index] as LedgerRequest;
      const linked = request.linked === true;
      if (chainStart < 0 && linked) chainStart = index;
      const inChain = chainStart >= 0;
      if (chainFailedAt >= 0) {
        results[index] = {
          status: "refused",
          error: new LinkedTransferFailed({
            transferId: transferIdOfRequest(request),
            failedTransferId: transferIdOfRequest(requests[chainFailedAt] as LedgerRequest),
          }),
        };
      } else {
        const outcome = decideTransfer(request, view, now, nowMillis);
        results[index] = outcome;
        if (outcome.status === "created") {
          record(maps, outcome.transfer);
          if (inChain) chainRecorded.push(outcome.transfer);
        } else if (outcome.status === "refused" && inChain) {
          for (let undo = chainRecorded.length - 1; undo >= 0; undo--) {
            unrecord(maps, chainRecorded[undo] as Transfer);
          }
          chainRecorded = [];
          chainFailedAt = index;
          const failedTransferId = transferIdOfRequest(request);
          for (let earlier = chainStart; earlier < index; earlier++) {
            results[earlier] = {
              status: "refused",
              error: new LinkedTransferFailed({
                transferId: transferIdOfRequest(requests[earlier] as LedgerRequest),
                failedTransferId,
              }),
            };
          }
        }
      }
      if (!linked && inChain) {
        chainStart = -1;
        chainRecorded = [];
        chainFailedAt = -1;
      }
    }
    if (chainStart >= 0) {
      // The batch ended inside a chain: it never closed, so none of it stands.
      for (let undo = chainRecorded.length - 1; undo >= 0; undo--) {
        unrecord(maps, chainRecorded[undo] as Transfer);
      }
      const last = requests.length - 1;
      const lastId = transferIdOfRequest(requests[last] as LedgerRequest);
      for (let index = chainStart; index <= last; index++) {
        const current = results[index];
        if (index !== chainFailedAt || current === undefined || current.status !== "refused") {
          results[index] = {
            status: "refused",
            error:
              index === last
                ? new LinkedChainOpen({ transferId: lastId })
                : new LinkedTransferFailed({
                    transferId: transferIdOfRequest(requests[index] as LedgerRequest),
                    failedTransferId: lastId,
                  }),
          };
        }
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
      for (const pending of maps.open.values()) {
        if (pending.timeoutAt !== undefined && Date.parse(pending.timeoutAt) <= nowMillis) {
          requests.push({ kind: "expire", pendingTransferId: pending.id, actor });
        }
      }
      return apply(requests, now);
    },
    balancesOf: view.balancesOf,
    availableOf: (account) => availableOf(view.balancesOf(account)),
    accounts: () => [...maps.balances.keys()] as AccountId[],
    transferById: view.transferById,
    resolutionOf: view.resolutionOf,
    openPendingTransfers: () => [...maps.open.values()],
    transfers: () => maps.log,
    historyOf: (account) => maps.histories.get(account) ?? EMPTY,
  };
};

const emptyMaps = (): LedgerMaps => ({
  byId: new Map(),
  resolutions: new Map(),
  balances: new Map(),
  histories: new Map(),
  open: new Map(),
  log: [],
});

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
export const createLedger = (): Ledger => ledgerOver(emptyMaps());

/**
 * A ledger holding transfers that were already decided (loaded from a store or from
 * the events of courier accounts), recorded in order without deciding them again.
 *
 * @example
 * const ledger = restoreLedger(events.map((event) => event.data.transfer));
 */
export const restoreLedger = (transfers: Iterable<Transfer>): Ledger => {
  const maps = emptyMaps();
  for (const transfer of transfers) record(maps, transfer);
  return ledgerOver(maps);
};
