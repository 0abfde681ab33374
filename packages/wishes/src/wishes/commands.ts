import { ActivityId, DerivedTransferId, Points, StationId, WishId } from "@courier-station/core";
import { z } from "zod";
import {
  Description,
  Fen,
  Note,
  PhotoReference,
  Title,
  WishCategory,
  WishFunding,
} from "../values.js";

const command = <const Type extends string, Shape extends z.ZodRawShape>(
  type: Type,
  shape: Shape,
) => z.strictObject({ type: z.literal(type), data: z.strictObject(shape) });

/** What a courier writes about a wish: the fields of {@link DraftWish} and {@link ReviseWish}. */
const wishContent = {
  title: Title,
  description: Description.default(""),
  category: WishCategory,
  /** What it is worth, in fen (分). At most the policy's `valueCapFen`. */
  estimatedValueFen: Fen,
  funding: WishFunding,
  /** A photo of the item (never of a person), if any. */
  photo: PhotoReference.optional(),
};

/**
 * A courier drafts a micro-wish (微心愿). The courier is the actor; the station is where
 * it will be handed over. Only active couriers may draft, within the policy's value cap,
 * prohibited items and most open wishes per courier.
 *
 * @example
 * { type: "DraftWish", data: {
 *   wishId: "w-1", stationId: "wanda", title: "蓝牙耳机",
 *   description: "骑车时不用手拿手机接单", category: "work-equipment",
 *   estimatedValueFen: 15_000, funding: { mode: "either" } } }
 */
export const DraftWish = command("DraftWish", {
  wishId: WishId,
  stationId: StationId,
  ...wishContent,
});
/** A courier drafts a micro-wish. */
export type DraftWish = z.infer<typeof DraftWish>;

/** The courier rewrites their draft (every field; the same rules as drafting). */
export const ReviseWish = command("ReviseWish", { wishId: WishId, ...wishContent });
/** The courier rewrites their draft. */
export type ReviseWish = z.infer<typeof ReviseWish>;

/** The courier submits their draft for staff to review. */
export const SubmitWish = command("SubmitWish", { wishId: WishId });
/** The courier submits their draft. */
export type SubmitWish = z.infer<typeof SubmitWish>;

/**
 * A moderator approves a submitted wish; with `publish` (the default) it goes on the
 * wall at once, otherwise it waits for {@link PublishWish}.
 */
export const ApproveWish = command("ApproveWish", {
  wishId: WishId,
  publish: z.boolean().default(true),
  note: Note.optional(),
});
/** A moderator approves a submitted wish. */
export type ApproveWish = z.infer<typeof ApproveWish>;

/**
 * A moderator rejects a wish, with the reason the courier is shown: a submitted wish in
 * review, or one already approved, published, claimed or redeemed that breaks the rules
 * (its pledge is released and its points hold voided).
 */
export const RejectWish = command("RejectWish", { wishId: WishId, reason: Note });
/** A moderator rejects a wish. */
export type RejectWish = z.infer<typeof RejectWish>;

/** A moderator publishes an approved wish on the wall (心愿墙). */
export const PublishWish = command("PublishWish", { wishId: WishId });
/** A moderator publishes an approved wish. */
export type PublishWish = z.infer<typeof PublishWish>;

/**
 * A sponsor (圆梦人) claims a published wish: they pledge to fulfil it (or its sponsor
 * part) and hand it over at the station by the policy's `fulfilmentDays`.
 */
export const ClaimWish = command("ClaimWish", { wishId: WishId, note: Note.optional() });
/** A sponsor claims a published wish. */
export type ClaimWish = z.infer<typeof ClaimWish>;

/**
 * A moderator funds a published wish (or its sponsor part) from the community's own
 * donations: for a wish nobody claimed, or whose sponsor did not honour their pledge.
 */
export const FundWishFromDonations = command("FundWishFromDonations", {
  wishId: WishId,
  note: Note.optional(),
});
/** A moderator funds a wish from the community's donations. */
export type FundWishFromDonations = z.infer<typeof FundWishFromDonations>;

/**
 * The courier redeems their published wish (or its points part) with points: the price
 * comes from the policy's rate; the points are held (a pending transfer) until the
 * hand-over. `expectedPoints`, when given, must be the price, so a courier never pays
 * more than they were shown.
 */
export const RedeemWish = command("RedeemWish", {
  wishId: WishId,
  expectedPoints: Points.optional(),
});
/** The courier redeems their wish with points. */
export type RedeemWish = z.infer<typeof RedeemWish>;

/** The points flow reports that the ledger holds the wish's points (the hold was created). */
export const ConfirmWishHold = command("ConfirmWishHold", {
  wishId: WishId,
  transferId: DerivedTransferId,
});
/** The ledger holds the wish's points. */
export type ConfirmWishHold = z.infer<typeof ConfirmWishHold>;

/**
 * The points flow reports that the ledger refused the wish's hold (`reason` is the
 * ledger's code, usually `points.insufficient_points`): the redemption is undone and the
 * wish is back on the wall.
 */
export const RecordWishRedemptionFailed = command("RecordWishRedemptionFailed", {
  wishId: WishId,
  transferId: DerivedTransferId,
  reason: z.string().min(1).max(80),
});
/** The ledger refused the wish's hold. */
export type RecordWishRedemptionFailed = z.infer<typeof RecordWishRedemptionFailed>;

