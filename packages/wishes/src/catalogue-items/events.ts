import {
  CatalogueItemId,
  CourierId,
  Instant,
  Points,
  RedemptionId,
  StationId,
} from "@courier-station/core";
import { TransferAmount } from "@courier-station/points";
import { z } from "zod";
import { Description, Note, PhotoReference, StepActor, Title } from "../values.js";
import { CatalogueDonor, Quantity, ReservationReleaseReason } from "./commands.js";

const event = <const Type extends string, Shape extends z.ZodRawShape>(type: Type, shape: Shape) =>
  z.strictObject({ type: z.literal(type), data: z.strictObject(shape) });

/** Staff listed an item with its first stock. */
export const CatalogueItemListed = event("CatalogueItemListed", {
  itemId: CatalogueItemId,
  title: Title,
  description: Description,
  pointsPrice: TransferAmount,
  stock: z.number().int().min(0),
  stationId: StationId,
  donor: CatalogueDonor,
  photo: PhotoReference.optional(),
  limitPerCourier: z.number().int().min(1).optional(),
  by: StepActor,
  listedAt: Instant,
});
/** Staff listed an item. */
export type CatalogueItemListed = z.infer<typeof CatalogueItemListed>;

/** Staff changed an item: `changes` holds the fields given, with their new values. */
export const CatalogueItemRevised = event("CatalogueItemRevised", {
  itemId: CatalogueItemId,
  changes: z.strictObject({
    title: Title.optional(),
    description: Description.optional(),
    pointsPrice: TransferAmount.optional(),
    limitPerCourier: z.number().int().min(1).optional(),
  }),
  by: StepActor,
  revisedAt: Instant,
});
/** Staff changed an item. */
export type CatalogueItemRevised = z.infer<typeof CatalogueItemRevised>;

/** Units were added to stock; `stock` is the stock after. */
export const CatalogueItemRestocked = event("CatalogueItemRestocked", {
  itemId: CatalogueItemId,
  quantity: Quantity,
  stock: z.number().int().min(0),
  by: StepActor,
  restockedAt: Instant,
});
/** Units were added to stock. */
export type CatalogueItemRestocked = z.infer<typeof CatalogueItemRestocked>;

/** Units were written off; `stock` is the stock after. */
export const CatalogueStockWrittenOff = event("CatalogueStockWrittenOff", {
  itemId: CatalogueItemId,
  quantity: Quantity,
  stock: z.number().int().min(0),
  reason: Note,
  by: StepActor,
  writtenOffAt: Instant,
});
/** Units were written off. */
export type CatalogueStockWrittenOff = z.infer<typeof CatalogueStockWrittenOff>;

/** The item was taken off the catalogue. */
export const CatalogueItemWithdrawn = event("CatalogueItemWithdrawn", {
  itemId: CatalogueItemId,
  reason: Note.optional(),
  by: StepActor,
  withdrawnAt: Instant,
});
/** The item was taken off the catalogue. */
export type CatalogueItemWithdrawn = z.infer<typeof CatalogueItemWithdrawn>;

/** The item was put back in the catalogue. */
export const CatalogueItemRelisted = event("CatalogueItemRelisted", {
  itemId: CatalogueItemId,
  by: StepActor,
  relistedAt: Instant,
});
/** The item was put back. */
export type CatalogueItemRelisted = z.infer<typeof CatalogueItemRelisted>;

/**
 * A courier reserved units for a redemption, at `unitPoints` each (`points` in all); the
 * catalogue flow opens the redemption from it (see `catalogueRedemptionCommandsFor`).
 * `stock` is the stock after.
 */
export const CatalogueItemReserved = event("CatalogueItemReserved", {
  itemId: CatalogueItemId,
  redemptionId: RedemptionId,
  courierId: CourierId,
  quantity: Quantity,
  unitPoints: TransferAmount,
  points: Points,
  itemTitle: Title,
  stationId: StationId,
  stock: z.number().int().min(0),
  reservedAt: Instant,
});
/** A courier reserved units. */
export type CatalogueItemReserved = z.infer<typeof CatalogueItemReserved>;

/** A redemption's reserved units went back into stock; `stock` is the stock after. */
export const CatalogueReservationReleased = event("CatalogueReservationReleased", {
  itemId: CatalogueItemId,
  redemptionId: RedemptionId,
  courierId: CourierId,
  quantity: Quantity,
  reason: ReservationReleaseReason,
  stock: z.number().int().min(0),
  releasedAt: Instant,
});
/** Reserved units went back into stock. */
export type CatalogueReservationReleased = z.infer<typeof CatalogueReservationReleased>;

/** A redemption's reserved units were handed over. */
export const CatalogueReservationCompleted = event("CatalogueReservationCompleted", {
  itemId: CatalogueItemId,
  redemptionId: RedemptionId,
  courierId: CourierId,
  quantity: Quantity,
  completedAt: Instant,
});
/** Reserved units were handed over. */
export type CatalogueReservationCompleted = z.infer<typeof CatalogueReservationCompleted>;

/** Every event of the catalogue item aggregate. */
export const CatalogueItemEvent = z.discriminatedUnion("type", [
  CatalogueItemListed,
  CatalogueItemRevised,
  CatalogueItemRestocked,
  CatalogueStockWrittenOff,
  CatalogueItemWithdrawn,
  CatalogueItemRelisted,
  CatalogueItemReserved,
  CatalogueReservationReleased,
  CatalogueReservationCompleted,
]);
/** Every event of the catalogue item aggregate. */
export type CatalogueItemEvent = z.infer<typeof CatalogueItemEvent>;
