import {
  accept,
  addMillis,
  type CommunityPolicy,
  DAY,
  type Decision,
  type DecisionContext,
  isBefore,
  refuse,
} from "@courier-station/core";
import { courierAccountId } from "@courier-station/points";
import {
  catalogueHoldTransferId,
  catalogueTransferReference,
  holdTimeoutFor,
  postingOf,
  voidingOf,
} from "../holds.js";
import { stepActorOf } from "../values.js";
import type { CatalogueRedemptionCommand } from "./commands.js";
import {
  type CatalogueRedemptionError,
  NotTheRedeemingCourier,
  RedemptionAlreadyFulfilled,
  RedemptionConflict,
  RedemptionHoldAlreadyConfirmed,
  RedemptionHoldNotConfirmed,
  RedemptionHoldTimedOut,
  RedemptionNotFound,
  RedemptionNotYetDue,
  type RedemptionStep,
  RedemptionTransitionNotAllowed,
  UnknownRedemptionHold,
} from "./errors.js";
import type { CatalogueRedemptionEvent } from "./events.js";
import { type CatalogueRedemption, type CatalogueRedemptionState, isOpened } from "./state.js";

/** The decision context of catalogue redemptions: the community policy (pickup days, grace). */
export interface CatalogueRedemptionDecisionContext extends DecisionContext {
  readonly policy: CommunityPolicy;
}

type RedemptionDecision = Decision<CatalogueRedemptionEvent, CatalogueRedemptionError>;

const notAllowed = (redemption: CatalogueRedemption, step: RedemptionStep): RedemptionDecision =>
  refuse(
    new RedemptionTransitionNotAllowed({
      redemptionId: redemption.redemptionId,
      status: redemption.status,
      step,
    }),
  );

const isOpen = (redemption: CatalogueRedemption): boolean =>
  redemption.status === "requested" || redemption.status === "ready";

const settled = (redemption: CatalogueRedemption) => ({
  redemptionId: redemption.redemptionId,
  itemId: redemption.itemId,
  courierId: redemption.courierId,
  quantity: redemption.quantity,
});

const notTheCourier = (
  redemption: CatalogueRedemption,
  context: CatalogueRedemptionDecisionContext,
): CatalogueRedemptionError | undefined =>
  context.actor.role === "courier" && context.actor.id !== redemption.courierId
    ? new NotTheRedeemingCourier({
        redemptionId: redemption.redemptionId,
        actorId: context.actor.id,
      })
    : undefined;

/**
 * Decides a command on a catalogue redemption:
 *
 * - the catalogue flow opens it from the item's reservation: the points are held until
 *   the pickup deadline (`catalogue.pickupDays`) plus the policy's grace;
 * - the points flow confirms the hold, or records that the ledger refused it (the
 *   redemption fails and the units go back);
 * - staff or the courier confirm the hand-over (the hold is posted), once;
 * - the courier or staff cancel it, or the timer expires it past its deadline (the hold is
 *   voided and the units go back).
 *
 * @example
 * decideCatalogueRedemption(command, state, { now, actor: system, community, policy });
 */
