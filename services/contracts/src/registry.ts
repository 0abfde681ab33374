import {
  CommunityPolicy,
  CourierFacts,
  CourierId,
  Instant,
  PolicyVersion,
} from "@courier-station/core";
import { z } from "zod";
import { defineContract, queryContract } from "./contract.js";

/**
 * A version of a community's policy as the registry serves it: its name, from when it is
 * in force, who published it and when, and its document (absent for a version named only
 * at registration, whose document the deployment's configuration holds).
 */
export const CommunityPolicyVersionView = z.strictObject({
  policyVersion: PolicyVersion,
  effectiveFrom: Instant,
  publishedAt: Instant,
  publishedBy: z.string(),
  policy: CommunityPolicy.optional(),
});
/** A version of a community's policy as the registry serves it. */
export type CommunityPolicyVersionView = z.infer<typeof CommunityPolicyVersionView>;

/**
 * The registry's endpoints that the other services read to decide: the community's
 * policy versions and the facts about couriers. The registry's full contract (its
 * commands and the rest of its queries) extends this one.
 */
export const registryFactsEndpoints = {
  GetCommunityPolicyVersions: queryContract({
    name: "GetCommunityPolicyVersions",
    description:
      "Every version of the community's policy, in the order they take effect (none before the community is registered).",
    roles: ["system", "staff", "auditor"],
    parameters: {},
    output: z.strictObject({ versions: z.array(CommunityPolicyVersionView) }),
  }),
  GetCourierFacts: queryContract({
    name: "GetCourierFacts",
    description:
      "What other aggregates may know about couriers when they decide (status, volunteer team, sign-up pause, station, consent); no personal data. Unknown couriers are left out.",
    roles: ["system"],
    parameters: { courierIds: z.array(CourierId).min(1).max(200) },
    output: z.strictObject({ couriers: z.array(CourierFacts) }),
  }),
} as const;

/** The part of the registry's contract the other services call. */
export const registryFactsContract = defineContract({
  service: "registry",
  description: "Communities and their policy versions, stations, couriers and the volunteer team.",
  endpoints: registryFactsEndpoints,
});
