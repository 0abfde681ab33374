import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Bus, type BusApi, type Logger, Store, type StoreApi } from "@courier-station/kit";
import { Effect } from "effect";
import type { RunningStation } from "./station.js";

/** A running HTTP gateway, as the station sees it. */
export interface GatewayHandle {
  /** Where people reach it, e.g. `http://localhost:3000`. */
  readonly url: string;
  /** Stops taking requests and closes the server. */
  readonly close: () => Promise<void>;
}

/** What the station gives the gateway: its bus and store, data directory and log. */
export interface GatewayStartOptions {
  readonly bus: BusApi;
  readonly store: StoreApi;
  /** Photos go to `<dataDirectory>/media`. */
  readonly dataDirectory: string;
  /** The station's MongoDB when its store is MongoDB: photos then go to GridFS there. */
  readonly mongodb?: { readonly uri: string; readonly database: string };
  readonly logger: Logger;
  /** The built web app's directory, served at `/`. */
  readonly webRoot?: string;
  /** The port; default the gateway's (`PORT`, else 3000). 0 picks a free one. */
  readonly port?: number;
}

/**
 * What the gateway package (`@courier-station/service-gateway`) exports as
 * `startGateway` for the station to call: it gets the station's bus and store and
 * starts HTTP, reading its own settings (`PORT`, `CS_GATEWAY_SECRET`, origins) from the
 * environment.
 */
export type GatewayStarter = (options: GatewayStartOptions) => Promise<GatewayHandle>;

/** What became of the gateway at start. */
export type GatewayStart =
  | {
      readonly kind: "started";
      readonly gateway: GatewayHandle;
      /** The web app's directory it serves at `/`; absent when the app is not built. */
      readonly webRoot?: string;
    }
  | { readonly kind: "not-built" }
  /** This process runs one service, not the gateway. */
  | { readonly kind: "not-served" };

const isMissingModule = (error: unknown): boolean =>
  typeof error === "object" &&
  error !== null &&
  "code" in error &&
  (error.code === "ERR_MODULE_NOT_FOUND" || error.code === "ERR_PACKAGE_PATH_NOT_EXPORTED");

/**
 * The built web app (`apps/web/dist`, made by `npm run build -w @courier-station/web`) the
 * gateway serves at `/`: `CS_WEB_ROOT` when set, else the repository's own build; absent
 * when it has not been built.
 *
 * @example
 * builtWebApp(process.env); // "/srv/courier-station/apps/web/dist" once built
 */
