import { insightsContract, serveQuery } from "@courier-station/contracts";
import { SECOND } from "@courier-station/core";
import { defineService, timer } from "@courier-station/kit";
import { Effect } from "effect";
import packageJson from "../package.json" with { type: "json" };
import { catchUpInsights } from "./projection.js";
import { publicFiguresFor } from "./public-figures.js";
import { figuresFor, monthlyReportFor, runningTotalsFor } from "./queries.js";

/** How the insights service is paced; the defaults suit a station. */
export interface InsightsServiceOptions {
  /** How often the projection reads on in the log (default every 5 seconds). */
  readonly catchUpEveryMs?: number;
}

const endpoints = insightsContract.endpoints;

/**
 * The insights service (统计): the statistics a district reports, from a projection of
 * the event log (`catchUpInsights`), answered on `cs.<community>.insights.<Endpoint>` as
 * `insightsContract` says — `GetFigures` (the community or a station, a month, quarter,
 * year or since opening), `GetRunningTotals` and `GetMonthlyReport` (CSV or .xlsx, zh-CN
 * or en headings), which staff and auditors ask, and `GetPublicFigures` (a year's counts),
 * which anyone may read.
 *
 * Timer: `projection` (the instance holding its lease reads on in the log). A query also
 * reads on first, so its figures include what happened up to the question.
 *
 * It needs a store (the deployment's, whose log holds every service's events) and the
 * `PolicyBook` (time zone and suggestion deadlines of the policy in force).
 *
 * @example
 * await runMain({
 *   services: [insightsService()],
 *   layer: (config) => Layer.mergeAll(storeLayerFor(config.store), PolicyBook.fromRegistry(…)),
 * });
 */
export const insightsService = (options: InsightsServiceOptions = {}) =>
  defineService({
    name: "insights",
    version: packageJson.version,
    description: insightsContract.description,
    endpoints: [
      serveQuery(endpoints.GetFigures, ({ stationId, period }, context) =>
        figuresFor(context.community, { stationId, period }),
      ),
      serveQuery(endpoints.GetPublicFigures, ({ stationId, year }, context) =>
        publicFiguresFor(context.community, { stationId, year }),
      ),
      serveQuery(endpoints.GetRunningTotals, ({ stationId }, context) =>
        runningTotalsFor(context.community, { stationId }),
      ),
      serveQuery(endpoints.GetMonthlyReport, ({ year, month, format, language }, context) =>
        monthlyReportFor(context.community, { year, month, format, language }),
      ),
    ],
    timers: [
      timer({
        name: "projection",
        everyMs: options.catchUpEveryMs ?? 5 * SECOND,
        handler: () => Effect.asVoid(catchUpInsights()),
      }),
    ],
  });
