import { Instant, SponsorId, WishId } from "@courier-station/core";
import { z } from "zod";
import { Fen, Note, StepActor, Title, WishCategory } from "../values.js";
import {
  Shop,
  SponsorContact,
  SponsorDisplayName,
  SponsorKind,
  SponsorMember,
} from "./commands.js";

const event = <const Type extends string, Shape extends z.ZodRawShape>(type: Type, shape: Shape) =>
  z.strictObject({ type: z.literal(type), data: z.strictObject(shape) });

/** Staff registered a sponsor. `contact` is personal data (see `scrubSponsorContact`). */
export const SponsorRegistered = event("SponsorRegistered", {
  sponsorId: SponsorId,
  kind: SponsorKind,
  displayName: SponsorDisplayName,
  shop: Shop.optional(),
  members: z.array(SponsorMember),
  contact: SponsorContact.optional(),
  thanksWall: z.boolean(),
  by: StepActor,
  registeredAt: Instant,
});
/** Staff registered a sponsor. */
export type SponsorRegistered = z.infer<typeof SponsorRegistered>;

/** The sponsor's profile changed: `changes` holds the fields given, with their new values. */
export const SponsorProfileUpdated = event("SponsorProfileUpdated", {
  sponsorId: SponsorId,
  changes: z.strictObject({
    displayName: SponsorDisplayName.optional(),
    shop: Shop.optional(),
    members: z.array(SponsorMember).optional(),
    contact: SponsorContact.optional(),
    thanksWall: z.boolean().optional(),
  }),
  by: StepActor,
  updatedAt: Instant,
});
/** The sponsor's profile changed. */
export type SponsorProfileUpdated = z.infer<typeof SponsorProfileUpdated>;

/** Staff stood the sponsor down. */
export const SponsorDeactivated = event("SponsorDeactivated", {
  sponsorId: SponsorId,
  reason: Note,
  by: StepActor,
  deactivatedAt: Instant,
});
/** Staff stood the sponsor down. */
export type SponsorDeactivated = z.infer<typeof SponsorDeactivated>;

/** Staff took the sponsor back. */
export const SponsorReactivated = event("SponsorReactivated", {
  sponsorId: SponsorId,
  by: StepActor,
  reactivatedAt: Instant,
});
/** Staff took the sponsor back. */
export type SponsorReactivated = z.infer<typeof SponsorReactivated>;

/** A wish the sponsor fulfilled was recorded. */
export const SponsoredWishRecorded = event("SponsoredWishRecorded", {
  sponsorId: SponsorId,
  wishId: WishId,
  title: Title,
  category: WishCategory,
  shareFen: Fen,
  fulfilledAt: Instant,
});
/** A wish the sponsor fulfilled was recorded. */
export type SponsoredWishRecorded = z.infer<typeof SponsoredWishRecorded>;

/** A courier's thanks for a wish the sponsor fulfilled was recorded. */
export const SponsorThanksRecorded = event("SponsorThanksRecorded", {
  sponsorId: SponsorId,
  wishId: WishId,
  note: Note.optional(),
  public: z.boolean(),
  thankedAt: Instant,
});
/** A courier's thanks was recorded. */
export type SponsorThanksRecorded = z.infer<typeof SponsorThanksRecorded>;

/**
 * The sponsor's contact details were erased; a resident's display name became
 * `displayName` (a merchant's, being a shop's name, stays). A store then scrubs the
 * sponsor's past events with `scrubSponsorContact`.
 */
export const SponsorContactErased = event("SponsorContactErased", {
  sponsorId: SponsorId,
  displayName: SponsorDisplayName,
  /** Whether the display name was replaced (a resident's), so past events must be too. */
  displayNameReplaced: z.boolean(),
  by: StepActor,
  erasedAt: Instant,
});
/** The sponsor's contact details were erased. */
export type SponsorContactErased = z.infer<typeof SponsorContactErased>;

/** Every event of the sponsor aggregate. */
export const SponsorEvent = z.discriminatedUnion("type", [
  SponsorRegistered,
  SponsorProfileUpdated,
  SponsorDeactivated,
  SponsorReactivated,
  SponsoredWishRecorded,
  SponsorThanksRecorded,
  SponsorContactErased,
]);
/** Every event of the sponsor aggregate. */
export type SponsorEvent = z.infer<typeof SponsorEvent>;

/** The sponsor events that may carry contact details (personal data). */
export const sponsorEventsWithContact = ["SponsorRegistered", "SponsorProfileUpdated"] as const;
