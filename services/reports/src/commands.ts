import {
  clockAt,
  courierFactsOf,
  decisionTime,
  PolicyBook,
  StationIds,
} from "@courier-station/contracts";
import {
  type Actor,
  type AggregateRecord,
  type CommandEnvelope,
  type CommandOutcome,
  type CommunityId,
  type CommunityPolicy,
  type CourierFacts,
  type Instant,
  isReportSubmitted,
  type OriginalReportFacts,
  originalReportFacts,
  type ReportCommand,
  type ReportEvent,
  type ReportState,
  reportDecider,
  type SuggestionCommand,
  type SuggestionEvent,
  type SuggestionState,
  suggestionDecider,
} from "@courier-station/core";
import {
  type Bus,
  executeCommand,
  type InvalidDocument,
  Store,
  type StoreFailure,
  type UniqueKeyClaim,
} from "@courier-station/kit";
import { Effect, Option } from "effect";
import {
  reportRowId,
  reportRowOf,
  reportRows,
  suggestionRowId,
  suggestionRowOf,
  suggestionRows,
  upsertIfNewer,
} from "./read-models.js";

/** What the reports service's command handling needs. */
export type ReportsCommandServices = Store | StationIds | PolicyBook | Bus;

/** A report's record key in the store. */
export const reportKey = (community: string, reportId: string) => ({
  // The kit checked the envelope's community against the request's subject.
  community: community as CommunityId,
  aggregate: reportDecider.aggregate,
  id: reportId,
});

/** A suggestion's record key in the store. */
export const suggestionKey = (community: string, suggestionId: string) => ({
  community: community as CommunityId,
  aggregate: suggestionDecider.aggregate,
  id: suggestionId,
});

/**
 * The unique-key scope of corroborations: one key per original report and courier, held
 * by the duplicate report that credited the courier, so two duplicates of one courier
 * marked at the same moment credit them once.
 */
export const corroborationScope = "report-corroboration";

const runtimeAt = (now: Instant) => Effect.map(StationIds, (ids) => ({ clock: clockAt(now), ids }));

/**
 * The facts of the acting courier from the registry, when a courier acts (a courier the
 * registry does not know has none, and the deciders refuse them).
 */
const actingCourierFacts = (
  community: string,
  actor: Actor,
): Effect.Effect<{ courier?: CourierFacts }, unknown, Bus> =>
  actor.role !== "courier"
    ? Effect.succeed({})
    : Effect.map(courierFactsOf(community, [actor.id]), (facts) => {
        const courier = facts.get(actor.id);
        return courier === undefined ? {} : { courier };
      });

/** The policy in force in a community at a time. */
export const policyAt = (
  community: string,
  at: Instant,
): Effect.Effect<CommunityPolicy, unknown, PolicyBook> =>
  Effect.flatMap(PolicyBook, (book) =>
    Effect.map(book.inForceAt(community, at), (inForce) => inForce.policy),
  );

/** Writes a report's row from a record of its aggregate (nothing before it is submitted). */
export const writeReportRow = (
  record: AggregateRecord<ReportState>,
): Effect.Effect<void, StoreFailure | InvalidDocument, Store> => {
  const row = reportRowOf(record.community, record.state, record.version);
  return row === undefined
    ? Effect.void
    : upsertIfNewer(reportRows, reportRowId(record.community, row.reportId), row);
};

/** Writes a suggestion's row from a record of its aggregate (nothing before it is submitted). */
export const writeSuggestionRow = (
  record: AggregateRecord<SuggestionState>,
): Effect.Effect<void, StoreFailure | InvalidDocument, Store> => {
  const row = suggestionRowOf(record.community, record.state, record.version);
  return row === undefined
    ? Effect.void
    : upsertIfNewer(suggestionRows, suggestionRowId(record.community, row.suggestionId), row);
};

const loadReport = (community: string, reportId: string) =>
  Effect.flatMap(Store, (store) =>
    Effect.map(store.load<ReportState>(reportKey(community, reportId)), (record) =>
      Option.map(record, (found) => found.state),
    ),
  );

// Whether a report credited its reporter as a corroborator of the original.
const credits = (state: ReportState, originalReportId: string): boolean =>
  isReportSubmitted(state) &&
  state.rejection?.corroborated === true &&
  state.rejection.originalReportId === originalReportId;

/**
 * What `MarkReportDuplicate` decides with: the original's facts, and whether the
 * duplicate's reporter already corroborated it. The corroboration is claimed as a unique
 * key before the decision, so of two duplicates of one courier marked at once only one
 * credits them; the claim is given back unless the mark credited them (see
 * {@link settleCorroboration}). A key held by a report that never credited its courier
 * (a crash between the claim and the command, then another decision) is taken over; one
 * held by a report still waiting for staff counts as credited, since its mark may be on
 * its way.
 */
