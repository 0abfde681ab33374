import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

/*
 * The README's quick start, as written: its block holds exactly two commands, and the
 * first one's `npm start` starts a station a person can reach — the welcome in both
 * languages, the address it prints answering `/healthz` and `/readyz`, the data kept
 * where it says — and stops cleanly on Ctrl-C. The `npm ci` before it is what CI's own
 * first step runs on a fresh clone, so the test runs the rest of that line in the same
 * checkout instead of installing a second time.
 */

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const readme = readFileSync(join(root, "README.md"), "utf8");

/** The commands of the README's quick-start block (the first `sh` block after "Quick start"). */
const quickStartCommands = (): string[] => {
  const section = readme.slice(readme.search(/^#+ .*quick start/im));
  const block = /```(?:sh|bash|shell)\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
  return block
    .split("\n")
    .map((line) => line.replace(/#.*$/, "").trim())
    .filter((line) => line !== "");
};

const children: ChildProcess[] = [];
const directories: string[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

describe("the README's quick start", () => {
  it("is two commands: one that installs and starts the station, one that runs the tests", () => {
    expect(quickStartCommands()).toEqual(["npm ci && npm start", "npm test"]);
  });

  it("starts a station with npm start that says where it is, answers there, and stops on Ctrl-C", {
    timeout: 180_000,
  }, async () => {
    const [first] = quickStartCommands();
    const start = (first ?? "").split("&&").map((part) => part.trim())[1];
    expect(start).toBe("npm start");
    const data = mkdtempSync(join(tmpdir(), "quick-start-"));
    directories.push(data);
    const child = spawn("npm", ["start"], {
      cwd: root,
      // Its own port and data directory, so it runs beside anything else on the machine.
      env: { ...process.env, PORT: "0", DATA_DIR: data, NATS_URL: "", MONGODB_URI: "" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    children.push(child);
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const deadline = Date.now() + 150_000;
    let url: string | undefined;
    while (url === undefined && Date.now() < deadline && child.exitCode === null) {
      url = /open (http:\/\/[^\s]+) in a browser/.exec(output)?.[1];
      if (url === undefined) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(url, output.slice(-3_000)).toBeDefined();
    // Both languages in the welcome.
    expect(output).toMatch(/用浏览器打开 http/);
    const healthy = await fetch(`${url}/healthz`);
    expect(healthy.status).toBe(200);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(existsSync(data)).toBe(true);

    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    // Ctrl-C reaches the whole process group: npm, tsx and the station.
    process.kill(-(child.pid as number), "SIGINT");
    const code = await exited;
    expect([0, 130, null]).toContain(code);
  });
});
