import {
  commandReplyOf,
  decisionTime,
  type ReportView,
  reportsContract,
  type SuggestionView,
  serveCommand,
  serveQuery,
} from "@courier-station/contracts";
import {
  type CommandEnvelope,
  type CourierId,
  MINUTE,
  open311PostResponse,
  open311ServiceDefinition,
  open311ServiceRequest,
  open311Services,
  type ReportCommand,
  ReportNotFound,
  reportPublicView,
  reportReporterView,
  type SuggestionCommand,
  suggestionCourierView,
  suggestionStaffView,
} from "@courier-station/core";
import { consumer, defineService, Store, timer } from "@courier-station/kit";
import { Effect, Either } from "effect";
import packageJson from "../package.json" with { type: "json" };
import { executeReportCommand, executeSuggestionCommand, policyAt } from "./commands.js";
import { runReportDeadlines, runSuggestionDeadlines } from "./deadlines.js";
import { followReport, followSuggestion } from "./flows.js";
import {
  findDuplicateHints,
  isOverdueSuggestion,
  type ListPage,
  listOpen311Requests,
  loadReportRecord,
  loadReportState,
  loadSuggestionRecord,
  pageOf,
  reportListItemOf,
  reportViewFor,
  suggestionListViewOf,
  suggestionViewFor,
} from "./queries.js";
import { type ReportRow, reportRows, type SuggestionRow, suggestionRows } from "./read-models.js";

/** How the reports service's timers are paced; the defaults suit a station. */
export interface ReportsServiceOptions {
  /** How often due report deadlines (overdue, confirmation window) are looked for; default every minute. */
  readonly reportDeadlinesEveryMs?: number;
  /** How often suggestions waiting too long for a first response are looked for; default every 10 minutes. */
  readonly suggestionDeadlinesEveryMs?: number;
}

const endpoints = reportsContract.endpoints;

const reportCommand = (name: ReportCommand["type"]) =>
  serveCommand(endpoints[name], (envelope) =>
    Effect.map(executeReportCommand(envelope as CommandEnvelope<ReportCommand>), commandReplyOf),
  );

const suggestionCommand = (name: SuggestionCommand["type"]) =>
  serveCommand(endpoints[name], (envelope) =>
    Effect.map(
      executeSuggestionCommand(envelope as CommandEnvelope<SuggestionCommand>),
      commandReplyOf,
    ),
  );

const defined = <Value>(value: Value | undefined): value is Value => value !== undefined;

// Core's views have readonly arrays where the contract's inferred types are mutable; the
// shapes are the same, and the kit checks every reply against the contract.
const asReply = <Value>(value: object): Value => value as Value;

const reportsPage = (
  community: string,
  where: Partial<Record<keyof ReportRow & string, string | boolean | null>>,
  page: { readonly after?: string | undefined; readonly limit?: number | undefined },
) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const rows = yield* store.readModel(reportRows);
    return yield* rows.find({
      where: { community, ...where },
      orderBy: { field: "submittedAtMillis", direction: "descending" },
      ...(page.after === undefined ? {} : { after: page.after }),
      limit: page.limit ?? 50,
    });
  });

const suggestionsPage = (
  community: string,
  where: Partial<Record<keyof SuggestionRow & string, string | boolean | null>>,
  page: { readonly after?: string | undefined; readonly limit?: number | undefined },
) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const rows = yield* store.readModel(suggestionRows);
    return yield* rows.find({
      where: { community, ...where },
      orderBy: { field: "submittedAtMillis", direction: "descending" },
      ...(page.after === undefined ? {} : { after: page.after }),
      limit: page.limit ?? 50,
    });
  });

