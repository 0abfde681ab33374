// The servers the tests talk to: a real nats-server with JetStream and a real MongoDB
// wire server (FerretDB v1 on its SQLite backend), each on a random port with a
// temporary directory, stopped afterwards. Plain JavaScript so it runs before any build.
//
// Used by `npm test` (scripts/test.mjs) and by the vitest global setup of the projects
// that need servers, so `npx vitest run` alone works too.

import { execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";

export const FERRETDB_VERSION = "v1.24.2";
const FERRETDB_MODULE = "github.com/FerretDB/FerretDB";

const log = (message) => process.stderr.write(`[test-servers] ${message}\n`);

/** A free TCP port on 127.0.0.1. */
export const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/** Resolves once something accepts TCP connections on the port, or rejects after the timeout. */
export const waitForPort = async (port, timeoutMs, describe) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise((resolve) => {
      const socket = createConnection({ host: "127.0.0.1", port });
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline)
      throw new Error(`${describe()} did not listen on port ${port} in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

const runs = (command, args) => {
  try {
    execFileSync(command, args, { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};

const which = (name) => {
  for (const directory of (process.env.PATH ?? "").split(":")) {
    const candidate = join(directory, name);
    if (directory && existsSync(candidate)) return candidate;
  }
  return undefined;
};

/** The nats-server binary: NATS_SERVER_BIN, the PATH, or Debian's /usr/sbin. */
export const findNatsServer = () => {
  const candidates = [
    process.env.NATS_SERVER_BIN,
    which("nats-server"),
    "/usr/sbin/nats-server",
    "/usr/local/bin/nats-server",
  ];
  const found = candidates.find((candidate) => candidate && existsSync(candidate));
  if (!found) {
    throw new Error(
      "nats-server was not found. Install it (Debian: `apt-get install nats-server`; or a release from https://github.com/nats-io/nats-server), " +
        "set NATS_SERVER_BIN to its path, or set NATS_URL to a running server with JetStream.",
    );
  }
  return found;
};

const cacheDirectory = () =>
  join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "courier-station");

/**
 * The FerretDB binary: FERRETDB_BIN, a `ferretdb` on the PATH that starts, or one we
 * build once into ~/.cache/courier-station with the Go toolchain.
 *
 * Why not a plain `go install …/cmd/ferretdb@v1.24.2`: a binary built that way panics on
 * start ("Invalid build/version/version.txt") because the module zip lacks the version
 * file its release build generates. We copy the module source, write that file, and build.
 */
export const ensureFerretDb = () => {
  if (process.env.FERRETDB_BIN) return process.env.FERRETDB_BIN;
  const cached = join(cacheDirectory(), `ferretdb-${FERRETDB_VERSION}`);
  if (existsSync(cached) && runs(cached, ["--version"])) return cached;
  const onPath = which("ferretdb");
  if (onPath && runs(onPath, ["--version"])) return onPath;

  const go =
    which("go") ?? (existsSync("/usr/local/go/bin/go") ? "/usr/local/go/bin/go" : undefined);
  if (!go) {
    throw new Error(
      "FerretDB is needed for the MongoDB tests and Go is not installed to build it. Either install Go (https://go.dev/dl) and run `npm test` again, " +
        `or build it yourself (see README, "Testing"), or set FERRETDB_BIN to a FerretDB ${FERRETDB_VERSION} binary, or set MONGODB_URI to a running MongoDB.`,
    );
  }
  log(`building FerretDB ${FERRETDB_VERSION} with ${go} (once; cached in ${cached})`);
  const download = JSON.parse(
    execFileSync(go, ["mod", "download", "-json", `${FERRETDB_MODULE}@${FERRETDB_VERSION}`], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    }),
  );
  const source = mkdtempSync(join(tmpdir(), "ferretdb-src-"));
  try {
    cpSync(download.Dir, source, { recursive: true });
    execFileSync("chmod", ["-R", "u+w", source]);
    writeFileSync(join(source, "build", "version", "version.txt"), `${FERRETDB_VERSION}\n`);
    mkdirSync(cacheDirectory(), { recursive: true });
    execFileSync(go, ["build", "-trimpath", "-o", cached, "./cmd/ferretdb"], {
      cwd: source,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, CGO_ENABLED: "0" },
    });
  } finally {
    rmSync(source, { recursive: true, force: true });
  }
  return cached;
};

const startProcess = (command, args, name) => {
  const output = [];
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  const keep = (chunk) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const describe = () => `${name} (${command} ${args.join(" ")})\n${output.join("").slice(-4000)}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  };
  return { child, exited, describe, stop };
};

/** Starts a nats-server with JetStream on a random port; returns its URL and a stop function. */
export const startNats = async () => {
  const binary = findNatsServer();
  const port = await freePort();
  const directory = mkdtempSync(join(tmpdir(), "cs-nats-"));
  const server = startProcess(
    binary,
    ["-a", "127.0.0.1", "-p", String(port), "-js", "-sd", directory],
    "nats-server",
  );
  await waitForPort(port, 15_000, server.describe);
  return {
    url: `nats://127.0.0.1:${port}`,
    stop: async () => {
      await server.stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
};

/** Starts FerretDB (SQLite backend) on a random port; returns its URI and a stop function. */
export const startFerretDb = async () => {
  const binary = ensureFerretDb();
  const port = await freePort();
  const directory = mkdtempSync(join(tmpdir(), "cs-ferretdb-"));
  const server = startProcess(
    binary,
    [
      "--handler=sqlite",
      `--sqlite-url=file:${directory}/`,
      `--listen-addr=127.0.0.1:${port}`,
      "--debug-addr=127.0.0.1:0",
      "--telemetry=disable",
      `--state-dir=${directory}`,
      "--log-level=warn",
    ],
    "FerretDB",
  );
  await waitForPort(port, 30_000, server.describe);
  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    stop: async () => {
      await server.stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
};

/**
 * Makes sure NATS_URL and MONGODB_URI point at servers: uses them when set, otherwise
 * starts what is missing. Returns the environment to use and a function that stops
 * whatever was started here.
 */
export const startTestServers = async () => {
  const stops = [];
  const env = {};
  try {
    if (process.env.NATS_URL) {
      env.NATS_URL = process.env.NATS_URL;
    } else {
      const nats = await startNats();
      stops.push(nats.stop);
      env.NATS_URL = nats.url;
      log(`nats-server with JetStream at ${nats.url}`);
    }
    if (process.env.MONGODB_URI) {
      env.MONGODB_URI = process.env.MONGODB_URI;
    } else {
      const ferretdb = await startFerretDb();
      stops.push(ferretdb.stop);
      env.MONGODB_URI = ferretdb.uri;
      log(`FerretDB ${FERRETDB_VERSION} (SQLite backend) at ${ferretdb.uri}`);
    }
  } catch (error) {
    await Promise.allSettled(stops.map((stop) => stop()));
    throw error;
  }
  return {
    env,
    stop: async () => {
      await Promise.allSettled(stops.map((stop) => stop()));
    },
  };
};
