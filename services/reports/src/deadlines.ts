import { decisionTime } from "@courier-station/contracts";
import {
  type CommandEnvelope,
  type CommandId,
  type CommunityId,
  type CommunityPolicy,
  DAY,
  derivedId,
  isDomainError,
  millisOf,
  type ReportCommand,
  type ReportState,
  type SuggestionCommand,
  type SuggestionState,
  systemActor,
} from "@courier-station/core";
import { type Logger, Store } from "@courier-station/kit";
import { Effect, Either, Option } from "effect";
import {
  executeReportCommand,
  executeSuggestionCommand,
  policyAt,
  reportKey,
  suggestionKey,
  writeReportRow,
  writeSuggestionRow,
} from "./commands.js";
import { isOverdueSuggestion, scanRows } from "./queries.js";
import { type ReportRow, reportRows, type SuggestionRow, suggestionRows } from "./read-models.js";

/** The actor of the reports service's deadline timers. */
export const deadlinesActor = systemActor("reports-deadlines");

/** How many reports or suggestions one run of a timer handles of each kind; the next run goes on. */
const batchSize = 500;

/**
 * A refusal no retry changes (the report moved on, the flag was raised before, an id
 * reused): the run logs it and goes on. Anything else (the store or the registry away, a
 * version conflict) fails the run, which the next one repeats with the same command ids.
 */
const isRefusal = (error: unknown): boolean =>
  isDomainError(error) && /^(report|suggestion|access|command)\./.test(error.code);

const codeOf = (error: unknown): string => (isDomainError(error) ? error.code : "internal.error");

/**
 * The command id of the flag of a report overdue for a due time: one per report and due
 * period, so a timer that runs again (or in another instance after a crash) sends the
 * same command.
 */
export const reportOverdueCommandId = (
  community: string,
  reportId: string,
  dueAt: string,
): CommandId => derivedId("reports-overdue", community, reportId, dueAt) as CommandId;

/** The command id of the system's close of a resolved report whose confirmation window passed. */
export const confirmationTimeoutCommandId = (
  community: string,
  reportId: string,
  confirmationDueAt: string,
): CommandId =>
  derivedId("reports-confirmation-timeout", community, reportId, confirmationDueAt) as CommandId;

/** The command id of the flag of a suggestion waiting too long for its first response. */
export const suggestionOverdueCommandId = (community: string, suggestionId: string): CommandId =>
  derivedId("reports-suggestion-overdue", community, suggestionId) as CommandId;

// After a refusal, the row is rewritten from the stored aggregate, so a row that missed a
// change (which is why it looked due) stops coming back.
const catchUpReport = (community: string, reportId: string) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const record = yield* store.load<ReportState>(reportKey(community, reportId));
    if (Option.isSome(record)) yield* writeReportRow(record.value);
  });

const catchUpSuggestion = (community: string, suggestionId: string) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const record = yield* store.load<SuggestionState>(suggestionKey(community, suggestionId));
    if (Option.isSome(record)) yield* writeSuggestionRow(record.value);
  });

const sendReportCommand = (
  log: Logger,
  row: ReportRow,
  commandId: CommandId,
  command: ReportCommand,
) =>
  Effect.gen(function* () {
    const envelope: CommandEnvelope<ReportCommand> = {
      commandId,
      community: row.community as CommunityId,
      actor: deadlinesActor,
      command,
    };
    const outcome = yield* Effect.either(executeReportCommand(envelope));
    if (Either.isRight(outcome)) return;
    if (!isRefusal(outcome.left)) return yield* Effect.fail(outcome.left);
    log.info(
      { reportId: row.reportId, command: command.type, code: codeOf(outcome.left) },
      "a report deadline needed nothing more",
    );
    yield* catchUpReport(row.community, row.reportId);
  });

