import type { EventEnvelope } from "@courier-station/core";
import { Context, type Effect } from "effect";

/**
 * What the outbox relay needs from the store: the events written with their
 * aggregates but not yet on the bus, and a way to say they are.
 *
 * The contract is at least once: an event read here is published and then marked;
 * a crash between the two publishes it again (JetStream drops the duplicate within
 * its window, and consumers are idempotent after it). Implementations read oldest
 * first, so events of one stream reach the bus in version order.
 */
export interface OutboxApi {
  /** Up to `limit` events not yet marked relayed, oldest first. */
  readonly readPending: (limit: number) => Effect.Effect<ReadonlyArray<EventEnvelope>, unknown>;
  /** Marks events relayed, so they are not read again. Idempotent. */
  readonly markRelayed: (events: ReadonlyArray<EventEnvelope>) => Effect.Effect<void, unknown>;
}

/** The outbox the relay drains: `yield* Outbox`. The store's layer provides it. */
export class Outbox extends Context.Tag("@courier-station/kit/Outbox")<Outbox, OutboxApi>() {}
