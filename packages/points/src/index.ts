/**
 * @courier-station/points — the points (积分) ledger of Courier Station (小哥e站):
 * double-entry transfers after TigerBeetle (idempotent by id, two-phase holds, linked
 * batches), one decider aggregate per courier account, the community's earning rules
 * (caps, campaigns, expiry) and statements. Pure: no I/O, no clock, no random ids.
 *
 * @packageDocumentation
 */

export * from "./account/index.js";
export { systemBalancesOf } from "./account/system-balances.js";
export {
  type AccountKind,
  accountKindOf,
  CourierAccountId,
  courierAccountId,
  isCourierAccount,
  SystemAccountKind,
  systemAccountId,
  systemAccountKindOf,
  systemAccountKinds,
} from "./accounts.js";
export * from "./earning/index.js";
export * from "./ledger/index.js";
export * from "./statements/index.js";
export {
  CapPeriod,
  EarningDetails,
  EarningReason,
  isEarningReason,
  reasonFlows,
  Transfer,
  TransferAmount,
  TransferKind,
  TransferNote,
  TransferReason,
  TransferReference,
} from "./transfer.js";
