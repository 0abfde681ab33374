import { z } from "zod";
import { StationId, SuggestionId } from "../kernel/ids.js";
import { freeText } from "../kernel/text.js";
import { SuggestionTopic } from "../policy/sections/suggestions.js";
import { SuggestionResponse, SuggestionResponseText } from "./values.js";

const command = <const Type extends string, Shape extends z.ZodRawShape>(
  type: Type,
  shape: Shape,
) => z.strictObject({ type: z.literal(type), data: z.strictObject(shape) });

/**
 * A courier makes a suggestion (小哥有话说) to the community. The author is the courier
 * who sends it; `showAuthor` says whether the public may see who wrote it (default no).
 * The suggestion belongs to the station it names, or else to the courier's own station.
 *
 * @example
 * { type: "SubmitSuggestion", data: { suggestionId: "s-1", topic: "station-services",
 *   text: "希望驿站晚上开到十点", showAuthor: false } }
 */
export const SubmitSuggestion = command("SubmitSuggestion", {
  suggestionId: SuggestionId,
  topic: SuggestionTopic.shape.id,
  text: freeText({ subject: { zhCN: "建议内容", en: "a suggestion" }, max: 10_000 }),
  showAuthor: z.boolean().default(false),
  /** The station the suggestion is for; absent: the courier's own station (报到站点). */
  stationId: StationId.optional(),
});
/** A courier makes a suggestion. */
export type SubmitSuggestion = z.infer<typeof SubmitSuggestion>;

/** Another courier seconds (附议) an open suggestion, once each. */
export const SecondSuggestion = command("SecondSuggestion", { suggestionId: SuggestionId });
/** Another courier seconds a suggestion. */
export type SecondSuggestion = z.infer<typeof SecondSuggestion>;

/** The author withdraws their suggestion before it is answered. */
export const WithdrawSuggestion = command("WithdrawSuggestion", {
  suggestionId: SuggestionId,
  reason: SuggestionResponseText.optional(),
});
/** The author withdraws their suggestion. */
export type WithdrawSuggestion = z.infer<typeof WithdrawSuggestion>;

/** Staff acknowledge a suggestion (the first response, when it comes before the answer). */
export const AcknowledgeSuggestion = command("AcknowledgeSuggestion", {
  suggestionId: SuggestionId,
  note: SuggestionResponseText.optional(),
});
/** Staff acknowledge a suggestion. */
export type AcknowledgeSuggestion = z.infer<typeof AcknowledgeSuggestion>;

/**
 * Staff draft a response to publish later (staff only see it; drafting again replaces
 * it). Publishing it is `PublishSuggestionResponse`.
 */
export const DraftSuggestionResponse = command("DraftSuggestionResponse", {
  suggestionId: SuggestionId,
  response: SuggestionResponse,
});
/** Staff draft a response. */
export type DraftSuggestionResponse = z.infer<typeof DraftSuggestionResponse>;

/** Staff discard the draft response. */
export const DiscardSuggestionResponseDraft = command("DiscardSuggestionResponseDraft", {
  suggestionId: SuggestionId,
});
/** Staff discard the draft response. */
export type DiscardSuggestionResponseDraft = z.infer<typeof DiscardSuggestionResponseDraft>;

/** Staff publish the drafted response: the suggestion is answered, adopted or declined. */
export const PublishSuggestionResponse = command("PublishSuggestionResponse", {
  suggestionId: SuggestionId,
});
/** Staff publish the drafted response. */
export type PublishSuggestionResponse = z.infer<typeof PublishSuggestionResponse>;

/** Staff answer a suggestion now (a reply that neither adopts nor declines it). */
export const AnswerSuggestion = command("AnswerSuggestion", {
  suggestionId: SuggestionId,
  answer: SuggestionResponseText,
});
/** Staff answer a suggestion. */
export type AnswerSuggestion = z.infer<typeof AnswerSuggestion>;

/** Staff adopt (采纳) a suggestion now, saying what will be done. */
export const AdoptSuggestion = command("AdoptSuggestion", {
  suggestionId: SuggestionId,
  plan: SuggestionResponseText,
});
/** Staff adopt a suggestion. */
export type AdoptSuggestion = z.infer<typeof AdoptSuggestion>;

/** Staff decline a suggestion now, with the reason. */
export const DeclineSuggestion = command("DeclineSuggestion", {
  suggestionId: SuggestionId,
  reason: SuggestionResponseText,
});
/** Staff decline a suggestion. */
export type DeclineSuggestion = z.infer<typeof DeclineSuggestion>;

/** Staff record progress on an adopted suggestion's follow-through. */
export const RecordSuggestionProgress = command("RecordSuggestionProgress", {
  suggestionId: SuggestionId,
  note: SuggestionResponseText,
});
/** Staff record progress on an adopted suggestion. */
export type RecordSuggestionProgress = z.infer<typeof RecordSuggestionProgress>;

/** Staff record that an adopted suggestion has been carried out (落实). */
export const CompleteSuggestion = command("CompleteSuggestion", {
  suggestionId: SuggestionId,
  note: SuggestionResponseText,
});
/** Staff record that an adopted suggestion has been carried out. */
export type CompleteSuggestion = z.infer<typeof CompleteSuggestion>;

/**
 * The `system` flags a suggestion still waiting for its first response after the
 * policy's `firstResponseDays` (`isSuggestionResponseOverdue`), once, so that staff are
 * told (`SuggestionResponseBecameOverdue`). A timer in the reports service sends it.
 */
export const FlagSuggestionResponseOverdue = command("FlagSuggestionResponseOverdue", {
  suggestionId: SuggestionId,
});
/** The system flags a suggestion whose first response is overdue. */
export type FlagSuggestionResponseOverdue = z.infer<typeof FlagSuggestionResponseOverdue>;

/** Every command of the suggestion aggregate. */
export const SuggestionCommand = z.discriminatedUnion("type", [
  SubmitSuggestion,
  SecondSuggestion,
  WithdrawSuggestion,
  AcknowledgeSuggestion,
  DraftSuggestionResponse,
  DiscardSuggestionResponseDraft,
  PublishSuggestionResponse,
  AnswerSuggestion,
  AdoptSuggestion,
  DeclineSuggestion,
  RecordSuggestionProgress,
  CompleteSuggestion,
  FlagSuggestionResponseOverdue,
]);
/** Every command of the suggestion aggregate. */
export type SuggestionCommand = z.infer<typeof SuggestionCommand>;

/** The type names of every suggestion command, e.g. for the permission table's test. */
export const suggestionCommandTypes: ReadonlyArray<SuggestionCommand["type"]> =
  SuggestionCommand.options.map((option) => option.shape.type.value);
