import { anonymousActor, call } from "@courier-station/contracts";
import { CommunityId, parseInput } from "@courier-station/core";
import type { BusApi } from "@courier-station/kit";
import { Either } from "effect";
import type { Request, Response, Router } from "express";
import { fieldsOfIssues, invalidInput, routeNotFound } from "../http/refusal.js";
import { runOnBus } from "./bus-calls.js";
import { sentAsPage, shapeOf } from "./contract-routes.js";
import { parameterValue, queryParameters } from "./query-parameters.js";
import {
  expressPath,
  type HttpRoute,
  kebab,
  pathParameterNames,
  type ServedContract,
} from "./route-table.js";

/** Where the public routes are: `/v1/public/communities/{community}` and the route's path. */
export const publicPrefix = "/v1/public/communities/{community}";

/*
 * The paths of the public queries under the prefix; a public query a contract adds and
 * this table does not name is still served, at `/<service>/<endpoint-in-kebab-case>`.
 */
const publicPaths: Readonly<Record<string, string>> = {
  ListStations: "/stations",
  GetStation: "/stations/{stationId}",
  GetPublicFigures: "/figures",
};

/**
 * The routes anyone may read without signing in: every query a served contract marks
 * `public` (the contract says it, not this file), as a GET under {@link publicPrefix}.
 *
 * @example
 * publicRoutesOf(servedContracts).map((route) => route.path);
 * // ["/stations", "/stations/{stationId}", "/figures"]
 */
export const publicRoutesOf = (served: ReadonlyArray<ServedContract>): ReadonlyArray<HttpRoute> =>
  served.flatMap(({ contract }) =>
    Object.values(contract.endpoints).flatMap((endpoint): HttpRoute[] =>
      endpoint.kind === "query" && endpoint.public === true
        ? [
            {
              contract,
              endpoint,
              method: "GET",
              path: Object.hasOwn(publicPaths, endpoint.name)
                ? (publicPaths[endpoint.name] as string)
                : `/${contract.service}/${kebab(endpoint.name)}`,
            },
          ]
        : [],
    ),
  );

/** What the public routes need. */
export interface PublicRoutesOptions {
  readonly bus: BusApi;
  /** How long a call to a service may take. */
  readonly timeoutMs?: number;
}

const answerPublicQuery = async (
  route: HttpRoute,
  options: PublicRoutesOptions,
  request: Request,
  response: Response,
): Promise<void> => {
  const community = CommunityId.safeParse(request.params.community);
  // A community id that cannot exist names nothing: 404, as an unknown one does.
  if (!community.success) throw routeNotFound(request.method, request.path);
  const shape = shapeOf(route.endpoint.input);
  const fromPath = Object.fromEntries(
    pathParameterNames(route.path).map((name) => [
      name,
      parameterValue(shape[name], String(request.params[name] ?? "")),
    ]),
  );
  const parsed = parseInput(route.endpoint.input, {
    ...queryParameters(route.endpoint.input, request.query as Record<string, unknown>),
    ...fromPath,
    actor: anonymousActor,
  });
  if (Either.isLeft(parsed)) throw invalidInput(fieldsOfIssues(parsed.left.issues));
  const value = await runOnBus(
    options.bus,
    call(route.contract, route.endpoint.name, community.data, parsed.right as never, {
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    }),
  );
  response.setHeader("Cache-Control", "public, max-age=60");
  if (sentAsPage(request, response, value)) return;
  response.status(200).json(value);
};

/**
 * Mounts the public routes on a router for `/v1/public/communities/:community`: no token
 * is read (an `Authorization` header is ignored), every query is asked as the anonymous
 * actor, so a service answers only what its contract marks public, and refusals go to the
 * problem-details handler as everywhere else.
 */
export const mountPublicRoutes = (
  router: Router,
  routes: ReadonlyArray<HttpRoute>,
  options: PublicRoutesOptions,
): void => {
  for (const route of routes) {
    router.get(expressPath(route.path), (request: Request, response: Response) =>
      answerPublicQuery(route, options, request, response),
    );
  }
};
