import type {
  AccountId,
  CommunityPolicy,
  Instant,
  Points,
  TransferId,
} from "@courier-station/core";
import { applyTransferTo, zeroBalances } from "../account/balances.js";
import { systemAccountId } from "../accounts.js";
import { derivedId } from "../derived-ids.js";
import type { Transfer } from "../transfer.js";
import { earnedAtOf } from "./earned-so-far.js";
import { localMonthIndexOf } from "./periods.js";

/** A transfer that expires what is left of one lot of earned points. */
export interface ExpiryTransfer {
  /** `<lot transfer id>-expiry-<n>`: derived, so running expiry twice expires once. */
  readonly transferId: TransferId;
  readonly debitAccount: AccountId;
  readonly creditAccount: AccountId;
  readonly amount: Points;
  readonly reason: "expiry";
  /** The id of the transfer that credited the expiring points (the lot). */
  readonly reference: string;
  /** When the lot was earned. */
  readonly earnedAt: Instant;
}

/** A lot of points credited to a courier, and what is left of it after spending, oldest first. */
export interface PointsLot {
  readonly transfer: Transfer;
  readonly earnedAt: Instant;
  readonly remaining: number;
}

const otherSide = zeroBalances();

/**
 * The lots of points credited to a courier account (earnings, adjustments granted,
 * posted credits), oldest first by the time they were earned, with what is left of each
 * once every debit (spent, held, expired, deducted) has consumed the oldest first.
 * The remainders add up to the account's available points.
 */
export const pointsLotsOf = (
  account: AccountId,
  transfers: Iterable<Transfer>,
): ReadonlyArray<PointsLot> => {
  const balances = zeroBalances();
  const credits: Array<{ readonly transfer: Transfer; readonly earnedAt: Instant }> = [];
  for (const transfer of transfers) {
    if (transfer.debitAccount === account) applyTransferTo(transfer, balances, otherSide);
    else if (transfer.creditAccount === account) {
      applyTransferTo(transfer, otherSide, balances);
      if ((transfer.kind === "single" || transfer.kind === "post") && transfer.amount > 0) {
        credits.push({ transfer, earnedAt: earnedAtOf(transfer) });
      }
    }
  }
  const ordered = credits
    .map((credit, index) => ({ ...credit, index, millis: Date.parse(credit.earnedAt) }))
    .sort((a, b) => a.millis - b.millis || a.index - b.index);
  let consumed = balances.debitsPosted + balances.debitsPending;
  return ordered.map(({ transfer, earnedAt }) => {
    const used = Math.min(consumed, transfer.amount);
    consumed -= used;
    return { transfer, earnedAt, remaining: transfer.amount - used };
  });
};

/**
 * The transfers that expire a courier's points at `now` under the policy's
 * `points.expiryMonths`: points earned in a local month expire at the end of the
 * `expiryMonths`-th month after it (in `general.timeZone`), oldest first, and only what
 * was not spent (spending consumes the oldest points first). Points held by a pending
 * transfer are not expired; if the hold is voided they expire on the next run.
 *
 * Empty when the policy has no expiry. Ids are derived from the lot and a sequence, so
 * running it again after applying its transfers yields nothing.
 *
 * @example
 * for (const transfer of expiryTransfers(account, ledger.history(account), now, policy)) {
 *   ledger.apply([{ kind: "create", id: transfer.transferId, ...transfer, actor: "system:expiry" }], now);
 * }
 */
export const expiryTransfers = (
  account: AccountId,
  transfers: ReadonlyArray<Transfer>,
  now: Instant,
  policy: CommunityPolicy,
): ReadonlyArray<ExpiryTransfer> => {
  const months = policy.points.expiryMonths;
  if (months === undefined) return [];
  const timeZone = policy.general.timeZone;
  const nowMonth = localMonthIndexOf(now, timeZone);
  const expiriesByLot = new Map<string, number>();
  for (const transfer of transfers) {
    if (
      transfer.kind === "single" &&
      transfer.reason === "expiry" &&
      transfer.debitAccount === account
    ) {
      expiriesByLot.set(transfer.reference, (expiriesByLot.get(transfer.reference) ?? 0) + 1);
    }
  }
  const result: ExpiryTransfer[] = [];
  for (const lot of pointsLotsOf(account, transfers)) {
    if (lot.remaining === 0) continue;
    if (nowMonth <= localMonthIndexOf(lot.earnedAt, timeZone) + months) continue;
    const sequence = (expiriesByLot.get(lot.transfer.id) ?? 0) + 1;
    result.push({
      transferId: derivedId(lot.transfer.id, "expiry", String(sequence)) as TransferId,
      debitAccount: account,
      creditAccount: systemAccountId("expiry"),
      amount: lot.remaining as Points,
      reason: "expiry",
      reference: lot.transfer.id,
      earnedAt: lot.earnedAt,
    });
  }
  return result;
};
