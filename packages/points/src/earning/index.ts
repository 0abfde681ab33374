export { type EarningOutcome, type EarningTransfer, pointsEarnedBy } from "./earn.js";
export {
  cappedReasons,
  type EarnedSoFar,
  earnedAtOf,
  earnedSoFarOf,
  NOTHING_EARNED,
} from "./earned-so-far.js";
export { type ExpiryTransfer, expiryTransfers, type PointsLot, pointsLotsOf } from "./expiry.js";
export { isoWeekOf, type LocalPeriods, localMonthIndexOf, localPeriodsOf } from "./periods.js";
export * from "./triggers.js";
