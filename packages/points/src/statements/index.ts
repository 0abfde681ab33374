export {
  type AccountEventLike,
  accountTransfersOf,
  type CourierMonthlyStatement,
  type CourierStatement,
  courierMonthlyStatement,
  courierPositionAfter,
  courierStatement,
  type StatementLine,
  type StatementPosition,
  type StatementTotals,
} from "./courier-statement.js";
export {
  type CalendarMonth,
  type MonthlySummary,
  monthlySummary,
  type PointsOpening,
  type PointsSummary,
  pointsSummary,
} from "./monthly-summary.js";
