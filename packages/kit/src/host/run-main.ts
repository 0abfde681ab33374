import { Cause, Effect, Either, Exit, Fiber, Layer, type Scope } from "effect";
import type { Bus } from "../bus/bus.js";
import type { BusUnavailable } from "../bus/bus-errors.js";
import { InProcessBus } from "../bus/in-process-bus.js";
import { NatsBus } from "../bus/nats-bus.js";
import {
  type BusSettings,
  Configuration,
  type LoadConfigOptions,
  loadConfig,
  type RuntimeConfig,
} from "../config/config.js";
import { Log, type Logger, makeLogger } from "../logging/logger.js";
import type { Outbox } from "../relay/outbox.js";
import { runOutboxRelay } from "../relay/outbox-relay.js";
import type { Leases } from "./leases.js";
import type { ProcessedEvents } from "./processed-events.js";
import { runService } from "./run-service.js";
import type { ServiceDefinition } from "./service-definition.js";

/**
 * The Bus layer the configuration asks for: NATS when `NATS_URL` is set (or `CS_BUS`
 * is `nats`), the in-process bus otherwise.
 *
 * @example
 * const bus = busLayerFor(config.bus, { connectionName: `${config.service}@${config.instance}` });
 */
export const busLayerFor = (
  settings: BusSettings,
  options: { readonly connectionName?: string; readonly logger?: Logger } = {},
): Layer.Layer<Bus, BusUnavailable> => {
  if (settings.kind === "in-process") {
    return InProcessBus.layer({
      subjectRoot: settings.subjectRoot,
      duplicateWindowMs: settings.duplicateWindowMs,
      requestTimeoutMs: settings.requestTimeoutMs,
    });
  }
  const logger = options.logger;
  return NatsBus.layer({
    servers: settings.servers,
    subjectRoot: settings.subjectRoot,
    eventStream: { duplicateWindowMs: settings.duplicateWindowMs },
    requestTimeoutMs: settings.requestTimeoutMs,
    ...(settings.user === undefined ? {} : { user: settings.user }),
    ...(settings.pass === undefined ? {} : { pass: settings.pass }),
    ...(settings.token === undefined ? {} : { token: settings.token }),
    ...(options.connectionName === undefined ? {} : { connectionName: options.connectionName }),
    ...(logger === undefined
      ? {}
      : {
          onStatus: (status: { readonly type: string; readonly data?: unknown }) => {
            const quiet = status.type === "pingTimer" || status.type === "ping";
            if (!quiet) logger.info({ status: status.type, data: status.data }, "NATS connection");
          },
        }),
  });
};

/** What the store provides to the host: its outbox, leases and processed-event records. */
export type StoreServices = Outbox | Leases | ProcessedEvents;

/** How to run a process. */
export interface MainOptions<R> {
  /** The services this program can run; `--service <name>` (or `CS_SERVICE`) picks one. */
  readonly services: ReadonlyArray<ServiceDefinition<R>>;
  /**
   * The store and everything else the services need, built from the configuration
   * (the Bus, the Log and the Configuration are provided to it).
   */
  readonly layer: (
    config: RuntimeConfig,
  ) => Layer.Layer<
    StoreServices | Exclude<R, Bus | Log | Configuration>,
    unknown,
    Bus | Log | Configuration
  >;
  /** Whether this process relays the outbox (under a lease, so one instance does); default true. */
  readonly relay?: boolean;
  /** Where the configuration comes from; default the process's environment and arguments. */
  readonly config?: LoadConfigOptions<unknown>;
  /** Ends the process; default `process.exit`. */
  readonly exit?: (code: number) => void;
  /** Where the shutdown signals come from; default `process`. */
  readonly signals?: Pick<NodeJS.Process, "once" | "removeListener">;
  /** Where a refused configuration is written; default standard error. */
  readonly writeError?: (text: string) => void;
}

/**
 * The program a process runs: the services picked by the configuration, and the outbox
 * relay, until interrupted. Useful on its own in tests; `runMain` adds the process
 * concerns (configuration, signals, exit code).
 */
