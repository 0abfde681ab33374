import type { Decider } from "@courier-station/core";
import type { SponsorCommand } from "./commands.js";
import { decideSponsor, type SponsorDecisionContext } from "./decide.js";
import type { SponsorError } from "./errors.js";
import type { SponsorEvent } from "./events.js";
import { evolveSponsor } from "./evolve.js";
import { sponsorPermissions } from "./permissions.js";
import { initialSponsorState, type SponsorState } from "./state.js";

/**
 * The sponsor (圆梦人) decider: a merchant of the shopping district, a group of merchants
 * or a resident who fulfils wishes. Staff register them; the wish flow records what they
 * fulfilled and the thanks they got; their contact details stay with staff.
 *
 * @example
 * const outcome = handleCommand(sponsorDecider, record, envelope, { clock, ids, facts: {} });
 */
export const sponsorDecider: Decider<
  SponsorCommand,
  SponsorState,
  SponsorEvent,
  SponsorError,
  SponsorDecisionContext
> = {
  aggregate: "sponsor",
  idOf: (command) => command.data.sponsorId,
  permissions: sponsorPermissions,
  initialState: initialSponsorState,
  decide: decideSponsor,
  evolve: evolveSponsor,
};

export * from "./commands.js";
export { decideSponsor, ERASED_RESIDENT_NAME, type SponsorDecisionContext } from "./decide.js";
export * from "./errors.js";
export * from "./events.js";
export { evolveSponsor } from "./evolve.js";
export { SponsorFacts, SponsorStatus } from "./facts.js";
export { sponsorPermissions } from "./permissions.js";
export {
  initialSponsorState,
  isRegistered as isSponsorRegistered,
  type Sponsor,
  type SponsoredWish,
  type SponsorState,
  type SponsorThanks,
} from "./state.js";
export {
  type SponsorPublicView,
  type SponsorStaffView,
  scrubSponsorContact,
  sponsorFactsOf,
  sponsorKindNames,
  sponsorPublicView,
  sponsorStaffView,
} from "./views.js";