export const builtWebApp = (
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined => {
  const directory =
    env.CS_WEB_ROOT !== undefined && env.CS_WEB_ROOT !== ""
      ? resolve(env.CS_WEB_ROOT)
      : fileURLToPath(new URL("../../../apps/web/dist", import.meta.url));
  return existsSync(join(directory, "index.html")) ? directory : undefined;
};

/** What became of the web pages before the gateway started. */
export type WebAppBuild = "present" | "built" | "failed" | "not-a-checkout";

/**
 * Builds the web pages (`npm run build -w @courier-station/web`) when a station that
 * serves HTTP starts from a source checkout without them — a fresh clone after `npm ci` —
 * so that the quick start's `npm start` opens pages rather than telling the newcomer to
 * build them first. It says so in both languages before the minute the build takes, and
 * a failed build leaves the station running without pages (the welcome then says how to
 * build them). Nothing is built when `CS_WEB_ROOT` names the pages or they are built.
 *
 * @example
 * if (station.servesHttp) await buildWebAppIfMissing(process.env, (line) => process.stderr.write(line));
 */
export const buildWebAppIfMissing = async (
  env: Readonly<Record<string, string | undefined>>,
  say: (line: string) => void,
): Promise<WebAppBuild> => {
  if (builtWebApp(env) !== undefined) return "present";
  if (env.CS_WEB_ROOT !== undefined && env.CS_WEB_ROOT !== "") return "not-a-checkout";
  const root = fileURLToPath(new URL("../../../", import.meta.url));
  if (!existsSync(join(root, "apps", "web", "package.json"))) return "not-a-checkout";
  say(
    "首次启动：正在构建网页（约一分钟）… / First start: building the web pages (about a minute)…\n",
  );
  const code = await new Promise<number | null>((done) => {
    const child = spawn("npm", ["run", "build", "-w", "@courier-station/web"], {
      cwd: root,
      // The build's own output goes to the log stream, the welcome stays on stdout.
      stdio: ["ignore", "ignore", "inherit"],
    });
    child.once("error", () => done(1));
    child.once("exit", (exitCode) => done(exitCode));
  });
  return code === 0 && builtWebApp(env) !== undefined ? "built" : "failed";
};

/** Where the gateway listens and what web app it serves, when the caller chooses. */
export interface GatewayPlacement {
  /** The web app's directory; default {@link builtWebApp}. `undefined` serves none. */
  readonly webRoot?: string | undefined;
  /** The port; default the gateway's (`PORT`, else 3000). */
  readonly port?: number;
}

/**
 * Starts the HTTP gateway beside the services when the gateway package is built (exports
 * a `startGateway` function, see {@link GatewayStarter}); until then the station runs
 * without HTTP and says so. A gateway that is built but fails to load or start stops
 * the start, as any other broken part would.
 *
 * @example
 * const gateway = await startGatewayIfBuilt(station);
 * if (gateway.kind === "started") console.log(gateway.gateway.url);
 */
export const startGatewayIfBuilt = async (
  station: RunningStation,
  load: () => Promise<Record<string, unknown>> = () =>
    // A computed specifier: the gateway may have no entry yet, and type-checking the
    // station must not depend on it.
    import(["@courier-station", "service-gateway"].join("/")) as Promise<Record<string, unknown>>,
  placement: GatewayPlacement = {},
): Promise<GatewayStart> => {
  let module: Record<string, unknown>;
  try {
    module = await load();
  } catch (error) {
    if (isMissingModule(error)) return { kind: "not-built" };
    throw error;
  }
  const starter = module.startGateway;
  if (typeof starter !== "function") return { kind: "not-built" };
  const [bus, store] = await station.run(Effect.all([Bus, Store]));
  const webRoot = "webRoot" in placement ? placement.webRoot : builtWebApp();
  const gateway = await (starter as GatewayStarter)({
    bus,
    store,
    dataDirectory: station.config.dataDir,
    logger: station.log,
    ...(station.config.store.kind === "mongodb"
      ? { mongodb: { uri: station.config.store.uri, database: station.config.store.database } }
      : {}),
    ...(webRoot === undefined ? {} : { webRoot }),
    ...(placement.port === undefined ? {} : { port: placement.port }),
  });
  return { kind: "started", gateway, ...(webRoot === undefined ? {} : { webRoot }) };
};

/** What became of `--create-staff`. */
export type StaffCreation =
  | { readonly kind: "not-asked" }
  | {
      readonly kind: "created";
      readonly login: string;
      readonly communities: ReadonlyArray<string>;
    }
  | { readonly kind: "failed"; readonly reason: string };

/**
 * `npm start -- --create-staff <login> --community <id>` (the password from
 * `CS_STAFF_PASSWORD`): a station's first staff account, made by the gateway package's
 * `createStaffRequestOf` and `createStaff` on the station's store, when the gateway is
 * built. Staff then create the other accounts over HTTP.
 *
 * @example
 * const created = await createStaffIfAsked(station, process.argv.slice(2), process.env);
 */
export const createStaffIfAsked = async (
  station: RunningStation,
  argv: ReadonlyArray<string>,
  env: Readonly<Record<string, string | undefined>>,
  load: () => Promise<Record<string, unknown>> = () =>
    import(["@courier-station", "service-gateway"].join("/")) as Promise<Record<string, unknown>>,
): Promise<StaffCreation> => {
  if (
    !argv.some(
      (argument) => argument === "--create-staff" || argument.startsWith("--create-staff="),
    )
  ) {
    return { kind: "not-asked" };
  }
  const module = await load();
  const requestOf = module.createStaffRequestOf;
  const create = module.createStaff;
  if (typeof requestOf !== "function" || typeof create !== "function") {
    return { kind: "failed", reason: "the gateway package does not make staff accounts yet" };
  }
  try {
    const request = requestOf(argv, env) as
      | { readonly login: string; readonly communities: ReadonlyArray<string> }
      | undefined;
    if (request === undefined) return { kind: "not-asked" };
    const store = await station.run(Store);
    await (create as (store: StoreApi, request: unknown) => Promise<unknown>)(store, request);
    return { kind: "created", login: request.login, communities: request.communities };
  } catch (error) {
    const text =
      typeof error === "object" && error !== null && "text" in error
        ? (error.text as { readonly en?: string }).en
        : undefined;
    return {
      kind: "failed",
      reason: text ?? (error instanceof Error ? error.message : String(error)),
    };
  }
};
