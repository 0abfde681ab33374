import { CommunityId, type CommunityPolicy, jinshanPolicy } from "@courier-station/core";
import {
  type Bus,
  busLayerFor,
  Configuration,
  Log,
  loadConfig,
  makeLogger,
  type RuntimeConfig,
  type Store,
} from "@courier-station/kit";
import { type RunningStation, type StationContext, startStation } from "@courier-station/station";
import { Effect, Either, Layer, ManagedRuntime } from "effect";

/*
 * How the end-to-end tests run the station: the station program's own `startStation`,
 * configured by environment variables as a process of the station reads them
 * (`NATS_URL`, `CS_SUBJECT_ROOT`, `MONGODB_URI`, `MONGODB_DATABASE`, `SQLITE_PATH`,
 * `CS_INSTANCE`, the registry's secrets), with `--service <name>` for a process that runs
 * one service; each such runtime has its own store and bus connections, as its process
 * would. A client of the bus is a runtime of its own.
 */

/** The community the cycle plays in. */
export const community = CommunityId.parse("jinshan-wanda");

/** The policy every service is configured with (the Jinshan programme's, the default). */
export const policy: CommunityPolicy = jinshanPolicy();

/** The registry's secrets, as a deployment's environment gives them. */
export const registryEnvironment: Readonly<Record<string, string>> = {
  CS_SEAL_KEY_ID: "2026-12",
  CS_SEAL_KEY: "the seal secret of the end-to-end tests",
  CS_MOBILE_KEY_SECRET: "the mobile-key secret of the end-to-end tests",
};

/** The station's services the tests run or spawn by name. */
export type ServiceName =
  | "registry"
  | "activities"
  | "reports"
  | "points"
  | "wishes"
  | "insights"
  | "notifications";

/** Every service of the station, in the order it starts them. */
export const stationServices: ReadonlyArray<ServiceName> = [
  "registry",
  "activities",
  "reports",
  "points",
  "wishes",
  "insights",
  "notifications",
];

/** A runtime: what one process of the station runs, and a way to run effects in it. */
export interface StationRuntime {
  /** Runs an effect with the runtime's bus (and, for a station, its store and services' needs). */
  readonly run: <A, E>(effect: Effect.Effect<A, E, Bus>) => Promise<A>;
  /** Runs an effect on its store, for a station (a bus client has none). */
  readonly inStore?: <A, E>(effect: Effect.Effect<A, E, Store>) => Promise<A>;
  /** Stops its services and relay, and closes its store and bus connections. */
  readonly close: () => Promise<void>;
}

/**
 * Starts the station program with an environment and arguments (`--service <name>`,
 * `--relay`), refusing loudly when its configuration is refused.
 */
export const startStationRuntime = async (options: {
  readonly env: Readonly<Record<string, string>>;
  readonly argv?: ReadonlyArray<string>;
  readonly cwd?: string;
}): Promise<RunningStation> => {
  const started = await startStation({
    env: { LOG_LEVEL: "error", ...options.env },
    argv: options.argv ?? [],
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  });
  if (Either.isLeft(started)) {
    throw new Error(`the station refused its configuration: ${started.left.text.en}`);
  }
  return started.right;
};

/** A station's runtime as the tests use it. */
export const runtimeOf = (station: RunningStation): StationRuntime => {
  let closed = false;
  return {
    run: (effect) =>
      station.run(effect as Effect.Effect<unknown, unknown, StationContext>) as never,
    inStore: (effect) =>
      station.run(effect as Effect.Effect<unknown, unknown, StationContext>) as never,
    close: async () => {
      if (closed) return;
      closed = true;
      await station.close();
    },
  };
};

/** A client of the bus only (as the gateway is), configured from an environment. */
export const startBusClient = async (
  env: Readonly<Record<string, string>>,
): Promise<StationRuntime & { readonly config: RuntimeConfig }> => {
  const config = Either.getOrThrow(loadConfig({ env: { LOG_LEVEL: "error", ...env } }));
  const logger = makeLogger({ level: config.logLevel, context: { instance: config.instance } });
  const runtime = ManagedRuntime.make(
    Layer.mergeAll(
      busLayerFor(config.bus, { connectionName: `e2e@${config.instance}` }),
      Configuration.layer(config),
      Layer.succeed(Log, logger),
    ),
  );
  try {
    // Build the layers now, so a bad address fails here and not at the first call.
    await runtime.runPromise(Effect.void);
  } catch (error) {
    await runtime.dispose();
    throw error;
  }
  let closed = false;
  return {
    config,
    run: (effect) => runtime.runPromise(effect),
    close: async () => {
      if (closed) return;
      closed = true;
      await runtime.dispose();
    },
  };
};
