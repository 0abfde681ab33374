export {
  type ActivityFigures,
  type CourierFigures,
  type FigureScope,
  type ParticipationCount,
  type ProgrammeFigures,
  type ProgrammeRecords,
  programmeFigures,
  stationOfCourierRecord,
} from "./figures.js";
export {
  isWithinPeriod,
  monthPeriod,
  monthsOf,
  periodSince,
  quarterPeriod,
  StatisticsPeriod,
  startOfLocalDay,
  yearPeriod,
} from "./period.js";
export { type MonthRunningTotal, type RunningCounts, runningTotals } from "./running-totals.js";
