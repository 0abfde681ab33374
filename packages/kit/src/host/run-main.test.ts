import { EventEmitter } from "node:events";
import { readFileSync } from "node:fs";
import { Effect } from "effect";
import { describe, expect, it } from "vitest";
import { eventually } from "../bus/bus.contract.js";
import { packageVersion } from "./package-version.js";
import { runMain } from "./run-main.js";
import { defineService, timer } from "./service-definition.js";
import { memoryCapabilities, memoryLeases } from "./testing/memory-capabilities.js";

const processLike = () => {
  const emitter = new EventEmitter();
  return {
    signals: {
      once: (event: string, listener: () => void) => emitter.once(event, listener),
      removeListener: (event: string, listener: () => void) =>
        emitter.removeListener(event, listener),
    } as unknown as Pick<NodeJS.Process, "once" | "removeListener">,
    emit: (signal: string) => emitter.emit(signal),
    listeners: () => emitter.listenerCount("SIGTERM") + emitter.listenerCount("SIGINT"),
  };
};

describe("runMain", () => {
  it("refuses a bad configuration with every problem in both languages before anything starts", () => {
    const exits: number[] = [];
    const written: string[] = [];
    let started = false;
    const fiber = runMain({
      services: [
        defineService({
          name: "never",
          version: "1.0.0",
          timers: [
            timer({
              name: "tick",
              everyMs: 10,
              handler: () =>
                Effect.sync(() => {
                  started = true;
                }),
            }),
          ],
        }),
      ],
      layer: () => memoryCapabilities({}),
      config: { env: { LOG_LEVEL: "loud", CS_SHUTDOWN_TIMEOUT_MS: "soon" }, argv: [] },
      exit: (code) => exits.push(code),
      writeError: (text) => written.push(text),
    });
    expect(fiber).toBeUndefined();
    expect(exits).toEqual([1]);
    expect(started).toBe(false);
    const text = written.join("");
    expect(text).toContain("配置有 2 处问题");
    expect(text).toContain("The configuration has 2 problem(s)");
    expect(text.match(/LOG_LEVEL/g)).toHaveLength(2);
    expect(text.match(/CS_SHUTDOWN_TIMEOUT_MS/g)).toHaveLength(2);
  });

  it("runs the services until SIGTERM, then shuts down gracefully and exits with 0", async () => {
    const exits: number[] = [];
    const ticks: string[] = [];
    const leases = memoryLeases();
    const process = processLike();
    runMain({
      services: [
        defineService({
          name: "ticker",
          version: "1.0.0",
          timers: [
            timer({
              name: "tick",
              everyMs: 20,
              handler: (context) => Effect.sync(() => void ticks.push(context.instance)),
            }),
          ],
        }),
      ],
      layer: () => memoryCapabilities({ leases }),
      config: { env: { CS_INSTANCE: "main-a", LOG_LEVEL: "silent" }, argv: [] },
      exit: (code) => exits.push(code),
      signals: process.signals,
    });
    await eventually(() => expect(ticks.length).toBeGreaterThanOrEqual(2));
    expect(process.listeners()).toBe(2);
    process.emit("SIGTERM");
    await eventually(() => expect(exits).toEqual([0]));
    expect(process.listeners()).toBe(0);
    // The timer's lease was given up: another instance takes it at once.
    const free = await Effect.runPromise(
      leases.acquire({ name: "timer:ticker:tick", owner: "main-b", ttlMs: 1_000 }),
    );
    expect(free).toBe(true);
    const count = ticks.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(ticks.length).toBe(count);
  });

  it("exits with 1 when asked for a service it does not have", async () => {
    const exits: number[] = [];
    runMain({
      services: [defineService({ name: "points", version: "1.0.0" })],
      layer: () => memoryCapabilities({}),
      config: { env: { LOG_LEVEL: "silent" }, argv: ["--service", "wishes"] },
      exit: (code) => exits.push(code),
      signals: processLike().signals,
    });
    await eventually(() => expect(exits).toEqual([1]));
  });
});

describe("packageVersion", () => {
  it("reads the version of the package a module belongs to", () => {
    const own = JSON.parse(
      readFileSync(new URL("../../package.json", import.meta.url), "utf8"),
    ) as {
      version: string;
    };
    expect(packageVersion(import.meta.url)).toBe(own.version);
    expect(() => packageVersion("/")).toThrow();
  });
});
