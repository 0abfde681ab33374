import type { DeciderPermissions } from "@courier-station/core";
import type { SponsorCommand } from "./commands.js";

/**
 * Who may send each command of a sponsor (圆梦人): the decider's `permissions`, which
 * `handleCommand` checks before anything else. Staff register and stand sponsors down; a
 * sponsor updates their own profile and may have their contact erased (decide checks it
 * is theirs); the wish flow records what they fulfilled and the thanks they got (`system`).
 *
 * @example
 * sponsorPermissions.RegisterSponsor; // ["staff"]
 */
export const sponsorPermissions: DeciderPermissions<SponsorCommand> = {
  RegisterSponsor: ["staff"],
  UpdateSponsorProfile: ["staff", "sponsor"],
  DeactivateSponsor: ["staff"],
  ReactivateSponsor: ["staff"],
  RecordSponsoredWish: ["system"],
  RecordSponsorThanks: ["system"],
  EraseSponsorContact: ["staff", "sponsor"],
};
