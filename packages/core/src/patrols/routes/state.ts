import type { PatrolRouteId, StationId } from "../../kernel/ids.js";
import type { Instant } from "../../kernel/time.js";
import type { Checkpoint, PatrolReason, PatrolRouteKind } from "../values.js";

/** Where a route is: `active` (open to check-ins), `suspended` for a while, or `retired` (final). */
export type PatrolRouteStatus = "active" | "suspended" | "retired";

/** A published patrol route. */
export interface PatrolRoute {
  readonly routeId: PatrolRouteId;
  readonly status: PatrolRouteStatus;
  readonly name: string;
  readonly kind: PatrolRouteKind;
  readonly stationId?: StationId | undefined;
  readonly description?: string | undefined;
  readonly checkpoints: ReadonlyArray<Checkpoint>;
  /** Distinct checkpoints that complete a patrol. */
  readonly requiredCheckpoints: number;
  /** 1 when published, one more with every revision. */
  readonly revision: number;
  readonly publishedAt: Instant;
  readonly suspensionReason?: PatrolReason;
  readonly retiredAt?: Instant;
}

/** The state of a patrol route: nothing before it is published, then the route. */
export type PatrolRouteState = { readonly status: "none" } | PatrolRoute;

/** The state before `PatrolRoutePublished`. */
export const initialPatrolRouteState = (): PatrolRouteState => ({ status: "none" });

/** Whether the route has been published. */
export const isPatrolRoutePublished = (state: PatrolRouteState): state is PatrolRoute =>
  state.status !== "none";

/**
 * What a patrol may know about its route when a courier checks in: the service reads
 * it from the route's state (see {@link patrolRouteFacts}) and passes it in the context.
 */
export interface PatrolRouteFacts {
  readonly routeId: PatrolRouteId;
  readonly status: PatrolRouteStatus;
  readonly revision: number;
  readonly checkpoints: ReadonlyArray<Checkpoint>;
  readonly requiredCheckpoints: number;
}

/**
 * The facts of a route for the patrol decider, or `undefined` before it is published.
 *
 * @example
 * const context = { ...base, policy, route: patrolRouteFacts(routeRecord.state), courier };
 */
export const patrolRouteFacts = (state: PatrolRouteState): PatrolRouteFacts | undefined =>
  isPatrolRoutePublished(state)
    ? {
        routeId: state.routeId,
        status: state.status,
        revision: state.revision,
        checkpoints: state.checkpoints,
        requiredCheckpoints: state.requiredCheckpoints,
      }
    : undefined;
