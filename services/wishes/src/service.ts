import {
  commandReplyOf,
  serveCommand,
  serveQuery,
  wishesContract,
} from "@courier-station/contracts";
import { type CommandEnvelope, MINUTE } from "@courier-station/core";
import { consumer, defineService, timer } from "@courier-station/kit";
import type {
  CatalogueItemCommand,
  CatalogueRedemptionCommand,
  RecordWishHandOvers,
  SponsorCommand,
  WishCommand,
} from "@courier-station/wishes";
import { Effect } from "effect";
import packageJson from "../package.json" with { type: "json" };
import {
  executeCatalogueItemCommand,
  executeCatalogueRedemptionCommand,
  executeSponsorCommand,
  executeWishCommand,
  recordWishHandOvers,
} from "./commands.js";
import {
  eraseCourierFromWishes,
  followCatalogueItem,
  followCatalogueRedemption,
  followSponsor,
  followWish,
} from "./flows.js";
import {
  activityWishesPage,
  catalogueItemStockOf,
  cataloguePage,
  courierRedemptionsPage,
  courierWhoseListOf,
  courierWishesPage,
  moderationQueuePage,
  redemptionFor,
  sponsorClaimsPage,
  sponsorsPage,
  sponsorViewFor,
  sponsorWhoseClaimsOf,
  wishViewFor,
  wishWallPage,
} from "./queries.js";
import { runPickupTimers, runWishTimers } from "./timers.js";

/** How the wishes service's timers are paced; the defaults suit a station. */
export interface WishesServiceOptions {
  /** How often wishes due to expire or be released are looked for (default every minute). */
  readonly wishTimersEveryMs?: number;
  /** How often redemptions past their pickup deadline are looked for (default every minute). */
  readonly pickupTimersEveryMs?: number;
}

const endpoints = wishesContract.endpoints;

const wishCommand = (name: WishCommand["type"]) =>
  serveCommand(endpoints[name], (envelope, context) =>
    Effect.map(
      executeWishCommand(envelope as CommandEnvelope<WishCommand>, context.log),
      commandReplyOf,
    ),
  );

const sponsorCommand = (name: SponsorCommand["type"]) =>
  serveCommand(endpoints[name], (envelope, context) =>
    Effect.map(
      executeSponsorCommand(envelope as CommandEnvelope<SponsorCommand>, context.log),
      commandReplyOf,
    ),
  );

const catalogueItemCommand = (name: CatalogueItemCommand["type"]) =>
  serveCommand(endpoints[name], (envelope, context) =>
    Effect.map(
      executeCatalogueItemCommand(envelope as CommandEnvelope<CatalogueItemCommand>, context.log),
      commandReplyOf,
    ),
  );

const catalogueRedemptionCommand = (name: CatalogueRedemptionCommand["type"]) =>
  serveCommand(endpoints[name], (envelope, context) =>
    Effect.map(
      executeCatalogueRedemptionCommand(
        envelope as CommandEnvelope<CatalogueRedemptionCommand>,
        context.log,
      ),
      commandReplyOf,
    ),
  );

/**
 * The wishes service (微心愿): the four deciders of `@courier-station/wishes` — wishes,
 * sponsors (圆梦人), catalogue items (积分商品) and catalogue redemptions — every command
 * an endpoint (`cs.<community>.wishes.<Command>`), decided with the policy in force (the
 * registry's `PolicyBook`) and the facts each needs (the acting courier's from the
 * registry, their available points from the points service, an activity's from the
 * activities service); the bulk record of a wish-lighting event's hand-overs; and the
 * queries of `wishesContract` for each reader.
 *
 * Consumers: `wishes`, `sponsors`, `catalogue-items` and `catalogue-redemptions` (rows
 * caught up from the stored aggregates; a sponsor credited for a wish they fulfilled and
 * thanked; reserved units opened as a redemption, and a redemption's end told to its
 * item) and `courier-erasure` (a courier's typed contact details masked in their wishes'
 * history). Points are held, posted and voided by the points service from this service's
 * events; it reports each hold back through `ConfirmWishHold` and its kin. Timers:
 * `wish-timers` (the wall's expiry, claims and redemptions past their hand-over deadline)
 * and `pickup-timers` (catalogue redemptions not picked up).
 *
 * It needs a store, the bus, the `PolicyBook` and `StationIds`.
 *
 * @example
 * await runMain({
 *   services: [wishesService()],
 *   layer: (config) => Layer.mergeAll(storeLayerFor(config.store), StationIds.layer, …),
 * });
 */
