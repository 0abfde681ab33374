import { readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import {
  BilingualName,
  bilingual,
  CommunityId,
  type CommunityPolicy,
  jinshanPolicy,
  localized,
  PolicyVersion,
  parsePolicy,
} from "@courier-station/core";
import type { ConfigProblem } from "@courier-station/kit";
import { RegistrySettings, registrySettingsVariables } from "@courier-station/service-registry";
import { Either } from "effect";
import { z } from "zod";

/**
 * A community the station serves, as its configuration names it: its id, its names,
 * its district, and the policy document it adopted (a JSON or YAML file; absent, the
 * deployment's policy, else Jinshan's). The station registers it with the registry at
 * start (once: the command id is derived from the community), so staff can sign in to
 * it at once.
 *
 * @example
 * { id: "shanyang-town", name: { "zh-CN": "山阳镇", en: "Shanyang Town" },
 *   district: { "zh-CN": "上海市金山区", en: "Jinshan District, Shanghai" },
 *   policyFile: "./policies/shanyang.yaml" }
 */
export const CommunitySetting = z.strictObject({
  id: CommunityId,
  name: BilingualName,
  district: BilingualName,
  policyFile: z.string().min(1).max(1_000).optional(),
  /** The version label the community starts with; default `initial`. */
  policyVersion: PolicyVersion.default("initial"),
});
/** A community the station serves. */
export type CommunitySetting = z.output<typeof CommunitySetting>;

/**
 * The station's own settings, the `settings:` section of its configuration file (the
 * rest of the file is kit's runtime configuration: store, bus, relay, limits):
 *
 * - `communities`: the communities served, each with its policy file;
 * - `policyFile` [`CS_POLICY_FILE`]: the deployment's policy, for communities that name none;
 * - `registry`: the registry's secrets (`CS_SEAL_KEY`, `CS_SEAL_KEY_ID`,
 *   `CS_SEAL_PREVIOUS_KEYS`, `CS_MOBILE_KEY_SECRET`); required on NATS or MongoDB; the
 *   embedded station generates development secrets in its data directory when absent;
 * - `plugins`: services a district adds, as package names or paths (relative to the
 *   working directory), each exporting a service definition on `@courier-station/kit`.
 *
 * @example
 * // station.yaml, started with `npm start -- --config station.yaml`
 * // settings:
 * //   communities:
 * //     - id: shanyang-town
 * //       name: { zh-CN: 山阳镇, en: Shanyang Town }
 * //       district: { zh-CN: 上海市金山区, en: Jinshan District }
 * //       policyFile: ./shanyang-policy.yaml
 * //   plugins: [ "./heat-wave.ts" ]
 */
export const StationSettings = z
  .strictObject({
    communities: z.array(CommunitySetting).max(500).default([]),
    policyFile: z.string().min(1).max(1_000).optional(),
    registry: RegistrySettings.optional(),
    plugins: z.array(z.string().min(1).max(1_000)).max(100).default([]),
  })
  .superRefine((settings, context) => {
    const seen = new Set<string>();
    settings.communities.forEach((community, index) => {
      if (seen.has(community.id)) {
        context.addIssue({
          code: "custom",
          path: ["communities", index, "id"],
          ...bilingual(
            `社区 ${community.id} 重复配置`,
            `the community ${community.id} is configured twice`,
          ),
        });
      }
      seen.add(community.id);
    });
  });
/** The station's own settings, validated. */
export type StationSettings = z.output<typeof StationSettings>;

/** The environment variables of the station's settings, for kit's `loadConfig`. */
export const stationSettingsVariables: Readonly<Record<string, ReadonlyArray<string>>> = {
  ...registrySettingsVariables,
  CS_POLICY_FILE: ["policyFile"],
};

/** A path from the configuration, relative to the working directory. */
export const resolvedPath = (path: string, cwd: string): string =>
  isAbsolute(path) ? path : resolve(cwd, path);

/** Reads one policy file: the policy, or its problems as configuration problems. */
const readPolicyFile = (
  file: string,
  field: string,
  cwd: string,
): Either.Either<CommunityPolicy, ReadonlyArray<ConfigProblem>> => {
  let text: string;
  try {
    text = readFileSync(resolvedPath(file, cwd), "utf8");
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return Either.left([
      {
        field,
        code: "policy.unreadable",
        message: localized(
          `无法读取政策文件 ${file}：${detail}`,
          `Cannot read the policy file ${file}: ${detail}`,
        ),
      },
    ]);
  }
  const parsed = parsePolicy(text);
  if (Either.isRight(parsed)) return Either.right(parsed.right);
  return Either.left(
    parsed.left.problems.map((issue) => ({
      file,
      field: issue.field,
      code: issue.code,
      message: issue.message,
    })),
  );
};

/** The policies of the configuration: the deployment's and each community's. */
export interface ConfiguredPolicies {
  /** The policy a community adopted (its file, else the deployment's, else Jinshan's). */
  readonly policyOf: (community: string) => CommunityPolicy;
}

/**
 * Reads every policy file the settings name, collecting every problem of every file
 * (so a district fixes them all in one go) instead of stopping at the first.
 *
 * @example
 * const policies = readConfiguredPolicies(settings, process.cwd());
 * if (Either.isLeft(policies)) console.error(policies.left);
 */
export const readConfiguredPolicies = (
  settings: StationSettings,
  cwd: string,
): Either.Either<ConfiguredPolicies, ReadonlyArray<ConfigProblem>> => {
  const problems: ConfigProblem[] = [];
  let deployment = jinshanPolicy();
  if (settings.policyFile !== undefined) {
    const read = readPolicyFile(settings.policyFile, "settings.policyFile", cwd);
    if (Either.isLeft(read)) problems.push(...read.left);
    else deployment = read.right;
  }
  const byCommunity = new Map<string, CommunityPolicy>();
  settings.communities.forEach((community, index) => {
    if (community.policyFile === undefined) return;
    const read = readPolicyFile(
      community.policyFile,
      `settings.communities.${index}.policyFile`,
      cwd,
    );
    if (Either.isLeft(read)) problems.push(...read.left);
    else byCommunity.set(community.id, read.right);
  });
  if (problems.length > 0) return Either.left(problems);
  return Either.right({ policyOf: (community) => byCommunity.get(community) ?? deployment });
};
