import type { CommunityId } from "../../kernel/ids.js";
import type { Instant } from "../../kernel/time.js";
import type { CommunityPolicy } from "../../policy/schema.js";
import type { BilingualName, PolicyVersion } from "../values.js";

/**
 * A version of a community's policy: its name, when it takes effect, who published it
 * and when, and the validated document. The version named at registration (and those
 * adopted by name in earlier releases) has no document here: the deployment's
 * configuration holds it.
 */
export interface CommunityPolicyVersion {
  readonly policyVersion: PolicyVersion;
  /** From when the version is in force (until the next one takes effect). */
  readonly effectiveFrom: Instant;
  readonly publishedAt: Instant;
  readonly publishedBy: string;
  /** The validated document, defaults filled in; absent for a version named only. */
  readonly policy?: CommunityPolicy;
}

/** A registered community (居民区 / 社区). */
export interface Community {
  readonly status: "registered";
  readonly communityId: CommunityId;
  readonly name: BilingualName;
  readonly district: BilingualName;
  /**
   * Every version of its policy, in the order they take effect (the first at
   * registration); old versions stay readable. `policyInForceAt` says which one applies
   * to a fact at a given time.
   */
  readonly policyVersions: ReadonlyArray<CommunityPolicyVersion>;
  readonly registeredAt: Instant;
}

/** The state of a community aggregate: nothing before registration, then the community. */
export type CommunityState = { readonly status: "unregistered" } | Community;

/** The state before the first event. */
export const initialCommunityState = (): CommunityState => ({ status: "unregistered" });

/** Whether the community is registered. */
export const isCommunityRegistered = (state: CommunityState): state is Community =>
  state.status === "registered";
