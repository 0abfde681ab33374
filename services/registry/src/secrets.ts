import {
  bilingual,
  DEFAULT_SEAL_KEY_ID,
  MOBILE_KEY_SECRET_MIN_BYTES,
  type MobileKey,
  type MobileNumber,
  mobileNumberKey,
  PERSONAL_DATA_SECRET_MIN_BYTES,
  type PersonalDataSeal,
  personalDataSeal,
  SealKeyId,
} from "@courier-station/core";
import { Context, Layer } from "effect";
import { z } from "zod";

const byteLength = (text: string): number => new TextEncoder().encode(text).length;

// Environment variables that look like integers reach the settings as numbers, which
// would lose leading zeros and digits past 2^53: a secret must be text.
const secret = (minimumBytes: number, zhCN: string, en: string) =>
  z
    .string(bilingual(`${zhCN}须为文本`, `${en} must be text`))
    .refine(
      (text) => byteLength(text) >= minimumBytes,
      bilingual(
        `${zhCN}至少 ${minimumBytes} 字节`,
        `${en} must be at least ${minimumBytes} bytes long`,
      ),
    )
    .refine(
      (text) => byteLength(text) <= 1_024,
      bilingual(`${zhCN}至多 1024 字节`, `${en} must be at most 1024 bytes long`),
    );

const SealKeySetting = z.strictObject({
  id: SealKeyId.default(DEFAULT_SEAL_KEY_ID),
  secret: secret(PERSONAL_DATA_SECRET_MIN_BYTES, "个人信息加密密钥", "a personal-data seal secret"),
});

// `CS_SEAL_PREVIOUS_KEYS` is one line: `id=secret` pairs separated by commas (a key id
// holds no `=`; a secret holds no comma). A settings file gives a list instead.
const previousKeysFromText = (value: unknown): unknown => {
  if (typeof value !== "string") return value;
  return value
    .split(",")
    .map((pair) => pair.trim())
    .filter((pair) => pair !== "")
    .map((pair) => {
      const separator = pair.indexOf("=");
      return separator < 0
        ? { secret: pair }
        : { id: pair.slice(0, separator), secret: pair.slice(separator + 1) };
    });
};

/**
 * The registry's secrets, as a settings file's `settings.registry` section or the
 * environment gives them (see {@link registrySettingsVariables}):
 *
 * - `sealKey`: the key that seals couriers' personal data (AES-SIV), its `id` (default
 *   `default`) and `secret` (at least 16 bytes);
 * - `previousSealKeys`: keys sealed with before a rotation, still opened (each with its
 *   own id; ids are never reused);
 * - `mobileKeySecret`: the secret of the mobile-number key (HMAC-SHA-256, at least 16
 *   bytes); it never rotates, and must differ from the seal's secret.
 *
 * @example
 * RegistrySettings.parse({
 *   sealKey: { id: "2026-11", secret: "…32 random bytes in base64…" },
 *   previousSealKeys: [{ id: "default", secret: "…the secret sealed with so far…" }],
 *   mobileKeySecret: "…another 32 random bytes in base64…",
 * });
 */
export const RegistrySettings = z
  .strictObject({
    sealKey: SealKeySetting,
    previousSealKeys: z
      .preprocess(previousKeysFromText, z.array(SealKeySetting).max(16))
      .default([]),
    mobileKeySecret: secret(
      MOBILE_KEY_SECRET_MIN_BYTES,
      "手机号索引密钥",
      "the mobile-number key secret",
    ),
  })
  .superRefine((settings, context) => {
    const ids = [settings.sealKey.id, ...settings.previousSealKeys.map((key) => key.id)];
    if (new Set(ids).size !== ids.length) {
      context.addIssue({
        code: "custom",
        path: ["previousSealKeys"],
        ...bilingual("加密密钥的编号不能重复", "seal key ids must not repeat"),
      });
    }
    if (settings.sealKey.secret === settings.mobileKeySecret) {
      context.addIssue({
        code: "custom",
        path: ["mobileKeySecret"],
        ...bilingual(
          "手机号索引密钥不能与个人信息加密密钥相同",
          "the mobile-number key secret must differ from the seal secret",
        ),
      });
    }
  });
/** The registry's secrets, validated. */
export type RegistrySettings = z.output<typeof RegistrySettings>;

/**
 * The environment variables of the registry's settings, as paths inside a program's
 * `settings` (the registry's section is `registry`), for kit's `loadConfig`:
 *
 * | variable                | setting                             |
 * | ----------------------- | ----------------------------------- |
 * | `CS_SEAL_KEY`           | `registry.sealKey.secret`           |
 * | `CS_SEAL_KEY_ID`        | `registry.sealKey.id`               |
 * | `CS_SEAL_PREVIOUS_KEYS` | `registry.previousSealKeys` (`id=secret,id=secret`) |
 * | `CS_MOBILE_KEY_SECRET`  | `registry.mobileKeySecret`          |
 *
 * @example
 * loadConfig({ settings: z.strictObject({ registry: RegistrySettings }), settingsVariables: registrySettingsVariables });
 */
export const registrySettingsVariables: Readonly<Record<string, ReadonlyArray<string>>> = {
  CS_SEAL_KEY: ["registry", "sealKey", "secret"],
  CS_SEAL_KEY_ID: ["registry", "sealKey", "id"],
  CS_SEAL_PREVIOUS_KEYS: ["registry", "previousSealKeys"],
  CS_MOBILE_KEY_SECRET: ["registry", "mobileKeySecret"],
};

/** What the registry does with its secrets, without handing them out. */
export interface RegistrySecretsApi {
  /** Seals and opens couriers' personal data (current key, and the previous ones to open). */
  readonly personalData: PersonalDataSeal;
  /** The keyed hash of a normalised mobile number, for the unique index. */
  readonly mobileKeyOf: (mobileNumber: MobileNumber) => MobileKey;
}

/** The registry's secrets: the personal-data seal and the mobile-number key. */
export class RegistrySecrets extends Context.Tag(
  "@courier-station/service-registry/RegistrySecrets",
)<RegistrySecrets, RegistrySecretsApi>() {
  /**
   * The secrets from validated settings.
   *
   * @example
   * RegistrySecrets.layer(config.settings.registry);
   */
  static layer(settings: RegistrySettings): Layer.Layer<RegistrySecrets> {
    return Layer.sync(RegistrySecrets, () => RegistrySecrets.fromSettings(settings));
  }

  /** The secrets' operations from validated settings (for a test or a tool). */
  static fromSettings(settings: RegistrySettings): RegistrySecretsApi {
    const personalData = personalDataSeal({
      current: settings.sealKey,
      previous: settings.previousSealKeys,
    });
    const mobileKeySecret = settings.mobileKeySecret;
    return {
      personalData,
      mobileKeyOf: (mobileNumber) => mobileNumberKey(mobileNumber, mobileKeySecret),
    };
  }
}
