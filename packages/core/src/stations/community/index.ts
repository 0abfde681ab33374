import { communityPermissions } from "../../access/permissions.js";
import type { Decider, DecisionContext } from "../../kernel/decider.js";
import type { CommunityCommand } from "./commands.js";
import { decideCommunity } from "./decide.js";
import type { CommunityError } from "./errors.js";
import type { CommunityEvent } from "./events.js";
import { evolveCommunity } from "./evolve.js";
import { type CommunityState, initialCommunityState } from "./state.js";

/**
 * The community decider (居民区 / 社区, the tenant): registered by the deployment, with
 * its names, district and the versions of its policy, each with the time it takes
 * effect. Its stream is `community-<communityId>`.
 *
 * @example
 * handleCommand(communityDecider, record, envelope, { clock, ids, facts: {} });
 */
export const communityDecider: Decider<
  CommunityCommand,
  CommunityState,
  CommunityEvent,
  CommunityError,
  DecisionContext
> = {
  aggregate: "community",
  idOf: (command) => command.data.communityId,
  permissions: communityPermissions,
  initialState: initialCommunityState,
  decide: decideCommunity,
  evolve: evolveCommunity,
};

export * from "./commands.js";
export { decideCommunity } from "./decide.js";
export * from "./errors.js";
export * from "./events.js";
export { evolveCommunity } from "./evolve.js";
export * from "./policy-versions.js";
export * from "./state.js";
