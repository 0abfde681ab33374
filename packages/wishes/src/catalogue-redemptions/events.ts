import {
  CatalogueItemId,
  CourierId,
  DerivedTransferId,
  Instant,
  RedemptionId,
  StationId,
} from "@courier-station/core";
import { z } from "zod";
import { Quantity } from "../catalogue-items/commands.js";
import { HoldPosting, HoldResolution, PointsHold } from "../holds.js";
import { Note, StepActor, Title } from "../values.js";

const event = <const Type extends string, Shape extends z.ZodRawShape>(type: Type, shape: Shape) =>
  z.strictObject({ type: z.literal(type), data: z.strictObject(shape) });

/** What every settled redemption event names: the redemption, its item, courier and units. */
const redemption = {
  redemptionId: RedemptionId,
  itemId: CatalogueItemId,
  courierId: CourierId,
  quantity: Quantity,
};

/**
 * A redemption was opened: the points flow asks the ledger for `hold`; the units are due
 * to be picked up by `dueAt`.
 */
export const CatalogueRedemptionOpened = event("CatalogueRedemptionOpened", {
  ...redemption,
  itemTitle: Title,
  stationId: StationId,
  hold: PointsHold,
  dueAt: Instant,
  openedAt: Instant,
});
/** A redemption was opened. */
export type CatalogueRedemptionOpened = z.infer<typeof CatalogueRedemptionOpened>;

/** The ledger holds the redemption's points: the units are ready to pick up. */
export const CatalogueRedemptionHoldConfirmed = event("CatalogueRedemptionHoldConfirmed", {
  redemptionId: RedemptionId,
  transferId: DerivedTransferId,
  confirmedAt: Instant,
});
/** The ledger holds the redemption's points. */
export type CatalogueRedemptionHoldConfirmed = z.infer<typeof CatalogueRedemptionHoldConfirmed>;

/** The ledger refused the hold: the redemption failed (no hold exists to void). */
export const CatalogueRedemptionFailed = event("CatalogueRedemptionFailed", {
  ...redemption,
  transferId: DerivedTransferId,
  reason: z.string().min(1).max(80),
  failedAt: Instant,
});
/** The ledger refused the hold. */
export type CatalogueRedemptionFailed = z.infer<typeof CatalogueRedemptionFailed>;

/** The units were handed over; `postedHold` is the post to send the ledger. */
export const CatalogueRedemptionFulfilled = event("CatalogueRedemptionFulfilled", {
  ...redemption,
  postedHold: HoldPosting,
  by: StepActor,
  note: Note.optional(),
  fulfilledAt: Instant,
});
/** The units were handed over. */
export type CatalogueRedemptionFulfilled = z.infer<typeof CatalogueRedemptionFulfilled>;

/** The redemption was cancelled; `voidedHold` is the void to send the ledger. */
export const CatalogueRedemptionCancelled = event("CatalogueRedemptionCancelled", {
  ...redemption,
  voidedHold: HoldResolution,
  by: StepActor,
  reason: Note.optional(),
  cancelledAt: Instant,
});
/** The redemption was cancelled. */
export type CatalogueRedemptionCancelled = z.infer<typeof CatalogueRedemptionCancelled>;

/** The units were not picked up in time; `voidedHold` is the void to send the ledger. */
export const CatalogueRedemptionExpired = event("CatalogueRedemptionExpired", {
  ...redemption,
  voidedHold: HoldResolution,
  expiredAt: Instant,
});
/** The redemption expired. */
export type CatalogueRedemptionExpired = z.infer<typeof CatalogueRedemptionExpired>;

/** Every event of the catalogue redemption aggregate. */
export const CatalogueRedemptionEvent = z.discriminatedUnion("type", [
  CatalogueRedemptionOpened,
  CatalogueRedemptionHoldConfirmed,
  CatalogueRedemptionFailed,
  CatalogueRedemptionFulfilled,
  CatalogueRedemptionCancelled,
  CatalogueRedemptionExpired,
]);
/** Every event of the catalogue redemption aggregate. */
export type CatalogueRedemptionEvent = z.infer<typeof CatalogueRedemptionEvent>;
