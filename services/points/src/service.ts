import {
  commandReplyOf,
  pointsContract,
  serveCommand,
  serveQuery,
} from "@courier-station/contracts";
import type { CommandEnvelope, CommunityId, CourierId } from "@courier-station/core";
import { HOUR, MINUTE } from "@courier-station/core";
import { consumer, defineService, timer } from "@courier-station/kit";
import { type PointsAccountCommand, pointsTriggerTypes } from "@courier-station/points";
import { Effect, Either } from "effect";
import packageJson from "../package.json" with { type: "json" };
import { executePointsCommand } from "./commands.js";
import { applyWishPoints, earnFromEvent, followAccount } from "./flows.js";
import {
  balanceOf,
  ledgerTotalsOf,
  mayReadPointsOf,
  openHoldsPage,
  statementOf,
} from "./queries.js";
import { expireEarnedPoints, expireTimedOutHolds } from "./timers.js";

/** How the points service's timers are paced; the defaults suit a station. */
export interface PointsServiceOptions {
  /** How often holds past their timeout are looked for (default every minute). */
  readonly holdTimeoutsEveryMs?: number;
  /** How often points due to expire are looked for (default every hour). */
  readonly pointsExpiryEveryMs?: number;
}

const endpoints = pointsContract.endpoints;

const accountCommand = (name: PointsAccountCommand["type"]) =>
  serveCommand(endpoints[name], (envelope, context) =>
    executePointsCommand(envelope as CommandEnvelope<PointsAccountCommand>, context.log).pipe(
      Effect.map(commandReplyOf),
    ),
  );

/**
 * The points service (积分): one aggregate per courier account (`pointsAccountDecider`),
 * every command of it an endpoint (`cs.<community>.points.<Command>`; staff adjust by
 * hand, the rest comes from the services' flows), and the queries of `pointsContract`
 * (balance, monthly statement, open holds, the community's ledger totals).
 *
 * Consumers: `earning` (the events of `pointsTriggerTypes` → `EarnPoints` by the policy
 * in force at the fact's time), `wish-points` (wish and catalogue redemption events →
 * holds, posts and voids; a hold's outcome told to the wishes service) and `accounts`
 * (its own events → the read models caught up). Timers: `hold-timeouts` (holds past
 * their timeout expired) and `points-expiry` (earned points expired as the policy says).
 *
 * It needs a store, the bus, the `PolicyBook` and `StationIds`.
 *
 * @example
 * await runMain({
 *   services: [pointsService()],
 *   layer: (config) => Layer.mergeAll(storeLayerFor(config.store), StationIds.layer, …),
 * });
 */
export const pointsService = (options: PointsServiceOptions = {}) =>
  defineService({
    name: "points",
    version: packageJson.version,
    description: pointsContract.description,
    endpoints: [
      accountCommand("CreateTransfer"),
      accountCommand("CreateTransfers"),
      accountCommand("PostPendingTransfer"),
      accountCommand("VoidPendingTransfer"),
      accountCommand("ExpirePendingTransfer"),
      accountCommand("AdjustPoints"),
      accountCommand("EarnPoints"),
      accountCommand("ExpireEarnedPoints"),
      serveQuery(endpoints.GetPointsBalance, ({ actor, courierId, since }, context) =>
        Effect.flatMap(mayReadPointsOf(actor, courierId), () =>
          balanceOf(context.community as CommunityId, courierId, since),
        ),
      ),
      serveQuery(
        endpoints.GetPointsStatement,
        ({ actor, courierId, year, month, after, limit }, context) =>
          Effect.flatMap(mayReadPointsOf(actor, courierId), () =>
            statementOf(context.community as CommunityId, courierId, year, month, {
              after,
              limit,
            }),
          ),
      ),
      serveQuery(endpoints.ListOpenHolds, ({ actor, courierId, after, limit }, context) => {
        // A courier sees their own holds, whether or not they name themselves.
        const whose = actor.role === "courier" ? (courierId ?? (actor.id as CourierId)) : courierId;
        const allowed =
          whose === undefined ? Either.right(undefined) : mayReadPointsOf(actor, whose);
        return Effect.flatMap(allowed, () =>
          openHoldsPage(context.community as CommunityId, whose, { after, limit }),
        );
      }),
      serveQuery(endpoints.GetLedgerTotals, (_input, context) =>
        ledgerTotalsOf(context.community as CommunityId),
      ),
    ],
    consumers: [
      consumer({
        name: "earning",
        events: pointsTriggerTypes.map((type) => ({ type })),
        handler: earnFromEvent,
      }),
      consumer({
        name: "wish-points",
        events: [{ aggregate: "wish" }, { aggregate: "catalogueRedemption" }],
        handler: applyWishPoints,
      }),
      consumer({
        name: "accounts",
        events: [{ aggregate: "pointsAccount" }],
        handler: (event) => followAccount(event),
        // Its work is idempotent by version (a row is replaced only by a newer one), so
        // the record of processed events, two round trips an event, would add nothing.
        skipProcessed: false,
      }),
    ],
    timers: [
      timer({
        name: "hold-timeouts",
        everyMs: options.holdTimeoutsEveryMs ?? MINUTE,
        handler: (context) => expireTimedOutHolds(context.log),
      }),
      timer({
        name: "points-expiry",
        everyMs: options.pointsExpiryEveryMs ?? HOUR,
        handler: (context) => expireEarnedPoints(context.log),
      }),
    ],
  });
