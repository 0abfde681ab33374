import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  bilingual,
  DomainError,
  findUnsafeInput,
  type InputIssue,
  type LocalizedText,
  localized,
  parseInput,
} from "@courier-station/core";
import { Context, Either, Layer } from "effect";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { isServiceName, isSubjectRoot } from "../bus/subjects.js";
import { type LogLevel, logLevels } from "../logging/logger.js";

const positiveInteger = (most: number) => z.number().int().min(1).max(most);

const natsUrl = z
  .string()
  .regex(
    /^(nats|tls|ws|wss):\/\/\S+$/,
    bilingual(
      "须为 NATS 地址，例如 nats://127.0.0.1:4222",
      "must be a NATS URL such as nats://127.0.0.1:4222",
    ),
  );

const mongodbUri = z
  .string()
  .regex(
    /^mongodb(\+srv)?:\/\/\S+$/,
    bilingual(
      "须为 MongoDB 连接串，例如 mongodb://127.0.0.1:27017/",
      "must be a MongoDB URI such as mongodb://127.0.0.1:27017/",
    ),
  );

/**
 * The runtime settings of a Courier Station process, as written (every field
 * optional). Each has an environment variable (in brackets) and a default:
 *
 * - `service` [`CS_SERVICE`, or `--service`]: the service to run; absent, all of them.
 * - `instance` [`CS_INSTANCE`, else `HOSTNAME`]: this process's name in logs and leases.
 * - `logLevel` [`LOG_LEVEL`]: `info`.
 * - `dataDir` [`DATA_DIR`]: `./data`, where the embedded store lives.
 * - `store.kind` [`CS_STORE`]: `mongodb` when `MONGODB_URI` is set, else `sqlite`.
 *   `store.sqlitePath` [`SQLITE_PATH`]: `<dataDir>/courier-station.sqlite`.
 *   `store.mongodbUri` [`MONGODB_URI`]; `store.mongodbDatabase` [`MONGODB_DATABASE`]: `courier_station`.
 * - `bus.kind` [`CS_BUS`]: `nats` when `NATS_URL` is set, else `in-process`.
 *   `bus.natsUrl` [`NATS_URL`, comma-separated]; `bus.natsUser` [`NATS_USER`],
 *   `bus.natsPass` [`NATS_PASS`], `bus.natsToken` [`NATS_TOKEN`];
 *   `bus.subjectRoot` [`CS_SUBJECT_ROOT`]: `cs`;
 *   `bus.communities` [`CS_COMMUNITIES`, comma-separated]: serve only these communities;
 *   `bus.duplicateWindowMs` [`CS_DUPLICATE_WINDOW_MS`]: 120000;
 *   `bus.requestTimeoutMs` [`CS_REQUEST_TIMEOUT_MS`]: 5000.
 * - `limits.maxPayloadBytes` [`CS_MAX_PAYLOAD_BYTES`]: 131072; `limits.maxDepth`: 16;
 *   `limits.maxNodes`: 10000; `limits.maxStringLength`: 20000.
 * - `relay.batchSize` [`CS_RELAY_BATCH_SIZE`]: 100; `relay.idleMs` [`CS_RELAY_IDLE_MS`]: 200;
 *   `relay.leaseTtlMs` [`CS_RELAY_LEASE_TTL_MS`]: 15000.
 * - `shutdownTimeoutMs` [`CS_SHUTDOWN_TIMEOUT_MS`]: 15000, for draining work in flight.
 * - `settings`: the service's own settings, checked by the schema it gives `loadConfig`.
 */
