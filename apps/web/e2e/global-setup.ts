import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";

/**
 * Builds the web app once for the browser tests (`vite build` into `dist`, a production
 * build whatever the test runner's `NODE_ENV`), which the station's gateway serves at `/`.
 */
export const setup = (): void => {
  const root = join(import.meta.dirname, "..");
  const vitePackage = createRequire(join(root, "package.json")).resolve("vite/package.json");
  const vite = join(vitePackage, "..", "bin", "vite.js");
  execFileSync(process.execPath, [vite, "build", "--logLevel", "warn"], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production" },
    stdio: ["ignore", "inherit", "inherit"],
  });
};
