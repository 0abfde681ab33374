import { DomainError } from "../kernel/errors.js";
import { localized } from "../kernel/localized-text.js";
import { type SuggestionStatus, suggestionStatusNames } from "./values.js";

/** A suggestion with this id already exists. */
export class SuggestionAlreadySubmitted extends DomainError("SuggestionAlreadySubmitted", {
  code: "suggestion.already_submitted",
  httpStatus: 409,
  text: (props: { readonly suggestionId: string }) =>
    localized(
      `建议 ${props.suggestionId} 已存在`,
      `Suggestion ${props.suggestionId} already exists`,
    ),
}) {}

/** No suggestion with this id has been submitted. */
export class SuggestionNotFound extends DomainError("SuggestionNotFound", {
  code: "suggestion.not_found",
  httpStatus: 404,
  text: (props: { readonly suggestionId: string }) =>
    localized(`找不到建议 ${props.suggestionId}`, `Suggestion ${props.suggestionId} was not found`),
}) {}

/** Only active couriers suggest and second. */
export class SuggestionCourierNotActive extends DomainError("SuggestionCourierNotActive", {
  code: "suggestion.courier_not_active",
  httpStatus: 422,
  text: (props: { readonly courierId: string; readonly status: string }) =>
    localized(
      `小哥 ${props.courierId} 当前状态为“${props.status}”，只有已激活的小哥才能提建议或附议`,
      `Courier ${props.courierId} is ${props.status}; only active couriers can suggest or second`,
    ),
}) {}

/** The topic is not one of the community policy's suggestion topics. */
export class UnknownSuggestionTopic extends DomainError("UnknownSuggestionTopic", {
  code: "suggestion.unknown_topic",
  httpStatus: 422,
  text: (props: { readonly topic: string }) =>
    localized(
      `社区政策中没有建议主题“${props.topic}”`,
      `The community policy has no suggestion topic "${props.topic}"`,
    ),
}) {}

/** The suggestion or a response is longer than the policy allows. */
export class SuggestionTextTooLong extends DomainError("SuggestionTextTooLong", {
  code: "suggestion.text_too_long",
  httpStatus: 422,
  text: (props: { readonly length: number; readonly max: number }) =>
    localized(
      `内容有 ${props.length} 个字符，最多 ${props.max} 个`,
      `The text has ${props.length} characters; at most ${props.max} are allowed`,
    ),
}) {}

/** The author cannot second their own suggestion. */
export class CannotSecondOwnSuggestion extends DomainError("CannotSecondOwnSuggestion", {
  code: "suggestion.own_suggestion",
  httpStatus: 422,
  text: (props: { readonly suggestionId: string }) =>
    localized(
      `不能附议自己的建议 ${props.suggestionId}`,
      `You cannot second your own suggestion ${props.suggestionId}`,
    ),
}) {}

/** A courier seconds a suggestion once. */
export class AlreadySeconded extends DomainError("AlreadySeconded", {
  code: "suggestion.already_seconded",
  httpStatus: 422,
  text: (props: { readonly suggestionId: string; readonly courierId: string }) =>
    localized(
      `小哥 ${props.courierId} 已附议过建议 ${props.suggestionId}`,
      `Courier ${props.courierId} has already seconded suggestion ${props.suggestionId}`,
    ),
}) {}

/** Only the author may withdraw their suggestion. */
export class NotTheAuthor extends DomainError("NotTheAuthor", {
  code: "suggestion.not_author",
  httpStatus: 403,
  text: (props: { readonly suggestionId: string; readonly actorId: string }) =>
    localized(
      `只有建议 ${props.suggestionId} 的作者才能撤回，${props.actorId} 不是作者`,
      `Only the author of suggestion ${props.suggestionId} may withdraw it; ${props.actorId} is not`,
    ),
}) {}

/** There is no draft response to publish or discard. */
export class NoSuggestionResponseDraft extends DomainError("NoSuggestionResponseDraft", {
  code: "suggestion.no_draft",
  httpStatus: 422,
  text: (props: { readonly suggestionId: string }) =>
    localized(
      `建议 ${props.suggestionId} 没有待发布的答复草稿`,
      `Suggestion ${props.suggestionId} has no draft response`,
    ),
}) {}

/** A step of a suggestion's lifecycle, as a refusal names it. */
export type SuggestionStep =
  | "second"
  | "withdraw"
  | "acknowledge"
  | "respond"
  | "record-progress"
  | "complete";

const stepNames: Readonly<Record<SuggestionStep, readonly [string, string]>> = {
  second: ["附议", "second"],
  withdraw: ["撤回", "withdraw"],
  acknowledge: ["确认收到", "acknowledge"],
  respond: ["答复", "respond to"],
  "record-progress": ["记录落实进展", "record progress on"],
  complete: ["标记为已落实", "complete"],
};

/** The step cannot be taken in the suggestion's current status. */
export class SuggestionTransitionNotAllowed extends DomainError("SuggestionTransitionNotAllowed", {
  code: "suggestion.transition_not_allowed",
  httpStatus: 422,
  text: (props: {
    readonly suggestionId: string;
    readonly status: SuggestionStatus;
    readonly step: SuggestionStep;
  }) => {
    const [zhCN, en] = stepNames[props.step];
    const status = suggestionStatusNames[props.status];
    return localized(
      `建议 ${props.suggestionId} 当前状态为“${status["zh-CN"]}”，不能${zhCN}`,
      `Suggestion ${props.suggestionId} is ${status.en}; cannot ${en} it`,
    );
  },
}) {}

/** The suggestion does not wait for a first response past its due time (or was already flagged). */
export class SuggestionResponseNotOverdue extends DomainError("SuggestionResponseNotOverdue", {
  code: "suggestion.response_not_overdue",
  httpStatus: 422,
  text: (props: { readonly suggestionId: string; readonly alreadyFlagged: boolean }) =>
    props.alreadyFlagged
      ? localized(
          `建议 ${props.suggestionId} 已被标记为逾期未回应`,
          `Suggestion ${props.suggestionId} was already flagged as waiting too long for a response`,
        )
      : localized(
          `建议 ${props.suggestionId} 未逾期：已回应、已撤回或仍在回应期限内`,
          `Suggestion ${props.suggestionId} is not overdue: it was responded to, withdrawn, or is still within its response time`,
        ),
}) {}

/** Every refusal of the suggestion decider. */
export type SuggestionError =
  | SuggestionAlreadySubmitted
  | SuggestionNotFound
  | SuggestionCourierNotActive
  | UnknownSuggestionTopic
  | SuggestionTextTooLong
  | CannotSecondOwnSuggestion
  | AlreadySeconded
  | NotTheAuthor
  | NoSuggestionResponseDraft
  | SuggestionTransitionNotAllowed
  | SuggestionResponseNotOverdue;
