/**
 * @courier-station/points — the points (积分) ledger of Courier Station (小哥e站):
 * double-entry transfers after TigerBeetle (idempotent by id, two-phase holds, linked
 * batches), one decider aggregate per courier account, the community's earning rules
 * (caps, campaigns, expiry) and statements. Pure: no I/O, no clock, no random ids.
 *
 * @packageDocumentation
 */

export {
  AdjustPoints,
  CreateTransfer,
  CreateTransferData,
  CreateTransfers,
  EarnPoints,
  ExpireEarnedPoints,
  ExpirePendingTransfer,
  PointsAccountCommand,
  PostPendingTransfer,
  pointsCommandTypes,
  VoidPendingTransfer,
} from "./account/commands.js";
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
export { derivedId } from "./derived-ids.js";
export {
  CourierVerifiedData,
  CourierVerifiedTrigger,
  courierOfTrigger,
  earnedAtOfTrigger,
  ParticipationConfirmedData,
  ParticipationConfirmedTrigger,
  PatrolCompletedData,
  PatrolCompletedTrigger,
  PointsTrigger,
  pointsTriggerTypes,
  ReportMarkedDuplicateData,
  ReportMarkedDuplicateTrigger,
  ReportVerifiedData,
  ReportVerifiedTrigger,
  SuggestionAdoptedData,
  SuggestionAdoptedTrigger,
} from "./earning/triggers.js";
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
