import type { CommunityId } from "../../kernel/ids.js";
import type { Instant } from "../../kernel/time.js";
import type { BilingualName, PolicyVersion } from "../values.js";

/** A policy version a community adopted, and when. */
export interface PolicyAdoption {
  readonly policyVersion: PolicyVersion;
  readonly adoptedAt: Instant;
  readonly adoptedBy: string;
}

/** A registered community (居民区 / 社区). */
export interface Community {
  readonly status: "registered";
  readonly communityId: CommunityId;
  readonly name: BilingualName;
  readonly district: BilingualName;
  /** The policy version in force. */
  readonly policyVersion: PolicyVersion;
  /** Every version adopted, oldest first (the first at registration). */
  readonly policyHistory: ReadonlyArray<PolicyAdoption>;
  readonly registeredAt: Instant;
}

/** The state of a community aggregate: nothing before registration, then the community. */
export type CommunityState = { readonly status: "unregistered" } | Community;

/** The state before the first event. */
export const initialCommunityState = (): CommunityState => ({ status: "unregistered" });

/** Whether the community is registered. */
export const isCommunityRegistered = (state: CommunityState): state is Community =>
  state.status === "registered";
