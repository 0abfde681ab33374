import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { call, PolicyBook, registryContract, StationIds } from "@courier-station/contracts";
import {
  type CommunityPolicy,
  derivedId,
  type LocalizedText,
  localized,
  systemActor,
} from "@courier-station/core";
import {
  type Bus,
  busLayerFor,
  type ConfigProblem,
  Configuration,
  InvalidConfig,
  Log,
  type Logger,
  loadConfig,
  makeLogger,
  type OutboxRelay,
  type RuntimeConfig,
  runOutboxRelay,
  runServices,
  type ServiceDefinition,
  type StoreAndCapabilities,
  storeLayerFor,
} from "@courier-station/kit";
import { activitiesService, CheckInCodeSource } from "@courier-station/service-activities";
import { insightsService } from "@courier-station/service-insights";
import { Notifier, notificationsService } from "@courier-station/service-notifications";
import { pointsService } from "@courier-station/service-points";
import {
  ConfiguredPolicy,
  RegistrySecrets,
  type RegistrySettings,
  registryService,
} from "@courier-station/service-registry";
import { reportsService } from "@courier-station/service-reports";
import { wishesService } from "@courier-station/service-wishes";
import { type Clock, Effect, Either, Exit, Layer, ManagedRuntime, Scope } from "effect";
import { developmentSecrets } from "./development-secrets.js";
import { type LoadedPlugin, loadPlugins } from "./plugins.js";
import {
  type CommunitySetting,
  readConfiguredPolicies,
  resolvedPath,
  StationSettings,
  stationSettingsVariables,
} from "./settings.js";

/**
 * Everything the station provides to the services it runs: the host's (bus, log,
 * configuration, store with its outbox, leases and processed events) and the runtime
 * tags the services share (ids, the policy book, the registry's secrets and configured
 * policy, the check-in code source, the notifier of outside channels, which logs). A
 * plugin's service may require any of these.
 */
export type StationContext =
  | Bus
  | Log
  | Configuration
  | StoreAndCapabilities
  | StationIds
  | PolicyBook
  | RegistrySecrets
  | ConfiguredPolicy
  | CheckInCodeSource
  | Notifier;

/** A service the station can run. */
export type StationService = ServiceDefinition<StationContext>;

/**
 * The names of the station's own services and programs (the gateway, the station), which
 * a plugin may not take.
 */
export const ownServiceNames = [
  "registry",
  "activities",
  "reports",
  "points",
  "wishes",
  "insights",
  "notifications",
  "gateway",
  "station",
] as const;

/** The services built into the station, in the order they start. */
export const builtInServices = (): ReadonlyArray<StationService> => [
  registryService(),
  activitiesService(),
  reportsService(),
  pointsService(),
  wishesService(),
  insightsService(),
  notificationsService(),
];

/** How to start a station. */
export interface StartStationOptions {
  /** Command-line arguments: `--service <name>`, `--relay`, `--config <file>`. */
  readonly argv?: ReadonlyArray<string>;
  /** The environment; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where relative paths (data, policy files, plugins) start; default the working directory. */
  readonly cwd?: string;
  /** Where log lines go; default standard output. */
  readonly logDestination?: { write: (line: string) => void };
  /**
   * The clock the services decide at; default the real one. The demonstration sets the
   * days of its month with it.
   */
  readonly clock?: Clock.Clock;
  /** Whether the services' timers run; default true (the demonstration's load runs none). */
  readonly timers?: boolean;
}

/** A station that started. */
export interface RunningStation {
  readonly config: RuntimeConfig<StationSettings>;
  /** The names of the services running in this process. */
  readonly services: ReadonlyArray<string>;
  /**
   * Whether this process serves HTTP: when it runs every service, or with
   * `--service gateway` (the gateway alone, in front of services run elsewhere).
   */
  readonly servesHttp: boolean;
  readonly plugins: ReadonlyArray<LoadedPlugin>;
  /** The outbox relay, when this process relays. */
  readonly relay: OutboxRelay | undefined;
  /** Things the person starting it should know (secrets generated, communities registered). */
  readonly notes: ReadonlyArray<LocalizedText>;
  readonly log: Logger;
  /** The policy each community adopted, as configured. */
  readonly policyOf: (community: string) => CommunityPolicy;
  /** Runs an effect with the station's bus, store and the services' requirements. */
  readonly run: <A, E>(effect: Effect.Effect<A, E, StationContext>) => Promise<A>;
  /** Stops the relay and the services and releases the store and the bus. */
  readonly close: () => Promise<void>;
}

/** The station's own flags, besides kit's `--service` and `--config`. */
export interface StationFlags {
  /** `--relay`: relay the outbox even when `--service` picks one service. */
  readonly relay: boolean;
  /** `--demo`: load the Jinshan demonstration month before serving. */
  readonly demo: boolean;
}

/**
 * Reads the station's own flags (`--relay`, `--demo`); other arguments are left to kit's
 * configuration (`--service`, `--config`).
 *
 * @example
 * stationFlags(["--service", "points", "--relay"]); // { relay: true, demo: false }
 */
