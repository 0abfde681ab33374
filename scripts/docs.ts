/**
 * Builds and checks the generated documentation.
 *
 * - `npm run docs:generate`: rewrites `docs/policy-reference.md` (from core's zod policy
 *   schema) and `docs/bus-reference.md` (from the services' contracts and the packages'
 *   event and error classes), formatted by Biome as `npm run lint` expects.
 * - `npm run docs:api`: builds the packages' API reference with TypeDoc and
 *   typedoc-plugin-markdown into `docs/api/` (not committed: it is built, not written).
 * - `npm run docs:check`: fails when a committed reference differs from what the code
 *   generates now, when a link between the documents (or to a heading) is broken, or
 *   when the API reference no longer builds. CI runs it.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { busReference } from "./docs/bus-reference.js";
import { policyReference } from "./docs/policy-reference.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = (name: string): string => join(root, "node_modules", ".bin", name);

/** The generated documents: where each is committed and how it is made. */
const generatedDocuments: ReadonlyArray<{ readonly path: string; readonly render: () => string }> =
  [
    { path: "docs/policy-reference.md", render: policyReference },
    { path: "docs/bus-reference.md", render: busReference },
  ];

/** The documents whose links are checked: the guides, the references and the README. */
const linkedDocuments = ["README.md", "docs"];

/** The packages' public entry points, as their package.json `exports` name them. */
const apiEntryPoints = [
  "packages/core/src/index.ts",
  "packages/points/src/index.ts",
  "packages/wishes/src/index.ts",
  "packages/kit/src/index.ts",
  "packages/kit/src/mongodb.ts",
  "packages/kit/src/testing.ts",
];

const run = (command: string, args: ReadonlyArray<string>, input?: string) => {
  const result = spawnSync(command, args, {
    cwd: root,
    encoding: "utf8",
    input,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error !== undefined) throw result.error;
  return result;
};

// Biome's formatting of a document, as `npm run lint` checks it.
const formatted = (path: string, markdown: string): string => {
  const result = run(bin("biome"), ["format", `--stdin-file-path=${path}`], markdown);
  if (result.status !== 0) {
    throw new Error(`biome could not format ${path}:\n${result.stderr}`);
  }
  return result.stdout;
};

const read = (path: string): string | undefined => {
  try {
    return readFileSync(join(root, path), "utf8");
  } catch {
    return undefined;
  }
};

/** Writes every generated reference from the code as it is now. */
const generate = (): void => {
  for (const document of generatedDocuments) {
    writeFileSync(join(root, document.path), formatted(document.path, document.render()));
    console.log(`wrote ${document.path}`);
  }
};

/** The generated references whose committed copy differs from what the code generates. */
const outOfDate = (): string[] =>
  generatedDocuments.flatMap((document) =>
    read(document.path) === formatted(document.path, document.render()) ? [] : [document.path],
  );

/** Checks the links between the documents with remark-validate-links; true when none is broken. */
const linksHold = (): boolean => {
  const result = run(bin("remark"), [
    "--frail",
    "--quiet",
    "--no-stdout",
    "--no-config",
    "--use",
    "remark-gfm",
    "--use",
    "remark-validate-links=repository:false",
    ...linkedDocuments,
  ]);
  if (result.status !== 0) {
    process.stderr.write(result.stderr);
    return false;
  }
  return true;
};

/** Builds the API reference with TypeDoc into `out`; true when it built without errors. */
const buildApi = (out: string): boolean => {
  const result = run(bin("typedoc"), [
    "--plugin",
    "typedoc-plugin-markdown",
    "--tsconfig",
    "scripts/docs/tsconfig.api.json",
    "--entryPoints",
    ...apiEntryPoints,
    "--out",
    out,
    "--outputFileStrategy",
    "modules",
    "--disableSources",
    "--readme",
    "none",
    "--logLevel",
    "Error",
  ]);
  if (result.status !== 0) {
    process.stderr.write(result.stdout);
    process.stderr.write(result.stderr);
    return false;
  }
  console.log(`built the API reference in ${out}`);
  return true;
};

/** Runs every check and says what failed; the exit status is 1 when anything did. */
const check = (): boolean => {
  const stale = outOfDate();
  for (const path of stale) {
    console.error(`${path} is out of date: run npm run docs:generate and commit it.`);
  }
  const links = linksHold();
  if (!links) console.error("Links between the documents are broken (above).");
  const apiDirectory = mkdtempSync(join(tmpdir(), "courier-station-api-"));
  const api = process.argv.includes("--no-api") || buildApi(apiDirectory);
  rmSync(apiDirectory, { recursive: true, force: true });
  if (!api) console.error("The API reference does not build (above).");
  const ok = stale.length === 0 && links && api;
  if (ok) console.log("docs: the generated references are current and every link holds.");
  return ok;
};

const mode = process.argv[2];
if (mode === "generate") {
  generate();
} else if (mode === "api") {
  process.exitCode = buildApi(join(root, "docs", "api")) ? 0 : 1;
} else if (mode === "check") {
  process.exitCode = check() ? 0 : 1;
} else {
  console.error("usage: tsx scripts/docs.ts generate | api | check [--no-api]");
  process.exitCode = 2;
}
