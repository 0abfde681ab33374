import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/*
 * Test helpers for the servers the kit's tests talk to. Not exported from the package.
 */

/**
 * The URL of a server from the environment (`NATS_URL`, `MONGODB_URI`). A test that
 * needs a server and finds none fails with how to get one, never skips silently.
 */
export const serverUrlFromEnvironment = (name: "NATS_URL" | "MONGODB_URI"): string => {
  const value = process.env[name];
  if (value === undefined || value.trim() === "") {
    throw new Error(
      `${name} is not set. Run the tests with \`npm test\`, which starts nats-server and FerretDB and sets NATS_URL and MONGODB_URI, or set ${name} to a running server.`,
    );
  }
  return value;
};

/** A subject root no other test run uses: `t` and 10 random hex digits. */
export const uniqueSubjectRoot = (): string =>
  `t${Array.from(crypto.getRandomValues(new Uint8Array(5)), (byte) => byte.toString(16).padStart(2, "0")).join("")}`;

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });

const portOpen = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });

/** A nats-server of the test's own, which the test can stop and start again. */
export interface OwnNatsServer {
  readonly url: string;
  readonly port: number;
  /**
   * Stops the server (SIGTERM, then SIGKILL after 5 s; or SIGKILL at once, a crash);
   * its store directory stays.
   */
  readonly stop: (signal?: "SIGTERM" | "SIGKILL") => Promise<void>;
  /** Starts it again on the same port with the same store directory. */
  readonly start: () => Promise<void>;
  /** Stops it and removes its store directory. */
  readonly dispose: () => Promise<void>;
}

const natsServerBinary = (): string => {
  const candidates = [
    process.env.NATS_SERVER_BIN,
    "/usr/sbin/nats-server",
    "/usr/local/bin/nats-server",
    "/usr/bin/nats-server",
  ];
  const found = candidates.find((candidate) => candidate !== undefined && existsSync(candidate));
  if (found === undefined) {
    throw new Error("nats-server was not found: install it or set NATS_SERVER_BIN to its path.");
  }
  return found;
};

/**
 * Starts a nats-server with JetStream on a random port and a temporary store
 * directory, for tests that stop and restart the server.
 */
export const startOwnNatsServer = async (): Promise<OwnNatsServer> => {
  const binary = natsServerBinary();
  const port = await freePort();
  const directory = mkdtempSync(join(tmpdir(), "cs-kit-nats-"));
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    child = spawn(binary, ["-a", "127.0.0.1", "-p", String(port), "-js", "-sd", directory], {
      stdio: "ignore",
    });
    const deadline = Date.now() + 15_000;
    while (!(await portOpen(port))) {
      if (Date.now() > deadline) throw new Error(`nats-server did not listen on ${port}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const stop = async (signal: "SIGTERM" | "SIGKILL" = "SIGTERM"): Promise<void> => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill(signal);
    const timer = setTimeout(() => running.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  };
  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    stop,
    start,
    dispose: async () => {
      await stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
};
