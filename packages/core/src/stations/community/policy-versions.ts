import { type Instant, isAfter } from "../../kernel/time.js";
import type { CommunityPolicy } from "../../policy/schema.js";
import type { PolicyVersion } from "../values.js";
import {
  type CommunityPolicyVersion,
  type CommunityState,
  isCommunityRegistered,
} from "./state.js";

/**
 * Every policy version of a community, in the order they take effect; none before it is
 * registered. Old versions stay here, readable, after newer ones take effect.
 *
 * @example
 * communityPolicyVersions(state).map((version) => version.policyVersion); // ["2026-01", "2027-01"]
 */
export const communityPolicyVersions = (
  state: CommunityState,
): ReadonlyArray<CommunityPolicyVersion> =>
  isCommunityRegistered(state) ? state.policyVersions : [];

/**
 * The version of a community's policy in force at an instant: the last one whose
 * `effectiveFrom` is not after it, or `undefined` before the first took effect.
 * `versions` are in the order they take effect, as the community's state keeps them
 * (`communityPolicyVersions(state)`, or a read model of them).
 *
 * @example
 * policyVersionInForceAt(versions, "2026-12-31T15:59:59Z")?.policyVersion; // "2026-01"
 * policyVersionInForceAt(versions, "2026-12-31T16:00:00Z")?.policyVersion; // "2027-01"
 */
export const policyVersionInForceAt = (
  versions: ReadonlyArray<CommunityPolicyVersion>,
  at: Instant,
): CommunityPolicyVersion | undefined => {
  for (let index = versions.length - 1; index >= 0; index--) {
    const version = versions[index];
    if (version !== undefined && !isAfter(version.effectiveFrom, at)) return version;
  }
  return undefined;
};

/** The policy that applies to a fact, and the version it comes from. */
export interface PolicyInForce {
  /** The version in force, or `undefined` before the community's first version. */
  readonly policyVersion?: PolicyVersion;
  readonly policy: CommunityPolicy;
}

/**
 * The community policy that applies to a fact that happened at `at` — the time of the
 * fact (a participation's `confirmedAt`, a report's `verifiedAt`), never the time it is
 * processed: a flow that runs late applies the rules of the day the fact happened, not a
 * points table published since. The version in force then gives its document; a version
 * the community only named (the one at registration, whose document the deployment's
 * configuration holds), or an instant before any version, gives `configured`.
 *
 * @example
 * const { policy } = policyInForceAt(
 *   communityPolicyVersions(communityState), participation.confirmedAt, configuredPolicy,
 * );
 * handleCommand(pointsAccountDecider, record, envelope, { clock, ids, facts: { policy } });
 */
export const policyInForceAt = (
  versions: ReadonlyArray<CommunityPolicyVersion>,
  at: Instant,
  configured: CommunityPolicy,
): PolicyInForce => {
  const version = policyVersionInForceAt(versions, at);
  if (version === undefined) return { policy: configured };
  return { policyVersion: version.policyVersion, policy: version.policy ?? configured };
};

/**
 * A version of a community's policy by its name, however old, or `undefined`.
 *
 * @example
 * communityPolicyVersion(state, "2026-06")?.policy?.points.welcome; // 10
 */
export const communityPolicyVersion = (
  state: CommunityState,
  policyVersion: PolicyVersion,
): CommunityPolicyVersion | undefined =>
  communityPolicyVersions(state).find((version) => version.policyVersion === policyVersion);
