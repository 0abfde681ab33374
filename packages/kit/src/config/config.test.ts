import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Effect, Either } from "effect";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { argumentsOf, Configuration, environmentVariables, loadConfig } from "./config.js";

const directory = mkdtempSync(join(tmpdir(), "cs-kit-config-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const file = (name: string, text: string): string => {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
};

const refused = <A>(
  result: Either.Either<
    A,
    { code: string; problems: ReadonlyArray<unknown>; text: { "zh-CN": string; en: string } }
  >,
) => {
  if (Either.isRight(result)) throw new Error("expected the configuration to be refused");
  expect(result.left.code).toBe("config.invalid");
  expect(result.left.text["zh-CN"].length).toBeGreaterThan(0);
  expect(result.left.text.en.length).toBeGreaterThan(0);
  return result.left;
};

describe("loadConfig", () => {
  it("reproduces the embedded defaults with an empty environment", () => {
    const config = Either.getOrThrow(loadConfig({ env: { HOSTNAME: "box-1" } }));
    expect(config).toMatchObject({
      service: undefined,
      instance: "box-1",
      logLevel: "info",
      dataDir: "./data",
      store: { kind: "sqlite", path: join("./data", "courier-station.sqlite") },
      bus: {
        kind: "in-process",
        subjectRoot: "cs",
        duplicateWindowMs: 120_000,
        requestTimeoutMs: 5_000,
      },
      limits: { maxPayloadBytes: 131_072, maxDepth: 16, maxNodes: 10_000, maxStringLength: 20_000 },
      relay: { batchSize: 100, idleMs: 200, leaseTtlMs: 15_000 },
      shutdownTimeoutMs: 15_000,
    });
  });

  it("chooses NATS and MongoDB when their variables are set", () => {
    const config = Either.getOrThrow(
      loadConfig({
        env: {
          NATS_URL: "nats://a:4222, nats://b:4222",
          MONGODB_URI: "mongodb://127.0.0.1:27018/",
          MONGODB_DATABASE: "station",
          CS_COMMUNITIES: "jinshan-wanda,zhujing",
          CS_MAX_PAYLOAD_BYTES: "2048",
        },
        argv: ["--service", "points"],
      }),
    );
    expect(config.service).toBe("points");
    expect(config.store).toEqual({
      kind: "mongodb",
      uri: "mongodb://127.0.0.1:27018/",
      database: "station",
    });
    expect(config.bus).toMatchObject({
      kind: "nats",
      servers: ["nats://a:4222", "nats://b:4222"],
      communities: ["jinshan-wanda", "zhujing"],
    });
    expect(config.limits.maxPayloadBytes).toBe(2048);
  });

  it("reads YAML and JSON files, the environment overriding files", () => {
    const yaml = file(
      "station.yaml",
      "logLevel: debug\nbus:\n  subjectRoot: staging\nrelay:\n  batchSize: 10\nsettings:\n  welcome: 5\n",
    );
    const json = file("override.json", JSON.stringify({ relay: { batchSize: 20 } }));
    const config = Either.getOrThrow(
      loadConfig({
        env: { LOG_LEVEL: "warn", CS_CONFIG_FILE: json },
        files: [yaml],
        settings: z.strictObject({ welcome: z.number().int() }),
      }),
    );
    expect(config.logLevel).toBe("warn");
    expect(config.bus.subjectRoot).toBe("staging");
    expect(config.relay.batchSize).toBe(20);
    expect(config.settings).toEqual({ welcome: 5 });
  });

  it("lists every problem at once, each with its variable or file, in both languages", () => {
    const yaml = file("bad.yaml", "bus:\n  subjectRoot: Bad Root\n  surprise: 1\n");
    const error = refused(
      loadConfig({
        env: {
          NATS_URL: "http://wrong",
          LOG_LEVEL: "loud",
          CS_SHUTDOWN_TIMEOUT_MS: "soon",
          CS_STORE: "mongodb",
        },
        files: [yaml],
      }),
    );
    const where = error.problems.map((problem) => {
      const {
        variable,
        file: source,
        field,
      } = problem as { variable?: string; file?: string; field: string };
      return variable ?? `${source}:${field}`;
    });
    expect(where).toEqual(
      expect.arrayContaining([
        "NATS_URL",
        "LOG_LEVEL",
        "CS_SHUTDOWN_TIMEOUT_MS",
        `${yaml}:bus.subjectRoot`,
        `${yaml}:bus`,
      ]),
    );
    expect(error.problems.length).toBeGreaterThanOrEqual(5);
    expect(error.text.en).toContain("NATS_URL");
    expect(error.text["zh-CN"]).toContain("LOG_LEVEL");
  });

  it("requires the URL of the store or bus it is told to use", () => {
    const error = refused(loadConfig({ env: { CS_STORE: "mongodb", CS_BUS: "nats" } }));
    expect(error.problems.map((problem) => (problem as { variable?: string }).variable)).toEqual([
      "MONGODB_URI",
      "NATS_URL",
    ]);
  });

  it("refuses a missing or malformed file and a bad service setting", () => {
    const malformed = file("malformed.json", "{ nope");
    const error = refused(
      loadConfig({
        env: { WELCOME_POINTS: "many" },
        files: [join(directory, "missing.yaml"), malformed],
        settings: z.strictObject({ welcome: z.number().int().default(10) }),
        settingsVariables: { WELCOME_POINTS: ["welcome"] },
      }),
    );
    expect(error.problems.map((problem) => (problem as { code: string }).code)).toEqual([
      "unreadable",
      "syntax",
      "invalid_type",
    ]);
    expect((error.problems[2] as { variable?: string }).variable).toBe("WELCOME_POINTS");
  });

  it("refuses dangerous keys in a file", () => {
    const yaml = file("dollar.json", '{"bus": {"$where": 1}, "__proto__": {"x": 1}}');
    const error = refused(loadConfig({ env: {}, files: [yaml] }));
    expect(error.problems.map((problem) => (problem as { code: string }).code)).toContain(
      "forbidden_key",
    );
  });

  it("provides the configuration as a layer that fails with every problem", async () => {
    const failure = await Effect.runPromise(
      Effect.flip(
        Effect.provide(Configuration, Configuration.fromEnvironment({ env: { LOG_LEVEL: "x" } })),
      ),
    );
    expect(failure.code).toBe("config.invalid");
    const config = await Effect.runPromise(
      Effect.provide(Configuration, Configuration.fromEnvironment({ env: { LOG_LEVEL: "debug" } })),
    );
    expect(config.logLevel).toBe("debug");
  });
});

describe("loadConfig on any environment", () => {
  it("never throws: it returns a configuration or every problem, each naming its variable", () => {
    const names = Object.keys(environmentVariables);
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom(...names),
          fc.oneof(
            fc.string(),
            fc.integer().map(String),
            fc.constantFrom(
              "nats",
              "in-process",
              "nats://127.0.0.1:4222",
              "debug",
              "sqlite",
              "memory",
            ),
          ),
        ),
        (env) => {
          const result = loadConfig({ env });
          if (Either.isLeft(result)) {
            expect(result.left.problems.length).toBeGreaterThan(0);
            for (const problem of result.left.problems) {
              expect(names).toContain(problem.variable);
              expect(problem.message["zh-CN"].length).toBeGreaterThan(0);
              expect(problem.message.en.length).toBeGreaterThan(0);
            }
          } else {
            const chosen = env.CS_BUS?.trim();
            const expected =
              chosen === "nats" || chosen === "in-process"
                ? chosen
                : env.NATS_URL?.trim()
                  ? "nats"
                  : "in-process";
            expect(result.right.bus.kind).toBe(expected);
          }
        },
      ),
    );
  });
});

describe("argumentsOf", () => {
  it("reads --service and --config in both spellings", () => {
    expect(argumentsOf(["--service", "points", "--config=a.yaml", "--other"])).toEqual({
      service: "points",
      files: ["a.yaml"],
    });
    expect(argumentsOf([])).toEqual({ files: [] });
  });

  it("keeps a value that holds '=' whole, and takes every --config in order", () => {
    expect(
      argumentsOf(["--service=a=b", "--config", "x=1.yaml", "--config=y.yaml", "positional"]),
    ).toEqual({ service: "a=b", files: ["x=1.yaml", "y.yaml"] });
  });

  it("refuses a flag without a value, or a value that is no service name, naming the argument", () => {
    expect(argumentsOf(["--service"])).toEqual({ service: "", files: [] });
    const loaded = loadConfig({ env: {}, argv: ["--service=a=b"] });
    if (Either.isRight(loaded)) throw new Error("expected a refused configuration");
    expect(loaded.left.problems).toEqual([
      expect.objectContaining({ variable: "--service", field: "service" }),
    ]);
  });
});
