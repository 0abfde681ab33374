import type { SuggestionEvent } from "./events.js";
import { isSuggestionSubmitted, type Suggestion, type SuggestionState } from "./state.js";

const firstResponseOf = (
  suggestion: Suggestion,
  at: Suggestion["submittedAt"],
  afterMillis: number | undefined,
): Partial<Suggestion> =>
  suggestion.firstResponseAt === undefined && afterMillis !== undefined
    ? { firstResponseAt: at, firstResponseAfterMillis: afterMillis }
    : {};

// A published response replaces any draft.
const published = (
  suggestion: Suggestion,
  changes: Partial<Suggestion> & Pick<Suggestion, "updatedAt">,
): Suggestion => {
  const { draft: _draft, ...rest } = suggestion;
  return { ...rest, ...changes };
};

/**
 * The state of a suggestion after an event. No rules: every event `decideSuggestion`
 * produces is applied as it is.
 *
 * @example
 * const state = events.reduce(evolveSuggestion, initialSuggestionState());
 */
export const evolveSuggestion = (
  state: SuggestionState,
  event: SuggestionEvent,
): SuggestionState => {
  if (event.type === "SuggestionSubmitted") {
    const data = event.data;
    return {
      status: "submitted",
      suggestionId: data.suggestionId,
      authorId: data.authorId,
      topic: data.topic,
      text: data.text,
      showAuthor: data.showAuthor,
      submittedAt: data.submittedAt,
      ...(data.stationId === undefined ? {} : { stationId: data.stationId }),
      seconders: [],
      progress: [],
      updatedAt: data.submittedAt,
    };
  }
  // An event for a suggestion that does not exist cannot come from decide; ignore it.
  if (!isSuggestionSubmitted(state)) return state;
  const suggestion = state;

  switch (event.type) {
    case "SuggestionSeconded":
      return {
        ...suggestion,
        seconders: [...suggestion.seconders, event.data.courierId],
        updatedAt: event.data.secondedAt,
      };
    case "SuggestionWithdrawn": {
      const { withdrawnAt, reason } = event.data;
      const { draft: _draft, ...rest } = suggestion;
      return {
        ...rest,
        status: "withdrawn",
        withdrawal: reason === undefined ? { at: withdrawnAt } : { at: withdrawnAt, reason },
        updatedAt: withdrawnAt,
      };
    }
    case "SuggestionAcknowledged": {
      const { acknowledgedAt, note, firstResponseAfterMillis } = event.data;
      return {
        ...suggestion,
        ...firstResponseOf(suggestion, acknowledgedAt, firstResponseAfterMillis),
        status: "acknowledged",
        acknowledgement: note === undefined ? { at: acknowledgedAt } : { at: acknowledgedAt, note },
        updatedAt: acknowledgedAt,
      };
    }
    case "SuggestionResponseDrafted": {
      const { response, draftedAt, by } = event.data;
      return { ...suggestion, draft: { response, draftedAt, by }, updatedAt: draftedAt };
    }
    case "SuggestionResponseDraftDiscarded": {
      const { draft: _draft, ...rest } = suggestion;
      return { ...rest, updatedAt: event.data.discardedAt };
    }
    case "SuggestionAnswered": {
      const { answer, answeredAt, by, firstResponseAfterMillis } = event.data;
      return published(suggestion, {
        ...firstResponseOf(suggestion, answeredAt, firstResponseAfterMillis),
        status: "answered",
        response: { kind: "answer", text: answer, at: answeredAt, by },
        updatedAt: answeredAt,
      });
    }
    case "SuggestionAdopted": {
      const { plan, adoptedAt, by, firstResponseAfterMillis } = event.data;
      return published(suggestion, {
        ...firstResponseOf(suggestion, adoptedAt, firstResponseAfterMillis),
        status: "adopted",
        response: { kind: "adopt", text: plan, at: adoptedAt, by },
        updatedAt: adoptedAt,
      });
    }
    case "SuggestionDeclined": {
      const { reason, declinedAt, by, firstResponseAfterMillis } = event.data;
      return published(suggestion, {
        ...firstResponseOf(suggestion, declinedAt, firstResponseAfterMillis),
        status: "declined",
        response: { kind: "decline", text: reason, at: declinedAt, by },
        updatedAt: declinedAt,
      });
    }
    case "SuggestionProgressRecorded": {
      const { note, recordedAt, by } = event.data;
      return {
        ...suggestion,
        progress: [...suggestion.progress, { note, at: recordedAt, by }],
        updatedAt: recordedAt,
      };
    }
    case "SuggestionResponseBecameOverdue":
      // A flag about the suggestion, not a change of it: `updatedAt` stays.
      return { ...suggestion, responseOverdueFlaggedAt: event.data.flaggedAt };
    case "SuggestionCompleted": {
      const { note, completedAt, by } = event.data;
      return {
        ...suggestion,
        status: "completed",
        completion: { note, at: completedAt, by },
        updatedAt: completedAt,
      };
    }
  }
};
