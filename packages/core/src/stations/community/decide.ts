import { Either } from "effect";
import { accept, type Decision, type DecisionContext, refuse } from "../../kernel/decider.js";
import { isAfter, isBefore } from "../../kernel/time.js";
import { parsePolicy } from "../../policy/parse.js";
import type { BilingualName } from "../values.js";
import type { CommunityCommand, PublishCommunityPolicy } from "./commands.js";
import {
  CommunityAlreadyRegistered,
  type CommunityError,
  CommunityMismatch,
  CommunityNotFound,
  PolicyEffectiveBeforeLatest,
  PolicyEffectiveInPast,
  PolicyVersionTaken,
} from "./errors.js";
import type { CommunityEvent } from "./events.js";
import { type Community, type CommunityState, isCommunityRegistered } from "./state.js";

type CommunityDecision = Decision<CommunityEvent, CommunityError>;

const sameName = (a: BilingualName, b: BilingualName): boolean =>
  a["zh-CN"] === b["zh-CN"] && a.en === b.en;

const decidePublish = (
  command: PublishCommunityPolicy,
  community: Community,
  context: DecisionContext,
): CommunityDecision => {
  const { communityId, policyVersion, effectiveFrom, document } = command.data;
  if (community.policyVersions.some((version) => version.policyVersion === policyVersion)) {
    return refuse(new PolicyVersionTaken({ policyVersion }));
  }
  if (isBefore(effectiveFrom, context.now)) {
    return refuse(new PolicyEffectiveInPast({ effectiveFrom, now: context.now }));
  }
  const latest = community.policyVersions.at(-1);
  if (latest !== undefined && !isAfter(effectiveFrom, latest.effectiveFrom)) {
    return refuse(
      new PolicyEffectiveBeforeLatest({
        effectiveFrom,
        latestVersion: latest.policyVersion,
        latestEffectiveFrom: latest.effectiveFrom,
      }),
    );
  }
  const policy = parsePolicy(document);
  if (Either.isLeft(policy)) return refuse(policy.left);
  return accept({
    type: "CommunityPolicyPublished",
    data: {
      communityId,
      policyVersion,
      effectiveFrom,
      policy: policy.right,
      publishedBy: context.actor.id,
      publishedAt: context.now,
    },
  });
};

/**
 * Every rule of communities: registered once, by the deployment; managed only through
 * commands sent for the community itself; details that change nothing are no-ops.
 * Policy versions are published with their documents, validated by `parsePolicy` (every
 * problem at once), each under a new name and taking effect after the latest one and
 * not in the past, so no decision already taken changes its rules.
 *
 * @example
 * decideCommunity(
 *   { type: "PublishCommunityPolicy", data: { communityId, policyVersion: "2027-01",
 *     effectiveFrom: "2027-01-01T00:00:00+08:00", document: yamlText } },
 *   state, context,
 * );
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
    case "PublishCommunityPolicy":
      return decidePublish(command, state, context);
  }
};