export const RuntimeConfigInput = z.strictObject({
  service: z
    .string()
    .refine(
      isServiceName,
      bilingual(
        "服务名须为小写字母开头的小写字母、数字或“-”",
        "a service name is lower-case letters, digits or '-', starting with a letter",
      ),
    )
    .optional(),
  instance: z.string().min(1).max(120).optional(),
  logLevel: z.enum(logLevels as [LogLevel, ...LogLevel[]]).default("info"),
  dataDir: z.string().min(1).default("./data"),
  store: z
    .strictObject({
      kind: z.enum(["memory", "sqlite", "mongodb"]).optional(),
      sqlitePath: z.string().min(1).optional(),
      mongodbUri: mongodbUri.optional(),
      mongodbDatabase: z
        .string()
        .regex(
          /^[A-Za-z0-9_-]{1,63}$/,
          bilingual(
            "数据库名须为 1 至 63 位字母、数字、“_”或“-”",
            "a database name is 1 to 63 letters, digits, '_' or '-'",
          ),
        )
        .default("courier_station"),
    })
    .prefault({}),
  bus: z
    .strictObject({
      kind: z.enum(["in-process", "nats"]).optional(),
      natsUrl: z.array(natsUrl).min(1).optional(),
      natsUser: z.string().min(1).optional(),
      natsPass: z.string().min(1).optional(),
      natsToken: z.string().min(1).optional(),
      subjectRoot: z
        .string()
        .refine(
          isSubjectRoot,
          bilingual(
            "主题前缀须为 1 至 32 位小写字母、数字、“_”或“-”，以字母开头",
            "a subject root is 1 to 32 lower-case letters, digits, '_' or '-', starting with a letter",
          ),
        )
        .default("cs"),
      communities: z
        .array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/))
        .min(1)
        .optional(),
      duplicateWindowMs: positiveInteger(24 * 60 * 60 * 1_000).default(120_000),
      requestTimeoutMs: positiveInteger(10 * 60 * 1_000).default(5_000),
    })
    .prefault({}),
  limits: z
    .strictObject({
      maxPayloadBytes: positiveInteger(64 * 1024 * 1024).default(128 * 1024),
      maxDepth: positiveInteger(64).default(16),
      maxNodes: positiveInteger(10_000_000).default(10_000),
      maxStringLength: positiveInteger(10_000_000).default(20_000),
    })
    .prefault({}),
  relay: z
    .strictObject({
      batchSize: positiveInteger(10_000).default(100),
      idleMs: positiveInteger(60_000).default(200),
      leaseTtlMs: positiveInteger(10 * 60 * 1_000).default(15_000),
    })
    .prefault({}),
  shutdownTimeoutMs: positiveInteger(10 * 60 * 1_000).default(15_000),
  settings: z.unknown().optional(),
});

/** Where events and aggregates are kept. */
export type StoreSettings =
  | { readonly kind: "memory" }
  | { readonly kind: "sqlite"; readonly path: string }
  | { readonly kind: "mongodb"; readonly uri: string; readonly database: string };

/** How services talk. */
export type BusSettings = {
  readonly subjectRoot: string;
  readonly communities: ReadonlyArray<string> | undefined;
  readonly duplicateWindowMs: number;
  readonly requestTimeoutMs: number;
} & (
  | { readonly kind: "in-process" }
  | {
      readonly kind: "nats";
      readonly servers: ReadonlyArray<string>;
      readonly user: string | undefined;
      readonly pass: string | undefined;
      readonly token: string | undefined;
    }
);

/** The runtime settings of a process, validated, with every default resolved. */
export interface RuntimeConfig<Settings = unknown> {
  readonly service: string | undefined;
  readonly instance: string;
  readonly logLevel: LogLevel;
  readonly dataDir: string;
  readonly store: StoreSettings;
  readonly bus: BusSettings;
  readonly limits: {
    readonly maxPayloadBytes: number;
    readonly maxDepth: number;
    readonly maxNodes: number;
    readonly maxStringLength: number;
  };
  readonly relay: {
    readonly batchSize: number;
    readonly idleMs: number;
    readonly leaseTtlMs: number;
  };
  readonly shutdownTimeoutMs: number;
  readonly settings: Settings;
}

/** One problem with the configuration: where it came from and what is wrong, in both languages. */
export interface ConfigProblem {
  /** The environment variable that set it (`NATS_URL`), if one did. */
  readonly variable?: string;
  /** The file that set it, if one did. */
  readonly file?: string;
  /** The setting (`bus.natsUrl`), `""` for the whole configuration. */
  readonly field: string;
  readonly code: string;
  readonly message: LocalizedText;
}