export const stationFlags = (argv: ReadonlyArray<string>): StationFlags => {
  const { values } = parseArgs({
    args: [...argv],
    options: { relay: { type: "boolean" }, demo: { type: "boolean" } },
    strict: false,
    allowPositionals: true,
  });
  return { relay: values.relay === true, demo: values.demo === true };
};

const isEmbedded = (config: RuntimeConfig): boolean =>
  config.bus.kind === "in-process" && config.store.kind !== "mongodb";

const registrySecretsOf = (
  config: RuntimeConfig<StationSettings>,
  notes: LocalizedText[],
): Either.Either<RegistrySettings, ConfigProblem> => {
  const configured = config.settings.registry;
  if (configured !== undefined) return Either.right(configured);
  if (!isEmbedded(config)) {
    return Either.left({
      variable: "CS_SEAL_KEY",
      field: "settings.registry",
      code: "required",
      message: localized(
        "在 NATS 或 MongoDB 上运行登记服务时须设置 CS_SEAL_KEY 和 CS_MOBILE_KEY_SECRET（各至少 16 字节的随机文本），或在配置文件的 settings.registry 中给出",
        "Running the registry on NATS or MongoDB needs CS_SEAL_KEY and CS_MOBILE_KEY_SECRET (random text of at least 16 bytes each), or settings.registry in the configuration file",
      ),
    });
  }
  if (config.store.kind === "memory") {
    const secret = () => randomBytes(32).toString("base64url");
    return Either.right({
      sealKey: { id: "development", secret: secret() },
      previousSealKeys: [],
      mobileKeySecret: secret(),
    });
  }
  const found = developmentSecrets(config.dataDir);
  notes.push(
    found.generated
      ? localized(
          `未配置密钥：已为本地开发生成个人信息加密密钥和手机号索引密钥，保存在 ${found.path}（仅限开发使用；正式部署请设置 CS_SEAL_KEY 和 CS_MOBILE_KEY_SECRET）`,
          `No secrets configured: generated a personal-data seal key and a mobile-number key for local development, kept in ${found.path} (for development only; a deployment sets CS_SEAL_KEY and CS_MOBILE_KEY_SECRET)`,
        )
      : localized(
          `使用本地开发密钥 ${found.path}（仅限开发使用）`,
          `Using the local development secrets in ${found.path} (for development only)`,
        ),
  );
  return Either.right(found.settings);
};

/** The station's refusal to start: every problem of its configuration, in zh-CN and en. */
export type StationRefused = InvalidConfig;

/**
 * Starts a station: reads the configuration (kit's runtime settings plus the station's
 * `settings:` — communities, policy files, secrets, plugins), loads the plugins, and runs
 * every service (or the one `--service` names) with the outbox relay (unless one service
 * runs without `--relay`) on one store and bus: the embedded SQLite store in
 * `<dataDir>` and the in-process bus when nothing is configured, MongoDB and NATS with
 * `MONGODB_URI` and `NATS_URL`. A configuration with problems is refused with every
 * problem listed, before anything starts. The configured communities are registered
 * with the registry (once: derived command ids).
 *
 * @example
 * const started = await startStation({ argv: process.argv.slice(2) });
 * if (Either.isLeft(started)) console.error(started.left.text.en);
 * else await started.right.close();
 */
