// `npm test`: runs every workspace's tests in one vitest run and, when a selected project
// needs them, starts a nats-server and a FerretDB first (unless NATS_URL and MONGODB_URI
// are given) and stops them afterwards. Extra arguments go to vitest
// (`npm test -- --project core`).
//
// A project needs the servers when its vitest config has the global setup that starts
// them (`scripts/vitest-global-setup.mjs`: kit, tests, services that talk to NATS or
// MongoDB), so `npm test -- --project core` starts none. Without `--project` every project
// is selected (file filters included: they do not say which projects they match).
//
// Nothing is built first: every test, and every process a test starts, resolves
// `@courier-station/*` to the packages' sources through the `@courier-station/source`
// condition, so no test reads `dist`. A project whose tests run built code is named in
// PROJECTS_READING_DIST, and the packages are built before it runs.

import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startTestServers } from "./test-servers.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Projects whose tests read the packages' built `dist`: none today (see above). */
const PROJECTS_READING_DIST = new Set([]);

const log = (message) => process.stderr.write(`[test] ${message}\n`);

const run = (command, args, env) =>
  new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
    child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });

/**
 * Every workspace's vitest project: its name (undefined when its config does not say it
 * plainly) and whether its global setup starts the servers.
 */
const workspaceProjects = () => {
  const { workspaces } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const directories = workspaces.flatMap((pattern) => {
    if (!pattern.endsWith("/*")) return [pattern];
    const parent = pattern.slice(0, -2);
    if (!existsSync(join(root, parent))) return [];
    return readdirSync(join(root, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(parent, entry.name));
  });
  return directories.flatMap((directory) => {
    const config = join(root, directory, "vitest.config.ts");
    if (!existsSync(config)) return [];
    const text = readFileSync(config, "utf8");
    return [
      {
        directory,
        name: /\bname:\s*["']([^"']+)["']/.exec(text)?.[1],
        needsServers: text.includes("vitest-global-setup.mjs"),
      },
    ];
  });
};

/** The `--project` patterns among vitest's arguments (`--project core`, `--project=core`). */
const projectPatterns = (args) => {
  const patterns = [];
  for (let index = 0; index < args.length; index += 1) {
    const argument = args[index];
    if (argument === "--project" && index + 1 < args.length) {
      index += 1;
      patterns.push(args[index]);
    } else if (argument.startsWith("--project=")) {
      patterns.push(argument.slice("--project=".length));
    }
  }
  return patterns;
};

/** Whether a project name matches a vitest project pattern (`*` is a wildcard). */
const matches = (pattern, name) =>
  new RegExp(
    `^${pattern
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  ).test(name);

/** The projects the patterns select; a project whose name is unknown counts as selected. */
const selectedProjects = (projects, patterns) => {
  const included = patterns.filter((pattern) => !pattern.startsWith("!"));
  const excluded = patterns.filter((pattern) => pattern.startsWith("!")).map((p) => p.slice(1));
  return projects.filter(
    ({ name }) =>
      name === undefined ||
      ((included.length === 0 || included.some((pattern) => matches(pattern, name))) &&
        !excluded.some((pattern) => matches(pattern, name))),
  );
};

const vitestArguments = process.argv.slice(2);
const selected = selectedProjects(workspaceProjects(), projectPatterns(vitestArguments));
const names = selected.map(({ name, directory }) => name ?? directory).join(", ");

if (selected.some(({ name }) => name === undefined || PROJECTS_READING_DIST.has(name))) {
  const build = await run("npx", ["turbo", "run", "build", "--output-logs=errors-only"], {});
  if (build !== 0) process.exit(build);
}

if (!selected.some(({ needsServers }) => needsServers)) {
  log(`no servers started: no selected project needs them (${names || "none selected"})`);
  process.exit(await run("npx", ["vitest", "run", ...vitestArguments], {}));
}

const servers = await startTestServers();
let code = 1;
const stopAndExit = async () => {
  await servers.stop();
  process.exit(code);
};
process.once("SIGINT", stopAndExit);
process.once("SIGTERM", stopAndExit);
try {
  code = await run("npx", ["vitest", "run", ...vitestArguments], servers.env);
} finally {
  await servers.stop();
}
process.exit(code);
