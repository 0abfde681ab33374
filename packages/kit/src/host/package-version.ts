import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The version in the nearest `package.json` at or above a module, so a service's
 * micro-service version (`$SRV.INFO`) is its package's version without copying it.
 * Throws when there is none (a packaging mistake, seen at start).
 *
 * @example
 * defineService({ name: "points", version: packageVersion(import.meta.url), … });
 */
export const packageVersion = (moduleUrl: string): string => {
  let directory = dirname(moduleUrl.startsWith("file:") ? fileURLToPath(moduleUrl) : moduleUrl);
  for (;;) {
    const candidate = join(directory, "package.json");
    if (existsSync(candidate)) {
      const version = (JSON.parse(readFileSync(candidate, "utf8")) as { version?: unknown })
        .version;
      if (typeof version === "string") return version;
    }
    const parent = dirname(directory);
    if (parent === directory) {
      throw new Error(`No package.json with a version above ${moduleUrl}`);
    }
    directory = parent;
  }
};
