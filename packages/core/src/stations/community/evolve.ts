import type { CommunityEvent } from "./events.js";
import { type CommunityState, isCommunityRegistered } from "./state.js";

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
      policyVersion: data.policyVersion,
      policyHistory: [
        {
          policyVersion: data.policyVersion,
          adoptedAt: data.registeredAt,
          adoptedBy: data.registeredBy,
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
        policyVersion: event.data.policyVersion,
        policyHistory: [
          ...state.policyHistory,
          {
            policyVersion: event.data.policyVersion,
            adoptedAt: event.data.adoptedAt,
            adoptedBy: event.data.adoptedBy,
          },
        ],
      };
  }
};