/**
 * One run of the report deadline timer, across communities:
 *
 * - a report still with its handler after its due time is flagged overdue
 *   (`FlagReportOverdue`, by the `system`), once per due period, so its handler and staff
 *   are told (`ReportBecameOverdue`);
 * - a resolved report whose reporter did not answer "is it fixed?" within the
 *   confirmation window is closed (`ConfirmReportResolution` by the `system`, core's
 *   `isResolutionConfirmationDue`).
 *
 * Due reports are found through the report rows ordered by their due times; each
 * command's id derives from the report and the due time, so a second run, or another
 * instance after a crash, sends the same command and changes nothing more.
 */
export const runReportDeadlines = (log: Logger) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const rows = yield* store.readModel(reportRows);
    const now = millisOf(yield* decisionTime);
    const overdue: ReportRow[] = [];
    yield* scanRows(
      rows,
      { where: { overdueFlagPending: true }, orderBy: { field: "dueAtMillis" } },
      ({ document: row }) => {
        // Overdue is strictly after the due time (core's isReportOverdue).
        if (row.dueAtMillis === null || row.dueAtMillis >= now) return "stop";
        overdue.push(row);
        return "continue";
      },
      batchSize,
    );
    for (const row of overdue) {
      const dueAt = row.report.dueAt;
      if (dueAt === undefined) continue;
      yield* sendReportCommand(
        log,
        row,
        reportOverdueCommandId(row.community, row.reportId, dueAt),
        { type: "FlagReportOverdue", data: { reportId: row.report.reportId } },
      );
    }
    const unconfirmed: ReportRow[] = [];
    yield* scanRows(
      rows,
      { where: { awaitingConfirmation: true }, orderBy: { field: "confirmationDueAtMillis" } },
      ({ document: row }) => {
        if (row.confirmationDueAtMillis === null || row.confirmationDueAtMillis > now) {
          return "stop";
        }
        unconfirmed.push(row);
        return "continue";
      },
      batchSize,
    );
    for (const row of unconfirmed) {
      const dueAt = row.report.resolution?.confirmationDueAt;
      if (dueAt === undefined) continue;
      yield* sendReportCommand(
        log,
        row,
        confirmationTimeoutCommandId(row.community, row.reportId, dueAt),
        { type: "ConfirmReportResolution", data: { reportId: row.report.reportId } },
      );
    }
  });

/**
 * One run of the suggestion deadline timer, across communities: a suggestion still
 * waiting for its first response after its community's `firstResponseDays` (the policy
 * in force now) is flagged (`FlagSuggestionResponseOverdue`, by the `system`), once, so
 * staff are told (`SuggestionResponseBecameOverdue`). Waiting suggestions are read
 * oldest first and only as far as one could be due (a policy gives at least a day).
 */
export const runSuggestionDeadlines = (log: Logger) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const rows = yield* store.readModel(suggestionRows);
    const nowInstant = yield* decisionTime;
    const now = millisOf(nowInstant);
    const waiting: SuggestionRow[] = [];
    yield* scanRows(
      rows,
      { where: { overdueFlagPending: true }, orderBy: { field: "submittedAtMillis" } },
      ({ document: row }) => {
        if (row.submittedAtMillis + DAY >= now) return "stop";
        waiting.push(row);
        return "continue";
      },
      batchSize,
    );
    const policies = new Map<string, CommunityPolicy>();
    for (const row of waiting) {
      const policy = policies.get(row.community) ?? (yield* policyAt(row.community, nowInstant));
      policies.set(row.community, policy);
      if (!isOverdueSuggestion(row, policy, nowInstant)) continue;
      const command: SuggestionCommand = {
        type: "FlagSuggestionResponseOverdue",
        data: { suggestionId: row.suggestion.suggestionId },
      };
      const outcome = yield* Effect.either(
        executeSuggestionCommand({
          commandId: suggestionOverdueCommandId(row.community, row.suggestionId),
          community: row.community as CommunityId,
          actor: deadlinesActor,
          command,
        }),
      );
      if (Either.isRight(outcome)) continue;
      if (!isRefusal(outcome.left)) return yield* Effect.fail(outcome.left);
      log.info(
        { suggestionId: row.suggestionId, code: codeOf(outcome.left) },
        "a suggestion deadline needed nothing more",
      );
      yield* catchUpSuggestion(row.community, row.suggestionId);
    }
  });