const describeProblem = (problem: ConfigProblem, language: "zh-CN" | "en"): string => {
  const where =
    problem.variable !== undefined
      ? problem.variable
      : problem.file !== undefined
        ? `${problem.file}${problem.field ? `: ${problem.field}` : ""}`
        : problem.field || (language === "en" ? "(configuration)" : "（配置）");
  return `${where}: ${problem.message[language]}`;
};

/** The configuration was refused; `problems` lists every problem at once. */
export class InvalidConfig extends DomainError("InvalidConfig", {
  code: "config.invalid",
  httpStatus: 500,
  text: (props: { readonly problems: ReadonlyArray<ConfigProblem> }) =>
    localized(
      `配置有 ${props.problems.length} 处问题：\n${props.problems.map((problem) => `  - ${describeProblem(problem, "zh-CN")}`).join("\n")}`,
      `The configuration has ${props.problems.length} problem(s):\n${props.problems.map((problem) => `  - ${describeProblem(problem, "en")}`).join("\n")}`,
    ),
}) {}

type Parser = "string" | "integer" | "list";

/** The environment variables and the settings they set. */
export const environmentVariables: Readonly<
  Record<string, { readonly path: ReadonlyArray<string>; readonly parse: Parser }>
> = {
  CS_SERVICE: { path: ["service"], parse: "string" },
  CS_INSTANCE: { path: ["instance"], parse: "string" },
  LOG_LEVEL: { path: ["logLevel"], parse: "string" },
  DATA_DIR: { path: ["dataDir"], parse: "string" },
  CS_STORE: { path: ["store", "kind"], parse: "string" },
  SQLITE_PATH: { path: ["store", "sqlitePath"], parse: "string" },
  MONGODB_URI: { path: ["store", "mongodbUri"], parse: "string" },
  MONGODB_DATABASE: { path: ["store", "mongodbDatabase"], parse: "string" },
  CS_BUS: { path: ["bus", "kind"], parse: "string" },
  NATS_URL: { path: ["bus", "natsUrl"], parse: "list" },
  NATS_USER: { path: ["bus", "natsUser"], parse: "string" },
  NATS_PASS: { path: ["bus", "natsPass"], parse: "string" },
  NATS_TOKEN: { path: ["bus", "natsToken"], parse: "string" },
  CS_SUBJECT_ROOT: { path: ["bus", "subjectRoot"], parse: "string" },
  CS_COMMUNITIES: { path: ["bus", "communities"], parse: "list" },
  CS_DUPLICATE_WINDOW_MS: { path: ["bus", "duplicateWindowMs"], parse: "integer" },
  CS_REQUEST_TIMEOUT_MS: { path: ["bus", "requestTimeoutMs"], parse: "integer" },
  CS_MAX_PAYLOAD_BYTES: { path: ["limits", "maxPayloadBytes"], parse: "integer" },
  CS_RELAY_BATCH_SIZE: { path: ["relay", "batchSize"], parse: "integer" },
  CS_RELAY_IDLE_MS: { path: ["relay", "idleMs"], parse: "integer" },
  CS_RELAY_LEASE_TTL_MS: { path: ["relay", "leaseTtlMs"], parse: "integer" },
  CS_SHUTDOWN_TIMEOUT_MS: { path: ["shutdownTimeoutMs"], parse: "integer" },
};

const parseVariable = (text: string, parser: Parser): unknown => {
  const trimmed = text.trim();
  if (parser === "string") return trimmed;
  if (parser === "list") {
    return trimmed
      .split(",")
      .map((part) => part.trim())
      .filter((part) => part !== "");
  }
  // Leave a non-number as text so the schema names the variable and the rule.
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
};

type Source =
  | { readonly variable: string }
  | { readonly file: string }
  | { readonly argument: string };

type MutableTree = Record<string, unknown>;

