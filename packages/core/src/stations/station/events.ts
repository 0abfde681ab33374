import { z } from "zod";
import { GeoPoint } from "../../kernel/geo.js";
import { CommunityId, StationId } from "../../kernel/ids.js";
import { Instant } from "../../kernel/time.js";
import { OpeningHours } from "../opening-hours.js";
import {
  Amenities,
  BilingualName,
  StationAddress,
  StationNotice,
  StationPhone,
} from "../values.js";

const event = <const Type extends string, Shape extends z.ZodRawShape>(type: Type, shape: Shape) =>
  z.strictObject({ type: z.literal(type), data: z.strictObject(shape) });

const ActorReference = z.string().min(1).max(128);

/** A station of a community opened. */
export const StationOpened = event("StationOpened", {
  stationId: StationId,
  community: CommunityId,
  name: BilingualName,
  address: StationAddress,
  location: GeoPoint,
  openingHours: OpeningHours,
  amenities: Amenities,
  contactPhone: StationPhone.optional(),
  openedBy: ActorReference,
  openedAt: Instant,
});
/** A station opened. */
export type StationOpened = z.infer<typeof StationOpened>;

/** A station's details changed: only the fields present changed (`contactPhone` `null`: removed). */
export const StationDetailsUpdated = event("StationDetailsUpdated", {
  stationId: StationId,
  name: BilingualName.optional(),
  address: StationAddress.optional(),
  location: GeoPoint.optional(),
  openingHours: OpeningHours.optional(),
  amenities: Amenities.optional(),
  contactPhone: StationPhone.nullable().optional(),
  updatedBy: ActorReference,
  updatedAt: Instant,
});
/** A station's details changed. */
export type StationDetailsUpdated = z.infer<typeof StationDetailsUpdated>;

/** A station closed for a while. */
export const StationClosedTemporarily = event("StationClosedTemporarily", {
  stationId: StationId,
  reason: StationNotice,
  expectedReopeningAt: Instant.optional(),
  closedBy: ActorReference,
  closedAt: Instant,
});
/** A station closed for a while. */
export type StationClosedTemporarily = z.infer<typeof StationClosedTemporarily>;

/** A temporarily closed station reopened. */
export const StationReopened = event("StationReopened", {
  stationId: StationId,
  reopenedBy: ActorReference,
  reopenedAt: Instant,
});
/** A station reopened. */
export type StationReopened = z.infer<typeof StationReopened>;

/** A station was retired for good. */
export const StationRetired = event("StationRetired", {
  stationId: StationId,
  reason: StationNotice,
  retiredBy: ActorReference,
  retiredAt: Instant,
});
/** A station was retired. */
export type StationRetired = z.infer<typeof StationRetired>;

/** Every event of a station. */
export const StationEvent = z.discriminatedUnion("type", [
  StationOpened,
  StationDetailsUpdated,
  StationClosedTemporarily,
  StationReopened,
  StationRetired,
]);
/** Every event of a station. */
export type StationEvent = z.infer<typeof StationEvent>;
