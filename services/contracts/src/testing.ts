import {
  type Bus,
  Configuration,
  InProcessBus,
  Log,
  loadConfig,
  MemoryStore,
  makeLogger,
  runServices,
  type ServiceDefinition,
  type StoreAndCapabilities,
} from "@courier-station/kit";
import { type Clock, Effect, Either, Exit, Layer, ManagedRuntime, Scope } from "effect";
import { StationIds } from "./decision-time.js";

/** A station of some services for a test: memory store, in-process bus, the relay. */
export interface TestStation<R> {
  /** Runs an effect with the station's bus, store and services' requirements. */
  readonly run: <A, E>(
    effect: Effect.Effect<A, E, R | Bus | StoreAndCapabilities | StationIds>,
  ) => Promise<A>;
  /** Runs an effect and returns its exit, failures included. */
  readonly runExit: <A, E>(
    effect: Effect.Effect<A, E, R | Bus | StoreAndCapabilities | StationIds>,
  ) => Promise<Exit.Exit<A, E>>;
  /** Stops the services and releases the store and the bus. */
  readonly close: () => Promise<void>;
}

/**
 * Starts services on a fresh memory store and in-process bus, with the outbox relay, for
 * a test; `layer` provides what the services need beyond the host (their settings, a
 * fixed id generator). Close it in `afterEach`/`afterAll`.
 *
 * @example
 * const station = await startTestStation([registryService(settings)]);
 * const reply = await station.run(call(registryContract, "RegisterCourier", community, envelope));
 * await station.close();
 */
export const startTestStation = async <R>(
  services: ReadonlyArray<ServiceDefinition<R>>,
  options: {
    readonly layer?: Layer.Layer<
      Exclude<R, Bus | Log | Configuration | StoreAndCapabilities>,
      never,
      Bus | StoreAndCapabilities
    >;
    readonly env?: Readonly<Record<string, string>>;
    /**
     * The clock the whole station runs on — the bus and the services' handlers too — so a
     * test decides at the time it sets (a `TestClock`, or a clock it moves).
     */
    readonly clock?: Clock.Clock;
  } = {},
): Promise<TestStation<R>> => {
  const config = Either.getOrThrow(
    loadConfig({ env: { CS_INSTANCE: "test-station", LOG_LEVEL: "warn", ...(options.env ?? {}) } }),
  );
  const base = Layer.mergeAll(
    MemoryStore.layer(),
    InProcessBus.layer({ requestTimeoutMs: config.bus.requestTimeoutMs }),
    Configuration.layer(config),
    Layer.succeed(Log, makeLogger({ level: config.logLevel })),
    StationIds.layer,
  );
  // The clock goes in first: the in-process bus keeps the runtime it was built with.
  const clocked =
    options.clock === undefined ? base : Layer.provideMerge(base, Layer.setClock(options.clock));
  const full = options.layer === undefined ? clocked : Layer.provideMerge(options.layer, clocked);
  // Every requirement of R is provided by `options.layer` or the base; TypeScript cannot
  // prove it for a generic R.
  const runtime = ManagedRuntime.make(
    full as Layer.Layer<R | Bus | StoreAndCapabilities | StationIds | Log | Configuration>,
  );
  const scope = Effect.runSync(Scope.make());
  await runtime.runPromise(
    runServices(services, { relay: true }).pipe(Scope.extend(scope)) as Effect.Effect<
      void,
      unknown,
      R | Bus | StoreAndCapabilities | Log | Configuration
    >,
  );
  return {
    run: (effect) => runtime.runPromise(effect),
    runExit: (effect) => runtime.runPromiseExit(effect),
    close: async () => {
      await Effect.runPromise(Scope.close(scope, Exit.void));
      await runtime.dispose();
    },
  };
};
