/**
 * Courier Station's reports service (a private workspace): sentinel reports (民情前哨)
 * and suggestions (小哥有话说), with the queries of each reader and of Open311 GeoReport
 * v2, on the bus as `reportsContract` says.
 *
 * @packageDocumentation
 */
export {
  corroborationScope,
  executeReportCommand,
  executeSuggestionCommand,
  type ReportsCommandServices,
  reportKey,
  suggestionKey,
} from "./commands.js";
export {
  confirmationTimeoutCommandId,
  deadlinesActor,
  reportOverdueCommandId,
  runReportDeadlines,
  runSuggestionDeadlines,
  suggestionOverdueCommandId,
} from "./deadlines.js";
export { followReport, followSuggestion } from "./flows.js";
export {
  cellsAround,
  gridLevels,
  type ReportRow,
  reportRows,
  type SuggestionRow,
  suggestionRows,
} from "./read-models.js";
export { type ReportsServiceOptions, reportsService } from "./service.js";
