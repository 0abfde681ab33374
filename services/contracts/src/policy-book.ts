import {
  type CommunityPolicy,
  type CommunityPolicyVersion,
  type Instant,
  type PolicyInForce,
  policyInForceAt,
  systemActor,
} from "@courier-station/core";
import type { Bus, RemoteError, RequestFailure } from "@courier-station/kit";
import { Clock, Context, Effect, Layer } from "effect";
import { call } from "./call.js";
import { registryFactsContract } from "./registry.js";

/** Where services find the community policy that applies to a fact. */
export interface PolicyBookApi {
  /**
   * The policy in force in a community at the time of a fact (a command's time, or the
   * event's time in a flow): the version whose `effectiveFrom` is the last not after it,
   * else the deployment's configured policy.
   */
  readonly inForceAt: (
    community: string,
    at: Instant,
  ) => Effect.Effect<PolicyInForce, RemoteError | RequestFailure>;
  /**
   * Whether the registry has registered the community: it has a policy version (the one
   * named at registration at least), whatever the time. A name nobody registered has none.
   */
  readonly isRegistered: (
    community: string,
  ) => Effect.Effect<boolean, RemoteError | RequestFailure>;
}

/** The community policy that applies to a fact, by community and time. */
export class PolicyBook extends Context.Tag("@courier-station/contracts/PolicyBook")<
  PolicyBook,
  PolicyBookApi
>() {
  /**
   * Reads the versions from the registry over the bus and keeps them for `cacheMs`
   * (default 2 s), so a decision costs no extra round trip most of the time while a new
   * version reaches every service within that time; `configured` gives the document of a
   * community whose version was only named (the deployment's policy file).
   *
   * @example
   * PolicyBook.fromRegistry({ configured: () => jinshanPolicy() });
   */
  static fromRegistry(options: {
    readonly configured: (community: string) => CommunityPolicy;
    readonly cacheMs?: number;
  }): Layer.Layer<PolicyBook, never, Bus> {
    const cacheMs = options.cacheMs ?? 2_000;
    return Layer.effect(
      PolicyBook,
      Effect.gen(function* () {
        const bus = yield* Effect.context<Bus>();
        const cache = new Map<
          string,
          { readonly at: number; readonly versions: ReadonlyArray<CommunityPolicyVersion> }
        >();
        const versionsOf = (community: string) =>
          Effect.gen(function* () {
            const now = yield* Clock.currentTimeMillis;
            const cached = cache.get(community);
            // A clock set back (by the operator, or a test) makes an entry look younger
            // than it is; one from "the future" is read again.
            const age = cached === undefined ? undefined : now - cached.at;
            if (cached !== undefined && age !== undefined && age >= 0 && age < cacheMs) {
              return cached.versions;
            }
            const reply = yield* call(
              registryFactsContract,
              "GetCommunityPolicyVersions",
              community,
              {
                actor: systemActor("policy-book"),
              },
            );
            const versions = reply.versions as ReadonlyArray<CommunityPolicyVersion>;
            cache.set(community, { at: now, versions });
            return versions;
          }).pipe(Effect.provide(bus));
        return {
          inForceAt: (community, at) =>
            versionsOf(community).pipe(
              Effect.map((versions) =>
                policyInForceAt(versions, at, options.configured(community)),
              ),
            ),
          isRegistered: (community) =>
            versionsOf(community).pipe(Effect.map((versions) => versions.length > 0)),
        };
      }),
    );
  }

  /**
   * One policy for every community and time, every community taken as registered: for
   * tests and single-policy tools.
   *
   * @example
   * Effect.provide(program, PolicyBook.fixed(jinshanPolicy()));
   */
  static fixed(policy: CommunityPolicy): Layer.Layer<PolicyBook> {
    return Layer.succeed(PolicyBook, {
      inForceAt: () => Effect.succeed({ policy }),
      isRegistered: () => Effect.succeed(true),
    });
  }
}
