import { type ChildProcess, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ServiceName } from "./runtime.js";

/*
 * A service as its own operating-system process, started the way a deployment starts it
 * (`tsx --conditions=@courier-station/source services/<name>/src/main.ts` with the
 * deployment's environment), so a test can kill it with SIGKILL, as a crash or the
 * kernel's OOM killer would, and start it again.
 */

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const tsx = join(root, "node_modules", ".bin", "tsx");

/** A service process the test started. */
export interface ServiceProcess {
  readonly name: ServiceName;
  readonly pid: number;
  /** Its last output, for a failure's message. */
  readonly output: () => string;
  /** Whether it has ended. */
  readonly ended: () => boolean;
  /**
   * Kills it at once with SIGKILL — tsx and the Node process it runs the service in, as
   * one process group — and waits until it is gone: nothing in it gets to clean up.
   */
  readonly kill: () => Promise<void>;
  /** Asks it to stop (SIGTERM) and waits, killing it if it does not stop in time. */
  readonly stop: () => Promise<void>;
}

/** Starts a service's `main.ts` as its own process with the environment given. */
export const spawnService = (
  name: ServiceName,
  env: Readonly<Record<string, string>>,
): ServiceProcess => {
  const lines: string[] = [];
  const child: ChildProcess = spawn(
    tsx,
    ["--conditions=@courier-station/source", join("services", name, "src", "main.ts")],
    {
      cwd: root,
      // Its own process group, so one signal reaches tsx and the process it starts.
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    },
  );
  const keep = (chunk: Buffer) => {
    lines.push(chunk.toString());
    if (lines.length > 200) lines.shift();
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let ended = false;
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => {
      ended = true;
      resolve();
    }),
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error(`the ${name} process did not start`);
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // Gone already.
    }
  };
  return {
    name,
    pid,
    output: () => lines.join("").slice(-4_000),
    ended: () => ended,
    kill: async () => {
      if (!ended) signalGroup("SIGKILL");
      await exited;
    },
    stop: async () => {
      if (ended) return;
      signalGroup("SIGTERM");
      const timer = setTimeout(() => signalGroup("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
};