const setAt = (tree: MutableTree, path: ReadonlyArray<string>, value: unknown): void => {
  let node = tree;
  path.forEach((key, index) => {
    if (index === path.length - 1) {
      node[key] = value;
      return;
    }
    const next = node[key];
    if (typeof next === "object" && next !== null && !Array.isArray(next))
      node = next as MutableTree;
    else {
      const created: MutableTree = {};
      node[key] = created;
      node = created;
    }
  });
};

const mergeInto = (
  target: MutableTree,
  source: unknown,
  origin: Source,
  sources: Map<string, Source>,
  prefix: ReadonlyArray<string> = [],
): void => {
  if (typeof source !== "object" || source === null || Array.isArray(source)) return;
  for (const [key, value] of Object.entries(source)) {
    const path = [...prefix, key];
    if (
      typeof value === "object" &&
      value !== null &&
      !Array.isArray(value) &&
      key !== "settings"
    ) {
      const existing = target[key];
      const child: MutableTree =
        typeof existing === "object" && existing !== null && !Array.isArray(existing)
          ? (existing as MutableTree)
          : {};
      target[key] = child;
      // The file is the source of the section too (for unknown keys in it).
      if (!sources.has(path.join("."))) sources.set(path.join("."), origin);
      mergeInto(child, value, origin, sources, path);
    } else {
      target[key] = value;
      sources.set(path.join("."), origin);
    }
  }
};

const readConfigFile = (path: string): Either.Either<unknown, ConfigProblem> => {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return Either.left({
      file: path,
      field: "",
      code: "unreadable",
      message: localized(
        `无法读取配置文件：${detail}`,
        `Cannot read the configuration file: ${detail}`,
      ),
    });
  }
  try {
    const trimmed = text.trim();
    if (trimmed === "") return Either.right({});
    return Either.right(
      trimmed.startsWith("{")
        ? JSON.parse(trimmed)
        : parseYaml(trimmed, { schema: "core", merge: false, maxAliasCount: 100 }),
    );
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return Either.left({
      file: path,
      field: "",
      code: "syntax",
      message: localized(
        `配置文件格式错误：${detail}`,
        `The configuration file is malformed: ${detail}`,
      ),
    });
  }
};

/**
 * Reads `--service <name>` and `--config <file>` (also `--service=<name>`; `--config` may
 * come several times) from command-line arguments with `node:util`'s `parseArgs`; other
 * arguments are left alone. A flag given without a value reads as `""`, which the
 * configuration then refuses, naming the flag.
 *
 * @example
 * argumentsOf(["--service", "points"]); // { service: "points", files: [] }
 * argumentsOf(["--service=a=b"]); // { service: "a=b", files: [] } (refused later: not a service name)
 */
export const argumentsOf = (
  argv: ReadonlyArray<string>,
): { readonly service?: string; readonly files: ReadonlyArray<string> } => {
  const { values } = parseArgs({
    args: [...argv],
    options: { service: { type: "string" }, config: { type: "string", multiple: true } },
    // Not strict: a program's own flags and positionals pass through untouched.
    strict: false,
    allowPositionals: true,
  });
  // Without `strict`, a string flag given no value comes back as `true`.
  const text = (value: string | boolean | undefined): string =>
    typeof value === "string" ? value : "";
  const files = ([] as Array<string | boolean>).concat(values.config ?? []).map(text);
  return values.service === undefined ? { files } : { service: text(values.service), files };
};

/** Where {@link loadConfig} reads from. */
export interface LoadConfigOptions<Settings> {
  /** The environment; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Command-line arguments (`--service`, `--config`); default none. */
  readonly argv?: ReadonlyArray<string>;
  /** Configuration files (JSON or YAML), applied in order; `CS_CONFIG_FILE` adds one. */
  readonly files?: ReadonlyArray<string>;
  /** The schema of the service's own `settings` (a file's `settings:` section). */
  readonly settings?: z.ZodType<Settings>;
  /** Environment variables for the service's settings: name → path inside `settings`. */
  readonly settingsVariables?: Readonly<Record<string, ReadonlyArray<string>>>;
}

