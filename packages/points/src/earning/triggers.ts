import {
  ActivityId,
  CourierId,
  EventId,
  Instant,
  PatrolRouteId,
  ReportId,
  SuggestionId,
} from "@courier-station/core";
import { z } from "zod";

/*
 * The events points are earned from, as this package reads them. The packages that
 * publish them (couriers, activities, reports, suggestions) may add fields: these
 * schemas are `z.object`, so extra fields are dropped rather than refused.
 */

const category = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/);

/** `CourierVerified`: staff verified a courier's registration (小哥报到); welcome points. */
export const CourierVerifiedData = z.object({
  courierId: CourierId,
  verifiedBy: z.string().min(1).max(128),
  verifiedAt: Instant,
});
/** The data of `CourierVerified` that points reads. */
export type CourierVerifiedData = z.infer<typeof CourierVerifiedData>;

/** `ParticipationConfirmed`: a courier's participation in an activity was confirmed (活动 / 微志愿). */
export const ParticipationConfirmedData = z.object({
  activityId: ActivityId,
  courierId: CourierId,
  /** The activity's kind (`volunteering`, …); the policy may price kinds differently. */
  activityKind: z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/),
  /** Volunteer hours credited: non-negative, at most 2 decimals. */
  hours: z.number().min(0).max(1_000),
  /** The activity's own points per participation, replacing the policy's. */
  pointsOverride: z.number().int().min(0).max(1_000_000).nullish(),
  confirmedAt: Instant,
});
/** The data of `ParticipationConfirmed` that points reads. */
export type ParticipationConfirmedData = z.infer<typeof ParticipationConfirmedData>;

/** `ReportVerified`: staff accepted a sentinel report as real and useful (民情前哨). */
export const ReportVerifiedData = z.object({
  reportId: ReportId,
  reporterId: CourierId,
  category,
  verifiedAt: Instant,
});
/** The data of `ReportVerified` that points reads. */
export type ReportVerifiedData = z.infer<typeof ReportVerifiedData>;

/** `ReportMarkedDuplicate`: a report duplicated an earlier one; its reporter corroborated it. */
export const ReportMarkedDuplicateData = z.object({
  reportId: ReportId,
  originalReportId: ReportId,
  reporterId: CourierId,
  category,
  markedAt: Instant,
});
/** The data of `ReportMarkedDuplicate` that points reads. */
export type ReportMarkedDuplicateData = z.infer<typeof ReportMarkedDuplicateData>;

/** `SuggestionAdopted`: the community adopted a courier's suggestion (小哥有话说, 采纳). */
export const SuggestionAdoptedData = z.object({
  suggestionId: SuggestionId,
  authorId: CourierId,
  topic: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/),
  adoptedAt: Instant,
});
/** The data of `SuggestionAdopted` that points reads. */
export type SuggestionAdoptedData = z.infer<typeof SuggestionAdoptedData>;

/** `PatrolCompleted`: a courier completed a patrol of a route (护河巡河). */
export const PatrolCompletedData = z.object({
  routeId: PatrolRouteId,
  patrolId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/),
  courierId: CourierId,
  completedAt: Instant,
});
/** The data of `PatrolCompleted` that points reads. */
export type PatrolCompletedData = z.infer<typeof PatrolCompletedData>;

const trigger = <const Type extends string, Data extends z.ZodType>(type: Type, data: Data) =>
  z.object({
    /** The event id: earning transfer ids are derived from it, so an event earns once. */
    id: EventId,
    type: z.literal(type),
    /** When the event was recorded. */
    time: Instant,
    data,
  });

/** A `CourierVerified` event envelope (extra envelope fields are dropped). */
export const CourierVerifiedTrigger = trigger("CourierVerified", CourierVerifiedData);
/** A `ParticipationConfirmed` event envelope. */
export const ParticipationConfirmedTrigger = trigger(
  "ParticipationConfirmed",
  ParticipationConfirmedData,
);
/** A `ReportVerified` event envelope. */
export const ReportVerifiedTrigger = trigger("ReportVerified", ReportVerifiedData);
/** A `ReportMarkedDuplicate` event envelope. */
export const ReportMarkedDuplicateTrigger = trigger(
  "ReportMarkedDuplicate",
  ReportMarkedDuplicateData,
);
/** A `SuggestionAdopted` event envelope. */
export const SuggestionAdoptedTrigger = trigger("SuggestionAdopted", SuggestionAdoptedData);
/** A `PatrolCompleted` event envelope. */
export const PatrolCompletedTrigger = trigger("PatrolCompleted", PatrolCompletedData);

/**
 * An event that may earn points, as it arrives in its envelope: the process manager
 * passes the event envelope it consumed (`EventEnvelope` of the kernel) as it is.
 *
 * @example
 * const trigger = PointsTrigger.parse(envelope); // { id, type: "ReportVerified", time, data }
 */
export const PointsTrigger = z.discriminatedUnion("type", [
  CourierVerifiedTrigger,
  ParticipationConfirmedTrigger,
  ReportVerifiedTrigger,
  ReportMarkedDuplicateTrigger,
  SuggestionAdoptedTrigger,
  PatrolCompletedTrigger,
]);
/** An event that may earn points. */
export type PointsTrigger = z.infer<typeof PointsTrigger>;

/** The event types that may earn points: subscribe to these. */
export const pointsTriggerTypes: ReadonlyArray<PointsTrigger["type"]> = [
  "CourierVerified",
  "ParticipationConfirmed",
  "ReportVerified",
  "ReportMarkedDuplicate",
  "SuggestionAdopted",
  "PatrolCompleted",
];

/**
 * The courier who earns from a trigger.
 *
 * @example
 * courierOfTrigger(trigger); // the reporter of a ReportVerified, the author of a SuggestionAdopted, …
 */
export const courierOfTrigger = (trigger: PointsTrigger): CourierId => {
  switch (trigger.type) {
    case "CourierVerified":
    case "ParticipationConfirmed":
    case "PatrolCompleted":
      return trigger.data.courierId;
    case "ReportVerified":
    case "ReportMarkedDuplicate":
      return trigger.data.reporterId;
    case "SuggestionAdopted":
      return trigger.data.authorId;
  }
};

/**
 * When the points of a trigger are earned: the time of the fact (confirmed, verified,
 * adopted, …), not when the event was processed, so caps and campaigns do not shift
 * when a flow runs late.
 */
export const earnedAtOfTrigger = (trigger: PointsTrigger): Instant => {
  switch (trigger.type) {
    case "CourierVerified":
      return trigger.data.verifiedAt;
    case "ParticipationConfirmed":
      return trigger.data.confirmedAt;
    case "ReportVerified":
      return trigger.data.verifiedAt;
    case "ReportMarkedDuplicate":
      return trigger.data.markedAt;
    case "SuggestionAdopted":
      return trigger.data.adoptedAt;
    case "PatrolCompleted":
      return trigger.data.completedAt;
  }
};
