import { accept, type Decision, type DecisionContext, refuse } from "../../kernel/decider.js";
import type { BilingualName } from "../values.js";
import type { CommunityCommand } from "./commands.js";
import {
  CommunityAlreadyRegistered,
  type CommunityError,
  CommunityMismatch,
  CommunityNotFound,
} from "./errors.js";
import type { CommunityEvent } from "./events.js";
import { type CommunityState, isCommunityRegistered } from "./state.js";

type CommunityDecision = Decision<CommunityEvent, CommunityError>;

const sameName = (a: BilingualName, b: BilingualName): boolean =>
  a["zh-CN"] === b["zh-CN"] && a.en === b.en;

/**
 * Every rule of communities: registered once, by the deployment; managed only through
 * commands sent for the community itself; details and policy changes that change
 * nothing are no-ops.
 *
 * @example
 * decideCommunity({ type: "AdoptCommunityPolicy", data: { communityId, policyVersion: "2026-06" } }, state, context);
 */
export const decideCommunity = (
  command: CommunityCommand,
  state: CommunityState,
  context: DecisionContext,
): CommunityDecision => {
  const { communityId } = command.data;
  if (communityId !== context.community) {
    return refuse(new CommunityMismatch({ communityId, community: context.community }));
  }
  const by = context.actor.id;
  const now = context.now;
  if (command.type === "RegisterCommunity") {
    if (isCommunityRegistered(state))
      return refuse(new CommunityAlreadyRegistered({ communityId }));
    return accept({
      type: "CommunityRegistered",
      data: { ...command.data, registeredBy: by, registeredAt: now },
    });
  }
  if (!isCommunityRegistered(state)) return refuse(new CommunityNotFound({ communityId }));
  switch (command.type) {
    case "UpdateCommunityDetails": {
      const { name, district } = command.data;
      const changes = {
        ...(name !== undefined && !sameName(name, state.name) ? { name } : {}),
        ...(district !== undefined && !sameName(district, state.district) ? { district } : {}),
      };
      if (Object.keys(changes).length === 0) return accept();
      return accept({
        type: "CommunityDetailsUpdated",
        data: { communityId, ...changes, updatedBy: by, updatedAt: now },
      });
    }
    case "AdoptCommunityPolicy":
      if (command.data.policyVersion === state.policyVersion) return accept();
      return accept({
        type: "CommunityPolicyAdopted",
        data: {
          communityId,
          policyVersion: command.data.policyVersion,
          previousPolicyVersion: state.policyVersion,
          adoptedBy: by,
          adoptedAt: now,
        },
      });
  }
};