const duplicateFacts = (
  community: string,
  reportId: string,
  originalReportId: string,
): Effect.Effect<
  { readonly originalReport?: OriginalReportFacts; readonly claim?: UniqueKeyClaim },
  StoreFailure | InvalidDocument,
  Store
> =>
  Effect.gen(function* () {
    const store = yield* Store;
    const original = yield* loadReport(community, originalReportId);
    const duplicate = yield* loadReport(community, reportId);
    if (Option.isNone(original) || !isReportSubmitted(original.value)) return {};
    if (Option.isNone(duplicate) || !isReportSubmitted(duplicate.value)) {
      return { originalReport: originalReportFacts(original.value) as OriginalReportFacts };
    }
    const reporterId = duplicate.value.reporterId;
    const facts = (corroborated: boolean) =>
      originalReportFacts(original.value, corroborated ? [reporterId] : []) as OriginalReportFacts;
    if (original.value.reporterId === reporterId) return { originalReport: facts(false) };
    const claim: UniqueKeyClaim = {
      community: community as CommunityId,
      scope: corroborationScope,
      key: `${originalReportId}:${reporterId}`,
      owner: reportId,
    };
    for (let attempt = 1; attempt <= 3; attempt++) {
      const result = yield* store.claimUniqueKey(claim);
      if (result.kind !== "taken") return { originalReport: facts(false), claim };
      const holder = yield* loadReport(community, result.owner);
      const held = Option.getOrUndefined(holder);
      if (
        held === undefined ||
        credits(held, originalReportId) ||
        (isReportSubmitted(held) && held.status === "submitted")
      ) {
        return { originalReport: facts(true) };
      }
      yield* store.releaseUniqueKey({ ...claim, owner: result.owner });
    }
    return { originalReport: facts(true) };
  });

/**
 * Gives a corroboration's key back unless the report, as stored now, credits its courier
 * for the original (after a refusal, a rejection without credit, or a command id reused
 * with another body for a mark that did credit them); releasing a key another report
 * holds does nothing.
 */
const settleCorroboration = (
  claim: UniqueKeyClaim | undefined,
  originalReportId: string,
): Effect.Effect<void, StoreFailure, Store> =>
  claim === undefined
    ? Effect.void
    : Effect.gen(function* () {
        const store = yield* Store;
        const stored = yield* loadReport(claim.community, claim.owner);
        if (Option.isSome(stored) && credits(stored.value, originalReportId)) return;
        yield* store.releaseUniqueKey(claim);
      });

/**
 * Runs a report command: gathers its decision facts — the policy in force now, the
 * acting courier's facts from the registry, the original report's facts for
 * `MarkReportDuplicate` — decides through `executeCommand` (permissions, idempotency by
 * `commandId`), and writes the report's row, so the list a person opens next shows it.
 *
 * @example
 * const outcome = yield* executeReportCommand(envelope);
 */
export const executeReportCommand = (envelope: CommandEnvelope<ReportCommand>) =>
  Effect.gen(function* () {
    const now = yield* decisionTime;
    const community = envelope.community;
    const policy = yield* policyAt(community, now);
    const courier = yield* actingCourierFacts(community, envelope.actor);
    const command = envelope.command;
    const duplicate =
      command.type === "MarkReportDuplicate"
        ? yield* duplicateFacts(community, command.data.reportId, command.data.originalReportId)
        : {};
    const outcome: CommandOutcome<ReportState, ReportEvent> = yield* executeCommand(
      reportDecider,
      envelope,
      {
        ...(yield* runtimeAt(now)),
        facts: {
          policy,
          ...courier,
          ...(duplicate.originalReport === undefined
            ? {}
            : { originalReport: duplicate.originalReport }),
        },
      },
    ).pipe(
      Effect.ensuring(
        command.type === "MarkReportDuplicate"
          ? Effect.ignore(settleCorroboration(duplicate.claim, command.data.originalReportId))
          : Effect.void,
      ),
    );
    yield* writeReportRow(outcome.record);
    return outcome;
  });

/**
 * Runs a suggestion command: the policy in force now and the acting courier's facts
 * from the registry, then `executeCommand`, then the suggestion's row.
 *
 * @example
 * const outcome = yield* executeSuggestionCommand(envelope);
 */
export const executeSuggestionCommand = (envelope: CommandEnvelope<SuggestionCommand>) =>
  Effect.gen(function* () {
    const now = yield* decisionTime;
    const community = envelope.community;
    const policy = yield* policyAt(community, now);
    const courier = yield* actingCourierFacts(community, envelope.actor);
    const outcome: CommandOutcome<SuggestionState, SuggestionEvent> = yield* executeCommand(
      suggestionDecider,
      envelope,
      { ...(yield* runtimeAt(now)), facts: { policy, ...courier } },
    );
    yield* writeSuggestionRow(outcome.record);
    return outcome;
  });
