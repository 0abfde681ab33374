import { addMillis, DAY, type Instant, isAfter } from "../kernel/time.js";
import type { SuggestionPolicy } from "../policy/sections/suggestions.js";
import { isSuggestionSubmitted, type SuggestionState } from "./state.js";

/**
 * When staff aim to have responded to a suggestion first: its submission plus the
 * policy's `firstResponseDays`; `undefined` before it is submitted.
 */
export const suggestionFirstResponseDueAt = (
  state: SuggestionState,
  policy: Pick<SuggestionPolicy, "firstResponseDays">,
): Instant | undefined =>
  isSuggestionSubmitted(state)
    ? addMillis(state.submittedAt, policy.firstResponseDays * DAY)
    : undefined;

/**
 * Whether a suggestion still waits for its first response after the policy's
 * `firstResponseDays` at `now`. Withdrawn suggestions never are.
 *
 * @example
 * const waiting = suggestions.filter((s) => isSuggestionResponseOverdue(s, now, policy.suggestions));
 */
export const isSuggestionResponseOverdue = (
  state: SuggestionState,
  now: Instant,
  policy: Pick<SuggestionPolicy, "firstResponseDays">,
): boolean => {
  if (!isSuggestionSubmitted(state) || state.status !== "submitted") return false;
  const dueAt = suggestionFirstResponseDueAt(state, policy);
  return dueAt !== undefined && isAfter(now, dueAt);
};
