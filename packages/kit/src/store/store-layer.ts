import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { Effect, Layer } from "effect";
import type { StoreSettings } from "../config/config.js";
import { MemoryStore } from "./memory-store.js";
import { SqliteStore } from "./sqlite-store.js";
import type { StoreAndCapabilities } from "./store.js";
import { type StoreOpenFailure, StoreUnavailable } from "./store-errors.js";

/** What `storeLayerFor` adds to the settings. */
export interface StoreLayerOptions {
  /** The clock leases read, in milliseconds since the epoch; default Effect's `Clock`. */
  readonly now?: () => number;
}

/**
 * The Store layer the configuration asks for (`CS_STORE`, `SQLITE_PATH`, `MONGODB_URI`),
 * with the relay's `Outbox` and the host's `Leases` and `ProcessedEvents`:
 *
 * - `memory`: `MemoryStore`, lost when the process ends (tests, demonstrations);
 * - `sqlite`: `SqliteStore` on `store.path` (the embedded default), creating its
 *   directory when it is missing;
 * - `mongodb`: `MongoStore` on `store.uri` and `store.database`. The MongoDB adapter is
 *   loaded only then, so `mongodb` (an optional peer dependency) is needed only by
 *   deployments that use it; without it the layer fails with `StoreUnavailable`
 *   saying how to install it.
 *
 * @example
 * await runMain({
 *   services: [registryService],
 *   layer: (config) => storeLayerFor(config.store),
 * });
 */
export const storeLayerFor = (
  settings: StoreSettings,
  options: StoreLayerOptions = {},
): Layer.Layer<StoreAndCapabilities, StoreOpenFailure> => {
  const clock = options.now === undefined ? {} : { now: options.now };
  switch (settings.kind) {
    case "memory":
      return MemoryStore.layer(clock);
    case "sqlite":
      return Layer.unwrapEffect(
        Effect.try({
          try: () => {
            mkdirSync(dirname(settings.path), { recursive: true });
            return SqliteStore.layer({ filename: settings.path, ...clock });
          },
          catch: (cause) =>
            new StoreUnavailable({
              operation: `create the directory of ${settings.path}`,
              reason: cause instanceof Error ? cause.message : String(cause),
              cause,
            }),
        }),
      );
    case "mongodb":
      return Layer.unwrapEffect(
        Effect.tryPromise({
          try: () => import("./mongo-store.js"),
          catch: (cause) =>
            new StoreUnavailable({
              operation: "load the MongoDB adapter",
              reason: `${cause instanceof Error ? cause.message : String(cause)} (install the optional peer dependency: npm install mongodb@7)`,
              cause,
            }),
        }).pipe(
          Effect.map(({ MongoStore }) =>
            MongoStore.layer({ uri: settings.uri, database: settings.database, ...clock }),
          ),
        ),
      );
  }
};
