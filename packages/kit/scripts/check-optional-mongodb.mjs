// Checks the BUILT package (dist/) keeps `mongodb` an optional peer dependency, the last
// step of `npm run check:package` (after publint and attw, which check the exports map):
//
// 1. Statically: nothing the main entry loads at import time — dist/index.js,
//    dist/index.cjs and the chunks they import or require, and the type declarations
//    dist/index.d.ts / dist/index.d.cts with theirs — imports `mongodb`. Only a dynamic
//    `import("mongodb")` (when a store connects) is allowed. The same holds for the
//    JavaScript of `./mongodb`, whose adapter loads the driver when it connects.
// 2. In plain Node, with a copy of the package in a temporary directory whose
//    node_modules hold its dependencies but not `mongodb` (so no resolution can find the
//    driver): `@courier-station/kit` imports and requires, and asking it for a MongoDB
//    store fails with StoreUnavailable saying how to install the driver; the same for
//    `@courier-station/kit/mongodb`. Then, with the driver added, both reach the driver
//    (an unreachable server is StoreUnavailable "connect to MongoDB"), and
//    `@courier-station/kit/testing` imports with vitest and fast-check present.
//
// Run after a build: `npx turbo run build --filter @courier-station/kit` (turbo's
// `check:package` depends on `build`). Exits 1 with every problem listed.

import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const packageDirectory = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const distDirectory = join(packageDirectory, "dist");
const manifest = JSON.parse(readFileSync(join(packageDirectory, "package.json"), "utf8"));
const driver = "mongodb";

/** Problems found, printed together at the end. */
const problems = [];

const isDriver = (specifier) => specifier === driver || specifier.startsWith(`${driver}/`);

// --- 1. The static import graph of the built entries -------------------------------

