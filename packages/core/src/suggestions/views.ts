import type { CourierId, SuggestionId } from "../kernel/ids.js";
import { type LocalizedText, localized } from "../kernel/localized-text.js";
import type { Instant } from "../kernel/time.js";
import type { SuggestionPolicy } from "../policy/sections/suggestions.js";
import { isSuggestionResponseOverdue, suggestionFirstResponseDueAt } from "./deadlines.js";
import { isSuggestionSubmitted, type Suggestion, type SuggestionState } from "./state.js";
import type { SuggestionResponse, SuggestionStatus } from "./values.js";

/** The name of a suggestion topic from the policy; an unknown topic is named by its id. */
export const suggestionTopicName = (
  policy: Pick<SuggestionPolicy, "topics">,
  topicId: string,
): LocalizedText =>
  policy.topics.find((topic) => topic.id === topicId)?.name ?? localized(topicId, topicId);

/**
 * What the public (and other couriers) see of a suggestion: the author only when they
 * chose to show it; the published response and the follow-through, never a draft nor who
 * on the staff wrote it. The seconding count is for staff.
 */
export interface SuggestionPublicView {
  readonly suggestionId: SuggestionId;
  readonly topic: string;
  readonly topicName: LocalizedText;
  readonly text: string;
  readonly status: SuggestionStatus;
  readonly submittedAt: Instant;
  /** Present only when the author chose to be shown. */
  readonly authorId?: CourierId;
  readonly response?: {
    readonly kind: SuggestionResponse["kind"];
    readonly text: string;
    readonly at: Instant;
  };
  readonly progress: ReadonlyArray<{ readonly note: string; readonly at: Instant }>;
  readonly completion?: { readonly note: string; readonly at: Instant };
}

/**
 * The public view of a suggestion, or `undefined` when there is none to show (not
 * submitted, or withdrawn).
 *
 * @example
 * const view = suggestionPublicView(state, policy.suggestions);
 */
export const suggestionPublicView = (
  state: SuggestionState,
  policy: Pick<SuggestionPolicy, "topics">,
): SuggestionPublicView | undefined => {
  if (!isSuggestionSubmitted(state) || state.status === "withdrawn") return undefined;
  const suggestion = state;
  return {
    suggestionId: suggestion.suggestionId,
    topic: suggestion.topic,
    topicName: suggestionTopicName(policy, suggestion.topic),
    text: suggestion.text,
    status: suggestion.status,
    submittedAt: suggestion.submittedAt,
    ...(suggestion.showAuthor ? { authorId: suggestion.authorId } : {}),
    ...(suggestion.response === undefined
      ? {}
      : {
          response: {
            kind: suggestion.response.kind,
            text: suggestion.response.text,
            at: suggestion.response.at,
          },
        }),
    progress: suggestion.progress.map((entry) => ({ note: entry.note, at: entry.at })),
    ...(suggestion.completion === undefined
      ? {}
      : { completion: { note: suggestion.completion.note, at: suggestion.completion.at } }),
  };
};

/** What a courier sees of a suggestion: the public view, and their own relation to it. */
export interface SuggestionCourierView extends SuggestionPublicView {
  /** The viewer wrote it (they see it even when the author is not shown). */
  readonly mine: boolean;
  /** The viewer has seconded it. */
  readonly secondedByMe: boolean;
  /** The viewer may second it now: it is open, not theirs, and not yet seconded by them. */
  readonly canSecond: boolean;
}

/**
 * A courier's view of a suggestion: the public view plus whether it is theirs and
 * whether they seconded it; `undefined` when there is nothing to show.
 */
export const suggestionCourierView = (
  state: SuggestionState,
  policy: Pick<SuggestionPolicy, "topics">,
  courierId: CourierId,
): SuggestionCourierView | undefined => {
  const view = suggestionPublicView(state, policy);
  if (view === undefined || !isSuggestionSubmitted(state)) return undefined;
  const mine = state.authorId === courierId;
  const secondedByMe = state.seconders.includes(courierId);
  const open = state.status === "submitted" || state.status === "acknowledged";
  return { ...view, mine, secondedByMe, canSecond: open && !mine && !secondedByMe };
};

/**
 * What staff see of a suggestion: everything (the author, the draft, who responded),
 * the seconding count, and its first-response deadline at `now`.
 */
export interface SuggestionStaffView extends Suggestion {
  readonly topicName: LocalizedText;
  readonly secondCount: number;
  readonly firstResponseDueAt: Instant;
  readonly firstResponseOverdue: boolean;
}

/**
 * The staff view of a suggestion at `now`, or `undefined` before it is submitted.
 *
 * @example
 * const view = suggestionStaffView(state, policy.suggestions, clock.now());
 * view?.secondCount; // 12
 */
export const suggestionStaffView = (
  state: SuggestionState,
  policy: Pick<SuggestionPolicy, "topics" | "firstResponseDays">,
  now: Instant,
): SuggestionStaffView | undefined => {
  if (!isSuggestionSubmitted(state)) return undefined;
  return {
    ...state,
    topicName: suggestionTopicName(policy, state.topic),
    secondCount: state.seconders.length,
    firstResponseDueAt: suggestionFirstResponseDueAt(state, policy) ?? state.submittedAt,
    firstResponseOverdue: isSuggestionResponseOverdue(state, now, policy),
  };
};
