import {
  type CommunityId,
  type CommunityPolicy,
  type CommunityPolicyVersion,
  type CommunityState,
  communityPolicyVersions,
  type Instant,
  type PolicyInForce,
  policyInForceAt,
} from "@courier-station/core";
import { Store, type StoreFailure } from "@courier-station/kit";
import { Context, Effect, Layer, Option } from "effect";

/**
 * The deployment's configured policy of a community: the document of the version named
 * at registration (and of any time before the first version), which the community's
 * own state does not hold.
 */
export class ConfiguredPolicy extends Context.Tag(
  "@courier-station/service-registry/ConfiguredPolicy",
)<ConfiguredPolicy, (community: string) => CommunityPolicy>() {
  /**
   * One configured policy for every community.
   *
   * @example
   * ConfiguredPolicy.layer(() => jinshanPolicy());
   */
  static layer(configured: (community: string) => CommunityPolicy): Layer.Layer<ConfiguredPolicy> {
    return Layer.succeed(ConfiguredPolicy, configured);
  }
}

/** The community's record key in the store. */
export const communityKey = (community: CommunityId) => ({
  community,
  aggregate: "community",
  id: community,
});

/**
 * A community's policy versions, read from its aggregate in this service's own store
 * (the registry holds them, so it asks no one over the bus); none before it is
 * registered.
 */
export const policyVersionsOf = (
  community: CommunityId,
): Effect.Effect<ReadonlyArray<CommunityPolicyVersion>, StoreFailure, Store> =>
  Effect.gen(function* () {
    const store = yield* Store;
    const record = yield* store.load<CommunityState>(communityKey(community));
    return Option.match(record, {
      onNone: () => [],
      onSome: (found) => communityPolicyVersions(found.state),
    });
  });

/**
 * The policy in force in a community at the time of a fact: the registry's own reading
 * of what `PolicyBook` gives the other services.
 *
 * @example
 * const { policy } = yield* policyAt(community, event.data.markedAt);
 */
export const policyAt = (
  community: CommunityId,
  at: Instant,
): Effect.Effect<PolicyInForce, StoreFailure, Store | ConfiguredPolicy> =>
  Effect.gen(function* () {
    const configured = yield* ConfiguredPolicy;
    const versions = yield* policyVersionsOf(community);
    return policyInForceAt(versions, at, configured(community));
  });