/** Specifiers a built file loads when it is loaded (not `import()` calls in functions). */
const staticSpecifiers = (file, source) => {
  const specifiers = [];
  const patterns = [
    // import x from "a"; import { a, b } from "a"; export { a } from "a"; export * from "a"
    /^\s*(?:import|export)\s[^;'"]*?\sfrom\s*["']([^"']+)["']/gm,
    // import "a";
    /^\s*import\s*["']([^"']+)["']/gm,
    // require("a") anywhere: a CommonJS bundle must not require the driver at all
    /\brequire\(\s*["']([^"']+)["']\s*\)/g,
  ];
  // In declarations a type reference `import("a").T` is a static dependency too.
  if (/\.d\.c?ts$/.test(file)) patterns.push(/\bimport\(\s*["']([^"']+)["']\s*\)/g);
  for (const pattern of patterns) {
    for (const match of source.matchAll(pattern)) specifiers.push(match[1]);
  }
  return specifiers;
};

/** The built file a relative specifier names (declarations name `./chunk.js` for `./chunk.d.ts`). */
const relativeTarget = (from, specifier) => {
  const target = resolve(dirname(from), specifier);
  if (/\.d\.ts$/.test(from)) return target.replace(/\.js$/, ".d.ts");
  if (/\.d\.cts$/.test(from)) return target.replace(/\.c?js$/, ".d.cts");
  return target;
};

/**
 * Every bare specifier loaded at load time by an entry and the files it loads, each with
 * the chain of files that led to it.
 */
const staticGraph = (entry) => {
  const found = [];
  const seen = new Set();
  const visit = (file, chain) => {
    if (seen.has(file)) return;
    seen.add(file);
    if (!existsSync(file)) {
      problems.push(`${chain.join(" → ")} → ${file}: missing (build first)`);
      return;
    }
    for (const specifier of staticSpecifiers(file, readFileSync(file, "utf8"))) {
      if (specifier.startsWith(".")) {
        visit(relativeTarget(file, specifier), [...chain, file.slice(distDirectory.length + 1)]);
      } else {
        found.push({ specifier, chain: [...chain, file.slice(distDirectory.length + 1)] });
      }
    }
  };
  visit(join(distDirectory, entry), []);
  return found;
};

if (!existsSync(join(distDirectory, "index.js"))) {
  console.error(
    `${distDirectory} has no build: run \`npx turbo run build --filter ${manifest.name}\` first.`,
  );
  process.exit(1);
}

const staticEntries = [
  "index.js",
  "index.cjs",
  "index.d.ts",
  "index.d.cts",
  // The adapter's own entry may name the driver's types, never load it on import.
  "mongodb.js",
  "mongodb.cjs",
];
for (const entry of staticEntries) {
  for (const { specifier, chain } of staticGraph(entry)) {
    if (isDriver(specifier)) {
      problems.push(`dist/${chain.join(" → ")} loads "${specifier}" when it is loaded`);
    }
  }
}

// --- 2. Plain Node, with and without the driver --------------------------------------

/** The installed directory of a package, as Node would find it from the package. */
const installedDirectory = (name) => {
  for (let directory = packageDirectory; ; directory = dirname(directory)) {
    const candidate = join(directory, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return realpathSync(candidate);
    if (dirname(directory) === directory) return undefined;
  }
};

/** Links an installed package into a node_modules directory. */
const linkPackage = (nodeModules, name) => {
  const installed = installedDirectory(name);
  if (installed === undefined) {
    problems.push(`${name} is not installed, so the plain-Node check cannot load it`);
    return;
  }
  mkdirSync(dirname(join(nodeModules, name)), { recursive: true });
  symlinkSync(installed, join(nodeModules, name), "dir");
};

/** Runs a script in plain Node (no NODE_PATH, no conditions) in the directory. */
const runNode = (directory, file, source, expectation) => {
  writeFileSync(join(directory, file), source);
  const environment = { ...process.env };
  delete environment.NODE_PATH;
  delete environment.NODE_OPTIONS;
  const result = spawnSync(process.execPath, [file], {
    cwd: directory,
    env: environment,
    encoding: "utf8",
    timeout: 60_000,
  });
  if (result.status !== 0) {
    problems.push(
      `${expectation} (${file}): exit ${result.status ?? result.signal}\n${result.stdout}${result.stderr}`
        .trim()
        .replaceAll("\n", "\n    "),
    );
  } else {
    console.log(`ok: ${expectation}`);
  }
};

// What a child script asserts: a layer fails to build with StoreUnavailable whose text
// contains `expected`. The child imports effect from the temporary node_modules.
const expectUnavailable = `
const expectUnavailable = async (Effect, Layer, layer, expected, StoreUnavailable) => {
  const exit = await Effect.runPromiseExit(Effect.scoped(Layer.build(layer)));
  if (exit._tag !== "Failure") throw new Error("the layer was built; expected StoreUnavailable");
  const failure = exit.cause._tag === "Fail" ? exit.cause.error : undefined;
  if (failure?._tag !== "StoreUnavailable") {
    throw new Error("expected StoreUnavailable, got " + String(exit.cause));
  }
  // The entries share one copy of each class (chunks), so instanceof holds across them.
  if (!(failure instanceof StoreUnavailable)) {
    throw new Error("the failure is not an instance of the main entry's StoreUnavailable: two copies in dist");
  }
  const text = failure.operation + ": " + failure.reason;
  if (!text.includes(expected)) throw new Error("expected " + JSON.stringify(expected) + " in " + JSON.stringify(text));
};
`;

const unreachable = { uri: "mongodb://127.0.0.1:9/", database: "courier_station_check" };
const fastFailure = { serverSelectionTimeoutMS: 500, connectTimeoutMS: 500 };

const scratch = mkdtempSync(join(tmpdir(), "kit-optional-mongodb-"));
try {
  const nodeModules = join(scratch, "node_modules");
  const installedKit = join(nodeModules, ...manifest.name.split("/"));
  mkdirSync(installedKit, { recursive: true });
  cpSync(join(packageDirectory, "package.json"), join(installedKit, "package.json"));
  cpSync(distDirectory, join(installedKit, "dist"), { recursive: true });
  const optional = new Set(Object.keys(manifest.peerDependenciesMeta ?? {}));
  const required = [
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}).filter((name) => !optional.has(name)),
  ];
  for (const name of required) linkPackage(nodeModules, name);

  // The check means nothing if the driver can be found some other way.
  let driverReachable = true;
  try {
    createRequire(join(installedKit, "package.json")).resolve(driver);
  } catch {
    driverReachable = false;
  }
  if (driverReachable) {
    problems.push(`${driver} resolves from ${scratch} without being linked: the check cannot run`);
  } else {
    runNode(
      scratch,
      "without-driver.mjs",
      `${expectUnavailable}
import { Effect, Layer } from "effect";
import * as kit from "${manifest.name}";
import { MongoStore } from "${manifest.name}/mongodb";
if (typeof kit.storeLayerFor !== "function" || typeof kit.MemoryStore?.layer !== "function") {
  throw new Error("the main entry lacks storeLayerFor or MemoryStore");
}
await expectUnavailable(Effect, Layer, kit.storeLayerFor({ kind: "mongodb", ...${JSON.stringify(unreachable)} }), "npm install mongodb", kit.StoreUnavailable);
await expectUnavailable(Effect, Layer, MongoStore.layer(${JSON.stringify(unreachable)}), "npm install mongodb", kit.StoreUnavailable);
`,
      "without mongodb, import works and a MongoDB store fails saying how to install it (ESM)",
    );
    runNode(
      scratch,
      "without-driver.cjs",
      `${expectUnavailable}
const { Effect, Layer } = require("effect");
const kit = require("${manifest.name}");
const { MongoStore } = require("${manifest.name}/mongodb");
(async () => {
  await expectUnavailable(Effect, Layer, kit.storeLayerFor({ kind: "mongodb", ...${JSON.stringify(unreachable)} }), "npm install mongodb", kit.StoreUnavailable);
  await expectUnavailable(Effect, Layer, MongoStore.layer(${JSON.stringify(unreachable)}), "npm install mongodb", kit.StoreUnavailable);
})().catch((error) => { console.error(error); process.exitCode = 1; });
`,
      "without mongodb, require works and a MongoDB store fails saying how to install it (CJS)",
    );
  }

  for (const name of optional) linkPackage(nodeModules, name);
  const options = { ...unreachable, client: fastFailure };
  runNode(
    scratch,
    "with-driver.mjs",
    `${expectUnavailable}
import { Effect, Layer } from "effect";
import { StoreUnavailable } from "${manifest.name}";
import { MongoStore } from "${manifest.name}/mongodb";
import * as testing from "${manifest.name}/testing";
await expectUnavailable(Effect, Layer, MongoStore.layer(${JSON.stringify(options)}), "connect to MongoDB", StoreUnavailable);
if (typeof testing.describeStoreContract !== "function" || typeof testing.describeBusContract !== "function") {
  throw new Error("the testing entry lacks describeStoreContract or describeBusContract");
}
`,
    "with mongodb, the adapter loads the driver and reaches for the server (ESM); ./testing imports",
  );
  runNode(
    scratch,
    "with-driver.cjs",
    `${expectUnavailable}
const { Effect, Layer } = require("effect");
const { StoreUnavailable } = require("${manifest.name}");
const { MongoStore } = require("${manifest.name}/mongodb");
expectUnavailable(Effect, Layer, MongoStore.layer(${JSON.stringify(options)}), "connect to MongoDB", StoreUnavailable)
  .catch((error) => { console.error(error); process.exitCode = 1; });
`,
    "with mongodb, the adapter loads the driver and reaches for the server (CJS)",
  );

  // With a server (MONGODB_URI, as `npm test` sets it): the built entries work together
  // for real — a store from "./mongodb" serves the main entry's Store tag.
  const serverUri = process.env.MONGODB_URI?.trim();
  if (serverUri === undefined || serverUri === "") {
    console.log("skipped: a round trip through the built ./mongodb (MONGODB_URI is not set)");
  } else {
    const database = `cs_check_package_${process.pid}_${Date.now().toString(36)}`;
    runNode(
      scratch,
      "round-trip.mjs",
      `
import { Effect, Option } from "effect";
import { MongoClient } from "mongodb";
import { Store } from "${manifest.name}";
import { MongoStore } from "${manifest.name}/mongodb";
const key = { community: "jinshan-wanda", scope: "check-package", key: "k-1" };
try {
  const owner = await Effect.runPromise(
    Effect.gen(function* () {
      const store = yield* Store;
      yield* store.claimUniqueKey({ ...key, owner: "o-1" });
      return Option.getOrNull(yield* store.uniqueKeyOwner(key));
    }).pipe(Effect.provide(MongoStore.layer({ uri: ${JSON.stringify(serverUri)}, database: ${JSON.stringify(database)} }))),
  );
  if (owner !== "o-1") throw new Error("expected the key's owner o-1, found " + owner);
} finally {
  const client = await new MongoClient(${JSON.stringify(serverUri)}).connect();
  await client.db(${JSON.stringify(database)}).dropDatabase();
  await client.close();
}
`,
      "with mongodb and MONGODB_URI, a store from the built ./mongodb serves the main entry's Store",
    );
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

if (problems.length > 0) {
  console.error(
    `${manifest.name}: mongodb is not optional in the build:\n- ${problems.join("\n- ")}`,
  );
  process.exit(1);
}
console.log(`${manifest.name}: dist loads mongodb only when a MongoDB store connects`);
