import type { EventEnvelope } from "@courier-station/core";
import { Effect, Layer } from "effect";
import { Outbox, type OutboxApi } from "../../relay/outbox.js";
import { Leases, type LeasesApi } from "../leases.js";
import { ProcessedEvents, type ProcessedEventsApi } from "../processed-events.js";

/*
 * In-memory Outbox, Leases and ProcessedEvents for the host's and the relay's own
 * tests, with switches to make them fail. Services test against the store's memory
 * adapter instead; this is not exported from the package.
 */

/** A failure the tests inject. */
export class InjectedFailure extends Error {
  constructor(what: string) {
    super(`injected failure: ${what}`);
    this.name = "InjectedFailure";
  }
}

/** An in-memory outbox with switches. */
export interface MemoryOutbox extends OutboxApi {
  /** Adds events as if an aggregate write had put them in its outbox. */
  readonly add: (events: ReadonlyArray<EventEnvelope>) => void;
  /** Events not yet marked relayed. */
  readonly pendingCount: () => number;
  /** How many more `readPending` calls fail. */
  failReads: number;
  /** How many more `markRelayed` calls fail (a crash between publish and mark). */
  failMarks: number;
}

/** Makes an in-memory outbox. */
export const memoryOutbox = (): MemoryOutbox => {
  const entries: Array<{ readonly event: EventEnvelope; relayed: boolean }> = [];
  const outbox: MemoryOutbox = {
    failReads: 0,
    failMarks: 0,
    add: (events) => {
      for (const event of events) entries.push({ event, relayed: false });
    },
    pendingCount: () => entries.filter((entry) => !entry.relayed).length,
    readPending: (limit) =>
      Effect.suspend(() => {
        if (outbox.failReads > 0) {
          outbox.failReads -= 1;
          return Effect.fail(new InjectedFailure("read the outbox"));
        }
        return Effect.succeed(
          entries
            .filter((entry) => !entry.relayed)
            .slice(0, limit)
            .map((entry) => entry.event),
        );
      }),
    markRelayed: (events) =>
      Effect.suspend(() => {
        if (outbox.failMarks > 0) {
          outbox.failMarks -= 1;
          return Effect.fail(new InjectedFailure("mark events relayed"));
        }
        const ids = new Set(events.map((event) => event.id));
        for (const entry of entries) if (ids.has(entry.event.id)) entry.relayed = true;
        return Effect.void;
      }),
  };
  return outbox;
};

/** In-memory leases on the system clock. */
export const memoryLeases = (): LeasesApi => {
  const leases = new Map<string, { owner: string; until: number }>();
  return {
    acquire: ({ name, owner, ttlMs }) =>
      Effect.sync(() => {
        const now = Date.now();
        const current = leases.get(name);
        if (current !== undefined && current.owner !== owner && current.until > now) return false;
        leases.set(name, { owner, until: now + ttlMs });
        return true;
      }),
    release: ({ name, owner }) =>
      Effect.sync(() => {
        if (leases.get(name)?.owner === owner) leases.delete(name);
      }),
  };
};

/** An in-memory record of processed events. */
export const memoryProcessedEvents = (): ProcessedEventsApi & { readonly size: () => number } => {
  const processed = new Set<string>();
  return {
    has: (consumer, eventId) => Effect.sync(() => processed.has(`${consumer}\u0001${eventId}`)),
    record: (consumer, eventId) =>
      Effect.sync(() => {
        processed.add(`${consumer}\u0001${eventId}`);
      }),
    size: () => processed.size,
  };
};

/** Layers of the three, sharing the given instances (so two "processes" can share a store). */
export const memoryCapabilities = (parts: {
  readonly outbox?: OutboxApi;
  readonly leases?: LeasesApi;
  readonly processed?: ProcessedEventsApi;
}): Layer.Layer<Outbox | Leases | ProcessedEvents> =>
  Layer.mergeAll(
    Layer.succeed(Outbox, parts.outbox ?? memoryOutbox()),
    Layer.succeed(Leases, parts.leases ?? memoryLeases()),
    Layer.succeed(ProcessedEvents, parts.processed ?? memoryProcessedEvents()),
  );
