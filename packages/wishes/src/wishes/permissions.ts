import type { DeciderPermissions } from "@courier-station/core";
import type { WishCommand } from "./commands.js";

/**
 * Who may send each command of a micro-wish (微心愿): the decider's `permissions`, which
 * `handleCommand` checks before anything else. A courier drafts, submits, redeems,
 * cancels and thanks (decide checks the wish is theirs); staff moderate (decide checks
 * the policy's `moderatorIds`); a sponsor claims; the points flow reports holds and the
 * timer expires wishes and releases claims (`system`). A release may also come from the
 * sponsor who pledged, the courier who redeemed, or staff; staff, the courier or the
 * sponsor whose pledge funds the wish confirm a hand-over, and staff link wishes to the wish-lighting event (点亮微心愿) where they are
 * handed over together (decide checks the policy's `moderatorIds`). A new wish command needs its entry here (the table is keyed by the command
 * union, so it does not type-check without one).
 *
 * @example
 * wishPermissions.ClaimWish; // ["sponsor"]
 */
export const wishPermissions: DeciderPermissions<WishCommand> = {
  DraftWish: ["courier"],
  ReviseWish: ["courier"],
  SubmitWish: ["courier"],
  ApproveWish: ["staff"],
  RejectWish: ["staff"],
  PublishWish: ["staff"],
  ClaimWish: ["sponsor"],
  FundWishFromDonations: ["staff"],
  RedeemWish: ["courier"],
  ConfirmWishHold: ["system"],
  RecordWishRedemptionFailed: ["system"],
  ReleaseWishClaim: ["system", "sponsor", "courier", "staff"],
  ConfirmWishFulfilled: ["staff", "courier", "sponsor"],
  ThankWishSponsor: ["courier"],
  CancelWish: ["courier"],
  ExpireWish: ["system"],
  AgreeToShareContact: ["courier", "sponsor"],
  LinkWishToActivity: ["staff"],
  UnlinkWishFromActivity: ["staff"],
  EraseWishCourierText: ["system"],
};