const optional = <Key extends string, Value>(key: Key, value: Value | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<Key, Value>>;

/**
 * The reports service: sentinel reports (民情前哨) and suggestions (小哥有话说). Every
 * command of `reportDecider` and `suggestionDecider` is an endpoint
 * (`cs.<community>.reports.<Command>`), decided with the policy in force (the registry's
 * `PolicyBook`), the acting courier's facts (`courierFactsOf`) and, to mark a duplicate,
 * the original report's facts; with the queries of `reportsContract` for each reader and
 * for Open311 GeoReport v2.
 *
 * Consumers: `report-rows` and `suggestion-rows` (rows caught up from the stored
 * aggregates). Timers: `report-deadlines` (overdue reports flagged, resolved reports
 * closed once the reporter's confirmation window passed) and `suggestion-deadlines`
 * (suggestions waiting too long for a first response flagged). Points for reports and
 * suggestions are earned by the points service from this service's events.
 *
 * Reports and suggestions hold no personal data (a courier is named by their id only,
 * and an Open311 request's names, phone and e-mail are dropped before the command), so a
 * courier's erasure changes nothing here.
 *
 * It needs the `PolicyBook`, `StationIds`, a store and the bus (for the registry).
 *
 * @example
 * await runMain({
 *   services: [reportsService()],
 *   layer: (config) => Layer.mergeAll(storeLayerFor(config.store), StationIds.layer, …),
 * });
 */
export const reportsService = (options: ReportsServiceOptions = {}) =>
  defineService({
    name: "reports",
    version: packageJson.version,
    description: reportsContract.description,
    endpoints: [
      reportCommand("SubmitReport"),
      reportCommand("AcceptReport"),
      reportCommand("RejectReport"),
      reportCommand("MarkReportDuplicate"),
      reportCommand("StartReportWork"),
      reportCommand("AddReportStatusNote"),
      reportCommand("ResolveReport"),
      reportCommand("AnswerResolutionCheck"),
      reportCommand("ConfirmReportResolution"),
      reportCommand("ReopenReport"),
      reportCommand("HideReport"),
      reportCommand("UnhideReport"),
      reportCommand("RedactReportPhoto"),
      reportCommand("CorrectReportCategory"),
      reportCommand("CorrectReportLocation"),
      reportCommand("FlagReportOverdue"),
      suggestionCommand("SubmitSuggestion"),
      suggestionCommand("SecondSuggestion"),
      suggestionCommand("WithdrawSuggestion"),
      suggestionCommand("AcknowledgeSuggestion"),
      suggestionCommand("DraftSuggestionResponse"),
      suggestionCommand("DiscardSuggestionResponseDraft"),
      suggestionCommand("PublishSuggestionResponse"),
      suggestionCommand("AnswerSuggestion"),
      suggestionCommand("AdoptSuggestion"),
      suggestionCommand("DeclineSuggestion"),
      suggestionCommand("RecordSuggestionProgress"),
      suggestionCommand("CompleteSuggestion"),
      suggestionCommand("FlagSuggestionResponseOverdue"),
      serveQuery(endpoints.GetReport, ({ actor, reportId }, context) =>
        Effect.gen(function* () {
          const now = yield* decisionTime;
          const policy = yield* policyAt(context.community, now);
          const { state, version } = yield* loadReportRecord(context.community, reportId);
          const view = reportViewFor(actor, state, policy, now, reportId);
          return Either.isRight(view)
            ? ({ ...view.right, version } as ReportView)
            : yield* Effect.fail(view.left);
        }),
      ),
      serveQuery(
        endpoints.ListReports,
        ({ actor, status, category, handlerId, stationId, reporterId, after, limit }, context) =>
          Effect.gen(function* () {
            // A handler lists the reports routed to them, and no one else's.
            if (actor.role === "handler" && handlerId !== undefined && handlerId !== actor.id) {
              return { items: [] };
            }
            const handler = actor.role === "handler" ? actor.id : handlerId;
            const now = yield* decisionTime;
            const policy = yield* policyAt(context.community, now);
            const page = yield* reportsPage(
              context.community,
              {
                ...optional("status", status),
                ...optional("category", category),
                ...optional("handlerId", handler),
                ...optional("stationId", stationId),
                ...optional("reporterId", reporterId),
              },
              { after, limit },
            );
            return pageOf(page, (row) => reportListItemOf(row.report, policy, now));
          }),
      ),
      serveQuery(
        endpoints.ListOverdueReports,
        ({ actor, handlerId, stationId, after, limit }, context) =>
          Effect.gen(function* () {
            if (actor.role === "handler" && handlerId !== undefined && handlerId !== actor.id) {
              return { items: [] };
            }
            const handler = actor.role === "handler" ? actor.id : handlerId;
            const now = yield* decisionTime;
            const policy = yield* policyAt(context.community, now);
            const store = yield* Store;
            const rows = yield* store.readModel(reportRows);
            const page = yield* rows.find({
              where: {
                community: context.community,
                withHandler: true,
                ...optional("handlerId", handler),
                ...optional("stationId", stationId),
              },
              orderBy: { field: "dueAtMillis" },
              ...(after === undefined ? {} : { after }),
              limit: limit ?? 50,
            });
            const items = page.items
              .map((item) => reportListItemOf(item.document.report, policy, now))
              .filter(defined);
            const overdue = items.filter((item) => item.overdue);
            // Rows come most overdue first: once one is not overdue, none after it is.
            return overdue.length === items.length && page.next !== undefined
              ? { items: overdue, next: page.next }
              : { items: overdue };
          }),
      ),
      serveQuery(endpoints.ListPublicReports, ({ status, category, after, limit }, context) =>
        Effect.gen(function* () {
          const now = yield* decisionTime;
          const policy = yield* policyAt(context.community, now);
          const shown = policy.reports.publicBeforeAcceptance
            ? "publicBeforeAcceptance"
            : "publicOnceAccepted";
          const page = yield* reportsPage(
            context.community,
            { [shown]: true, ...optional("status", status), ...optional("category", category) },
            { after, limit },
          );
          return asReply<ListPage<never>>(
            pageOf(page, (row) => {
              const view = reportPublicView(row.report, policy.reports);
              return view === undefined ? undefined : { view: "public", ...view };
            }),
          );
        }),
      ),
      serveQuery(endpoints.ListOwnReports, ({ actor, status, after, limit }, context) =>
        Effect.gen(function* () {
          const now = yield* decisionTime;
          const policy = yield* policyAt(context.community, now);
          const page = yield* reportsPage(
            context.community,
            { reporterId: actor.id, ...optional("status", status) },
            { after, limit },
          );
          return asReply<ListPage<never>>(
            pageOf(page, (row) => {
              const view = reportReporterView(row.report, policy.reports, actor.id);
              return view === undefined ? undefined : { view: "reporter", ...view };
            }),
          );
        }),
      ),
      serveQuery(
        endpoints.FindDuplicateHints,
        ({ category, point, observedAt, reportId, limit }, context) =>
          Effect.gen(function* () {
            const now = yield* decisionTime;
            const policy = yield* policyAt(context.community, now);
            const hints = yield* findDuplicateHints(
              context.community,
              {
                category,
                point,
                observedAt: observedAt ?? now,
                ...optional("reportId", reportId),
              },
              policy,
              limit ?? 20,
            );
            return { hints };
          }),
      ),
      serveQuery(endpoints.GetSuggestion, ({ actor, suggestionId }, context) =>
        Effect.gen(function* () {
          const now = yield* decisionTime;
          const policy = yield* policyAt(context.community, now);
          const { state, version } = yield* loadSuggestionRecord(context.community, suggestionId);
          const view = suggestionViewFor(actor, state, policy, now, suggestionId);
          return Either.isRight(view)
            ? ({ ...view.right, version } as SuggestionView)
            : yield* Effect.fail(view.left);
        }),
      ),
      serveQuery(
        endpoints.ListSuggestions,
        ({ status, topic, stationId, authorId, after, limit }, context) =>
          Effect.gen(function* () {
            const now = yield* decisionTime;
            const policy = yield* policyAt(context.community, now);
            const page = yield* suggestionsPage(
              context.community,
              {
                ...optional("status", status),
                ...optional("topic", topic),
                ...optional("stationId", stationId),
                ...optional("authorId", authorId),
              },
              { after, limit },
            );
            return asReply<ListPage<never>>(
              pageOf(page, (row) => {
                const view = suggestionStaffView(row.suggestion, policy.suggestions, now);
                return view === undefined ? undefined : { view: "staff", ...view };
              }),
            );
          }),
      ),
      serveQuery(
        endpoints.ListPublicSuggestions,
        ({ actor, status, topic, after, limit }, context) =>
          Effect.gen(function* () {
            const now = yield* decisionTime;
            const policy = yield* policyAt(context.community, now);
            const page = yield* suggestionsPage(
              context.community,
              { shown: true, ...optional("status", status), ...optional("topic", topic) },
              { after, limit },
            );
            // Staff and auditors read this list as the public does; their own lists are others.
            const reader =
              actor.role === "courier" ? actor : { ...actor, role: "sponsor" as const };
            return pageOf(page, (row) => suggestionListViewOf(reader, row, policy, now));
          }),
      ),
      serveQuery(endpoints.ListOwnSuggestions, ({ actor, status, after, limit }, context) =>
        Effect.gen(function* () {
          const now = yield* decisionTime;
          const policy = yield* policyAt(context.community, now);
          const page = yield* suggestionsPage(
            context.community,
            { authorId: actor.id, ...optional("status", status) },
            { after, limit },
          );
          return asReply<ListPage<never>>(
            pageOf(page, (row) => {
              const view = suggestionCourierView(
                row.suggestion,
                policy.suggestions,
                actor.id as CourierId,
              );
              return view === undefined ? undefined : { view: "courier", ...view };
            }),
          );
        }),
      ),
      serveQuery(endpoints.ListOverdueSuggestions, ({ stationId, after, limit }, context) =>
        Effect.gen(function* () {
          const now = yield* decisionTime;
          const policy = yield* policyAt(context.community, now);
          const store = yield* Store;
          const rows = yield* store.readModel(suggestionRows);
          const page = yield* rows.find({
            where: {
              community: context.community,
              status: "submitted",
              ...optional("stationId", stationId),
            },
            orderBy: { field: "submittedAtMillis" },
            ...(after === undefined ? {} : { after }),
            limit: limit ?? 50,
          });
          const overdue = page.items.filter((item) =>
            isOverdueSuggestion(item.document, policy, now),
          );
          const views = overdue
            .map((item) => suggestionStaffView(item.document.suggestion, policy.suggestions, now))
            .filter(defined)
            .map((view) => ({ view: "staff" as const, ...view }));
          // Oldest first: once one is within its time, every later one is too.
          return asReply<ListPage<never>>(
            overdue.length === page.items.length && page.next !== undefined
              ? { items: views, next: page.next }
              : { items: views },
          );
        }),
      ),
      serveQuery(endpoints.ListOpen311Services, ({ language }, context) =>
        Effect.gen(function* () {
          const policy = yield* policyAt(context.community, yield* decisionTime);
          return { services: open311Services(policy.reports, language) };
        }),
      ),
      serveQuery(endpoints.GetOpen311ServiceDefinition, ({ serviceCode, language }, context) =>
        Effect.gen(function* () {
          const policy = yield* policyAt(context.community, yield* decisionTime);
          const definition = open311ServiceDefinition(policy.reports, serviceCode, language);
          return Either.isRight(definition)
            ? asReply<never>(definition.right)
            : yield* Effect.fail(definition.left);
        }),
      ),
      serveQuery(
        endpoints.ListOpen311Requests,
        ({ query, language, photoBaseUrl, after, limit }, context) =>
          Effect.gen(function* () {
            const policy = yield* policyAt(context.community, yield* decisionTime);
            return yield* listOpen311Requests(context.community, query, policy, {
              ...optional("language", language),
              ...optional("photoBaseUrl", photoBaseUrl),
              ...optional("after", after),
              limit: limit ?? 100,
            });
          }),
      ),
      serveQuery(
        endpoints.GetOpen311Request,
        ({ serviceRequestId, language, photoBaseUrl }, context) =>
          Effect.gen(function* () {
            const policy = yield* policyAt(context.community, yield* decisionTime);
            const state = yield* loadReportState(context.community, serviceRequestId);
            const request = open311ServiceRequest(state, policy.reports, {
              ...optional("language", language),
              ...optional("photoBaseUrl", photoBaseUrl),
            });
            return request === undefined
              ? yield* Effect.fail(new ReportNotFound({ reportId: serviceRequestId }))
              : request;
          }),
      ),
      serveQuery(
        endpoints.GetOpen311PostResponse,
        ({ actor, serviceRequestId, language, accountId }, context) =>
          Effect.gen(function* () {
            const policy = yield* policyAt(context.community, yield* decisionTime);
            const state = yield* loadReportState(context.community, serviceRequestId);
            // A courier hears about their own request only.
            if (
              state.status === "none" ||
              (actor.role === "courier" && state.reporterId !== actor.id)
            ) {
              return yield* Effect.fail(new ReportNotFound({ reportId: serviceRequestId }));
            }
            return open311PostResponse(state.reportId, policy.reports, state.category, {
              ...optional("language", language),
              ...optional("accountId", accountId),
            });
          }),
      ),
    ],
    consumers: [
      consumer({
        name: "report-rows",
        events: [{ aggregate: "report" }],
        handler: (event) => followReport(event),
      }),
      consumer({
        name: "suggestion-rows",
        events: [{ aggregate: "suggestion" }],
        handler: (event) => followSuggestion(event),
      }),
    ],
    timers: [
      timer({
        name: "report-deadlines",
        everyMs: options.reportDeadlinesEveryMs ?? MINUTE,
        handler: (context) => runReportDeadlines(context.log),
      }),
      timer({
        name: "suggestion-deadlines",
        everyMs: options.suggestionDeadlinesEveryMs ?? 10 * MINUTE,
        handler: (context) => runSuggestionDeadlines(context.log),
      }),
    ],
  });
