/**
 * Courier Station's points service (a private workspace): one points account per
 * courier, balances, holds, statements and earning, on the bus as `pointsContract` says.
 *
 * @packageDocumentation
 */
export {
  executePointsCommand,
  type PointsCommandFailure,
  type PointsCommandServices,
} from "./commands.js";
export {
  applyWishPoints,
  earnFromEvent,
  earningActor,
  followAccount,
  isLastingRefusal,
  reportHoldOutcome,
  wishesFlowActor,
} from "./flows.js";
export {
  balanceOf,
  ledgerTotalsOf,
  mayReadPointsOf,
  openHoldsPage,
  statementOf,
} from "./queries.js";
export {
  accountRows,
  type HoldRow,
  type HoldStatus,
  holdRows,
  type PointsAccountRow,
  projectAccount,
  type StatementLineRow,
  type StatementMonthRow,
  statementLineRows,
  statementMonthRows,
} from "./read-models.js";
export { type PointsServiceOptions, pointsService } from "./service.js";
export {
  expireEarnedPoints,
  expireTimedOutHolds,
  holdTimeoutActor,
  pointsExpiryActor,
} from "./timers.js";
