import type { Transfer, TransferKind } from "../transfer.js";

/**
 * The balances of one account, after TigerBeetle: debits and credits, each posted and
 * pending. All are non-negative safe integers.
 */
export interface Balances {
  readonly debitsPosted: number;
  readonly creditsPosted: number;
  readonly debitsPending: number;
  readonly creditsPending: number;
}

/** Balances that a ledger updates in place (the hot path allocates nothing per transfer). */
export interface MutableBalances {
  debitsPosted: number;
  creditsPosted: number;
  debitsPending: number;
  creditsPending: number;
}

/** New all-zero balances. */
export const zeroBalances = (): MutableBalances => ({
  debitsPosted: 0,
  creditsPosted: 0,
  debitsPending: 0,
  creditsPending: 0,
});

/** A copy of some balances, to change without touching the original. */
export const copyBalances = (balances: Balances): MutableBalances => ({
  debitsPosted: balances.debitsPosted,
  creditsPosted: balances.creditsPosted,
  debitsPending: balances.debitsPending,
  creditsPending: balances.creditsPending,
});

/** Shared all-zero balances for accounts that have none yet. Never mutate it. */
export const ZERO_BALANCES: Balances = Object.freeze(zeroBalances());

/**
 * A courier's available points: posted credits less posted debits less points held by
 * pending debits. Courier accounts never go below zero here.
 *
 * @example
 * availableOf({ creditsPosted: 100, debitsPosted: 30, debitsPending: 20, creditsPending: 0 }); // 50
 */
export const availableOf = (balances: Balances): number =>
  balances.creditsPosted - balances.debitsPosted - balances.debitsPending;

/** The posted balance (credits posted less debits posted); negative for the issuance account. */
export const postedBalanceOf = (balances: Balances): number =>
  balances.creditsPosted - balances.debitsPosted;

/**
 * Applies the effect of a transfer of a kind to the balances of its two accounts, in
 * place; `sign` -1 undoes it. The one place that says what each kind of transfer does:
 *
 * - `single`: posted debit and credit of `amount`;
 * - `pending`: pending debit and credit of `amount`;
 * - `post`: `heldAmount` leaves pending, `amount` becomes posted;
 * - `void`, `expire`: `amount` leaves pending.
 */
export const applyEffectTo = (
  kind: TransferKind,
  amount: number,
  heldAmount: number,
  debit: MutableBalances,
  credit: MutableBalances,
  sign: 1 | -1 = 1,
): void => {
  const moved = sign * amount;
  switch (kind) {
    case "single":
      debit.debitsPosted += moved;
      credit.creditsPosted += moved;
      return;
    case "pending":
      debit.debitsPending += moved;
      credit.creditsPending += moved;
      return;
    case "post": {
      const held = sign * heldAmount;
      debit.debitsPending -= held;
      credit.creditsPending -= held;
      debit.debitsPosted += moved;
      credit.creditsPosted += moved;
      return;
    }
    case "void":
    case "expire":
      debit.debitsPending -= moved;
      credit.creditsPending -= moved;
      return;
  }
};

/**
 * Applies the effect of a recorded transfer to the balances of its two accounts, in
 * place; `sign` -1 undoes it (see {@link applyEffectTo}).
 */
export const applyTransferTo = (
  transfer: Transfer,
  debit: MutableBalances,
  credit: MutableBalances,
  sign: 1 | -1 = 1,
): void =>
  applyEffectTo(
    transfer.kind,
    transfer.amount,
    transfer.heldAmount ?? transfer.amount,
    debit,
    credit,
    sign,
  );
