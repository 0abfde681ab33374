import {
  ActivityId,
  CourierId,
  DerivedTransferId,
  Instant,
  Points,
  SponsorId,
  StationId,
  WishId,
} from "@courier-station/core";
import { z } from "zod";
import { HoldPosting, HoldResolution, PointsHold } from "../holds.js";
import {
  Description,
  Fen,
  Funder,
  Note,
  PhotoReference,
  StepActor,
  Title,
  WishCategory,
  WishFunding,
} from "../values.js";

const event = <const Type extends string, Shape extends z.ZodRawShape>(type: Type, shape: Shape) =>
  z.strictObject({ type: z.literal(type), data: z.strictObject(shape) });

const content = {
  title: Title,
  description: Description,
  category: WishCategory,
  estimatedValueFen: Fen,
  funding: WishFunding,
  photo: PhotoReference.optional(),
};

/**
 * What a release, cancellation, rejection or expiry undoes: the pledge released (who had
 * pledged) and the points hold voided (the void to send the ledger), when there were any.
 */
const undoing = {
  releasedPledge: Funder.optional(),
  voidedHold: HoldResolution.optional(),
};

/** A courier drafted a wish. */
export const WishDrafted = event("WishDrafted", {
  wishId: WishId,
  courierId: CourierId,
  stationId: StationId,
  ...content,
  draftedAt: Instant,
});
/** A courier drafted a wish. */
export type WishDrafted = z.infer<typeof WishDrafted>;

/** The courier rewrote their draft. */
export const WishRevised = event("WishRevised", {
  wishId: WishId,
  ...content,
  revisedAt: Instant,
});
/** The courier rewrote their draft. */
export type WishRevised = z.infer<typeof WishRevised>;

/** The courier submitted their wish for review. */
export const WishSubmitted = event("WishSubmitted", {
  wishId: WishId,
  courierId: CourierId,
  submittedAt: Instant,
});
/** The courier submitted their wish. */
export type WishSubmitted = z.infer<typeof WishSubmitted>;

/** A moderator approved the wish. */
export const WishApproved = event("WishApproved", {
  wishId: WishId,
  by: StepActor,
  note: Note.optional(),
  approvedAt: Instant,
});
/** A moderator approved the wish. */
export type WishApproved = z.infer<typeof WishApproved>;

/** A moderator rejected the wish, releasing what funded it. */
export const WishRejected = event("WishRejected", {
  wishId: WishId,
  courierId: CourierId,
  by: StepActor,
  reason: Note,
  ...undoing,
  rejectedAt: Instant,
});
/** A moderator rejected the wish. */
export type WishRejected = z.infer<typeof WishRejected>;

/** The wish went on the wall; it expires at `expiresAt` unless funded first. */
export const WishPublished = event("WishPublished", {
  wishId: WishId,
  by: StepActor,
  publishedAt: Instant,
  expiresAt: Instant,
});
/** The wish went on the wall. */
export type WishPublished = z.infer<typeof WishPublished>;

/**
 * A sponsor (or staff, from the community's donations) pledged the wish's sponsor part,
 * due at the station by `dueAt`. `fullyFunded` says whether the wish is now claimed
 * (nothing left to fund) or still waits for the courier's points part.
 */
export const WishClaimed = event("WishClaimed", {
  wishId: WishId,
  courierId: CourierId,
  funder: Funder,
  /** The part of the value the funder gives, in fen. */
  shareFen: Fen,
  note: Note.optional(),
  pledgedAt: Instant,
  dueAt: Instant,
  fullyFunded: z.boolean(),
});
/** The wish's sponsor part was pledged. */
export type WishClaimed = z.infer<typeof WishClaimed>;

/**
 * The courier redeemed the wish (or its points part) with points: the points flow asks the
 * ledger for `hold`. `attempt` numbers the wish's redemptions (the hold id derives from
 * it). When `fullyFunded`, the wish is due at the station by `dueAt`.
 */
export const WishRedeemed = event("WishRedeemed", {
  wishId: WishId,
  courierId: CourierId,
  /** The part of the value paid in points, in fen. */
  shareFen: Fen,
  points: Points,
  hold: PointsHold,
  attempt: z.number().int().min(1),
  redeemedAt: Instant,
  fullyFunded: z.boolean(),
  dueAt: Instant.optional(),
});
/** The courier redeemed the wish with points. */
export type WishRedeemed = z.infer<typeof WishRedeemed>;

/** The ledger holds the wish's points. */
export const WishHoldConfirmed = event("WishHoldConfirmed", {
  wishId: WishId,
  transferId: DerivedTransferId,
  confirmedAt: Instant,
});
/** The ledger holds the wish's points. */
export type WishHoldConfirmed = z.infer<typeof WishHoldConfirmed>;

/**
 * The ledger refused the wish's hold: the redemption is undone (no hold exists to void)
 * and the wish is back on the wall, expiring at `expiresAt`.
 */
export const WishRedemptionFailed = event("WishRedemptionFailed", {
  wishId: WishId,
  courierId: CourierId,
  transferId: DerivedTransferId,
  reason: z.string().min(1).max(80),
  failedAt: Instant,
  expiresAt: Instant,
});
/** The ledger refused the wish's hold. */
export type WishRedemptionFailed = z.infer<typeof WishRedemptionFailed>;

/**
 * The wish's funding was released and it is back on the wall, expiring at `expiresAt`
 * (the days it had left when it was funded). `reason`: the hand-over deadline passed, the
 * sponsor withdrew, the courier undid their redemption, or staff released it.
 */
