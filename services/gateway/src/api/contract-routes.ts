import { call, mayAsk } from "@courier-station/contracts";
import { type Actor, authorize, type CommunityId, parseInput } from "@courier-station/core";
import type { BusApi, StoreApi } from "@courier-station/kit";
import { Either } from "effect";
import type { Request, Response, Router } from "express";
import type { z } from "zod";
import {
  fieldsOfIssues,
  forbidden,
  HttpRefusal,
  invalidInput,
  unsupportedMediaType,
} from "../http/refusal.js";
import { runOnBus } from "./bus-calls.js";
import { commandIdFor } from "./idempotency.js";
import { parameterValue, queryParameters } from "./query-parameters.js";
import {
  commandIdFields,
  expressPath,
  fileQueries,
  gatewayCommandPermissions,
  type HttpRoute,
  pathParameterNames,
  versionedViews,
} from "./route-table.js";

/** What the contract routes need. */
export interface ContractRoutesOptions {
  readonly bus: BusApi;
  readonly store: StoreApi;
  /** How long a call to a service may take. */
  readonly timeoutMs?: number;
}

/** The actor the sign-in middleware authenticated for this request. */
export const actorOf = (response: Response): Actor => {
  const actor = response.locals.actor as Actor | undefined;
  if (actor === undefined) throw new Error("contract route reached without an actor");
  return actor;
};

/** The community of a request under `/v1/communities/{community}`. */
export const communityOf = (request: Request): CommunityId =>
  String(request.params.community ?? "") as CommunityId;

/** The fields of an object schema (an endpoint's input, a command), or none. */
export const shapeOf = (schema: z.ZodType): Readonly<Record<string, z.ZodType>> => {
  const shape = (schema as unknown as { readonly shape?: unknown }).shape;
  return typeof shape === "object" && shape !== null
    ? (shape as Readonly<Record<string, z.ZodType>>)
    : {};
};

/** The schema of a command's `data`, when it is an object. */
export const commandDataSchema = (route: HttpRoute): z.ZodType | undefined => {
  const command = shapeOf(route.endpoint.input).command;
  return command === undefined ? undefined : shapeOf(command).data;
};

// Each route's path parameter names, read from its template once rather than by a
// regular expression on every request (routes are made once, so the map stays small).
const parameterNamesOf = new WeakMap<HttpRoute, ReadonlyArray<string>>();

/** The path's parameters, `me` standing for the actor's own id. */
const pathValues = (route: HttpRoute, request: Request, actor: Actor): Record<string, string> => {
  const values: Record<string, string> = {};
  let names = parameterNamesOf.get(route);
  if (names === undefined) {
    names = pathParameterNames(route.path);
    parameterNamesOf.set(route, names);
  }
  for (const name of names) {
    const value = String(request.params[name] ?? "");
    values[name] = value === "me" ? actor.id : value;
  }
  return values;
};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Fills a path template with values (`/couriers/{courierId}` → `/couriers/c-1`). */
const fillPath = (template: string, values: Readonly<Record<string, unknown>>): string =>
  template.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(String(values[name] ?? "")),
  );

/** The URL of the next page: the request's own with `after` set to the cursor. */
const nextLink = (request: Request, cursor: string): string => {
  const url = new URL(request.originalUrl, "http://gateway.invalid");
  url.searchParams.set("after", cursor);
  return `${url.pathname}${url.search}`;
};

/**
 * Answers a page of a list (a reply with `items`): its cursor becomes the `next` link, in
 * the body and as a `Link` header. False, with nothing sent, for any other reply.
 */
export const sentAsPage = (request: Request, response: Response, value: unknown): boolean => {
  if (!isPlainObject(value) || !Array.isArray(value.items)) return false;
  const cursor = typeof value.next === "string" ? value.next : undefined;
  const link = cursor === undefined ? undefined : nextLink(request, cursor);
  if (link !== undefined) response.setHeader("Link", `<${link}>; rel="next"`);
  response.status(200).json({ ...value, next: link });
  return true;
};

