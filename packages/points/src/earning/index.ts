export {
  type EarningOutcome,
  type EarningTransfer,
  earningCommandIdOf,
  earningTransferIdOf,
  pointsEarnedBy,
} from "./earn.js";
export {
  cappedReasons,
  countsAgainstCaps,
  EARNING_WINDOW_DAYS,
  type EarnedSoFar,
  type EarnedTotals,
  earnedAtOf,
  earnedSoFarIn,
  earnedSoFarOf,
  isTooLateToEarn,
  NO_EARNED_TOTALS,
  NOTHING_EARNED,
  withEarning,
  withoutStaleEarnings,
} from "./earned-so-far.js";
export {
  type ExpiryTransfer,
  expiryTransfers,
  expiryTransfersFrom,
  isLotCredit,
  lotsAfterTransfer,
  NO_POINTS_LOTS,
  type PointsLot,
  type PointsLots,
  pointsLotsOf,
  remainingLots,
} from "./expiry.js";
export { isoWeekOf, type LocalPeriods, localMonthIndexOf, localPeriodsOf } from "./periods.js";
export * from "./triggers.js";
