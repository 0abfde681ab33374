/**
 * Courier Station's insights service (a private workspace): the statistics a district
 * reports, kept as a projection of the event log, on the bus as `insightsContract` says.
 *
 * @packageDocumentation
 */
export {
  type CatchUpOptions,
  catchUpInsights,
  type InsightsProjection,
  insightsProjection,
  type ProjectedAccount,
  type ProjectedAggregate,
  type ProjectionCheckpoint,
  projectedAggregateId,
  projectedAggregates,
  projectedAggregatesOf,
  projectionPosition,
  rebuildInsights,
  serviceProjection,
  statisticalCourier,
} from "./projection.js";
