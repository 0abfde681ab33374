import { Either } from "effect";
import type { CourierFacts } from "../couriers/facts.js";
import { accept, type Decision, type DecisionContext, refuse } from "../kernel/decider.js";
import { millisOf } from "../kernel/time.js";
import type { CommunityPolicy } from "../policy/schema.js";
import type { SuggestionCommand } from "./commands.js";
import { isSuggestionResponseOverdue, suggestionFirstResponseDueAt } from "./deadlines.js";
import {
  AlreadySeconded,
  CannotSecondOwnSuggestion,
  NoSuggestionResponseDraft,
  NotTheAuthor,
  SuggestionAlreadySubmitted,
  SuggestionCourierNotActive,
  type SuggestionError,
  SuggestionNotFound,
  SuggestionResponseNotOverdue,
  type SuggestionStep,
  SuggestionTextTooLong,
  SuggestionTransitionNotAllowed,
  UnknownSuggestionTopic,
} from "./errors.js";
import type { SuggestionEvent } from "./events.js";
import { isSuggestionSubmitted, type Suggestion, type SuggestionState } from "./state.js";
import {
  openSuggestionStatuses,
  type SuggestionResponse,
  textOfSuggestionResponse,
} from "./values.js";

/**
 * The decision context of suggestions: the community policy and, when a courier acts,
 * their facts (only active couriers suggest and second).
 */
export interface SuggestionDecisionContext extends DecisionContext {
  readonly policy: CommunityPolicy;
  /** The facts of the acting courier, when a courier acts. */
  readonly courier?: CourierFacts;
}

type SuggestionDecision = Decision<SuggestionEvent, SuggestionError>;

const notAllowed = (suggestion: Suggestion, step: SuggestionStep): SuggestionDecision =>
  refuse(
    new SuggestionTransitionNotAllowed({
      suggestionId: suggestion.suggestionId,
      status: suggestion.status,
      step,
    }),
  );

const isOpen = (suggestion: Suggestion): boolean =>
  openSuggestionStatuses.includes(suggestion.status);

// The acting courier must be the one the service looked up, and active.
const actingCourier = (
  context: SuggestionDecisionContext,
): Either.Either<CourierFacts, SuggestionError> => {
  const courier = context.courier;
  if (courier === undefined || courier.courierId !== context.actor.id) {
    return Either.left(
      new SuggestionCourierNotActive({ courierId: context.actor.id, status: "unknown" }),
    );
  }
  if (courier.status !== "active") {
    return Either.left(
      new SuggestionCourierNotActive({ courierId: courier.courierId, status: courier.status }),
    );
  }
  return Either.right(courier);
};

const tooLong = (text: string, max: number): SuggestionError | undefined =>
  text.length > max ? new SuggestionTextTooLong({ length: text.length, max }) : undefined;

// Present only on the first response, so the time to first response is in the events.
const firstResponse = (
  suggestion: Suggestion,
  context: DecisionContext,
): { firstResponseAfterMillis?: number } =>
  suggestion.firstResponseAt === undefined
    ? { firstResponseAfterMillis: millisOf(context.now) - millisOf(suggestion.submittedAt) }
    : {};

const respond = (
  suggestion: Suggestion,
  response: SuggestionResponse,
  context: SuggestionDecisionContext,
): SuggestionDecision => {
  if (!isOpen(suggestion)) return notAllowed(suggestion, "respond");
  const long = tooLong(
    textOfSuggestionResponse(response),
    context.policy.suggestions.maxResponseLength,
  );
  if (long !== undefined) return refuse(long);
  const common = {
    suggestionId: suggestion.suggestionId,
    authorId: suggestion.authorId,
    by: context.actor.id,
    ...firstResponse(suggestion, context),
  };
  switch (response.kind) {
    case "answer":
      return accept({
        type: "SuggestionAnswered",
        data: { ...common, answer: response.answer, answeredAt: context.now },
      });
    case "adopt":
      return accept({
        type: "SuggestionAdopted",
        data: { ...common, topic: suggestion.topic, plan: response.plan, adoptedAt: context.now },
      });
    case "decline":
      return accept({
        type: "SuggestionDeclined",
        data: { ...common, reason: response.reason, declinedAt: context.now },
      });
  }
};