const answerQuery = async (
  route: HttpRoute,
  options: ContractRoutesOptions,
  request: Request,
  response: Response,
): Promise<void> => {
  const actor = actorOf(response);
  const community = communityOf(request);
  const shape = shapeOf(route.endpoint.input);
  const fromPath = Object.fromEntries(
    Object.entries(pathValues(route, request, actor)).map(([name, value]) => [
      name,
      parameterValue(shape[name], value),
    ]),
  );
  const input = {
    ...queryParameters(route.endpoint.input, request.query as Record<string, unknown>),
    ...fromPath,
  };
  const parsed = parseInput(route.endpoint.input, { ...input, actor });
  if (Either.isLeft(parsed)) throw invalidInput(fieldsOfIssues(parsed.left.issues));
  if (route.endpoint.kind === "query" && !mayAsk(route.endpoint, actor, community)) {
    throw forbidden({
      "zh-CN": `角色“${actor.role}”无权在社区“${community}”读取“${route.endpoint.name}”`,
      en: `The role "${actor.role}" may not read "${route.endpoint.name}" in community "${community}"`,
    });
  }
  const value = await runOnBus(
    options.bus,
    call(route.contract, route.endpoint.name, community, parsed.right as never, {
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    }),
  );
  if (fileQueries.has(route.endpoint.name) && isPlainObject(value)) {
    const file = value as {
      fileName: string;
      mediaType: string;
      encoding: string;
      content: string;
    };
    const bytes = Buffer.from(file.content, file.encoding === "base64" ? "base64" : "utf8");
    response.status(200).type(file.mediaType).attachment(file.fileName).send(bytes);
    return;
  }
  if (sentAsPage(request, response, value)) return;
  const tag = viewEntityTagOf(route, value);
  if (tag !== undefined) {
    response.setHeader("ETag", tag);
    if (noneMatches(request.get("If-None-Match"), tag)) {
      response.status(304).end();
      return;
    }
  }
  response.status(200).json(value);
};

/** The entity tag of a versioned view (see `versionedViews`); none for other answers. */
const viewEntityTagOf = (route: HttpRoute, value: unknown): string | undefined => {
  const name = route.endpoint.name;
  const view = Object.hasOwn(versionedViews, name) ? versionedViews[name] : undefined;
  if (view === undefined || !isPlainObject(value)) return undefined;
  const id = value[view.idField];
  const version = value.version;
  if (typeof id !== "string" || typeof version !== "number") return undefined;
  return entityTagOf({ aggregate: view.aggregate, id, version });
};

/**
 * Whether an `If-None-Match` header matches a view's entity tag (RFC 9110 §13.1.2): `*`
 * matches any, otherwise one of its tags by weak comparison (`W/` ignored); a header that
 * matches answers 304 Not Modified.
 *
 * @example
 * noneMatches('W/"wish-w-1-3", "wish-w-1-4"', '"wish-w-1-4"'); // true
 */
