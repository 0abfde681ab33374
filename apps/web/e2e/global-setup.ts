import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

/**
 * Set by a run that has just built every workspace (CI's build step, `turbo run build`):
 * the app in `dist` is then the current one and is not built a second time.
 */
export const webBuiltVariable = "CS_WEB_BUILT";

/**
 * Builds the web app once for the browser tests (`vite build` into `dist`, a production
 * build whatever the test runner's `NODE_ENV`), which the station's gateway serves at `/`.
 * Skipped when {@link webBuiltVariable} is `1` and the build's manifest is there.
 */
export const setup = (): void => {
  const root = join(import.meta.dirname, "..");
  if (
    process.env[webBuiltVariable] === "1" &&
    existsSync(join(root, "dist", ".vite", "manifest.json"))
  )
    return;
  const vitePackage = createRequire(join(root, "package.json")).resolve("vite/package.json");
  const vite = join(vitePackage, "..", "bin", "vite.js");
  execFileSync(process.execPath, [vite, "build", "--logLevel", "warn"], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production" },
    stdio: ["ignore", "inherit", "inherit"],
  });
};