export const wishesService = (options: WishesServiceOptions = {}) =>
  defineService({
    name: "wishes",
    version: packageJson.version,
    description: wishesContract.description,
    endpoints: [
      wishCommand("DraftWish"),
      wishCommand("ReviseWish"),
      wishCommand("SubmitWish"),
      wishCommand("ApproveWish"),
      wishCommand("RejectWish"),
      wishCommand("PublishWish"),
      wishCommand("ClaimWish"),
      wishCommand("FundWishFromDonations"),
      wishCommand("RedeemWish"),
      wishCommand("ConfirmWishHold"),
      wishCommand("RecordWishRedemptionFailed"),
      wishCommand("ReleaseWishClaim"),
      wishCommand("ConfirmWishFulfilled"),
      wishCommand("ThankWishSponsor"),
      wishCommand("CancelWish"),
      wishCommand("ExpireWish"),
      wishCommand("AgreeToShareContact"),
      wishCommand("LinkWishToActivity"),
      wishCommand("UnlinkWishFromActivity"),
      wishCommand("EraseWishCourierText"),
      serveCommand(endpoints.RecordWishHandOvers, (envelope, context) =>
        Effect.map(
          recordWishHandOvers(envelope as CommandEnvelope<RecordWishHandOvers>, context.log),
          ({ reply }) => reply,
        ),
      ),
      sponsorCommand("RegisterSponsor"),
      sponsorCommand("UpdateSponsorProfile"),
      sponsorCommand("DeactivateSponsor"),
      sponsorCommand("ReactivateSponsor"),
      sponsorCommand("RecordSponsoredWish"),
      sponsorCommand("RecordSponsorThanks"),
      sponsorCommand("EraseSponsorContact"),
      catalogueItemCommand("ListCatalogueItem"),
      catalogueItemCommand("ReviseCatalogueItem"),
      catalogueItemCommand("RestockCatalogueItem"),
      catalogueItemCommand("WriteOffCatalogueStock"),
      catalogueItemCommand("WithdrawCatalogueItem"),
      catalogueItemCommand("RelistCatalogueItem"),
      catalogueItemCommand("RedeemCatalogueItem"),
      catalogueItemCommand("ReleaseCatalogueReservation"),
      catalogueItemCommand("CompleteCatalogueReservation"),
      catalogueRedemptionCommand("OpenCatalogueRedemption"),
      catalogueRedemptionCommand("ConfirmCatalogueRedemptionHold"),
      catalogueRedemptionCommand("RecordCatalogueRedemptionFailed"),
      catalogueRedemptionCommand("HandOverCatalogueRedemption"),
      catalogueRedemptionCommand("CancelCatalogueRedemption"),
      catalogueRedemptionCommand("ExpireCatalogueRedemption"),
      serveQuery(
        endpoints.ListWishWall,
        ({ stationId, category, openToSponsors, after, limit }, context) =>
          wishWallPage(
            context.community,
            { stationId, category, openToSponsors },
            { after, limit },
          ),
      ),
      serveQuery(endpoints.GetWish, ({ actor, wishId }, context) =>
        wishViewFor(actor, context.community, wishId),
      ),
      serveQuery(endpoints.ListSponsorClaims, ({ actor, sponsorId, after, limit }, context) =>
        Effect.flatMap(sponsorWhoseClaimsOf(actor, sponsorId), (whose) =>
          sponsorClaimsPage(context.community, whose, { after, limit }),
        ),
      ),
      serveQuery(
        endpoints.ListCourierWishes,
        ({ actor, courierId, status, after, limit }, context) =>
          Effect.flatMap(courierWhoseListOf(actor, courierId), (whose) =>
            courierWishesPage(context.community, whose, status, { after, limit }),
          ),
      ),
      serveQuery(endpoints.ListModerationQueue, ({ stationId, status, after, limit }, context) =>
        moderationQueuePage(context.community, stationId, status, { after, limit }),
      ),
      serveQuery(endpoints.ListActivityWishes, ({ activityId, after, limit }, context) =>
        activityWishesPage(context.community, activityId, { after, limit }),
      ),
      serveQuery(endpoints.ListCatalogue, ({ stationId, available, after, limit }, context) =>
        cataloguePage(context.community, { stationId, available }, { after, limit }),
      ),
      serveQuery(endpoints.GetCatalogueItemStock, ({ itemId }, context) =>
        catalogueItemStockOf(context.community, itemId),
      ),
      serveQuery(
        endpoints.ListCourierCatalogueRedemptions,
        ({ actor, courierId, open, after, limit }, context) =>
          Effect.flatMap(courierWhoseListOf(actor, courierId), (whose) =>
            courierRedemptionsPage(context.community, whose, open, { after, limit }),
          ),
      ),
      serveQuery(endpoints.GetCatalogueRedemption, ({ actor, redemptionId }, context) =>
        redemptionFor(actor, context.community, redemptionId),
      ),
      serveQuery(endpoints.ListSponsors, ({ active, after, limit }, context) =>
        sponsorsPage(context.community, active, { after, limit }),
      ),
      serveQuery(endpoints.GetSponsor, ({ actor, sponsorId }, context) =>
        sponsorViewFor(actor, context.community, sponsorId),
      ),
    ],
    consumers: [
      consumer({ name: "wishes", events: [{ aggregate: "wish" }], handler: followWish }),
      consumer({
        name: "sponsors",
        events: [{ aggregate: "sponsor" }],
        handler: (event) => followSponsor(event),
      }),
      consumer({
        name: "catalogue-items",
        events: [{ aggregate: "catalogueItem" }],
        handler: followCatalogueItem,
      }),
      consumer({
        name: "catalogue-redemptions",
        events: [{ aggregate: "catalogueRedemption" }],
        handler: followCatalogueRedemption,
      }),
      consumer({
        name: "courier-erasure",
        events: [{ aggregate: "courier", type: "CourierPersonalDataErased" }],
        handler: eraseCourierFromWishes,
      }),
    ],
    timers: [
      timer({
        name: "wish-timers",
        everyMs: options.wishTimersEveryMs ?? MINUTE,
        handler: (context) => runWishTimers(context.log),
      }),
      timer({
        name: "pickup-timers",
        everyMs: options.pickupTimersEveryMs ?? MINUTE,
        handler: (context) => runPickupTimers(context.log),
      }),
    ],
  });
