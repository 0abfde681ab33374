import { z } from "zod";
import { CommunityId } from "../../kernel/ids.js";
import { Instant } from "../../kernel/time.js";
import { bilingual } from "../../kernel/validation.js";
import { policyDocumentLimits } from "../../policy/parse.js";
import { BilingualName, PolicyVersion } from "../values.js";

const command = <const Type extends string, Data extends z.ZodType>(type: Type, data: Data) =>
  z.strictObject({ type: z.literal(type), data });

/**
 * The deployment registers a community (居民区 / 社区), the tenant: its names, its
 * district and the version of the community policy it starts with (the document the
 * deployment's configuration holds; later versions are published with their documents).
 * The `communityId` must be the community the command is sent for.
 *
 * @example
 * { type: "RegisterCommunity", data: {
 *   communityId: "jinshan-wanda",
 *   name: { "zh-CN": "金山万达商圈", en: "Jinshan Wanda business district" },
 *   district: { "zh-CN": "上海市金山区", en: "Jinshan District, Shanghai" },
 *   policyVersion: "2026-01" } }
 */
export const RegisterCommunity = command(
  "RegisterCommunity",
  z.strictObject({
    communityId: CommunityId,
    name: BilingualName,
    district: BilingualName,
    policyVersion: PolicyVersion,
  }),
);
/** Register a community. */
export type RegisterCommunity = z.infer<typeof RegisterCommunity>;

/** Staff change the community's name or district. */
export const UpdateCommunityDetails = command(
  "UpdateCommunityDetails",
  z
    .strictObject({
      communityId: CommunityId,
      name: BilingualName.optional(),
      district: BilingualName.optional(),
    })
    .refine(
      (data) => data.name !== undefined || data.district !== undefined,
      bilingual("须提供名称或所在区", "give a name or a district"),
    ),
);
/** Change a community's details. */
export type UpdateCommunityDetails = z.infer<typeof UpdateCommunityDetails>;

/**
 * A community policy document as staff publish it: JSON or YAML text (at most
 * `policyDocumentLimits.maxCharacters`), or the document as an object. `parsePolicy`
 * reads it when the version is published.
 */
export const PolicyDocument = z.union([
  z
    .string()
    .min(1, bilingual("政策文件不能为空", "the policy document must not be empty"))
    .max(policyDocumentLimits.maxCharacters),
  z.record(z.string(), z.unknown()),
]);
/** A community policy document as staff publish it. */
export type PolicyDocument = z.infer<typeof PolicyDocument>;

/**
 * Staff (or the deployment's tooling) publish a new version of the community's policy
 * document, to take effect at `effectiveFrom` (now or later). The document is validated
 * by `parsePolicy`, every problem at once; the version keeps the validated policy with
 * its defaults, so later releases with other defaults do not change what it said.
 *
 * @example
 * { type: "PublishCommunityPolicy", data: {
 *   communityId: "jinshan-wanda", policyVersion: "2027-01",
 *   effectiveFrom: "2027-01-01T00:00:00+08:00",
 *   document: "points:\n  welcome: 20\n" } }
 */
export const PublishCommunityPolicy = command(
  "PublishCommunityPolicy",
  z.strictObject({
    communityId: CommunityId,
    policyVersion: PolicyVersion,
    effectiveFrom: Instant,
    document: PolicyDocument,
  }),
);
/** Publish a new version of the community policy. */
export type PublishCommunityPolicy = z.infer<typeof PublishCommunityPolicy>;

/** Every command of a community. */
export const CommunityCommand = z.discriminatedUnion("type", [
  RegisterCommunity,
  UpdateCommunityDetails,
  PublishCommunityPolicy,
]);
/** Every command of a community. */
export type CommunityCommand = z.infer<typeof CommunityCommand>;

/** The type of every community command; each is in the permission table. */
export const communityCommandTypes = [
  "RegisterCommunity",
  "UpdateCommunityDetails",
  "PublishCommunityPolicy",
] as const satisfies ReadonlyArray<CommunityCommand["type"]>;
