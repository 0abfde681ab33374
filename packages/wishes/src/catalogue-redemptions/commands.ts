import {
  CatalogueItemId,
  CourierId,
  DerivedTransferId,
  RedemptionId,
  StationId,
} from "@courier-station/core";
import { TransferAmount } from "@courier-station/points";
import { z } from "zod";
import { Quantity } from "../catalogue-items/commands.js";
import { Note, Title } from "../values.js";

const command = <const Type extends string, Shape extends z.ZodRawShape>(
  type: Type,
  shape: Shape,
) => z.strictObject({ type: z.literal(type), data: z.strictObject(shape) });

/**
 * The catalogue flow opens a redemption from the item's `CatalogueItemReserved`: the
 * points are held in the ledger until the courier picks the units up at the station.
 * Opening the same redemption again changes nothing.
 */
export const OpenCatalogueRedemption = command("OpenCatalogueRedemption", {
  redemptionId: RedemptionId,
  itemId: CatalogueItemId,
  courierId: CourierId,
  quantity: Quantity,
  /** The points of all the units. */
  points: TransferAmount,
  itemTitle: Title,
  stationId: StationId,
});
/** The catalogue flow opens a redemption. */
export type OpenCatalogueRedemption = z.infer<typeof OpenCatalogueRedemption>;

/** The points flow reports that the ledger holds the redemption's points. */
export const ConfirmCatalogueRedemptionHold = command("ConfirmCatalogueRedemptionHold", {
  redemptionId: RedemptionId,
  transferId: DerivedTransferId,
});
/** The ledger holds the redemption's points. */
export type ConfirmCatalogueRedemptionHold = z.infer<typeof ConfirmCatalogueRedemptionHold>;

/**
 * The points flow reports that the ledger refused the hold (`reason` is the ledger's
 * code): the redemption fails and its units go back into stock.
 */
export const RecordCatalogueRedemptionFailed = command("RecordCatalogueRedemptionFailed", {
  redemptionId: RedemptionId,
  transferId: DerivedTransferId,
  reason: z.string().min(1).max(80),
});
/** The ledger refused the redemption's hold. */
export type RecordCatalogueRedemptionFailed = z.infer<typeof RecordCatalogueRedemptionFailed>;

/** Staff or the courier confirm the units were handed over at the station: the hold is posted. */
export const HandOverCatalogueRedemption = command("HandOverCatalogueRedemption", {
  redemptionId: RedemptionId,
  note: Note.optional(),
});
/** The units were handed over. */
export type HandOverCatalogueRedemption = z.infer<typeof HandOverCatalogueRedemption>;

/** The courier (or staff) cancel a redemption before the hand-over: the hold is voided. */
export const CancelCatalogueRedemption = command("CancelCatalogueRedemption", {
  redemptionId: RedemptionId,
  reason: Note.optional(),
});
/** A redemption is cancelled. */
export type CancelCatalogueRedemption = z.infer<typeof CancelCatalogueRedemption>;

/** The `system` timer expires a redemption not picked up by its due date: the hold is voided. */
export const ExpireCatalogueRedemption = command("ExpireCatalogueRedemption", {
  redemptionId: RedemptionId,
});
/** The timer expires a redemption. */
export type ExpireCatalogueRedemption = z.infer<typeof ExpireCatalogueRedemption>;

/** Every command of the catalogue redemption aggregate. */
export const CatalogueRedemptionCommand = z.discriminatedUnion("type", [
  OpenCatalogueRedemption,
  ConfirmCatalogueRedemptionHold,
  RecordCatalogueRedemptionFailed,
  HandOverCatalogueRedemption,
  CancelCatalogueRedemption,
  ExpireCatalogueRedemption,
]);
/** Every command of the catalogue redemption aggregate. */
export type CatalogueRedemptionCommand = z.infer<typeof CatalogueRedemptionCommand>;

/** The type names of every catalogue redemption command. */
export const catalogueRedemptionCommandTypes: ReadonlyArray<CatalogueRedemptionCommand["type"]> =
  CatalogueRedemptionCommand.options.map((option) => option.shape.type.value);
