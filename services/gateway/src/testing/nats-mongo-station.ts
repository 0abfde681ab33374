import type { TestStation } from "@courier-station/contracts";
import {
  Configuration,
  Log,
  loadConfig,
  makeLogger,
  NatsBus,
  runServices,
  type ServiceDefinition,
  storeLayerFor,
} from "@courier-station/kit";
import { type Clock, Effect, Either, Exit, Layer, ManagedRuntime, Scope } from "effect";
import { MongoClient } from "mongodb";

/*
 * The gateway suites' station on NATS and the MongoDB wire server instead of the
 * in-process bus and the memory store: the same services, each a NATS micro service, on a
 * MongoDB database of its own, with the outbox relay — so every suite that runs on the
 * embedded station runs here too (the `service-gateway-nats` project).
 */

/** Whether the gateway's suites run on NATS and MongoDB (the `service-gateway-nats` project). */
export const suitesOverNats = (): boolean => process.env.CS_GATEWAY_SUITE === "nats";

/**
 * Starts services on NATS (`NATS_URL`, a subject root of their own) and MongoDB
 * (`MONGODB_URI`, a database of their own, dropped at close), on the given clock, with
 * the outbox relay; `layer` provides what the services need beyond the host.
 */
export const startNatsMongoStation = async <R>(
  services: ReadonlyArray<ServiceDefinition<R>>,
  options: { readonly layer: Layer.Layer<never, never, never>; readonly clock: Clock.Clock },
): Promise<TestStation<unknown>> => {
  const natsUrl = process.env.NATS_URL;
  const mongoUri = process.env.MONGODB_URI;
  if (natsUrl === undefined || mongoUri === undefined) {
    throw new Error("NATS_URL and MONGODB_URI are set by the global setup; run with vitest.");
  }
  const suffix = `${process.pid}${Math.random().toString(16).slice(2, 10)}`;
  const database = `cs_gateway_suite_${suffix}`;
  const config = Either.getOrThrow(
    loadConfig({ env: { CS_INSTANCE: "gateway-suite", LOG_LEVEL: "warn" } }),
  );
  const base = Layer.mergeAll(
    storeLayerFor({ kind: "mongodb", uri: mongoUri, database }),
    NatsBus.layer({ servers: natsUrl, subjectRoot: `gws${suffix}`, temporary: true }),
    Configuration.layer(config),
    Layer.succeed(Log, makeLogger({ level: config.logLevel })),
  );
  const clocked = Layer.provideMerge(base, Layer.setClock(options.clock));
  const full = Layer.provideMerge(options.layer, clocked);
  const runtime = ManagedRuntime.make(full as unknown as Layer.Layer<never>);
  const scope = Effect.runSync(Scope.make());
  await runtime.runPromise(
    runServices(services, { relay: true }).pipe(Scope.extend(scope)) as Effect.Effect<void>,
  );
  return {
    run: (effect) => runtime.runPromise(effect as Effect.Effect<never>),
    runExit: (effect) => runtime.runPromiseExit(effect as Effect.Effect<never>),
    close: async () => {
      await Effect.runPromise(Scope.close(scope, Exit.void));
      await runtime.dispose();
      const client = await MongoClient.connect(mongoUri);
      try {
        await client.db(database).dropDatabase();
      } finally {
        await client.close();
      }
    },
  } as TestStation<unknown>;
};
