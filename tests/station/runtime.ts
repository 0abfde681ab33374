import { PolicyBook, StationIds } from "@courier-station/contracts";
import { CommunityId, type CommunityPolicy, jinshanPolicy } from "@courier-station/core";
import {
  type Bus,
  busLayerFor,
  Configuration,
  Log,
  loadConfig,
  makeLogger,
  type RuntimeConfig,
  runOutboxRelay,
  runServices,
  type ServiceDefinition,
  type StoreAndCapabilities,
  storeLayerFor,
} from "@courier-station/kit";
import { activitiesService, CheckInCodeSource } from "@courier-station/service-activities";
import { pointsService } from "@courier-station/service-points";
import {
  ConfiguredPolicy,
  RegistrySecrets,
  RegistrySettings,
  registryService,
} from "@courier-station/service-registry";
import { reportsService } from "@courier-station/service-reports";
import { Effect, Either, Exit, Layer, ManagedRuntime, Scope } from "effect";

/*
 * How the end-to-end tests run the station's services: each runtime is what one
 * process would run (its configuration from environment variables, as `main.ts` reads
 * them; its own store connection and bus connection), so a test composes "processes" in
 * one Node process, or spawns the services' own `main.ts` beside them.
 */

/** The community the cycle plays in. */
export const community = CommunityId.parse("jinshan-wanda");

/** The policy every service is configured with (the Jinshan programme's). */
export const policy: CommunityPolicy = jinshanPolicy();

/** The registry's secrets, as a deployment's environment gives them. */
export const registryEnvironment: Readonly<Record<string, string>> = {
  CS_SEAL_KEY_ID: "2026-12",
  CS_SEAL_KEY: "the seal secret of the end-to-end tests",
  CS_MOBILE_KEY_SECRET: "the mobile-key secret of the end-to-end tests",
};

const registrySettings = RegistrySettings.parse({
  sealKey: { id: registryEnvironment.CS_SEAL_KEY_ID, secret: registryEnvironment.CS_SEAL_KEY },
  mobileKeySecret: registryEnvironment.CS_MOBILE_KEY_SECRET,
});

/** The names of the services the station runs today. */
export type ServiceName = "registry" | "activities" | "reports" | "points";

/** Every service this harness knows, by name, with the timers' default periods. */
export const serviceDefinitions: Readonly<Record<ServiceName, () => ServiceDefinition<never>>> = {
  registry: () => registryService() as unknown as ServiceDefinition<never>,
  activities: () => activitiesService() as unknown as ServiceDefinition<never>,
  reports: () => reportsService() as unknown as ServiceDefinition<never>,
  points: () => pointsService() as unknown as ServiceDefinition<never>,
};

/** What the services need besides the host: secrets, policies, ids, check-in codes. */
const serviceNeeds = Layer.mergeAll(
  RegistrySecrets.layer(registrySettings),
  ConfiguredPolicy.layer(() => policy),
  PolicyBook.fromRegistry({ configured: () => policy }),
  CheckInCodeSource.layer,
  StationIds.layer,
);

/** What a runtime provides to the effects it runs. */
export type RuntimeServices =
  | Bus
  | StoreAndCapabilities
  | Configuration
  | Log
  | PolicyBook
  | StationIds
  | RegistrySecrets
  | ConfiguredPolicy
  | CheckInCodeSource;

/** One runtime: what a process of the station runs, and a way to run effects in it. */
export interface StationRuntime {
  readonly config: RuntimeConfig;
  /** Runs an effect with the runtime's bus, store and services' needs. */
  readonly run: <A, E>(effect: Effect.Effect<A, E, RuntimeServices>) => Promise<A>;
  /** Runs an effect and returns how it ended. */
  readonly runExit: <A, E>(
    effect: Effect.Effect<A, E, RuntimeServices>,
  ) => Promise<Exit.Exit<A, unknown>>;
  /** Stops its services and relay, and closes its store and bus connections. */
  readonly close: () => Promise<void>;
}

/**
 * Starts a runtime from environment variables, as a process of the station would read
 * them (`NATS_URL`, `CS_SUBJECT_ROOT`, `MONGODB_URI`, `MONGODB_DATABASE`, `SQLITE_PATH`,
 * `CS_INSTANCE`, …), running the services named (none: a client of the bus) and the
 * outbox relay when `relay` is set.
 */
export const startRuntime = async (options: {
  readonly env: Readonly<Record<string, string>>;
  readonly services?: ReadonlyArray<ServiceName>;
  readonly relay?: boolean;
}): Promise<StationRuntime> => {
  const config = Either.getOrThrow(loadConfig({ env: { LOG_LEVEL: "error", ...options.env } }));
  const logger = makeLogger({ level: config.logLevel, context: { instance: config.instance } });
  const base = Layer.mergeAll(
    storeLayerFor(config.store),
    busLayerFor(config.bus, { connectionName: `e2e@${config.instance}` }),
    Configuration.layer(config),
    Layer.succeed(Log, logger),
  );
  const runtime = ManagedRuntime.make(Layer.provideMerge(serviceNeeds, base));
  const scope = Effect.runSync(Scope.make());
  const services = (options.services ?? []).map((name) => serviceDefinitions[name]());
  try {
    if (services.length > 0) {
      await runtime.runPromise(
        runServices(services, { relay: options.relay ?? false }).pipe(Scope.extend(scope)),
      );
    } else if (options.relay === true) {
      await runtime.runPromise(
        runOutboxRelay({
          owner: config.instance,
          batchSize: config.relay.batchSize,
          idleMs: config.relay.idleMs,
          leaseTtlMs: config.relay.leaseTtlMs,
        }).pipe(Scope.extend(scope)),
      );
    } else {
      // A client: build the layers now, so a bad address fails here and not at the first call.
      await runtime.runPromise(Effect.void);
    }
  } catch (error) {
    await runtime.dispose();
    throw error;
  }
  let closed = false;
  return {
    config,
    run: (effect) => runtime.runPromise(effect),
    runExit: (effect) => runtime.runPromiseExit(effect),
    close: async () => {
      if (closed) return;
      closed = true;
      await Effect.runPromise(Scope.close(scope, Exit.void));
      await runtime.dispose();
    },
  };
};
