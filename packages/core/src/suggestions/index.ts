import { suggestionPermissions } from "../access/permissions.js";
import type { Decider } from "../kernel/decider.js";
import type { SuggestionCommand } from "./commands.js";
import { decideSuggestion, type SuggestionDecisionContext } from "./decide.js";
import type { SuggestionError } from "./errors.js";
import type { SuggestionEvent } from "./events.js";
import { evolveSuggestion } from "./evolve.js";
import { initialSuggestionState, type SuggestionState } from "./state.js";

/**
 * The suggestion (小哥有话说) decider: a courier suggests, others second (附议); staff
 * acknowledge, then answer, adopt (采纳) or decline, at once or from a draft; an adopted
 * suggestion's follow-through is tracked until done; the author may withdraw it before
 * an answer.
 *
 * @example
 * const outcome = handleCommand(suggestionDecider, record, envelope, {
 *   clock, ids, facts: { policy, courier: courierFacts(courierState) },
 * });
 */
export const suggestionDecider: Decider<
  SuggestionCommand,
  SuggestionState,
  SuggestionEvent,
  SuggestionError,
  SuggestionDecisionContext
> = {
  aggregate: "suggestion",
  idOf: (command) => command.data.suggestionId,
  permissions: suggestionPermissions,
  initialState: initialSuggestionState,
  decide: decideSuggestion,
  evolve: evolveSuggestion,
};

export * from "./commands.js";
export { isSuggestionResponseOverdue, suggestionFirstResponseDueAt } from "./deadlines.js";
export { decideSuggestion, type SuggestionDecisionContext } from "./decide.js";
export * from "./errors.js";
export * from "./events.js";
export { evolveSuggestion } from "./evolve.js";
export {
  initialSuggestionState,
  isSuggestionSubmitted,
  type PublishedSuggestionResponse,
  type Suggestion,
  type SuggestionProgressNote,
  type SuggestionResponseDraft,
  type SuggestionState,
} from "./state.js";
export {
  type SuggestionCountsByStatus,
  type SuggestionSummary,
  summarizeSuggestions,
} from "./statistics.js";
export * from "./values.js";
export {
  type SuggestionCourierView,
  type SuggestionPublicView,
  type SuggestionStaffView,
  suggestionCourierView,
  suggestionPublicView,
  suggestionStaffView,
  suggestionTopicName,
} from "./views.js";
