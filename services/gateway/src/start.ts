import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import { join } from "node:path";
import type { CommunityId } from "@courier-station/core";
import type { BusApi, StoreApi } from "@courier-station/kit";
import { Effect, type Scope } from "effect";
import { MongoClient } from "mongodb";
import { type Logger, pino } from "pino";
import { type GatewayOptions, gatewayApp } from "./app.js";
import { loggingSmsSender, type SmsSender } from "./auth/one-time-codes.js";
import type { ExternalIdentityProvider } from "./auth/tokens.js";
import { gridFsMediaStore } from "./media/gridfs-media-store.js";
import { fileMediaStore } from "./media/media-store.js";
import type { Open311Settings } from "./open311/open311-routes.js";

/** How the station program starts the gateway. */
export interface StartGatewayOptions {
  readonly bus: BusApi;
  readonly store: StoreApi;
  /** The port; default `PORT` from the environment, else 3000. 0 picks a free one. */
  readonly port?: number;
  /** The interface; default all. */
  readonly host?: string;
  /** The data directory: photos go to `<dataDirectory>/media`. Absent: no photo routes. */
  readonly dataDirectory?: string;
  /**
   * The station's MongoDB, when its store is MongoDB: photos then go to GridFS there
   * (bucket `photos`) instead of the data directory, so every gateway instance sees them
   * and the database's backup holds them.
   */
  readonly mongodb?: { readonly uri: string; readonly database: string };
  /**
   * The key of access tokens and of mobile-number and code HMACs (at least 32
   * characters); default `CS_GATEWAY_SECRET`, else a random one (tokens then end with the
   * process: set it in a deployment).
   */
  readonly secret?: string;
  /** Where sign-in codes are sent; default the log (the embedded sender). */
  readonly smsSender?: SmsSender;
  /** A district's identity provider whose JWTs are accepted too. */
  readonly externalIdentity?: ExternalIdentityProvider;
  /** The Open311 endpoint's communities; absent: no Open311 routes. */
  readonly open311?: Open311Settings;
  /** Origins CORS allows; default `CS_CORS_ORIGINS` (comma-separated), else none. */
  readonly corsOrigins?: ReadonlyArray<string>;
  /** The built web app's directory, served at `/` (see {@link GatewayOptions.webRoot}). */
  readonly webRoot?: string;
  /** The request log; default pino at `LOG_LEVEL` (info). */
  readonly logger?: Logger;
  /** Anything else of {@link GatewayOptions}. */
  readonly overrides?: Partial<Omit<GatewayOptions, "bus" | "store">>;
}

/** A listening gateway. */
export interface RunningGateway {
  /** The port it listens on (the one chosen when 0 was asked). */
  readonly port: number;
  /** `http://host:port`. */
  readonly url: string;
  /** Stops taking connections and waits for open requests to end. */
  readonly close: () => Promise<void>;
}

/**
 * Open311 from `CS_OPEN311_JURISDICTIONS` (`community[=jurisdiction_id],…`, for example
 * `jinshan-wanda=jinshan.gov.cn`) and `CS_PUBLIC_URL`; absent: no Open311 routes.
 */
export const open311FromEnvironment = (
  env: Readonly<Record<string, string | undefined>>,
): Open311Settings | undefined => {
  const listed = (env.CS_OPEN311_JURISDICTIONS ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
  if (listed.length === 0) return undefined;
  return {
    jurisdictions: listed.map((item) => {
      const [community, jurisdictionId] = item.split("=");
      return {
        community: (community ?? "") as CommunityId,
        ...(jurisdictionId === undefined ? {} : { jurisdictionId }),
      };
    }),
    ...(env.CS_PUBLIC_URL === undefined ? {} : { publicBaseUrl: env.CS_PUBLIC_URL }),
  };
};

/** The gateway's options from the station's settings and environment. */
export const gatewayOptionsFor = (options: StartGatewayOptions): GatewayOptions => {
  const logger =
    options.logger ?? pino({ level: process.env.LOG_LEVEL ?? "info", name: "gateway" });
  const secret = options.secret ?? process.env.CS_GATEWAY_SECRET;
  if (secret === undefined) {
    logger.warn(
      "CS_GATEWAY_SECRET is not set: a random key is used, so sign-ins end when the process does",
    );
  } else if (secret.length < 32) {
    throw new Error("The gateway secret (CS_GATEWAY_SECRET) must be at least 32 characters");
  }
  const key = secret ?? randomBytes(32).toString("base64url");
  const open311 = options.open311 ?? open311FromEnvironment(process.env);
  const corsOrigins =
    options.corsOrigins ??
    (process.env.CS_CORS_ORIGINS ?? "")
      .split(",")
      .map((origin) => origin.trim())
      .filter((origin) => origin !== "");
  return {
    bus: options.bus,
    store: options.store,
    logger,
    corsOrigins,
    signIn: {
      tokens: {
        secret: new TextEncoder().encode(`tokens:${key}`),
        ...(options.externalIdentity === undefined ? {} : { external: options.externalIdentity }),
      },
      codes: { secret: `codes:${key}` },
      smsSender:
        options.smsSender ??
        loggingSmsSender(({ msg, ...fields }) => {
          logger.info(fields, msg);
        }),
    },
    ...(options.dataDirectory === undefined
      ? {}
      : { media: fileMediaStore(join(options.dataDirectory, "media")) }),
    ...(open311 === undefined ? {} : { open311 }),
    ...(options.webRoot === undefined ? {} : { webRoot: options.webRoot }),
    ...(options.overrides ?? {}),
  };
};

/**
 * Starts the gateway on a port (default `PORT`, else 3000) with the station's bus and
 * store: what `npm start` runs beside the services.
 *
 * @example
 * const gateway = await startGateway({ bus, store, dataDirectory: "./data" });
 * // … later
 * await gateway.close();
 */
export const startGateway = async (options: StartGatewayOptions): Promise<RunningGateway> => {
  const photos =
    options.mongodb === undefined ? undefined : await MongoClient.connect(options.mongodb.uri);
  const gatewayOptions = gatewayOptionsFor(options);
  const { app } = gatewayApp(
    photos === undefined || options.mongodb === undefined
      ? gatewayOptions
      : {
          ...gatewayOptions,
          media: gridFsMediaStore(photos.db(options.mongodb.database)),
          ...(options.overrides ?? {}),
        },
  );
  const port = options.port ?? Number(process.env.PORT ?? 3000);
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(port, options.host ?? "0.0.0.0", (error?: Error) =>
      error === undefined ? resolve(listening) : reject(error),
    );
    listening.once("error", reject);
  }).catch(async (error: unknown) => {
    await photos?.close();
    throw error;
  });
  const address = server.address();
  const actualPort = typeof address === "object" && address !== null ? address.port : port;
  return {
    port: actualPort,
    url: `http://${options.host ?? "127.0.0.1"}:${actualPort}`,
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeIdleConnections();
      });
      await photos?.close();
    },
  };
};

/**
 * The gateway as a scoped Effect resource: it listens while the scope is open and closes
 * with it, so the station program can `yield*` it beside the services.
 *
 * @example
 * yield* serveGateway({ bus: yield* Bus, store: yield* Store, dataDirectory });
 */
export const serveGateway = (
  options: StartGatewayOptions,
): Effect.Effect<RunningGateway, Error, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.tryPromise({
      try: () => startGateway(options),
      catch: (error) => (error instanceof Error ? error : new Error(String(error))),
    }),
    (gateway) => Effect.promise(() => gateway.close()),
  );