const problemFrom = (issue: InputIssue, sources: ReadonlyMap<string, Source>): ConfigProblem => {
  const segments = issue.path.map(String);
  for (let length = segments.length; length > 0; length--) {
    const source = sources.get(segments.slice(0, length).join("."));
    if (source === undefined) continue;
    if ("variable" in source) {
      return {
        variable: source.variable,
        field: issue.field,
        code: issue.code,
        message: issue.message,
      };
    }
    if ("file" in source) {
      return { file: source.file, field: issue.field, code: issue.code, message: issue.message };
    }
    return {
      variable: source.argument,
      field: issue.field,
      code: issue.code,
      message: issue.message,
    };
  }
  return { field: issue.field, code: issue.code, message: issue.message };
};

const requiredProblem = (
  field: string,
  variable: string,
  zhCN: string,
  en: string,
): ConfigProblem => ({
  variable,
  field,
  code: "required",
  message: localized(zhCN, en),
});

/**
 * Reads the runtime configuration from defaults, files (JSON or YAML), environment
 * variables and command-line arguments (each overriding the one before), validates it,
 * and resolves the defaults. Returns every problem at once, each naming the variable or
 * file it came from, in zh-CN and en, so a process refuses to start with a complete
 * list rather than failing on the first.
 *
 * @example
 * const config = loadConfig({ env: process.env, argv: process.argv.slice(2) });
 * if (Either.isLeft(config)) {
 *   console.error(config.left.text.en);
 *   process.exit(1);
 * }
 */