export const startStation = async (
  options: StartStationOptions = {},
): Promise<Either.Either<RunningStation, StationRefused>> => {
  const argv = options.argv ?? [];
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const flags = stationFlags(argv);
  const loaded = loadConfig({
    env,
    argv,
    settings: StationSettings,
    settingsVariables: stationSettingsVariables,
  });
  if (Either.isLeft(loaded)) return Either.left(loaded.left);
  const loadedConfig = loaded.right as RuntimeConfig<StationSettings>;
  // Relative to the station's directory, not wherever the process happens to run.
  const config: RuntimeConfig<StationSettings> = {
    ...loadedConfig,
    dataDir: resolvedPath(loadedConfig.dataDir, cwd),
    store:
      loadedConfig.store.kind === "sqlite"
        ? { kind: "sqlite", path: resolvedPath(loadedConfig.store.path, cwd) }
        : loadedConfig.store,
  };
  const problems: ConfigProblem[] = [];
  const notes: LocalizedText[] = [];

  const policies = readConfiguredPolicies(config.settings, cwd);
  if (Either.isLeft(policies)) problems.push(...policies.left);

  const ours = builtInServices();
  const { plugins, problems: pluginProblems } = await loadPlugins(
    config.settings.plugins,
    cwd,
    ownServiceNames,
  );
  problems.push(...pluginProblems);
  const all: StationService[] = [
    ...ours,
    ...plugins.flatMap((plugin) => plugin.services as ReadonlyArray<StationService>),
  ];
  // `--service gateway` is the HTTP gateway alone, in front of services run elsewhere.
  const gatewayOnly = config.service === "gateway";
  const selected =
    config.service === undefined ? all : all.filter((service) => service.name === config.service);
  if (
    config.service !== undefined &&
    !gatewayOnly &&
    selected.length === 0 &&
    pluginProblems.length === 0
  ) {
    const names = all.map((service) => service.name).join(", ");
    problems.push({
      variable: "--service",
      field: "service",
      code: "service.unknown",
      message: localized(
        `本站没有名为“${config.service}”的服务（可选：${names}）`,
        `The station has no service named "${config.service}" (it has: ${names})`,
      ),
    });
  }
  const registryRuns = selected.some((service) => service.name === "registry");
  let secrets: RegistrySettings | undefined;
  if (registryRuns && problems.length === 0) {
    const found = registrySecretsOf(config, notes);
    if (Either.isLeft(found)) problems.push(found.left);
    else secrets = found.right;
  }
  if (problems.length > 0 || Either.isLeft(policies)) {
    return Either.left(new InvalidConfig({ problems }));
  }
  const policyOf = policies.right.policyOf;

  const log = makeLogger({
    level: config.logLevel,
    context: { instance: config.instance },
    ...(options.logDestination === undefined ? {} : { destination: options.logDestination }),
  });
  // A station that does not run the registry still provides its tags (nothing reads them).
  const registrySecrets = secrets ?? {
    sealKey: { id: "unused", secret: randomBytes(32).toString("base64url") },
    previousSealKeys: [],
    mobileKeySecret: randomBytes(32).toString("base64url"),
  };
  const base = Layer.mergeAll(
    Configuration.layer(config),
    Layer.succeed(Log, log),
    busLayerFor(config.bus, {
      connectionName: `${config.service ?? "station"}@${config.instance}`,
      logger: log,
    }),
  );
  const services = Layer.mergeAll(
    // Leases on the real clock: the demonstration sets the services' days back and forth.
    storeLayerFor(config.store, { now: Date.now }),
    RegistrySecrets.layer(registrySecrets),
    ConfiguredPolicy.layer(policyOf),
    PolicyBook.fromRegistry({ configured: policyOf }),
    StationIds.layer,
    CheckInCodeSource.layer,
    Notifier.logging,
  );
  const full = Layer.provideMerge(services, base);
  // The clock goes in first: the in-process bus keeps the runtime it was built with.
  const clocked =
    options.clock === undefined ? full : Layer.provideMerge(full, Layer.setClock(options.clock));
  const runtime = ManagedRuntime.make(clocked as Layer.Layer<StationContext, unknown>);
  const scope = Effect.runSync(Scope.make());
  const close = async () => {
    await Effect.runPromise(Scope.close(scope, Exit.void));
    await runtime.dispose();
  };
  const relays = config.service === undefined || flags.relay;
  const withTimers = options.timers ?? true;
  let relay: OutboxRelay | undefined;
  try {
    if (selected.length > 0) {
      await runtime.runPromise(
        runServices(
          withTimers ? selected : selected.map((service) => ({ ...service, timers: [] })),
          { relay: false },
        ).pipe(Scope.extend(scope)),
      );
    }
    if (relays) {
      relay = await runtime.runPromise(
        runOutboxRelay({
          owner: config.instance,
          batchSize: config.relay.batchSize,
          idleMs: config.relay.idleMs,
          leaseTtlMs: config.relay.leaseTtlMs,
        }).pipe(Scope.extend(scope)),
      );
    }
  } catch (error) {
    await close();
    throw error;
  }
  const run = <A, E>(effect: Effect.Effect<A, E, StationContext>) => runtime.runPromise(effect);
  if (registryRuns) {
    for (const community of config.settings.communities) {
      notes.push(await run(registerCommunity(community)));
    }
  }
  return Either.right({
    config,
    services: selected.map((service) => service.name),
    servesHttp: config.service === undefined || gatewayOnly,
    plugins,
    relay,
    notes,
    log,
    policyOf,
    run,
    close,
  });
};

/**
 * Registers a configured community with the registry, once: the command id is derived
 * from the community, so every start sends the same command and the registry answers
 * the later ones as duplicates.
 */
const registerCommunity = (community: CommunitySetting): Effect.Effect<LocalizedText, never, Bus> =>
  call(registryContract, "RegisterCommunity", community.id, {
    commandId: derivedId("station", "register-community", community.id),
    community: community.id,
    actor: systemActor("station"),
    command: {
      type: "RegisterCommunity",
      data: {
        communityId: community.id,
        name: community.name,
        district: community.district,
        policyVersion: community.policyVersion,
      },
    },
  }).pipe(
    Effect.map((reply) =>
      reply.outcome === "applied"
        ? localized(
            `已登记社区 ${community.id}（${community.name["zh-CN"]}）`,
            `Registered the community ${community.id} (${community.name.en})`,
          )
        : localized(`社区 ${community.id} 已登记`, `The community ${community.id} is registered`),
    ),
    Effect.catchAll((error) =>
      Effect.succeed(
        localized(
          `社区 ${community.id} 未按配置登记：${"text" in error ? error.text["zh-CN"] : String(error)}（已登记的社区请用 UpdateCommunityDetails 修改）`,
          `The community ${community.id} was not registered as configured: ${"text" in error ? error.text.en : String(error)} (change a registered community with UpdateCommunityDetails)`,
        ),
      ),
    ),
  );