export const decideCatalogueRedemption = (
  command: CatalogueRedemptionCommand,
  state: CatalogueRedemptionState,
  context: CatalogueRedemptionDecisionContext,
): RedemptionDecision => {
  const now = context.now;
  if (command.type === "OpenCatalogueRedemption") {
    const data = command.data;
    if (isOpened(state)) {
      const field =
        state.itemId !== data.itemId
          ? "itemId"
          : state.courierId !== data.courierId
            ? "courierId"
            : state.quantity !== data.quantity
              ? "quantity"
              : state.hold.amount !== data.points
                ? "points"
                : undefined;
      if (field === undefined) return accept();
      return refuse(new RedemptionConflict({ redemptionId: data.redemptionId, field }));
    }
    const dueAt = addMillis(now, context.policy.wishes.catalogue.pickupDays * DAY);
    return accept<CatalogueRedemptionEvent>({
      type: "CatalogueRedemptionOpened",
      data: {
        redemptionId: data.redemptionId,
        itemId: data.itemId,
        courierId: data.courierId,
        quantity: data.quantity,
        itemTitle: data.itemTitle,
        stationId: data.stationId,
        hold: {
          transferId: catalogueHoldTransferId(data.redemptionId),
          account: courierAccountId(data.courierId),
          amount: data.points,
          timeoutAt: holdTimeoutFor(dueAt, context.policy.wishes),
          reference: catalogueTransferReference(data.redemptionId),
        },
        dueAt,
        openedAt: now,
      },
    });
  }

  if (!isOpened(state)) {
    return refuse(new RedemptionNotFound({ redemptionId: command.data.redemptionId }));
  }
  const redemption = state;

  switch (command.type) {
    case "ConfirmCatalogueRedemptionHold": {
      const { transferId } = command.data;
      if (transferId !== redemption.hold.transferId) {
        return refuse(
          new UnknownRedemptionHold({ redemptionId: redemption.redemptionId, transferId }),
        );
      }
      // Already confirmed, or settled since (a late report): nothing changes.
      if (redemption.status !== "requested") return accept();
      return accept<CatalogueRedemptionEvent>({
        type: "CatalogueRedemptionHoldConfirmed",
        data: { redemptionId: redemption.redemptionId, transferId, confirmedAt: now },
      });
    }

    case "RecordCatalogueRedemptionFailed": {
      const { transferId, reason } = command.data;
      if (transferId !== redemption.hold.transferId) {
        return refuse(
          new UnknownRedemptionHold({ redemptionId: redemption.redemptionId, transferId }),
        );
      }
      if (redemption.status === "ready" || redemption.status === "fulfilled") {
        return refuse(
          new RedemptionHoldAlreadyConfirmed({ redemptionId: redemption.redemptionId }),
        );
      }
      if (redemption.status !== "requested") return accept();
      return accept<CatalogueRedemptionEvent>({
        type: "CatalogueRedemptionFailed",
        data: { ...settled(redemption), transferId, reason, failedAt: now },
      });
    }

    case "HandOverCatalogueRedemption": {
      const mismatch = notTheCourier(redemption, context);
      if (mismatch !== undefined) return refuse(mismatch);
      if (redemption.status === "fulfilled") {
        return refuse(new RedemptionAlreadyFulfilled({ redemptionId: redemption.redemptionId }));
      }
      if (redemption.status === "requested") {
        return refuse(new RedemptionHoldNotConfirmed({ redemptionId: redemption.redemptionId }));
      }
      if (redemption.status !== "ready") return notAllowed(redemption, "hand-over");
      if (!isBefore(now, redemption.hold.timeoutAt)) {
        return refuse(
          new RedemptionHoldTimedOut({
            redemptionId: redemption.redemptionId,
            timeoutAt: redemption.hold.timeoutAt,
          }),
        );
      }
      const note = command.data.note;
      return accept<CatalogueRedemptionEvent>({
        type: "CatalogueRedemptionFulfilled",
        data: {
          ...settled(redemption),
          postedHold: postingOf(redemption.hold),
          by: stepActorOf(context.actor),
          ...(note === undefined ? {} : { note }),
          fulfilledAt: now,
        },
      });
    }

    case "CancelCatalogueRedemption": {
      const mismatch = notTheCourier(redemption, context);
      if (mismatch !== undefined) return refuse(mismatch);
      if (!isOpen(redemption)) return notAllowed(redemption, "cancel");
      const reason = command.data.reason;
      return accept<CatalogueRedemptionEvent>({
        type: "CatalogueRedemptionCancelled",
        data: {
          ...settled(redemption),
          voidedHold: voidingOf(redemption.hold),
          by: stepActorOf(context.actor),
          ...(reason === undefined ? {} : { reason }),
          cancelledAt: now,
        },
      });
    }

    case "ExpireCatalogueRedemption": {
      if (!isOpen(redemption)) return notAllowed(redemption, "expire");
      if (isBefore(now, redemption.dueAt)) {
        return refuse(
          new RedemptionNotYetDue({
            redemptionId: redemption.redemptionId,
            dueAt: redemption.dueAt,
          }),
        );
      }
      return accept<CatalogueRedemptionEvent>({
        type: "CatalogueRedemptionExpired",
        data: { ...settled(redemption), voidedHold: voidingOf(redemption.hold), expiredAt: now },
      });
    }
  }
};