const decideSubmit = (
  command: Extract<SuggestionCommand, { type: "SubmitSuggestion" }>,
  state: SuggestionState,
  context: SuggestionDecisionContext,
): SuggestionDecision => {
  const data = command.data;
  if (isSuggestionSubmitted(state)) {
    return refuse(new SuggestionAlreadySubmitted({ suggestionId: data.suggestionId }));
  }
  const author = actingCourier(context);
  if (Either.isLeft(author)) return refuse(author.left);
  const policy = context.policy.suggestions;
  if (!policy.topics.some((topic) => topic.id === data.topic)) {
    return refuse(new UnknownSuggestionTopic({ topic: data.topic }));
  }
  const long = tooLong(data.text, policy.maxTextLength);
  if (long !== undefined) return refuse(long);
  const stationId = data.stationId ?? author.right.stationId;
  return accept({
    type: "SuggestionSubmitted",
    data: {
      suggestionId: data.suggestionId,
      authorId: author.right.courierId,
      topic: data.topic,
      text: data.text,
      showAuthor: data.showAuthor,
      submittedAt: context.now,
      ...(stationId === undefined ? {} : { stationId }),
    },
  });
};

/**
 * Every rule of a suggestion (小哥有话说), one `case` per command. Who may send each
 * command is in the permission table; whose suggestion it is, is decided here.
 *
 * - Only active couriers suggest (on a topic of the policy, within its length) and
 *   second (附议): not their own, once each, while the suggestion is open.
 * - The author may withdraw it while it is open (before an answer).
 * - Staff acknowledge it, draft a response and publish it later, or answer, adopt (采纳,
 *   with a plan) or decline (with a reason) at once; the first of these is the first
 *   response, and its event carries the time since submission.
 * - An adopted suggestion's follow-through is recorded as progress notes until it is
 *   completed. `answered`, `declined`, `completed` and `withdrawn` are terminal.
 * - The system flags a suggestion still waiting for its first response after the
 *   policy's `firstResponseDays`, once.
 *
 * @example
 * const decision = decideSuggestion(command, state, { now, actor, community, policy, courier });
 */
