import type { EventEnvelope } from "@courier-station/core";
import { Effect, Layer } from "effect";
import { Outbox, type OutboxApi } from "../../relay/outbox.js";
import { makeMemoryStore } from "../../store/memory-store.js";
import { StoreCorrupt } from "../../store/store-errors.js";
import { Leases, type LeasesApi } from "../leases.js";
import { ProcessedEvents, type ProcessedEventsApi } from "../processed-events.js";

/*
 * Outbox, Leases and ProcessedEvents for the host's and the relay's own tests. Leases
 * and processed events are the memory store's; the outbox here takes any events (the
 * store's takes only appends) and has switches to make it fail. Services test against
 * `MemoryStore.layer()` instead; this is not exported from the package.
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
  /** Whether the store behind it is corrupt: every call fails with `StoreCorrupt`. */
  corrupt: boolean;
  /** How many times `readPending` was called. */
  readonly reads: () => number;
}

/** Makes an in-memory outbox. */
export const memoryOutbox = (): MemoryOutbox => {
  const entries: Array<{ readonly event: EventEnvelope; relayed: boolean }> = [];
  let reads = 0;
  const corruption = () =>
    new StoreCorrupt({ location: "memory", problem: "damaged", detail: "injected by the test" });
  const outbox: MemoryOutbox = {
    failReads: 0,
    failMarks: 0,
    corrupt: false,
    reads: () => reads,
    add: (events) => {
      for (const event of events) entries.push({ event, relayed: false });
    },
    pendingCount: () => entries.filter((entry) => !entry.relayed).length,
    readPending: (limit) =>
      Effect.suspend(() => {
        reads += 1;
        if (outbox.corrupt) return Effect.fail(corruption());
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
        if (outbox.corrupt) return Effect.fail(corruption());
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

/** In-memory leases on the system clock: the memory store's. */
export const memoryLeases = (): LeasesApi => makeMemoryStore().leases;

/** An in-memory record of processed events (the memory store's), with how many it holds. */
export const memoryProcessedEvents = (): ProcessedEventsApi & { readonly size: () => number } => {
  const processed = makeMemoryStore().processedEvents;
  let size = 0;
  return {
    has: processed.has,
    record: (consumer, eventId) =>
      Effect.flatMap(processed.has(consumer, eventId), (known) =>
        Effect.tap(processed.record(consumer, eventId), () => {
          if (!known) size += 1;
        }),
      ),
    size: () => size,
  };
};

/** Layers of the three, sharing the given instances (so two "processes" can share a store). */
export const memoryCapabilities = (parts: {
  readonly outbox?: OutboxApi;
  readonly leases?: LeasesApi;
  readonly processed?: ProcessedEventsApi;
}): Layer.Layer<Outbox | Leases | ProcessedEvents> => {
  // What a part does not replace comes from one memory store, as a service would get it.
  const store = makeMemoryStore();
  return Layer.mergeAll(
    Layer.succeed(Outbox, parts.outbox ?? store.outbox),
    Layer.succeed(Leases, parts.leases ?? store.leases),
    Layer.succeed(ProcessedEvents, parts.processed ?? store.processedEvents),
  );
};
