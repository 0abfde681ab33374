import type { Instant } from "@courier-station/core";
import type { TransferAmount } from "@courier-station/points";
import type {
  CatalogueItemCommand,
  ReleaseCatalogueReservation,
} from "./catalogue-items/commands.js";
import type { CatalogueItemEvent, CatalogueItemReserved } from "./catalogue-items/events.js";
import type { CatalogueRedemptionCommand } from "./catalogue-redemptions/commands.js";
import type { CatalogueRedemptionEvent } from "./catalogue-redemptions/events.js";
import type { CatalogueRedemptionState } from "./catalogue-redemptions/state.js";
import type { SponsorCommand } from "./sponsors/commands.js";
import type { WishCommand } from "./wishes/commands.js";
import type { WishEvent } from "./wishes/events.js";
import type { WishState } from "./wishes/state.js";

/*
 * The process managers between the aggregates of this package, as pure functions from an
 * event to the commands it leads to. A service subscribes to the events, sends the
 * commands (as `system`, with command ids derived from the event id), and handles each
 * event once; every command here is idempotent, so handling an event twice is harmless.
 */

/**
 * The sponsor commands a wish event leads to: a wish a sponsor fulfilled is recorded on
 * their page (`RecordSponsoredWish`), and the courier's thanks after it
 * (`RecordSponsorThanks`). Wishes funded by points or by the community lead to none.
 *
 * @example
 * for (const command of sponsorCommandsFor(event)) await sponsors.send(command);
 */
export const sponsorCommandsFor = (event: WishEvent): ReadonlyArray<SponsorCommand> => {
  if (event.type === "WishFulfilled") {
    const data = event.data;
    if (data.funder?.kind !== "sponsor" || data.sponsorShareFen === undefined) return [];
    return [
      {
        type: "RecordSponsoredWish",
        data: {
          sponsorId: data.funder.sponsorId,
          wishId: data.wishId,
          title: data.title,
          category: data.category,
          shareFen: data.sponsorShareFen,
          fulfilledAt: data.fulfilledAt,
        },
      },
    ];
  }
  if (event.type === "WishThanked") {
    const data = event.data;
    if (data.funder?.kind !== "sponsor") return [];
    return [
      {
        type: "RecordSponsorThanks",
        data: {
          sponsorId: data.funder.sponsorId,
          wishId: data.wishId,
          ...(data.note === undefined ? {} : { note: data.note }),
          public: data.public,
          thankedAt: data.thankedAt,
        },
      },
    ];
  }
  return [];
};

/**
 * The redemption commands a catalogue item event leads to: units reserved for a
 * redemption open it (`OpenCatalogueRedemption`), which holds the points. If opening is
 * refused, send {@link reservationCompensationFor} to return the units.
 *
 * @example
 * for (const command of catalogueRedemptionCommandsFor(event)) await redemptions.send(command);
 */
export const catalogueRedemptionCommandsFor = (
  event: CatalogueItemEvent,
): ReadonlyArray<CatalogueRedemptionCommand> => {
  if (event.type !== "CatalogueItemReserved") return [];
  const data = event.data;
  return [
    {
      type: "OpenCatalogueRedemption",
      data: {
        redemptionId: data.redemptionId,
        itemId: data.itemId,
        courierId: data.courierId,
        quantity: data.quantity,
        // The item refused a total beyond the courier's available points, so it is a safe integer.
        points: (data.unitPoints * data.quantity) as TransferAmount,
        itemTitle: data.itemTitle,
        stationId: data.stationId,
      },
    },
  ];
};

/**
 * The compensation when a reservation's redemption could not be opened (its id was taken
 * by another redemption): the units go back into stock.
 *
 * @example
 * if (Either.isLeft(opened)) await items.send(reservationCompensationFor(reservedEvent));
 */
export const reservationCompensationFor = (
  event: CatalogueItemReserved,
): ReleaseCatalogueReservation => ({
  type: "ReleaseCatalogueReservation",
  data: { itemId: event.data.itemId, redemptionId: event.data.redemptionId, reason: "not-opened" },
});

/**
 * The catalogue item commands a redemption event leads to: the units go back into stock
 * when it failed, was cancelled or expired (`ReleaseCatalogueReservation`), and are
 * recorded handed over when it was fulfilled (`CompleteCatalogueReservation`).
 *
 * @example
 * for (const command of catalogueItemCommandsFor(event)) await items.send(command);
 */
export const catalogueItemCommandsFor = (
  event: CatalogueRedemptionEvent,
): ReadonlyArray<CatalogueItemCommand> => {
  switch (event.type) {
    case "CatalogueRedemptionFailed":
    case "CatalogueRedemptionCancelled":
    case "CatalogueRedemptionExpired": {
      const reason =
        event.type === "CatalogueRedemptionFailed"
          ? "failed"
          : event.type === "CatalogueRedemptionCancelled"
            ? "cancelled"
            : "expired";
      return [
        {
          type: "ReleaseCatalogueReservation",
          data: { itemId: event.data.itemId, redemptionId: event.data.redemptionId, reason },
        },
      ];
    }
    case "CatalogueRedemptionFulfilled":
      return [
        {
          type: "CompleteCatalogueReservation",
          data: { itemId: event.data.itemId, redemptionId: event.data.redemptionId },
        },
      ];
    default:
      return [];
  }
};

/** A command a timer should send at a time. */
export interface ScheduledCommand<Command> {
  readonly at: Instant;
  readonly command: Command;
}

/**
 * The timer a wish needs next, if any: `ExpireWish` when a published wish's time on the
 * wall is over, or `ReleaseWishClaim` when a claim, a redemption or a lone pledge is past
 * its hand-over deadline. A timer service keeps one per wish (replacing it after every
 * event) and sends the command as `system` at `at`; decide checks the deadline again.
 *
 * @example
 * const next = nextWishTimer(state); // { at: "2026-12-28T02:00:00.000Z", command: { type: "ExpireWish", … } }
 */
export const nextWishTimer = (state: WishState): ScheduledCommand<WishCommand> | undefined => {
  if (state.status === "none") return undefined;
  const wishId = state.wishId;
  if (state.status === "claimed" || state.status === "redeemed") {
    return state.dueAt === undefined
      ? undefined
      : { at: state.dueAt, command: { type: "ReleaseWishClaim", data: { wishId } } };
  }
  if (state.status !== "published") return undefined;
  const expiry =
    state.expiresAt === undefined
      ? undefined
      : { at: state.expiresAt, command: { type: "ExpireWish", data: { wishId } } as WishCommand };
  const pledgeDue = state.pledge?.dueAt;
  if (pledgeDue !== undefined && (expiry === undefined || pledgeDue < expiry.at)) {
    return { at: pledgeDue, command: { type: "ReleaseWishClaim", data: { wishId } } };
  }
  return expiry;
};

/**
 * The timer a catalogue redemption needs next, if any: `ExpireCatalogueRedemption` at its
 * pickup deadline while it is open.
 *
 * @example
 * nextCatalogueRedemptionTimer(state)?.at;
 */
export const nextCatalogueRedemptionTimer = (
  state: CatalogueRedemptionState,
): ScheduledCommand<CatalogueRedemptionCommand> | undefined => {
  if (state.status !== "requested" && state.status !== "ready") return undefined;
  return {
    at: state.dueAt,
    command: { type: "ExpireCatalogueRedemption", data: { redemptionId: state.redemptionId } },
  };
};
