import type { Decider } from "@courier-station/core";
import type { WishCommand } from "./commands.js";
import { decideWish, type WishDecisionContext } from "./decide.js";
import type { WishError } from "./errors.js";
import type { WishEvent } from "./events.js";
import { evolveWish } from "./evolve.js";
import { wishPermissions } from "./permissions.js";
import { initialWishState, type WishState } from "./state.js";

/**
 * The micro-wish (微心愿) decider: a courier drafts and submits a wish; a moderator
 * approves and publishes it (or rejects it); a sponsor claims it, staff fund it from the
 * community's donations, or the courier redeems it with points (held in the ledger); it
 * is handed over at the station and the courier thanks the sponsor. Timers expire
 * unfunded wishes and release claims past their deadline.
 *
 * @example
 * const outcome = handleCommand(wishDecider, record, envelope, {
 *   clock, ids,
 *   facts: { policy, courier: courierFacts, openWishCount: 0, availablePoints: 1200 },
 * });
 */
export const wishDecider: Decider<
  WishCommand,
  WishState,
  WishEvent,
  WishError,
  WishDecisionContext
> = {
  aggregate: "wish",
  idOf: (command) => command.data.wishId,
  permissions: wishPermissions,
  initialState: initialWishState,
  decide: decideWish,
  evolve: evolveWish,
};

export * from "./commands.js";
export { decideWish, type WishCourierFacts, type WishDecisionContext } from "./decide.js";
export * from "./errors.js";
export * from "./events.js";
export { evolveWish } from "./evolve.js";
export * from "./hand-overs.js";
export { wishPermissions } from "./permissions.js";
export {
  initialWishState,
  isDrafted as isWishDrafted,
  isFullyFunded as isWishFullyFunded,
  isOpenWishStatus,
  openWishStatuses,
  pointsShareOf,
  sponsorShareOf,
  terminalWishStatuses,
  type Wish,
  type WishContactConsent,
  type WishFulfilment,
  type WishHistoryEntry,
  type WishPledge,
  type WishRedemption,
  type WishState,
  WishStatus,
  wishStatusNames,
} from "./state.js";
export {
  isWishPublic,
  publicWishStatuses,
  type WishPublicView,
  type WishSponsorView,
  type WishStaffView,
  wishPointsPrice,
  wishPublicView,
  wishSponsorView,
  wishStaffView,
} from "./views.js";
