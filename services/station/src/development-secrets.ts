import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { RegistrySettings } from "@courier-station/service-registry";

/** The file in the data directory that keeps the embedded station's development secrets. */
export const developmentSecretsFile = "development-secrets.json";

/** What {@link developmentSecrets} found or made. */
export interface DevelopmentSecrets {
  readonly settings: RegistrySettings;
  /** Where they are kept. */
  readonly path: string;
  /** Whether this start generated them (else they were read from the file). */
  readonly generated: boolean;
}

/**
 * The registry's secrets of an embedded station started with none configured: read from
 * `<dataDir>/development-secrets.json`, or generated (32 random bytes each) and written
 * there, readable by the owner only. Kept beside the data they seal, so the couriers'
 * personal data opens again after a restart; a deployment sets its own secrets instead
 * (`CS_SEAL_KEY`, `CS_MOBILE_KEY_SECRET`), which the station requires on NATS or MongoDB.
 *
 * @example
 * const { settings, generated } = developmentSecrets("./data");
 */
export const developmentSecrets = (dataDir: string): DevelopmentSecrets => {
  const path = join(dataDir, developmentSecretsFile);
  if (existsSync(path)) {
    const settings = RegistrySettings.parse(JSON.parse(readFileSync(path, "utf8")));
    return { settings, path, generated: false };
  }
  mkdirSync(dataDir, { recursive: true });
  const document = {
    sealKey: { id: "development", secret: randomBytes(32).toString("base64url") },
    mobileKeySecret: randomBytes(32).toString("base64url"),
  };
  // `wx`: never overwrite secrets another start wrote in the meantime.
  writeFileSync(path, `${JSON.stringify(document, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  return { settings: RegistrySettings.parse(document), path, generated: true };
};
