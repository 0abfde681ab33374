import type { CourierId, StationId, SuggestionId } from "../kernel/ids.js";
import type { Instant } from "../kernel/time.js";
import type { SuggestionResponse, SuggestionStatus } from "./values.js";

/** A published response: what the author and the public read. */
export interface PublishedSuggestionResponse {
  readonly kind: SuggestionResponse["kind"];
  readonly text: string;
  readonly at: Instant;
  readonly by: string;
}

/** A response drafted by staff and not yet published. */
export interface SuggestionResponseDraft {
  readonly response: SuggestionResponse;
  readonly draftedAt: Instant;
  readonly by: string;
}

/** A progress note on an adopted suggestion, or its completion. */
export interface SuggestionProgressNote {
  readonly note: string;
  readonly at: Instant;
  readonly by: string;
}

/** A suggestion (小哥有话说) once submitted. */
export interface Suggestion {
  readonly status: SuggestionStatus;
  readonly suggestionId: SuggestionId;
  /** The author: shown to staff always, to the public only when `showAuthor`. */
  readonly authorId: CourierId;
  readonly topic: string;
  readonly text: string;
  readonly showAuthor: boolean;
  readonly submittedAt: Instant;
  /** The station it is for; absent: unknown. */
  readonly stationId?: StationId;
  /** The couriers who seconded it (附议), in order; each once. */
  readonly seconders: ReadonlyArray<CourierId>;
  /** When staff first responded (acknowledged, answered, adopted or declined). */
  readonly firstResponseAt?: Instant;
  /** Milliseconds from submission to the first response. */
  readonly firstResponseAfterMillis?: number;
  readonly acknowledgement?: { readonly at: Instant; readonly note?: string };
  readonly draft?: SuggestionResponseDraft;
  readonly response?: PublishedSuggestionResponse;
  /** The follow-through of an adopted suggestion. */
  readonly progress: ReadonlyArray<SuggestionProgressNote>;
  readonly completion?: SuggestionProgressNote;
  readonly withdrawal?: { readonly at: Instant; readonly reason?: string };
  /** When the system flagged it as waiting too long for its first response. */
  readonly responseOverdueFlaggedAt?: Instant;
  readonly updatedAt: Instant;
}

/** The state of a suggestion aggregate: nothing yet, or the suggestion. */
export type SuggestionState = { readonly status: "none" } | Suggestion;

/** The state of a suggestion before its first event. */
export const initialSuggestionState = (): SuggestionState => ({ status: "none" });

/** Whether the suggestion exists (has been submitted). */
export const isSuggestionSubmitted = (state: SuggestionState): state is Suggestion =>
  state.status !== "none";
