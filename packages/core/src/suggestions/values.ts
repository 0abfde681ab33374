import { z } from "zod";
import { type LocalizedText, localized } from "../kernel/localized-text.js";
import { freeText } from "../kernel/text.js";

/**
 * Text staff write about a suggestion (an answer, a plan, a reason, a progress note):
 * trimmed, not empty; the policy's `maxResponseLength` is checked when deciding.
 */
export const SuggestionResponseText = freeText({
  subject: { zhCN: "内容", en: "the text" },
  max: 10_000,
});
/** Text staff write about a suggestion. */
export type SuggestionResponseText = z.infer<typeof SuggestionResponseText>;

/**
 * A response to a suggestion: an `answer` (a reply, e.g. an explanation), `adopt` (采纳,
 * with the `plan`: what will be done) or `decline` (with the `reason`).
 *
 * @example
 * { kind: "adopt", plan: "驿站增设两个电瓶车充电柜，12 月底前完成" }
 */
export const SuggestionResponse = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("answer"), answer: SuggestionResponseText }),
  z.strictObject({ kind: z.literal("adopt"), plan: SuggestionResponseText }),
  z.strictObject({ kind: z.literal("decline"), reason: SuggestionResponseText }),
]);
/** A response to a suggestion. */
export type SuggestionResponse = z.infer<typeof SuggestionResponse>;

/** The text of a response, whatever its kind. */
export const textOfSuggestionResponse = (response: SuggestionResponse): string => {
  switch (response.kind) {
    case "answer":
      return response.answer;
    case "adopt":
      return response.plan;
    case "decline":
      return response.reason;
  }
};

/**
 * Where a suggestion (小哥有话说) is in its lifecycle:
 *
 * - `submitted`: a courier made it; other couriers may second it (附议);
 * - `acknowledged`: staff have seen it and will respond; still open to seconds;
 * - `answered`: staff replied (an explanation, a referral);
 * - `adopted` (采纳): the community will act on it, with a plan; progress is tracked;
 * - `completed`: what was adopted has been done;
 * - `declined`: not taken up, with a reason;
 * - `withdrawn`: the author took it back before a response.
 */
export const SuggestionStatus = z.enum([
  "submitted",
  "acknowledged",
  "answered",
  "adopted",
  "completed",
  "declined",
  "withdrawn",
]);
/** Where a suggestion is in its lifecycle. */
export type SuggestionStatus = z.infer<typeof SuggestionStatus>;

/** The name of each suggestion status in zh-CN and en, for messages and screens. */
export const suggestionStatusNames: Readonly<Record<SuggestionStatus, LocalizedText>> = {
  submitted: localized("待回应", "submitted"),
  acknowledged: localized("已收到", "acknowledged"),
  answered: localized("已答复", "answered"),
  adopted: localized("已采纳", "adopted"),
  completed: localized("已落实", "completed"),
  declined: localized("未采纳", "declined"),
  withdrawn: localized("已撤回", "withdrawn"),
};

/** The statuses in which a suggestion waits for its answer: it can be seconded and withdrawn. */
export const openSuggestionStatuses: ReadonlyArray<SuggestionStatus> = [
  "submitted",
  "acknowledged",
];

/** The statuses a suggestion does not leave. */
export const terminalSuggestionStatuses: ReadonlyArray<SuggestionStatus> = [
  "answered",
  "completed",
  "declined",
  "withdrawn",
];
