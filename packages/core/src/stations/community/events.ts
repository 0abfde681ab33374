import { z } from "zod";
import { CommunityId } from "../../kernel/ids.js";
import { Instant } from "../../kernel/time.js";
import { CommunityPolicy } from "../../policy/schema.js";
import { BilingualName, PolicyVersion } from "../values.js";

const event = <const Type extends string, Shape extends z.ZodRawShape>(type: Type, shape: Shape) =>
  z.strictObject({ type: z.literal(type), data: z.strictObject(shape) });

const ActorReference = z.string().min(1).max(128);

/** A community joined the deployment. */
export const CommunityRegistered = event("CommunityRegistered", {
  communityId: CommunityId,
  name: BilingualName,
  district: BilingualName,
  policyVersion: PolicyVersion,
  registeredBy: ActorReference,
  registeredAt: Instant,
});
/** A community joined the deployment. */
export type CommunityRegistered = z.infer<typeof CommunityRegistered>;

/** A community's name or district changed (only the fields present changed). */
export const CommunityDetailsUpdated = event("CommunityDetailsUpdated", {
  communityId: CommunityId,
  name: BilingualName.optional(),
  district: BilingualName.optional(),
  updatedBy: ActorReference,
  updatedAt: Instant,
});
/** A community's details changed. */
export type CommunityDetailsUpdated = z.infer<typeof CommunityDetailsUpdated>;

/**
 * A community adopted a version of its policy by name, the document held elsewhere.
 * Recorded by earlier releases (`AdoptCommunityPolicy`); kept so their streams replay.
 * New versions are published with their documents (`CommunityPolicyPublished`).
 */
export const CommunityPolicyAdopted = event("CommunityPolicyAdopted", {
  communityId: CommunityId,
  policyVersion: PolicyVersion,
  previousPolicyVersion: PolicyVersion,
  adoptedBy: ActorReference,
  adoptedAt: Instant,
});
/** A community adopted a version of its policy. */
export type CommunityPolicyAdopted = z.infer<typeof CommunityPolicyAdopted>;

/**
 * Staff published a version of the community's policy, validated, to take effect at
 * `effectiveFrom`. `policy` is the whole validated document with its defaults filled in.
 */
export const CommunityPolicyPublished = event("CommunityPolicyPublished", {
  communityId: CommunityId,
  policyVersion: PolicyVersion,
  effectiveFrom: Instant,
  policy: CommunityPolicy,
  publishedBy: ActorReference,
  publishedAt: Instant,
});
/** Staff published a version of the community's policy. */
export type CommunityPolicyPublished = z.infer<typeof CommunityPolicyPublished>;

/** Every event of a community. */
export const CommunityEvent = z.discriminatedUnion("type", [
  CommunityRegistered,
  CommunityDetailsUpdated,
  CommunityPolicyAdopted,
  CommunityPolicyPublished,
]);
/** Every event of a community. */
export type CommunityEvent = z.infer<typeof CommunityEvent>;