export const decideSuggestion = (
  command: SuggestionCommand,
  state: SuggestionState,
  context: SuggestionDecisionContext,
): SuggestionDecision => {
  if (command.type === "SubmitSuggestion") return decideSubmit(command, state, context);
  if (!isSuggestionSubmitted(state)) {
    return refuse(new SuggestionNotFound({ suggestionId: command.data.suggestionId }));
  }
  const suggestion = state;
  const suggestionId = suggestion.suggestionId;
  const now = context.now;
  const by = context.actor.id;
  const maxResponseLength = context.policy.suggestions.maxResponseLength;

  switch (command.type) {
    case "SecondSuggestion": {
      if (!isOpen(suggestion)) return notAllowed(suggestion, "second");
      const seconder = actingCourier(context);
      if (Either.isLeft(seconder)) return refuse(seconder.left);
      const courierId = seconder.right.courierId;
      if (courierId === suggestion.authorId) {
        return refuse(new CannotSecondOwnSuggestion({ suggestionId }));
      }
      if (suggestion.seconders.includes(courierId)) {
        return refuse(new AlreadySeconded({ suggestionId, courierId }));
      }
      return accept({
        type: "SuggestionSeconded",
        data: { suggestionId, courierId, secondedAt: now },
      });
    }
    case "WithdrawSuggestion": {
      if (context.actor.id !== suggestion.authorId) {
        return refuse(new NotTheAuthor({ suggestionId, actorId: context.actor.id }));
      }
      if (!isOpen(suggestion)) return notAllowed(suggestion, "withdraw");
      const reason = command.data.reason;
      return accept({
        type: "SuggestionWithdrawn",
        data: {
          suggestionId,
          authorId: suggestion.authorId,
          withdrawnAt: now,
          ...(reason === undefined ? {} : { reason }),
        },
      });
    }
    case "AcknowledgeSuggestion": {
      if (suggestion.status !== "submitted") return notAllowed(suggestion, "acknowledge");
      const note = command.data.note;
      const long = note === undefined ? undefined : tooLong(note, maxResponseLength);
      if (long !== undefined) return refuse(long);
      return accept({
        type: "SuggestionAcknowledged",
        data: {
          suggestionId,
          authorId: suggestion.authorId,
          acknowledgedAt: now,
          by,
          ...(note === undefined ? {} : { note }),
          ...firstResponse(suggestion, context),
        },
      });
    }
    case "DraftSuggestionResponse": {
      if (!isOpen(suggestion)) return notAllowed(suggestion, "respond");
      const long = tooLong(textOfSuggestionResponse(command.data.response), maxResponseLength);
      if (long !== undefined) return refuse(long);
      return accept({
        type: "SuggestionResponseDrafted",
        data: { suggestionId, response: command.data.response, draftedAt: now, by },
      });
    }
    case "DiscardSuggestionResponseDraft":
      if (suggestion.draft === undefined) {
        return refuse(new NoSuggestionResponseDraft({ suggestionId }));
      }
      return accept({
        type: "SuggestionResponseDraftDiscarded",
        data: { suggestionId, discardedAt: now, by },
      });
    case "PublishSuggestionResponse":
      if (suggestion.draft === undefined) {
        return refuse(new NoSuggestionResponseDraft({ suggestionId }));
      }
      return respond(suggestion, suggestion.draft.response, context);
    case "AnswerSuggestion":
      return respond(suggestion, { kind: "answer", answer: command.data.answer }, context);
    case "AdoptSuggestion":
      return respond(suggestion, { kind: "adopt", plan: command.data.plan }, context);
    case "DeclineSuggestion":
      return respond(suggestion, { kind: "decline", reason: command.data.reason }, context);
    case "RecordSuggestionProgress": {
      if (suggestion.status !== "adopted") return notAllowed(suggestion, "record-progress");
      const long = tooLong(command.data.note, maxResponseLength);
      if (long !== undefined) return refuse(long);
      return accept({
        type: "SuggestionProgressRecorded",
        data: { suggestionId, note: command.data.note, recordedAt: now, by },
      });
    }
    case "FlagSuggestionResponseOverdue": {
      const policy = context.policy.suggestions;
      const dueAt = suggestionFirstResponseDueAt(suggestion, policy);
      const alreadyFlagged = suggestion.responseOverdueFlaggedAt !== undefined;
      if (
        alreadyFlagged ||
        dueAt === undefined ||
        !isSuggestionResponseOverdue(suggestion, now, policy)
      ) {
        return refuse(new SuggestionResponseNotOverdue({ suggestionId, alreadyFlagged }));
      }
      return accept({
        type: "SuggestionResponseBecameOverdue",
        data: {
          suggestionId,
          topic: suggestion.topic,
          submittedAt: suggestion.submittedAt,
          dueAt,
          flaggedAt: now,
          ...(suggestion.stationId === undefined ? {} : { stationId: suggestion.stationId }),
        },
      });
    }
    case "CompleteSuggestion": {
      if (suggestion.status !== "adopted") return notAllowed(suggestion, "complete");
      const long = tooLong(command.data.note, maxResponseLength);
      if (long !== undefined) return refuse(long);
      return accept({
        type: "SuggestionCompleted",
        data: {
          suggestionId,
          authorId: suggestion.authorId,
          note: command.data.note,
          completedAt: now,
          by,
        },
      });
    }
  }
};
