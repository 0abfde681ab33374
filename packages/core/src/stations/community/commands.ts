import { z } from "zod";
import { CommunityId } from "../../kernel/ids.js";
import { bilingual } from "../../kernel/validation.js";
import { BilingualName, PolicyVersion } from "../values.js";

const command = <const Type extends string, Data extends z.ZodType>(type: Type, data: Data) =>
  z.strictObject({ type: z.literal(type), data });

/**
 * The deployment registers a community (居民区 / 社区), the tenant: its names, its
 * district and the version of the community policy it adopts. The `communityId` must
 * be the community the command is sent for.
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
 * The community adopts a version of its policy (the deployment's configuration holds
 * the document, validated by `parsePolicy` before it is adopted).
 */
export const AdoptCommunityPolicy = command(
  "AdoptCommunityPolicy",
  z.strictObject({ communityId: CommunityId, policyVersion: PolicyVersion }),
);
/** Adopt a version of the community policy. */
export type AdoptCommunityPolicy = z.infer<typeof AdoptCommunityPolicy>;

/** Every command of a community. */
export const CommunityCommand = z.discriminatedUnion("type", [
  RegisterCommunity,
  UpdateCommunityDetails,
  AdoptCommunityPolicy,
]);
/** Every command of a community. */
export type CommunityCommand = z.infer<typeof CommunityCommand>;

/** The type of every community command; each is in the permission table. */
export const communityCommandTypes = [
  "RegisterCommunity",
  "UpdateCommunityDetails",
  "AdoptCommunityPolicy",
] as const satisfies ReadonlyArray<CommunityCommand["type"]>;