export const runServices = <R>(
  services: ReadonlyArray<ServiceDefinition<R>>,
  options: { readonly relay: boolean },
): Effect.Effect<
  void,
  BusUnavailable,
  Scope.Scope | Bus | Log | Configuration | StoreServices | R
> =>
  Effect.gen(function* () {
    const config = yield* Configuration;
    const selected =
      config.service === undefined
        ? services
        : services.filter((service) => service.name === config.service);
    if (selected.length === 0) {
      const names = services.map((service) => service.name).join(", ");
      return yield* Effect.dieMessage(
        `No service named "${config.service}" in this program (it has: ${names})`,
      );
    }
    for (const service of selected) yield* runService(service);
    // After the services, so their consumers are subscribed before the first event goes
    // out (and, closing in reverse, the relay stops first).
    if (options.relay) {
      yield* runOutboxRelay({
        owner: config.instance,
        batchSize: config.relay.batchSize,
        idleMs: config.relay.idleMs,
        leaseTtlMs: config.relay.leaseTtlMs,
      });
    }
  });

/**
 * Runs a Courier Station process: loads the configuration (a refused configuration is
 * printed with every problem, in zh-CN and en, and the process exits with 1 before
 * anything starts), connects the bus, builds the store, runs the services and the
 * relay, and on SIGTERM or SIGINT shuts down gracefully (see `runService`), exiting
 * with 0; if the shutdown takes longer than `shutdownTimeoutMs`, it exits with 1.
 *
 * @example
 * // services/points/src/main.ts
 * runMain({
 *   services: [pointsService],
 *   layer: (config) => storeLayerFor(config.store),
 * });
 */
export const runMain = <R>(
  options: MainOptions<R>,
): Fiber.RuntimeFiber<void, unknown> | undefined => {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const signals = options.signals ?? process;
  const writeError = options.writeError ?? ((text: string) => process.stderr.write(text));
  const loaded = loadConfig({ argv: process.argv.slice(2), ...(options.config ?? {}) });
  if (Either.isLeft(loaded)) {
    writeError(`${loaded.left.text["zh-CN"]}\n\n${loaded.left.text.en}\n`);
    exit(1);
    return undefined;
  }
  const config = loaded.right;
  const logger = makeLogger({ level: config.logLevel, context: { instance: config.instance } });
  const base = Layer.mergeAll(
    Configuration.layer(config),
    Layer.succeed(Log, logger),
    busLayerFor(config.bus, {
      connectionName: `${config.service ?? "station"}@${config.instance}`,
      logger,
    }),
  );
  const program = Effect.scoped(
    runServices(options.services, { relay: options.relay ?? true }).pipe(
      Effect.zipRight(Effect.never),
      Effect.provide(options.layer(config)),
    ),
  ).pipe(Effect.provide(base));

  // Every requirement is provided (R by the layer, the rest by `base`); TypeScript
  // cannot prove `Exclude<R, …>` plus `…` covers a generic R, hence the cast.
  const fiber = Effect.runFork(program as Effect.Effect<void, unknown>);
  let shuttingDown = false;
  const onSignal = (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, "shutting down");
    // A watchdog of the process, outside Effect on purpose: it must fire even when the
    // program it watches is stuck, so it is a real timer, not the Clock.
    const timer = setTimeout(() => {
      logger.error({ timeoutMs: config.shutdownTimeoutMs }, "shutdown timed out");
      logger.flush();
      exit(1);
    }, config.shutdownTimeoutMs + 1_000);
    timer.unref();
    Effect.runFork(Fiber.interrupt(fiber));
  };
  const onTerm = () => onSignal("SIGTERM");
  const onInt = () => onSignal("SIGINT");
  signals.once("SIGTERM", onTerm);
  signals.once("SIGINT", onInt);
  fiber.addObserver((result) => {
    signals.removeListener("SIGTERM", onTerm);
    signals.removeListener("SIGINT", onInt);
    const clean = Exit.isSuccess(result) || Cause.isInterruptedOnly(result.cause);
    if (clean) logger.info("stopped");
    else logger.fatal({ err: Cause.squash(result.cause) }, "stopped by a failure");
    logger.flush();
    exit(clean ? 0 : 1);
  });
  return fiber;
};