/**
 * A claimed or redeemed wish goes back on the wall as it was before anyone funded it:
 * every pledge is released and every points hold voided. The `system` timer sends it once
 * the hand-over deadline has passed; the sponsor who pledged may withdraw, the courier
 * may undo their own redemption, and staff may release it at any time.
 */
export const ReleaseWishClaim = command("ReleaseWishClaim", {
  wishId: WishId,
  note: Note.optional(),
});
/** A claimed or redeemed wish goes back on the wall. */
export type ReleaseWishClaim = z.infer<typeof ReleaseWishClaim>;

/**
 * The wish was handed over at the station: staff or the courier confirm it. The points
 * hold, if any, is posted; the sponsor is credited with it. With `activityId`, it was
 * handed over at that activity (a wish-lighting event, 点亮微心愿), which the wish must be
 * linked to and which must have started; the same hand-over recorded again there changes
 * nothing, so a bulk record ({@link RecordWishHandOvers}) can be sent again.
 */
export const ConfirmWishFulfilled = command("ConfirmWishFulfilled", {
  wishId: WishId,
  note: Note.optional(),
  activityId: ActivityId.optional(),
});
/** The wish was handed over. */
export type ConfirmWishFulfilled = z.infer<typeof ConfirmWishFulfilled>;

/**
 * A moderator links a wish to the activity where it is to be handed over: a wish-lighting
 * event (点亮微心愿) at the wish's station where sponsors hand wishes over together. The
 * wish must be approved and not yet handed over, the activity not over. Linking it to
 * another activity moves it there; linking it again to the same one changes nothing.
 *
 * @example
 * { type: "LinkWishToActivity", data: { wishId: "w-1", activityId: "wish-lighting-1122" } }
 */
export const LinkWishToActivity = command("LinkWishToActivity", {
  wishId: WishId,
  activityId: ActivityId,
});
/** A moderator links a wish to an activity. */
export type LinkWishToActivity = z.infer<typeof LinkWishToActivity>;

/** A moderator takes a wish off the activity it was linked to (it stays open). */
export const UnlinkWishFromActivity = command("UnlinkWishFromActivity", { wishId: WishId });
/** A moderator takes a wish off its activity. */
export type UnlinkWishFromActivity = z.infer<typeof UnlinkWishFromActivity>;

/**
 * The courier thanks whoever fulfilled their wish, optionally with a note; with `public`
 * the note may appear on the sponsor's thank-you wall (if the sponsor keeps one).
 */
export const ThankWishSponsor = command("ThankWishSponsor", {
  wishId: WishId,
  note: Note.optional(),
  public: z.boolean().default(false),
});
/** The courier thanks whoever fulfilled their wish. */
export type ThankWishSponsor = z.infer<typeof ThankWishSponsor>;

/** The courier cancels their wish, any time before it is handed over. */
export const CancelWish = command("CancelWish", { wishId: WishId, reason: Note.optional() });
/** The courier cancels their wish. */
export type CancelWish = z.infer<typeof CancelWish>;

/** The `system` timer expires a published wish nobody funded in time. */
export const ExpireWish = command("ExpireWish", { wishId: WishId });
/** The timer expires a published wish. */
export type ExpireWish = z.infer<typeof ExpireWish>;

/**
 * The courier or the sponsor of a claimed wish agree to share their contact details with
 * each other. Until both agree, contact goes through the station; once both have, the
 * wish records `WishContactShared` and the service may introduce them.
 */
export const AgreeToShareContact = command("AgreeToShareContact", { wishId: WishId });
/** A party agrees to share contact details. */
export type AgreeToShareContact = z.infer<typeof AgreeToShareContact>;

/**
 * The courier who wished it was erased (个人信息删除): the `system` erasure flow masks the
 * contact details they may have typed into the wish — its title, description, their
 * cancellation reason and thanks, and every note of its history — with
 * `maskContactDetails`. The wish keeps the courier's id, as their points ledger does.
 * Sending it again changes nothing.
 */
export const EraseWishCourierText = command("EraseWishCourierText", { wishId: WishId });
/** The courier who wished it was erased: their typed contact details are masked. */
export type EraseWishCourierText = z.infer<typeof EraseWishCourierText>;

/** Every command of the wish aggregate. */
export const WishCommand = z.discriminatedUnion("type", [
  DraftWish,
  ReviseWish,
  SubmitWish,
  ApproveWish,
  RejectWish,
  PublishWish,
  ClaimWish,
  FundWishFromDonations,
  RedeemWish,
  ConfirmWishHold,
  RecordWishRedemptionFailed,
  ReleaseWishClaim,
  ConfirmWishFulfilled,
  ThankWishSponsor,
  CancelWish,
  ExpireWish,
  AgreeToShareContact,
  LinkWishToActivity,
  UnlinkWishFromActivity,
  EraseWishCourierText,
]);
/** Every command of the wish aggregate. */
export type WishCommand = z.infer<typeof WishCommand>;

/** The type names of every wish command, e.g. for the permission table's test. */
export const wishCommandTypes: ReadonlyArray<WishCommand["type"]> = WishCommand.options.map(
  (option) => option.shape.type.value,
);