export const loadConfig = <Settings = unknown>(
  options: LoadConfigOptions<Settings> = {},
): Either.Either<RuntimeConfig<Settings>, InvalidConfig> => {
  const env = options.env ?? process.env;
  const argv = argumentsOf(options.argv ?? []);
  const tree: MutableTree = {};
  const sources = new Map<string, Source>();
  const problems: ConfigProblem[] = [];

  const files = [
    ...(options.files ?? []),
    ...(env.CS_CONFIG_FILE === undefined || env.CS_CONFIG_FILE.trim() === ""
      ? []
      : [env.CS_CONFIG_FILE.trim()]),
    ...argv.files,
  ];
  for (const file of files) {
    const document = readConfigFile(file);
    if (Either.isLeft(document)) problems.push(document.left);
    else if (
      typeof document.right !== "object" ||
      document.right === null ||
      Array.isArray(document.right)
    ) {
      problems.push({
        file,
        field: "",
        code: "not_an_object",
        message: localized(
          "配置文件须为键值对象",
          "The configuration file must be a mapping of settings",
        ),
      });
    } else {
      // Checked before merging: a `__proto__` key must never reach an assignment.
      const unsafe = findUnsafeInput(document.right);
      if (unsafe.length > 0) {
        problems.push(
          ...unsafe.map((issue) => ({
            file,
            field: issue.field,
            code: issue.code,
            message: issue.message,
          })),
        );
      } else mergeInto(tree, document.right, { file }, sources);
    }
  }

  for (const [variable, { path, parse }] of Object.entries(environmentVariables)) {
    const text = env[variable];
    if (text === undefined || text.trim() === "") continue;
    setAt(tree, path, parseVariable(text, parse));
    sources.set(path.join("."), { variable });
  }
  for (const [variable, path] of Object.entries(options.settingsVariables ?? {})) {
    const text = env[variable];
    if (text === undefined || text.trim() === "") continue;
    const fullPath = ["settings", ...path];
    const settings = tree.settings;
    if (typeof settings !== "object" || settings === null || Array.isArray(settings)) {
      tree.settings = {};
    }
    setAt(tree, fullPath, parseVariable(text, /^-?\d+$/.test(text.trim()) ? "integer" : "string"));
    sources.set(fullPath.join("."), { variable });
  }
  if (argv.service !== undefined) {
    tree.service = argv.service;
    sources.set("service", { argument: "--service" });
  }

  const parsed = parseInput(RuntimeConfigInput, tree, {
    maxDepth: 16,
    maxNodes: 50_000,
    maxStringLength: 20_000,
  });
  if (Either.isLeft(parsed)) {
    problems.push(...parsed.left.issues.map((issue) => problemFrom(issue, sources)));
  }
  let settings: unknown = tree.settings;
  if (options.settings !== undefined) {
    const checked = parseInput(options.settings, tree.settings ?? {});
    if (Either.isLeft(checked)) {
      problems.push(
        ...checked.left.issues.map((issue) =>
          problemFrom(
            {
              ...issue,
              path: ["settings", ...issue.path],
              field: issue.field === "" ? "settings" : `settings.${issue.field}`,
            },
            sources,
          ),
        ),
      );
    } else settings = checked.right;
  }
  if (Either.isLeft(parsed)) return Either.left(new InvalidConfig({ problems }));
  const input = parsed.right;

  const storeKind =
    input.store.kind ?? (input.store.mongodbUri === undefined ? "sqlite" : "mongodb");
  const busKind = input.bus.kind ?? (input.bus.natsUrl === undefined ? "in-process" : "nats");
  if (storeKind === "mongodb" && input.store.mongodbUri === undefined) {
    problems.push(
      requiredProblem(
        "store.mongodbUri",
        "MONGODB_URI",
        "使用 MongoDB 存储时须设置 MONGODB_URI",
        "MONGODB_URI is required when the store is MongoDB",
      ),
    );
  }
  if (busKind === "nats" && input.bus.natsUrl === undefined) {
    problems.push(
      requiredProblem(
        "bus.natsUrl",
        "NATS_URL",
        "使用 NATS 时须设置 NATS_URL",
        "NATS_URL is required when the bus is NATS",
      ),
    );
  }
  if (problems.length > 0) return Either.left(new InvalidConfig({ problems }));

  const store: StoreSettings =
    storeKind === "memory"
      ? { kind: "memory" }
      : storeKind === "sqlite"
        ? {
            kind: "sqlite",
            path: input.store.sqlitePath ?? join(input.dataDir, "courier-station.sqlite"),
          }
        : {
            kind: "mongodb",
            uri: input.store.mongodbUri ?? "",
            database: input.store.mongodbDatabase,
          };
  const busCommon = {
    subjectRoot: input.bus.subjectRoot,
    communities: input.bus.communities,
    duplicateWindowMs: input.bus.duplicateWindowMs,
    requestTimeoutMs: input.bus.requestTimeoutMs,
  };
  const bus: BusSettings =
    busKind === "in-process"
      ? { ...busCommon, kind: "in-process" }
      : {
          ...busCommon,
          kind: "nats",
          servers: input.bus.natsUrl ?? [],
          user: input.bus.natsUser,
          pass: input.bus.natsPass,
          token: input.bus.natsToken,
        };
  return Either.right({
    service: input.service,
    instance: input.instance ?? env.HOSTNAME ?? `pid-${process.pid}`,
    logLevel: input.logLevel,
    dataDir: input.dataDir,
    store,
    bus,
    limits: input.limits,
    relay: input.relay,
    shutdownTimeoutMs: input.shutdownTimeoutMs,
    settings: settings as Settings,
  });
};

/** The runtime configuration of the process: `yield* Configuration` in an Effect. */
export class Configuration extends Context.Tag("@courier-station/kit/Configuration")<
  Configuration,
  RuntimeConfig
>() {
  /** Provides a configuration already loaded (or built in a test). */
  static readonly layer = (config: RuntimeConfig): Layer.Layer<Configuration> =>
    Layer.succeed(Configuration, config);

  /** Loads the configuration; the layer fails with {@link InvalidConfig} listing every problem. */
  static readonly fromEnvironment = <Settings>(
    options: LoadConfigOptions<Settings> = {},
  ): Layer.Layer<Configuration, InvalidConfig> =>
    Layer.effect(
      Configuration,
      Either.map(loadConfig(options), (config): RuntimeConfig => config),
    );
}
