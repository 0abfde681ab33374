import {
  type CreateTransfer,
  type PostPendingTransfer,
  systemAccountId,
  type TransferReason,
  type VoidPendingTransfer,
} from "@courier-station/points";
import type { CatalogueRedemptionCommand } from "./catalogue-redemptions/commands.js";
import type {
  CatalogueRedemptionEvent,
  CatalogueRedemptionOpened,
} from "./catalogue-redemptions/events.js";
import type { HoldPosting, HoldResolution, PointsHold } from "./holds.js";
import type { WishCommand } from "./wishes/commands.js";
import type { WishEvent, WishRedeemed } from "./wishes/events.js";

/** The points commands wishes and catalogue redemptions produce for the ledger. */
export type WishPointsCommand = CreateTransfer | PostPendingTransfer | VoidPendingTransfer;

const holdCommand = (hold: PointsHold, reason: TransferReason): CreateTransfer => ({
  type: "CreateTransfer",
  data: {
    transferId: hold.transferId,
    debitAccount: hold.account,
    creditAccount: systemAccountId("redemption"),
    amount: hold.amount,
    reason,
    reference: hold.reference,
    pending: { timeoutAt: hold.timeoutAt },
  },
});

const postCommand = (posting: HoldPosting): PostPendingTransfer => ({
  type: "PostPendingTransfer",
  data: {
    transferId: posting.transferId,
    pendingTransferId: posting.pendingTransferId,
    amount: posting.amount,
    account: posting.account,
  },
});

const voidCommand = (resolution: HoldResolution): VoidPendingTransfer => ({
  type: "VoidPendingTransfer",
  data: {
    transferId: resolution.transferId,
    pendingTransferId: resolution.pendingTransferId,
    account: resolution.account,
  },
});

const voidsOf = (resolution: HoldResolution | undefined): WishPointsCommand[] =>
  resolution === undefined ? [] : [voidCommand(resolution)];

/**
 * The points commands a wish or catalogue redemption event asks of the ledger (the points
 * service applies them; this package never does):
 *
 * | event                                                       | command                                   |
 * | ----------------------------------------------------------- | ----------------------------------------- |
 * | `WishRedeemed`, `CatalogueRedemptionOpened`                 | `CreateTransfer` pending (the hold)       |
 * | `WishFulfilled` (points part), `CatalogueRedemptionFulfilled` | `PostPendingTransfer`                   |
 * | `WishCancelled`, `WishRejected`, `WishExpired`, `WishClaimReleased` (with a hold), `CatalogueRedemptionCancelled`, `CatalogueRedemptionExpired` | `VoidPendingTransfer` |
 * | any other                                                   | none                                      |
 *
 * Every id is derived from the wish (and its redemption attempt) or the redemption, so
 * handling an event twice asks for the same transfers, which the ledger records once.
 * Post and void name the courier `account`, so the points service can route them. Works on
 * bare events and on envelopes alike.
 *
 * @example
 * for (const command of pointsCommandsFor(event)) {
 *   await points.send({ commandId: command.data.transferId, actor: systemActor("wishes"), command });
 * }
 */
export const pointsCommandsFor = (
  event: WishEvent | CatalogueRedemptionEvent,
): ReadonlyArray<WishPointsCommand> => {
  switch (event.type) {
    case "WishRedeemed":
      return [holdCommand(event.data.hold, "wish_redemption")];
    case "CatalogueRedemptionOpened":
      return [holdCommand(event.data.hold, "catalogue_redemption")];
    case "WishFulfilled":
      return event.data.postedHold === undefined ? [] : [postCommand(event.data.postedHold)];
    case "CatalogueRedemptionFulfilled":
      return [postCommand(event.data.postedHold)];
    case "WishCancelled":
    case "WishRejected":
    case "WishExpired":
    case "WishClaimReleased":
      return voidsOf(event.data.voidedHold);
    case "CatalogueRedemptionCancelled":
    case "CatalogueRedemptionExpired":
      return [voidCommand(event.data.voidedHold)];
    default:
      return [];
  }
};

/**
 * What the ledger said to a hold: created (or already there, on a retry), or refused
 * with its code (`points.insufficient_points`, …).
 */
export type HoldOutcome = { readonly ok: true } | { readonly ok: false; readonly code: string };

/**
 * The command that reports the ledger's answer to a hold back to its wish or redemption:
 * `ConfirmWishHold` / `ConfirmCatalogueRedemptionHold` when the hold was created, or
 * `RecordWishRedemptionFailed` / `RecordCatalogueRedemptionFailed` (the redemption is
 * undone; for the catalogue, the units go back) when the ledger refused it.
 *
 * @example
 * const result = ledger.applyOne(request, now);
 * const report = holdOutcomeCommandFor(event, result.status === "refused"
 *   ? { ok: false, code: result.error.code } : { ok: true });
 */
export function holdOutcomeCommandFor(event: WishRedeemed, outcome: HoldOutcome): WishCommand;
export function holdOutcomeCommandFor(
  event: CatalogueRedemptionOpened,
  outcome: HoldOutcome,
): CatalogueRedemptionCommand;
export function holdOutcomeCommandFor(
  event: WishRedeemed | CatalogueRedemptionOpened,
  outcome: HoldOutcome,
): WishCommand | CatalogueRedemptionCommand {
  const transferId = event.data.hold.transferId;
  if (event.type === "WishRedeemed") {
    const wishId = event.data.wishId;
    return outcome.ok
      ? { type: "ConfirmWishHold", data: { wishId, transferId } }
      : {
          type: "RecordWishRedemptionFailed",
          data: { wishId, transferId, reason: outcome.code.slice(0, 80) },
        };
  }
  const redemptionId = event.data.redemptionId;
  return outcome.ok
    ? { type: "ConfirmCatalogueRedemptionHold", data: { redemptionId, transferId } }
    : {
        type: "RecordCatalogueRedemptionFailed",
        data: { redemptionId, transferId, reason: outcome.code.slice(0, 80) },
      };
}
