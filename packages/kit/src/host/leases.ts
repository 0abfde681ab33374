import { Context, type Effect } from "effect";

/** A named, time-limited right to do something alone (run a timer, relay the outbox). */
export interface LeaseRequest {
  /** What the lease is for: `timer:points:expire-holds`, `outbox-relay`. */
  readonly name: string;
  /** Who asks: the process instance. */
  readonly owner: string;
  /** How long the lease lasts unless renewed. */
  readonly ttlMs: number;
}

/**
 * Leases in the store, so that work several instances could do is done by one: the
 * holder renews its lease while it works; when it dies, the lease expires and another
 * instance takes over.
 */
export interface LeasesApi {
  /**
   * Takes the lease if it is free or expired, or renews it if `owner` holds it.
   * `true` when `owner` holds it afterwards.
   */
  readonly acquire: (lease: LeaseRequest) => Effect.Effect<boolean, unknown>;
  /** Gives the lease up if `owner` holds it; otherwise does nothing. */
  readonly release: (lease: Omit<LeaseRequest, "ttlMs">) => Effect.Effect<void, unknown>;
}

/** The store's leases: `yield* Leases`. The store's layer provides it. */
export class Leases extends Context.Tag("@courier-station/kit/Leases")<Leases, LeasesApi>() {}
