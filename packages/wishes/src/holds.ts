import {
  AccountId,
  addMillis,
  DerivedTransferId,
  derivedId,
  HOUR,
  type Instant,
  Instant as InstantSchema,
  type RedemptionId,
  type TransferId,
  type WishId,
  type WishPolicy,
} from "@courier-station/core";
import { TransferAmount, TransferReference } from "@courier-station/points";
import { z } from "zod";

/*
 * Points holds (冻结积分) of wishes and catalogue redemptions. A redemption asks the points
 * ledger for a pending transfer from the courier's account to the redemption account; the
 * hand-over posts it, anything else voids it. Every id is derived from the wish or the
 * redemption (core's `derivedId`, each with a purpose of its own), so a retried flow never
 * holds, posts or voids twice; and derived ids live in a namespace no caller may choose
 * from (`TransferId` refuses it), so no adjustment or other transfer can take a hold's id,
 * or its post's or void's, before the flow needs it.
 */

/**
 * A points hold a wish or a catalogue redemption asks the ledger for: everything the
 * pending `CreateTransfer` needs, carried in the event so the points flow needs no state.
 */
export const PointsHold = z.strictObject({
  /** The pending transfer's id, derived from the wish (and its attempt) or the redemption. */
  transferId: DerivedTransferId,
  /** The courier's points account (`courier-<courierId>`). */
  account: AccountId,
  /** The points held: a positive whole number. */
  amount: TransferAmount,
  /** When the ledger times the hold out if nobody posts or voids it first. */
  timeoutAt: InstantSchema,
  /** The cause, `wish-<wishId>` or `catalogue-<redemptionId>`. */
  reference: TransferReference,
});
/** A points hold. */
export type PointsHold = z.infer<typeof PointsHold>;

/**
 * How a hold is resolved (posted or voided): the resolving transfer's id, derived from
 * the hold's, the hold and the account that holds it.
 */
export const HoldResolution = z.strictObject({
  transferId: DerivedTransferId,
  pendingTransferId: DerivedTransferId,
  account: AccountId,
});
/** How a hold is resolved. */
export type HoldResolution = z.infer<typeof HoldResolution>;

/** A hold resolution that posts the hold, with the amount it takes (all of it). */
export const HoldPosting = HoldResolution.extend({ amount: TransferAmount });
/** A hold resolution that posts the hold. */
export type HoldPosting = z.infer<typeof HoldPosting>;

/**
 * The id of a wish's points hold. A wish can be redeemed, released and redeemed again,
 * and the ledger treats a transfer id it has seen as a retry, so each redemption of a
 * wish is numbered (`attempt`, from 1) and gets its own hold.
 *
 * @example
 * wishHoldTransferId(WishId.parse("w-1"), 1); // derivedId("wish-hold", "w-1", "1"): "d-…"
 */
export const wishHoldTransferId = (wishId: WishId, attempt: number): TransferId =>
  derivedId("wish-hold", wishId, String(attempt)) as TransferId;

/**
 * The id of a catalogue redemption's points hold (a redemption id is used once).
 *
 * @example
 * catalogueHoldTransferId(RedemptionId.parse("r-1")); // derivedId("catalogue-hold", "r-1"): "d-…"
 */
export const catalogueHoldTransferId = (redemptionId: RedemptionId): TransferId =>
  derivedId("catalogue-hold", redemptionId) as TransferId;

/**
 * The reference of a wish's transfers in the ledger.
 *
 * @example
 * wishTransferReference(WishId.parse("w-1")); // "wish-w-1"
 */
export const wishTransferReference = (wishId: WishId): TransferReference => `wish-${wishId}`;

/**
 * The reference of a catalogue redemption's transfers in the ledger.
 *
 * @example
 * catalogueTransferReference(RedemptionId.parse("r-1")); // "catalogue-r-1"
 */
export const catalogueTransferReference = (redemptionId: RedemptionId): TransferReference =>
  `catalogue-${redemptionId}`;

/**
 * The id of the transfer that posts a hold: derived from the hold's.
 *
 * @example
 * holdPostTransferId(hold.transferId); // derivedId("hold-post", hold.transferId): "d-…"
 */
export const holdPostTransferId = (holdId: TransferId): TransferId =>
  derivedId("hold-post", holdId) as TransferId;

/**
 * The id of the transfer that voids a hold: derived from the hold's.
 *
 * @example
 * holdVoidTransferId(hold.transferId); // derivedId("hold-void", hold.transferId): "d-…"
 */
export const holdVoidTransferId = (holdId: TransferId): TransferId =>
  derivedId("hold-void", holdId) as TransferId;

/**
 * The resolution that posts a hold, its id derived from the hold's
 * ({@link holdPostTransferId}).
 *
 * @example
 * postingOf(hold); // { transferId: "d-…", pendingTransferId: hold.transferId, account, amount }
 */
export const postingOf = (hold: PointsHold): HoldPosting => ({
  transferId: holdPostTransferId(hold.transferId),
  pendingTransferId: hold.transferId,
  account: hold.account,
  amount: hold.amount,
});

/**
 * The resolution that voids a hold, its id derived from the hold's
 * ({@link holdVoidTransferId}).
 *
 * @example
 * voidingOf(hold); // { transferId: "d-…", pendingTransferId: hold.transferId, account }
 */
export const voidingOf = (hold: PointsHold): HoldResolution => ({
  transferId: holdVoidTransferId(hold.transferId),
  pendingTransferId: hold.transferId,
  account: hold.account,
});

/**
 * When a hold serving a deadline times out in the ledger: the deadline plus the policy's
 * grace, so the timer that releases the wish or redemption at its deadline (and voids the
 * hold) comes first.
 */
export const holdTimeoutFor = (deadline: Instant, policy: WishPolicy): Instant =>
  addMillis(deadline, policy.holdGraceHours * HOUR);

/**
 * The points price of a value in fen at the policy's rate (`pointsPerYuan`), rounded up
 * to a whole point and never less than one.
 *
 * @example
 * pointsPriceOf(3_550, jinshanPolicy().wishes); // 36 at one point per yuan (355 at ten)
 */
export const pointsPriceOf = (valueFen: number, policy: WishPolicy): number =>
  Math.max(1, Math.ceil((valueFen * policy.pointsPerYuan) / 100));
