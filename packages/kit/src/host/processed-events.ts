import { Context, type Effect } from "effect";

/**
 * The events a consumer has finished, kept in the store so that a redelivered event
 * (after a lost ack, a restart, or a republish after JetStream's duplicate window) is
 * skipped instead of handled again.
 *
 * The host records an event after its handler succeeded, so a crash between the
 * handler's write and the record still redelivers it: handlers keep their effects
 * idempotent by themselves too (a command id derived from the event id, a read model
 * upsert guarded by the event's version). The record makes the common case cheap; the
 * handler's own idempotency makes the rare case correct.
 */
export interface ProcessedEventsApi {
  /** Whether `consumer` has recorded `eventId` as processed. */
  readonly has: (consumer: string, eventId: string) => Effect.Effect<boolean, unknown>;
  /** Records `eventId` as processed by `consumer`. Idempotent. */
  readonly record: (consumer: string, eventId: string) => Effect.Effect<void, unknown>;
}

/** The store's record of processed events: `yield* ProcessedEvents`. */
export class ProcessedEvents extends Context.Tag("@courier-station/kit/ProcessedEvents")<
  ProcessedEvents,
  ProcessedEventsApi
>() {}
