import type { AccountId } from "@courier-station/core";
import { type SystemAccountKind, systemAccountId, systemAccountKinds } from "../accounts.js";
import { type Balances, type MutableBalances, zeroBalances } from "./balances.js";
import { balancesIn, type PointsAccountState } from "./state.js";

/**
 * The balances of a community's system accounts, from the states of its courier
 * accounts: each courier partition holds the system side of its own transfers, so a
 * system account's balance is their sum. (A projection: the service keeps it up to date
 * from the events, or recomputes it.)
 *
 * @example
 * systemBalancesOf(allCourierAccountStates).issuance; // { debitsPosted: 12_340, … }
 */
export const systemBalancesOf = (
  states: Iterable<PointsAccountState>,
): Readonly<Record<SystemAccountKind, Balances>> => {
  const totals: Record<SystemAccountKind, MutableBalances> = {
    issuance: zeroBalances(),
    redemption: zeroBalances(),
    expiry: zeroBalances(),
    adjustment: zeroBalances(),
  };
  for (const state of states) {
    for (const kind of systemAccountKinds) {
      const part = balancesIn(state, systemAccountId(kind) as AccountId);
      const total = totals[kind];
      total.debitsPosted += part.debitsPosted;
      total.creditsPosted += part.creditsPosted;
      total.debitsPending += part.debitsPending;
      total.creditsPending += part.creditsPending;
    }
  }
  return totals;
};
