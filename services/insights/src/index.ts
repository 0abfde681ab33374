/**
 * Courier Station's insights service (a private workspace): the statistics a district
 * reports, kept as a projection of the event log, on the bus as `insightsContract` says.
 *
 * @packageDocumentation
 */

export {
  type InsightsRecords,
  openedAtOf,
  openedStationsOf,
  type PeriodRequest,
  periodOf,
  recordsOf,
  type ScopeFigures,
  scopeFigures,
  scopeRunningTotals,
} from "./figures.js";
export {
  type MonthlyReport,
  monthlyReportCsv,
  monthlyReportFileName,
  monthlyReportTable,
  monthlyReportWorkbook,
  type ReportColumn,
  type ReportLanguage,
} from "./monthly-report.js";
export {
  type CatchUpOptions,
  catchUpInsights,
  type InsightsProjection,
  insightsProjection,
  type ProjectedAccount,
  type ProjectedAggregate,
  type ProjectionCheckpoint,
  projectedAggregateId,
  projectedAggregates,
  projectedAggregatesOf,
  projectionPosition,
  rebuildInsights,
  serviceProjection,
  statisticalCourier,
} from "./projection.js";
export { publicFiguresFor, publicFiguresOf } from "./public-figures.js";
export {
  figuresFor,
  type InsightsSnapshot,
  insightsSnapshot,
  monthlyReportFor,
  monthlyReportOf,
  runningTotalsFor,
} from "./queries.js";
export { type InsightsServiceOptions, insightsService } from "./service.js";