export const WishClaimReleased = event("WishClaimReleased", {
  wishId: WishId,
  courierId: CourierId,
  reason: z.enum(["deadline", "sponsor", "courier", "staff"]),
  by: StepActor,
  note: Note.optional(),
  ...undoing,
  releasedAt: Instant,
  expiresAt: Instant,
});
/** The wish's funding was released. */
export type WishClaimReleased = z.infer<typeof WishClaimReleased>;

/**
 * The wish was handed over at the station. `postedHold` is the post to send the ledger
 * for its points part; `funder` is who gave the sponsor part; the title, category and
 * value let the sponsor's record be written without the wish's state. `activityId` is the
 * activity it was handed over at (a wish-lighting event), `stationId` the station; both
 * are absent in events from before they were recorded.
 */
export const WishFulfilled = event("WishFulfilled", {
  wishId: WishId,
  courierId: CourierId,
  by: StepActor,
  title: Title,
  category: WishCategory,
  estimatedValueFen: Fen,
  funder: Funder.optional(),
  sponsorShareFen: Fen.optional(),
  postedHold: HoldPosting.optional(),
  note: Note.optional(),
  stationId: StationId.optional(),
  activityId: ActivityId.optional(),
  fulfilledAt: Instant,
});
/** The wish was handed over. */
export type WishFulfilled = z.infer<typeof WishFulfilled>;

/** The courier thanked whoever fulfilled their wish. */
export const WishThanked = event("WishThanked", {
  wishId: WishId,
  courierId: CourierId,
  funder: Funder.optional(),
  note: Note.optional(),
  public: z.boolean(),
  thankedAt: Instant,
});
/** The courier thanked whoever fulfilled their wish. */
export type WishThanked = z.infer<typeof WishThanked>;

/** The courier cancelled their wish, releasing what funded it. */
export const WishCancelled = event("WishCancelled", {
  wishId: WishId,
  courierId: CourierId,
  reason: Note.optional(),
  ...undoing,
  cancelledAt: Instant,
});
/** The courier cancelled their wish. */
export type WishCancelled = z.infer<typeof WishCancelled>;

/** A published wish expired unfunded, releasing any partial funding. */
export const WishExpired = event("WishExpired", {
  wishId: WishId,
  courierId: CourierId,
  ...undoing,
  expiredAt: Instant,
});
/** A published wish expired. */
export type WishExpired = z.infer<typeof WishExpired>;

/** The courier or the sponsor agreed to share contact details. */
export const WishContactConsentGiven = event("WishContactConsentGiven", {
  wishId: WishId,
  party: z.enum(["courier", "sponsor"]),
  givenAt: Instant,
});
/** A party agreed to share contact details. */
export type WishContactConsentGiven = z.infer<typeof WishContactConsentGiven>;

/**
 * Both the courier and the sponsor agreed: the service may introduce them (it looks the
 * contact details up itself; they are never in an event).
 */
export const WishContactShared = event("WishContactShared", {
  wishId: WishId,
  courierId: CourierId,
  sponsorId: SponsorId,
  sharedAt: Instant,
});
/** Both parties agreed to share contact details. */
export type WishContactShared = z.infer<typeof WishContactShared>;

/**
 * A moderator linked the wish to the activity where it is to be handed over (a
 * wish-lighting event at its station); `previousActivityId` when it moved from another.
 */
export const WishLinkedToActivity = event("WishLinkedToActivity", {
  wishId: WishId,
  activityId: ActivityId,
  stationId: StationId,
  previousActivityId: ActivityId.optional(),
  by: StepActor,
  linkedAt: Instant,
});
/** The wish was linked to an activity. */
export type WishLinkedToActivity = z.infer<typeof WishLinkedToActivity>;

/** A moderator took the wish off the activity it was linked to. */
export const WishUnlinkedFromActivity = event("WishUnlinkedFromActivity", {
  wishId: WishId,
  activityId: ActivityId,
  by: StepActor,
  unlinkedAt: Instant,
});
/** The wish was taken off its activity. */
export type WishUnlinkedFromActivity = z.infer<typeof WishUnlinkedFromActivity>;

/**
 * The contact details the erased courier may have typed into the wish were masked: its
 * title, description, cancellation reason, thanks and history notes. A store rewrites the
 * wish's past events the same way (`maskContactDetails` on their typed fields).
 */
export const WishCourierTextErased = event("WishCourierTextErased", {
  wishId: WishId,
  courierId: CourierId,
  erasedAt: Instant,
});
/** The erased courier's typed contact details were masked. */
export type WishCourierTextErased = z.infer<typeof WishCourierTextErased>;

/** Every event of the wish aggregate. */
export const WishEvent = z.discriminatedUnion("type", [
  WishDrafted,
  WishRevised,
  WishSubmitted,
  WishApproved,
  WishRejected,
  WishPublished,
  WishClaimed,
  WishRedeemed,
  WishHoldConfirmed,
  WishRedemptionFailed,
  WishClaimReleased,
  WishFulfilled,
  WishThanked,
  WishCancelled,
  WishExpired,
  WishContactConsentGiven,
  WishContactShared,
  WishLinkedToActivity,
  WishUnlinkedFromActivity,
  WishCourierTextErased,
]);
/** Every event of the wish aggregate. */
export type WishEvent = z.infer<typeof WishEvent>;

/** The type names of every wish event. */
export const wishEventTypes: ReadonlyArray<WishEvent["type"]> = WishEvent.options.map(
  (option) => option.shape.type.value,
);
