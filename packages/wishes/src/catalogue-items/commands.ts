import { CatalogueItemId, Points, RedemptionId, SponsorId, StationId } from "@courier-station/core";
import { TransferAmount } from "@courier-station/points";
import { z } from "zod";
import { Description, Note, PhotoReference, Title } from "../values.js";

const command = <const Type extends string, Shape extends z.ZodRawShape>(
  type: Type,
  shape: Shape,
) => z.strictObject({ type: z.literal(type), data: z.strictObject(shape) });

/** Who donated a catalogue item: a sponsor (圆梦人), or the community itself. */
export const CatalogueDonor = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("sponsor"), sponsorId: SponsorId }),
  z.strictObject({ kind: z.literal("community") }),
]);
/** Who donated a catalogue item. */
export type CatalogueDonor = z.infer<typeof CatalogueDonor>;

/** A number of units: a whole number from 1 to 100,000. */
export const Quantity = z.number().int().min(1).max(100_000);
/** A number of units. */
export type Quantity = z.infer<typeof Quantity>;

/**
 * Staff list an item in the reward catalogue (积分商品): what it is, its price in points
 * per unit, how many units the station holds, who donated it, and optionally how many
 * units one courier may redeem in all. The same prohibited items as wishes apply.
 *
 * @example
 * { type: "ListCatalogueItem", data: {
 *   itemId: "raincoat-2026", title: "骑手雨衣", pointsPrice: 200, stock: 30,
 *   stationId: "wanda", donor: { kind: "sponsor", sponsorId: "wanda-cafe" },
 *   limitPerCourier: 1 } }
 */
export const ListCatalogueItem = command("ListCatalogueItem", {
  itemId: CatalogueItemId,
  title: Title,
  description: Description.default(""),
  pointsPrice: TransferAmount,
  stock: z.number().int().min(0).max(1_000_000),
  stationId: StationId,
  donor: CatalogueDonor,
  photo: PhotoReference.optional(),
  limitPerCourier: z.number().int().min(1).max(100).optional(),
});
/** Staff list an item in the reward catalogue. */
export type ListCatalogueItem = z.infer<typeof ListCatalogueItem>;

/**
 * Staff change an item's title, description, price or limit (only the fields given). A
 * new price applies to redemptions from now on; reserved ones keep theirs.
 */
export const ReviseCatalogueItem = command("ReviseCatalogueItem", {
  itemId: CatalogueItemId,
  title: Title.optional(),
  description: Description.optional(),
  pointsPrice: TransferAmount.optional(),
  limitPerCourier: z.number().int().min(1).max(100).optional(),
});
/** Staff change an item. */
export type ReviseCatalogueItem = z.infer<typeof ReviseCatalogueItem>;

/** Staff add units to an item's stock (a new donation arrived). */
export const RestockCatalogueItem = command("RestockCatalogueItem", {
  itemId: CatalogueItemId,
  quantity: Quantity,
});
/** Staff add units to an item's stock. */
export type RestockCatalogueItem = z.infer<typeof RestockCatalogueItem>;

/** Staff take units out of stock (damaged, lost, past their date); never more than are in stock. */
export const WriteOffCatalogueStock = command("WriteOffCatalogueStock", {
  itemId: CatalogueItemId,
  quantity: Quantity,
  reason: Note,
});
/** Staff take units out of stock. */
export type WriteOffCatalogueStock = z.infer<typeof WriteOffCatalogueStock>;

/** Staff take an item off the catalogue: no new redemptions; reserved ones still complete. */
export const WithdrawCatalogueItem = command("WithdrawCatalogueItem", {
  itemId: CatalogueItemId,
  reason: Note.optional(),
});
/** Staff take an item off the catalogue. */
export type WithdrawCatalogueItem = z.infer<typeof WithdrawCatalogueItem>;

/** Staff put a withdrawn item back in the catalogue. */
export const RelistCatalogueItem = command("RelistCatalogueItem", { itemId: CatalogueItemId });
/** Staff put a withdrawn item back. */
export type RelistCatalogueItem = z.infer<typeof RelistCatalogueItem>;

/**
 * A courier redeems units of an item with points: the units are reserved under the
 * caller-chosen `redemptionId` (sending it again changes nothing), and the catalogue flow
 * opens the redemption, which holds the points. `expectedPoints`, when given, must be
 * the total, so a courier never pays more than they were shown.
 */
export const RedeemCatalogueItem = command("RedeemCatalogueItem", {
  itemId: CatalogueItemId,
  redemptionId: RedemptionId,
  quantity: Quantity.default(1),
  expectedPoints: Points.optional(),
});
/** A courier redeems units of an item. */
export type RedeemCatalogueItem = z.infer<typeof RedeemCatalogueItem>;

/** Why reserved units go back into stock. */
export const ReservationReleaseReason = z.enum(["failed", "cancelled", "expired", "not-opened"]);
/** Why reserved units go back into stock. */
export type ReservationReleaseReason = z.infer<typeof ReservationReleaseReason>;

/**
 * The catalogue flow returns a redemption's reserved units to stock: its hold failed, it
 * was cancelled or expired, or it could not be opened. Returning them again changes nothing.
 */
export const ReleaseCatalogueReservation = command("ReleaseCatalogueReservation", {
  itemId: CatalogueItemId,
  redemptionId: RedemptionId,
  reason: ReservationReleaseReason,
});
/** Reserved units go back into stock. */
export type ReleaseCatalogueReservation = z.infer<typeof ReleaseCatalogueReservation>;

/** The catalogue flow records that a redemption's reserved units were handed over. */
export const CompleteCatalogueReservation = command("CompleteCatalogueReservation", {
  itemId: CatalogueItemId,
  redemptionId: RedemptionId,
});
/** Reserved units were handed over. */
export type CompleteCatalogueReservation = z.infer<typeof CompleteCatalogueReservation>;

/** Every command of the catalogue item aggregate. */
export const CatalogueItemCommand = z.discriminatedUnion("type", [
  ListCatalogueItem,
  ReviseCatalogueItem,
  RestockCatalogueItem,
  WriteOffCatalogueStock,
  WithdrawCatalogueItem,
  RelistCatalogueItem,
  RedeemCatalogueItem,
  ReleaseCatalogueReservation,
  CompleteCatalogueReservation,
]);
/** Every command of the catalogue item aggregate. */
export type CatalogueItemCommand = z.infer<typeof CatalogueItemCommand>;

/** The type names of every catalogue item command. */
export const catalogueItemCommandTypes: ReadonlyArray<CatalogueItemCommand["type"]> =
  CatalogueItemCommand.options.map((option) => option.shape.type.value);
