import { readdir, readFile, rename, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { Express, NextFunction, Request, Response } from "express";
import { expect } from "vitest";
import { httpSuitesOverNats, routeRecordsVariable } from "./http-suites.js";
import { suitesOverNats } from "./nats-mongo-station.js";

/*
 * Proof that every route the gateway serves is answered over NATS: in the NATS project each
 * HTTP suite records the requests its gateway answered (below 400: the route ran through the
 * bus and a service, not only the gateway's input checks) and writes them, with the routes
 * express serves, to one file of the run's directory. The suite that finishes last finds
 * every suite's file there and compares: a served route no suite had answered fails it,
 * unless it is one of `routesNotYetAnsweredOverNats`, which may only shrink.
 */

/**
 * Served routes no HTTP suite has answered over NATS yet, each to be covered by a suite and
 * then taken off this list (the check fails while a covered route is still on it). Every
 * route is answered now: a route the gateway starts serving needs a request in a suite,
 * or a place here with a comment saying why it cannot be answered over NATS yet.
 */
export const routesNotYetAnsweredOverNats: ReadonlyArray<string> = [];

interface Layer {
  readonly rawPath?: unknown;
  readonly route?: { readonly path: string; readonly methods: Record<string, boolean> };
  readonly handle?: { readonly stack?: ReadonlyArray<Layer> };
}

/**
 * Every method and path express serves (`GET /v1/communities/:community/wishes/:wishId`),
 * walking the app's routers (Express 5's `rawPath`), in the order express tries them.
 */
export const servedRoutes = (app: Express): ReadonlyArray<string> => {
  const found: string[] = [];
  const walk = (stack: ReadonlyArray<Layer>, prefix: string) => {
    for (const layer of stack) {
      if (layer.route !== undefined) {
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on && method !== "_all")
            found.push(`${method.toUpperCase()} ${prefix}${layer.route.path}`);
        }
      } else if (layer.handle?.stack !== undefined) {
        const mount =
          typeof layer.rawPath === "string" && layer.rawPath !== "/" ? layer.rawPath : "";
        walk(layer.handle.stack, `${prefix}${mount}`);
      }
    }
  };
  walk((app as unknown as { router: { stack: ReadonlyArray<Layer> } }).router.stack, "");
  return found;
};

/** The served route (`METHOD pattern`) a request (`METHOD /path`) is answered by, if any. */
export const routeOf = (served: ReadonlyArray<string>, answered: string): string | undefined => {
  const [method, path] = answered.split(" ");
  return served.find((route) => {
    const [routeMethod, pattern = ""] = route.split(" ");
    if (routeMethod !== method && !(routeMethod === "GET" && method === "HEAD")) return false;
    const source = pattern
      .replace(/\/$/, "")
      .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
      .replace(/:[A-Za-z_][A-Za-z0-9_]*/g, "[^/]+");
    return new RegExp(`^${source}/?$`).test(path ?? "");
  });
};

/** What one gateway of a suite answered. */
export interface RouteRecorder {
  /** `METHOD /path` of every request answered below 400. */
  readonly answered: Set<string>;
}

/** Records what an app answers, in front of every other middleware. */
export const recordAnsweredRoutes = (app: Express): RouteRecorder => {
  const answered = new Set<string>();
  app.use((request: Request, response: Response, next: NextFunction) => {
    const path = new URL(request.originalUrl, "http://gateway.invalid").pathname;
    response.on("finish", () => {
      if (response.statusCode < 400) answered.add(`${request.method} ${path}`);
    });
    next();
  });
  const stack = (app as unknown as { router: { stack: Layer[] } }).router.stack;
  const recorder = stack.pop();
  if (recorder !== undefined) stack.unshift(recorder);
  return { answered };
};

const gatewayRoot = fileURLToPath(new URL("../../", import.meta.url));

interface SuiteRecord {
  readonly suite: string;
  readonly served: ReadonlyArray<string>;
  readonly answered: ReadonlyArray<string>;
}

/**
 * Writes this suite's record to the run's directory (in the NATS project only) and, when
 * every HTTP suite's record is there, fails unless every served route was answered or is
 * one of `routesNotYetAnsweredOverNats` — and none of those was.
 */
export const checkRouteRecords = async (app: Express, recorder: RouteRecorder): Promise<void> => {
  const directory = process.env[routeRecordsVariable];
  const testPath = expect.getState().testPath;
  // The run's directory is named in the environment of every project's workers when the
  // projects run together; only a suite whose services are on NATS may write its record,
  // or the same suite's in-process run would stand in for (and overwrite) its NATS one.
  if (!suitesOverNats() || directory === undefined || testPath === undefined) return;
  const suite = relative(gatewayRoot, testPath).replaceAll("\\", "/");
  const record: SuiteRecord = {
    suite,
    served: servedRoutes(app),
    answered: [...recorder.answered].sort(),
  };
  const file = join(directory, `${suite.replaceAll("/", "_")}.json`);
  await writeFile(`${file}.partial`, JSON.stringify(record));
  await rename(`${file}.partial`, file);

  const names = (await readdir(directory)).filter((name) => name.endsWith(".json"));
  const records = await Promise.all(
    names.map(
      async (name) => JSON.parse(await readFile(join(directory, name), "utf8")) as SuiteRecord,
    ),
  );
  const suites = new Set(records.map((each) => each.suite));
  if (!httpSuitesOverNats.every((each) => suites.has(each))) return;
  const served = [...new Set(records.flatMap((each) => each.served))];
  const covered = new Set(
    records.flatMap((each) =>
      each.answered.flatMap((request) => routeOf(each.served, request) ?? []),
    ),
  );
  const excepted = new Set(routesNotYetAnsweredOverNats);
  const missing = served.filter((route) => !covered.has(route) && !excepted.has(route));
  const nowCovered = routesNotYetAnsweredOverNats.filter(
    (route) => covered.has(route) || !served.includes(route),
  );
  if (missing.length > 0 || nowCovered.length > 0) {
    throw new Error(
      [
        missing.length > 0
          ? `Routes no HTTP suite had answered over NATS:\n  ${missing.join("\n  ")}`
          : "",
        nowCovered.length > 0
          ? `Answered (or no longer served), so off routesNotYetAnsweredOverNats:\n  ${nowCovered.join("\n  ")}`
          : "",
      ]
        .filter((text) => text !== "")
        .join("\n"),
    );
  }
};
