import { z } from "zod";
import { CourierId, StationId, SuggestionId } from "../kernel/ids.js";
import { Instant } from "../kernel/time.js";
import { SuggestionTopic } from "../policy/sections/suggestions.js";
import { SuggestionResponse, SuggestionResponseText } from "./values.js";

const event = <const Type extends string, Shape extends z.ZodRawShape>(type: Type, shape: Shape) =>
  z.strictObject({ type: z.literal(type), data: z.strictObject(shape) });

/** The id of the staff member who acted (their actor id). */
const staffActor = z.string().min(1).max(128);

/**
 * Milliseconds from submission to the first response (acknowledged, answered, adopted or
 * declined). Present only on the event that is the first response, so statistics can
 * read the time to first response from the events alone.
 */
const firstResponseAfterMillis = z.number().int().min(0).optional();

/** A courier made a suggestion. */
export const SuggestionSubmitted = event("SuggestionSubmitted", {
  suggestionId: SuggestionId,
  authorId: CourierId,
  topic: SuggestionTopic.shape.id,
  text: z.string(),
  showAuthor: z.boolean(),
  submittedAt: Instant,
  /**
   * The station it is for: named in the command, or the courier's. Absent (a courier of no
   * known station, or an event from before stations were recorded): unknown.
   */
  stationId: StationId.optional(),
});
/** A courier made a suggestion. */
export type SuggestionSubmitted = z.infer<typeof SuggestionSubmitted>;

/** Another courier seconded (附议) the suggestion. */
export const SuggestionSeconded = event("SuggestionSeconded", {
  suggestionId: SuggestionId,
  courierId: CourierId,
  secondedAt: Instant,
});
/** Another courier seconded the suggestion. */
export type SuggestionSeconded = z.infer<typeof SuggestionSeconded>;

/** The author withdrew the suggestion. */
export const SuggestionWithdrawn = event("SuggestionWithdrawn", {
  suggestionId: SuggestionId,
  authorId: CourierId,
  withdrawnAt: Instant,
  reason: SuggestionResponseText.optional(),
});
/** The author withdrew the suggestion. */
export type SuggestionWithdrawn = z.infer<typeof SuggestionWithdrawn>;

/** Staff acknowledged the suggestion; a notifier tells `authorId`. */
export const SuggestionAcknowledged = event("SuggestionAcknowledged", {
  suggestionId: SuggestionId,
  authorId: CourierId,
  acknowledgedAt: Instant,
  by: staffActor,
  note: SuggestionResponseText.optional(),
  firstResponseAfterMillis,
});
/** Staff acknowledged the suggestion. */
export type SuggestionAcknowledged = z.infer<typeof SuggestionAcknowledged>;

/** Staff drafted a response (seen by staff only until published). */
export const SuggestionResponseDrafted = event("SuggestionResponseDrafted", {
  suggestionId: SuggestionId,
  response: SuggestionResponse,
  draftedAt: Instant,
  by: staffActor,
});
/** Staff drafted a response. */
export type SuggestionResponseDrafted = z.infer<typeof SuggestionResponseDrafted>;

/** Staff discarded the draft response. */
export const SuggestionResponseDraftDiscarded = event("SuggestionResponseDraftDiscarded", {
  suggestionId: SuggestionId,
  discardedAt: Instant,
  by: staffActor,
});
/** Staff discarded the draft response. */
export type SuggestionResponseDraftDiscarded = z.infer<typeof SuggestionResponseDraftDiscarded>;

/**
 * Staff answered the suggestion (published now, or a published draft); a notifier tells
 * `authorId`.
 */
export const SuggestionAnswered = event("SuggestionAnswered", {
  suggestionId: SuggestionId,
  authorId: CourierId,
  answer: SuggestionResponseText,
  answeredAt: Instant,
  by: staffActor,
  firstResponseAfterMillis,
});
/** Staff answered the suggestion. */
export type SuggestionAnswered = z.infer<typeof SuggestionAnswered>;

/**
 * Staff adopted (采纳) the suggestion with a plan; a notifier tells `authorId`. CONTRACT:
 * `@courier-station/points` credits the author from
 * `{ suggestionId, authorId, topic, plan, adoptedAt }`.
 */
export const SuggestionAdopted = event("SuggestionAdopted", {
  suggestionId: SuggestionId,
  authorId: CourierId,
  topic: SuggestionTopic.shape.id,
  plan: SuggestionResponseText,
  adoptedAt: Instant,
  by: staffActor,
  firstResponseAfterMillis,
});
/** Staff adopted the suggestion. */
export type SuggestionAdopted = z.infer<typeof SuggestionAdopted>;

/** Staff declined the suggestion with a reason; a notifier tells `authorId`. */
export const SuggestionDeclined = event("SuggestionDeclined", {
  suggestionId: SuggestionId,
  authorId: CourierId,
  reason: SuggestionResponseText,
  declinedAt: Instant,
  by: staffActor,
  firstResponseAfterMillis,
});
/** Staff declined the suggestion. */
export type SuggestionDeclined = z.infer<typeof SuggestionDeclined>;

/** Staff recorded progress on an adopted suggestion's follow-through. */
export const SuggestionProgressRecorded = event("SuggestionProgressRecorded", {
  suggestionId: SuggestionId,
  note: SuggestionResponseText,
  recordedAt: Instant,
  by: staffActor,
});
/** Staff recorded progress on an adopted suggestion. */
export type SuggestionProgressRecorded = z.infer<typeof SuggestionProgressRecorded>;

/** What was adopted has been carried out (落实); a notifier tells `authorId`. */
export const SuggestionCompleted = event("SuggestionCompleted", {
  suggestionId: SuggestionId,
  authorId: CourierId,
  note: SuggestionResponseText,
  completedAt: Instant,
  by: staffActor,
});
/** What was adopted has been carried out. */
export type SuggestionCompleted = z.infer<typeof SuggestionCompleted>;

/**
 * The suggestion was still waiting for its first response after the policy's
 * `firstResponseDays` (due at `dueAt`), flagged once by the system. A notifier tells the
 * staff of its station.
 */
export const SuggestionResponseBecameOverdue = event("SuggestionResponseBecameOverdue", {
  suggestionId: SuggestionId,
  topic: SuggestionTopic.shape.id,
  submittedAt: Instant,
  dueAt: Instant,
  flaggedAt: Instant,
  /** The station it is for, when known. */
  stationId: StationId.optional(),
});
/** The suggestion was still waiting for its first response after its due time. */
export type SuggestionResponseBecameOverdue = z.infer<typeof SuggestionResponseBecameOverdue>;

/** Every event of the suggestion aggregate. */
export const SuggestionEvent = z.discriminatedUnion("type", [
  SuggestionSubmitted,
  SuggestionSeconded,
  SuggestionWithdrawn,
  SuggestionAcknowledged,
  SuggestionResponseDrafted,
  SuggestionResponseDraftDiscarded,
  SuggestionAnswered,
  SuggestionAdopted,
  SuggestionDeclined,
  SuggestionProgressRecorded,
  SuggestionCompleted,
  SuggestionResponseBecameOverdue,
]);
/** Every event of the suggestion aggregate. */
export type SuggestionEvent = z.infer<typeof SuggestionEvent>;
