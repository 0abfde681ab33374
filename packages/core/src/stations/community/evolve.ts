import { isBefore } from "../../kernel/time.js";
import type { CommunityEvent } from "./events.js";
import {
  type CommunityPolicyVersion,
  type CommunityState,
  isCommunityRegistered,
} from "./state.js";

// Versions stay in the order they take effect; decide only accepts later ones, but an
// old stream's adoptions are placed by their time too.
const withVersion = (
  versions: ReadonlyArray<CommunityPolicyVersion>,
  version: CommunityPolicyVersion,
): ReadonlyArray<CommunityPolicyVersion> => {
  const after = versions.findIndex((existing) =>
    isBefore(version.effectiveFrom, existing.effectiveFrom),
  );
  return after === -1
    ? [...versions, version]
    : [...versions.slice(0, after), version, ...versions.slice(after)];
};

/**
 * The state of a community after an event. No rules.
 *
 * @example
 * const state = events.reduce(evolveCommunity, initialCommunityState());
 */
export const evolveCommunity = (state: CommunityState, event: CommunityEvent): CommunityState => {
  if (event.type === "CommunityRegistered") {
    const data = event.data;
    return {
      status: "registered",
      communityId: data.communityId,
      name: data.name,
      district: data.district,
      policyVersions: [
        {
          policyVersion: data.policyVersion,
          effectiveFrom: data.registeredAt,
          publishedAt: data.registeredAt,
          publishedBy: data.registeredBy,
        },
      ],
      registeredAt: data.registeredAt,
    };
  }
  if (!isCommunityRegistered(state)) return state;
  switch (event.type) {
    case "CommunityDetailsUpdated":
      return {
        ...state,
        ...(event.data.name === undefined ? {} : { name: event.data.name }),
        ...(event.data.district === undefined ? {} : { district: event.data.district }),
      };
    case "CommunityPolicyAdopted":
      return {
        ...state,
        policyVersions: withVersion(state.policyVersions, {
          policyVersion: event.data.policyVersion,
          effectiveFrom: event.data.adoptedAt,
          publishedAt: event.data.adoptedAt,
          publishedBy: event.data.adoptedBy,
        }),
      };
    case "CommunityPolicyPublished":
      return {
        ...state,
        policyVersions: withVersion(state.policyVersions, {
          policyVersion: event.data.policyVersion,
          effectiveFrom: event.data.effectiveFrom,
          publishedAt: event.data.publishedAt,
          publishedBy: event.data.publishedBy,
          policy: event.data.policy,
        }),
      };
  }
};
