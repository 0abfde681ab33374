import { medianOf } from "../kernel/median.js";
import type { Instant } from "../kernel/time.js";
import type { SuggestionPolicy } from "../policy/sections/suggestions.js";
import { isSuggestionResponseOverdue } from "./deadlines.js";
import { isSuggestionSubmitted, type SuggestionState } from "./state.js";
import { type SuggestionStatus, SuggestionStatus as SuggestionStatusSchema } from "./values.js";

/** How many suggestions are in each status. */
export type SuggestionCountsByStatus = Readonly<Record<SuggestionStatus, number>>;

/** A summary of many suggestions, for statistics and dashboards. */
export interface SuggestionSummary {
  readonly total: number;
  /** How many couriers made the suggestions (each counted once). */
  readonly authors: number;
  readonly byStatus: SuggestionCountsByStatus;
  /** Per topic id, how many suggestions are in each status. */
  readonly byTopic: Readonly<Record<string, SuggestionCountsByStatus>>;
  /** Suggestions adopted (采纳), whether or not carried out yet. */
  readonly adopted: number;
  /** Adopted suggestions carried out (落实). */
  readonly completed: number;
  /** The share of the suggestions adopted (采纳率), 0 to 1; `undefined` when there are none. */
  readonly adoptionRate: number | undefined;
  /** Seconds (附议) over all suggestions. */
  readonly seconds: number;
  /** Suggestions that got a first response. */
  readonly responded: number;
  /** Suggestions still waiting for a first response past the policy's days at `now`. */
  readonly overdueFirstResponses: number;
  /** Mean and median milliseconds from submission to first response, or `undefined`. */
  readonly averageMillisToFirstResponse: number | undefined;
  readonly medianMillisToFirstResponse: number | undefined;
}

const zeroCounts = (): Record<SuggestionStatus, number> =>
  Object.fromEntries(SuggestionStatusSchema.options.map((status) => [status, 0])) as Record<
    SuggestionStatus,
    number
  >;

/**
 * Summarises suggestions (their states) at `now`: by status and topic, the couriers who
 * made them, adopted and completed, seconds, and the time to first response.
 * `programmeFigures` applies it to a period and a station. Pure; the insights service
 * feeds it from its read model.
 *
 * @example
 * const summary = summarizeSuggestions(states, clock.now(), policy.suggestions);
 * summary.adopted; // 4
 */
export const summarizeSuggestions = (
  states: Iterable<SuggestionState>,
  now: Instant,
  policy: Pick<SuggestionPolicy, "firstResponseDays">,
): SuggestionSummary => {
  const byStatus = zeroCounts();
  const byTopic: Record<string, Record<SuggestionStatus, number>> = {};
  const responseTimes: number[] = [];
  let total = 0;
  let adopted = 0;
  let completed = 0;
  let seconds = 0;
  let overdueFirstResponses = 0;
  const authors = new Set<string>();
  for (const state of states) {
    if (!isSuggestionSubmitted(state)) continue;
    total += 1;
    authors.add(state.authorId);
    byStatus[state.status] += 1;
    const counts = byTopic[state.topic] ?? zeroCounts();
    counts[state.status] += 1;
    byTopic[state.topic] = counts;
    if (state.status === "adopted" || state.status === "completed") adopted += 1;
    if (state.status === "completed") completed += 1;
    seconds += state.seconders.length;
    if (state.firstResponseAfterMillis !== undefined) {
      responseTimes.push(state.firstResponseAfterMillis);
    }
    if (isSuggestionResponseOverdue(state, now, policy)) overdueFirstResponses += 1;
  }
  return {
    total,
    authors: authors.size,
    byStatus,
    byTopic,
    adopted,
    completed,
    adoptionRate: total === 0 ? undefined : adopted / total,
    seconds,
    responded: responseTimes.length,
    overdueFirstResponses,
    averageMillisToFirstResponse:
      responseTimes.length === 0
        ? undefined
        : responseTimes.reduce((sum, value) => sum + value, 0) / responseTimes.length,
    medianMillisToFirstResponse: medianOf(responseTimes),
  };
};