export const noneMatches = (header: string | undefined, tag: string): boolean => {
  const value = header?.trim();
  if (value === undefined || value === "") return false;
  if (value === "*") return true;
  const opaque = tag.replace(/^W\//, "");
  return [...value.matchAll(/(?:W\/)?("[^"]*")/g)].some((match) => match[1] === opaque);
};

const answerCommand = async (
  route: HttpRoute,
  options: ContractRoutesOptions,
  request: Request,
  response: Response,
): Promise<void> => {
  const actor = actorOf(response);
  const community = communityOf(request);
  const hasBody = request.body !== undefined;
  if (!hasBody && Number(request.get("content-length") ?? 0) > 0) {
    throw unsupportedMediaType("application/json");
  }
  const body: unknown = request.body ?? {};
  if (!isPlainObject(body)) {
    throw invalidInput([
      {
        field: "",
        code: "invalid_type",
        message: { "zh-CN": "请求内容须为 JSON 对象", en: "the body must be a JSON object" },
      },
    ]);
  }
  const fromPath = pathValues(route, request, actor);
  const conflicts = Object.entries(fromPath).filter(
    ([name, value]) => Object.hasOwn(body, name) && body[name] !== value,
  );
  if (conflicts.length > 0) {
    throw invalidInput(
      conflicts.map(([name]) => ({
        field: name,
        code: "path_conflict",
        message: {
          "zh-CN": `与路径中的 ${name} 不一致`,
          en: `differs from the ${name} in the path`,
        },
      })),
    );
  }
  const dataShape = shapeOf(commandDataSchema(route) ?? ({} as z.ZodType));
  const data: Record<string, unknown> = {
    ...body,
    ...fromPath,
    ...(Object.hasOwn(dataShape, "communityId") && !Object.hasOwn(body, "communityId")
      ? { communityId: community }
      : {}),
  };
  const keyed = await commandIdFor(
    options.store,
    actor,
    request.get("Idempotency-Key"),
    `${request.method} ${request.baseUrl}${request.path}`,
    body,
  );
  const idField = Object.hasOwn(commandIdFields, route.endpoint.name)
    ? commandIdFields[route.endpoint.name]
    : undefined;
  const fromData = idField === undefined ? undefined : data[idField];
  const commandId = typeof fromData === "string" ? fromData : keyed;
  const expected = expectedVersionOf(request.get("If-Match"));
  const envelope = {
    commandId,
    community,
    actor,
    command: { type: route.endpoint.name, data },
    correlationId: String(response.locals.requestId ?? commandId).slice(0, 128),
    ...(expected === undefined ? {} : { expected }),
  };
  const parsed = parseInput(route.endpoint.input, envelope);
  if (Either.isLeft(parsed)) throw invalidInput(fieldsOfIssues(parsed.left.issues));
  const permissions = gatewayCommandPermissions;
  if (Object.hasOwn(permissions, route.endpoint.name)) {
    const allowed = authorize(actor, community, route.endpoint.name, permissions);
    if (Either.isLeft(allowed)) {
      throw new HttpRefusal({
        code: allowed.left.code,
        status: 403,
        text: allowed.left.text,
      });
    }
  }
  const reply = (await runOnBus(
    options.bus,
    call(route.contract, route.endpoint.name, community, parsed.right as never, {
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    }),
  )) as { outcome: string; aggregate: string; id: string; version: number };
  response.setHeader("ETag", entityTagOf(reply));
  if (reply.outcome === "duplicate") response.setHeader("Idempotent-Replayed", "true");
  if (route.created !== undefined) {
    const location = `/v1/communities/${encodeURIComponent(community)}${fillPath(route.created, data)}`;
    response.status(201).location(location).json(reply);
    return;
  }
  response.status(204).end();
};

/**
 * The entity tag of an aggregate at a version, as every command's answer carries it:
 * `"<aggregate>-<id>-<version>"` (aggregate names have no dash, versions are digits, so
 * it reads back unambiguously).
 *
 * @example
 * entityTagOf({ aggregate: "courier", id: "c-1", version: 3 }); // "\"courier-c-1-3\""
 */
export const entityTagOf = (reply: {
  readonly aggregate: string;
  readonly id: string;
  readonly version: number;
}): string => `"${reply.aggregate}-${reply.id}-${reply.version}"`;

const entityTagPattern = /^(?:W\/)?"([a-z][A-Za-z0-9]{0,39})-([^"]{1,120})-(\d{1,15})"$/;

/**
 * The version a command's sender last saw, from its `If-Match` header: absent or `*` is
 * no precondition; one of our entity tags names the aggregate, id and version; anything
 * else (a list of tags, a tag we never made) can match nothing, so it becomes a version
 * no aggregate is at and the command is refused with 412 like any stale one.
 */
export const expectedVersionOf = (
  header: string | undefined,
): { readonly aggregate: string; readonly id: string; readonly version: number } | undefined => {
  const value = header?.trim();
  if (value === undefined || value === "" || value === "*") return undefined;
  const match = entityTagPattern.exec(value);
  if (match === null) return { aggregate: "unknown", id: "-", version: Number.MAX_SAFE_INTEGER };
  return { aggregate: match[1] as string, id: match[2] as string, version: Number(match[3]) };
};

/**
 * Mounts the routes of the services' contracts on a router that already authenticated
 * the actor (`response.locals.actor`) for `/v1/communities/:community`. A query is a GET
 * whose query string and path are its parameters; a command is a POST whose JSON body
 * (with the path's ids) is its data, its command id from `Idempotency-Key`. Both are
 * parsed with the contract's schema and checked against the role tables before the bus
 * is asked; refusals go to the problem-details handler.
 */
export const mountContractRoutes = (
  router: Router,
  routes: ReadonlyArray<HttpRoute>,
  options: ContractRoutesOptions,
): void => {
  for (const route of routes) {
    const handler = (request: Request, response: Response) =>
      route.method === "GET"
        ? answerQuery(route, options, request, response)
        : answerCommand(route, options, request, response);
    const path = route.path === "" ? "/" : expressPath(route.path);
    if (route.method === "GET") router.get(path, handler);
    else router.post(path, handler);
  }
};
