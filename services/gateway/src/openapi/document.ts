import {
  OpenAPIRegistry,
  OpenApiGeneratorV31,
  type RouteConfig,
} from "@asteasolutions/zod-to-openapi";
import { CommandReply } from "@courier-station/contracts";
import { CommunityId } from "@courier-station/core";
import { z } from "zod";
import { commandDataSchema } from "../api/contract-routes.js";
import { publicPrefix } from "../api/public-routes.js";
import { type HttpRoute, pathParameterNames, versionedViews } from "../api/route-table.js";
import { NewPasswordAccount } from "../auth/accounts.js";
import {
  CodeRequest,
  CodeSignIn,
  PasswordSignIn,
  RefreshRequest,
  TokensSchema,
} from "../auth/auth-routes.js";

/** The problem details schema of every refusal (RFC 9457 plus the code, fields and request id). */
export const ProblemSchema = z
  .object({
    type: z.string().describe("A stable URI per error code"),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().describe("This occurrence, in the language of Accept-Language"),
    instance: z.string(),
    code: z.string().describe("The stable error code, such as input.invalid or courier.not_active"),
    requestId: z.string(),
    language: z.enum(["zh-CN", "en"]),
    errors: z
      .array(z.object({ field: z.string(), code: z.string(), detail: z.string() }))
      .optional()
      .describe("The fields at fault, by their path in the request"),
  })
  .meta({ id: "Problem" });

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});

const refusals = {
  400: problem("The input broke its schema: the fields at fault are listed"),
  401: problem("No valid access token"),
  403: problem("The actor's role or community may not do this"),
  404: problem("What the request names does not exist"),
  409: problem("An id or key is taken"),
  413: problem("The body is too large"),
  415: problem("The body is not JSON"),
  422: problem(
    "A rule of the programme refuses it, or an Idempotency-Key was reused for another request",
  ),
  429: problem("Too many requests"),
  503: problem("A service is unavailable"),
} as const;

const shapeOf = (schema: z.ZodType | undefined): Readonly<Record<string, z.ZodType>> => {
  const shape = (schema as unknown as { readonly shape?: unknown } | undefined)?.shape;
  return typeof shape === "object" && shape !== null
    ? (shape as Readonly<Record<string, z.ZodType>>)
    : {};
};

const fullPath = (route: HttpRoute) => `/v1/communities/{community}${route.path}`;

const idempotencyHeader = z.object({
  "Idempotency-Key": z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe(
      "Makes a retry safe: the same key (per caller) is the same command; with another body it is refused (422)",
    ),
  "If-Match": z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe(
      "The ETag of the record as the caller last saw it (every command's answer carries one): when the record has changed since, the command is refused (412) and nothing is stored",
    ),
});

const ifNoneMatchHeader = z.object({
  "If-None-Match": z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe(
      "The ETag of the view as the caller last read it: while the record is still at that version the answer is 304 with no body",
    ),
});

/**
 * A command's data without the fields the path gives; a schema with refinements cannot
 * be cut, and is shown whole (the path's value wins, and a different one in the body is
 * refused).
 */
const bodyWithout = (
  data: z.ZodType | undefined,
  omitted: ReadonlyArray<string>,
  omit: ((mask: Record<string, true>) => z.ZodType) | undefined,
): z.ZodType => {
  if (data === undefined) return z.object({});
  if (omitted.length === 0 || typeof omit !== "function") return data;
  try {
    return omit.call(data, Object.fromEntries(omitted.map((name) => [name, true] as const)));
  } catch {
    return data;
  }
};

/**
 * The OpenAPI operation of one public route: a query anyone may read without a token
 * (no security), under `/v1/public/communities/{community}`.
 */
const publicOperation = (route: HttpRoute): RouteConfig => {
  const names = pathParameterNames(route.path);
  const query: Record<string, z.ZodType> = {};
  const params: Record<string, z.ZodType> = { community: CommunityId };
  for (const [name, schema] of Object.entries(shapeOf(route.endpoint.input))) {
    if (name === "actor") continue;
    if (names.includes(name)) params[name] = schema;
    else query[name] = schema;
  }
  const name = route.endpoint.name;
  return {
    method: "get",
    path: `${publicPrefix}${route.path}`,
    operationId: name.includes("Public") ? name : `Public${name}`,
    tags: ["public"],
    summary: `${name} (public)`,
    description: `${route.endpoint.description} No token is needed.`,
    security: [],
    request: { params: z.object(params), query: z.object(query) },
    responses: {
      200: {
        description: "The answer",
        content: { "application/json": { schema: route.endpoint.output } },
      },
      400: refusals[400],
      404: refusals[404],
      429: refusals[429],
      503: refusals[503],
    },
  };
};

/** The OpenAPI operation of one contract route, from its contract's zod schemas. */
const contractOperation = (route: HttpRoute): RouteConfig => {
  const names = pathParameterNames(route.path);
  const base = {
    method: route.method === "GET" ? ("get" as const) : ("post" as const),
    path: fullPath(route),
    operationId: route.endpoint.name,
    tags: [route.contract.service],
    summary: route.endpoint.name,
    description: route.endpoint.description,
    security: [{ bearerAuth: [] }],
  };
  if (route.endpoint.kind === "query") {
    const shape = shapeOf(route.endpoint.input);
    const query: Record<string, z.ZodType> = {};
    const params: Record<string, z.ZodType> = { community: CommunityId };
    for (const [name, schema] of Object.entries(shape)) {
      if (name === "actor") continue;
      if (names.includes(name)) params[name] = schema;
      else query[name] = schema;
    }
    const versioned = Object.hasOwn(versionedViews, route.endpoint.name);
    return {
      ...base,
      request: {
        params: z.object(params),
        query: z.object(query),
        ...(versioned ? { headers: ifNoneMatchHeader } : {}),
      },
      responses: {
        200: {
          description: "The answer",
          ...(versioned
            ? {
                headers: {
                  ETag: {
                    description:
                      "The record's entity tag at the version the view was read at: send it as If-Match with a command on the record",
                    schema: { type: "string" as const },
                  },
                },
              }
            : {}),
          content: { "application/json": { schema: route.endpoint.output } },
        },
        ...(versioned
          ? { 304: { description: "Not modified: If-None-Match names the record's current ETag" } }
          : {}),
        ...refusals,
      },
    };
  }
  const data = commandDataSchema(route);
  const dataShape = shapeOf(data);
  const params: Record<string, z.ZodType> = { community: CommunityId };
  for (const name of names) params[name] = dataShape[name] ?? z.string();
  const omitted = [...names, "communityId"].filter((name) => Object.hasOwn(dataShape, name));
  const omit = (data as unknown as { omit?: (mask: Record<string, true>) => z.ZodType } | undefined)
    ?.omit;
  const body = bodyWithout(data, omitted, omit);
  return {
    ...base,
    request: {
      params: z.object(params),
      headers: idempotencyHeader,
      body: { required: true, content: { "application/json": { schema: body } } },
    },
    responses: {
      ...(route.created === undefined
        ? { 204: { description: "Done (or done before: the same Idempotency-Key)" } }
        : {
            201: {
              description: "Created; Location names it",
              headers: { Location: { schema: { type: "string" } } },
              content: { "application/json": { schema: CommandReply } },
            },
          }),
      ...refusals,
      412: problem("If-Match names a version the record is no longer at: someone changed it first"),
    },
  };
};

const plainJson = (schema: z.ZodType, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

/** The operations the gateway serves besides the contracts': sign-in, accounts, health, the document. */
const gatewayOperations = (features: {
  readonly open311: boolean;
  readonly media: boolean;
}): RouteConfig[] => {
  const authBody = (schema: z.ZodType) => ({
    required: true,
    content: { "application/json": { schema } },
  });
  const tags = ["sign-in"];
  const operations: RouteConfig[] = [
    {
      method: "post",
      path: "/v1/auth/codes",
      operationId: "RequestSignInCode",
      tags,
      summary: "Send a courier a six-digit sign-in code by SMS",
      request: { body: authBody(CodeRequest) },
      responses: {
        202: plainJson(z.object({ expiresIn: z.number().int() }), "Sent"),
        400: refusals[400],
        429: refusals[429],
      },
    },
    {
      method: "post",
      path: "/v1/auth/code-sign-ins",
      operationId: "SignInWithCode",
      tags,
      summary: "A courier signs in with their mobile number and the code",
      request: { body: authBody(CodeSignIn) },
      responses: {
        200: plainJson(TokensSchema, "Signed in"),
        400: refusals[400],
        401: refusals[401],
        429: refusals[429],
      },
    },
    {
      method: "post",
      path: "/v1/auth/password-sign-ins",
      operationId: "SignInWithPassword",
      tags,
      summary: "Staff, handlers, auditors and sponsors sign in with a password",
      request: { body: authBody(PasswordSignIn) },
      responses: {
        200: plainJson(TokensSchema, "Signed in"),
        400: refusals[400],
        401: refusals[401],
        429: refusals[429],
      },
    },
    {
      method: "post",
      path: "/v1/auth/refreshes",
      operationId: "RefreshTokens",
      tags,
      summary: "Exchange a refresh token (used up) for new tokens",
      request: { body: authBody(RefreshRequest) },
      responses: {
        200: plainJson(TokensSchema, "New tokens"),
        400: refusals[400],
        401: refusals[401],
        429: refusals[429],
      },
    },
    {
      method: "post",
      path: "/v1/auth/sign-outs",
      operationId: "SignOut",
      tags,
      summary: "Revoke a refresh token",
      request: { body: authBody(RefreshRequest) },
      responses: { 204: { description: "Signed out" }, 400: refusals[400] },
    },
    {
      method: "post",
      path: "/v1/communities/{community}/accounts",
      operationId: "CreateAccount",
      tags: ["accounts"],
      summary: "Staff create a password account for their community",
      security: [{ bearerAuth: [] }],
      request: {
        params: z.object({ community: CommunityId }),
        body: authBody(NewPasswordAccount.omit({ communities: true })),
      },
      responses: {
        201: plainJson(
          z.object({
            login: z.string(),
            role: z.string(),
            subject: z.string(),
            communities: z.array(z.string()),
          }),
          "Created",
        ),
        ...refusals,
      },
    },
    {
      method: "get",
      path: "/healthz",
      operationId: "Health",
      tags: ["operations"],
      summary: "The process is up",
      responses: {
        200: plainJson(z.object({ status: z.literal("ok") }), "Up"),
        429: refusals[429],
      },
    },
    {
      method: "get",
      path: "/readyz",
      operationId: "Readiness",
      tags: ["operations"],
      summary: "The bus and the store answer",
      responses: {
        200: plainJson(z.object({ ok: z.boolean(), bus: z.string(), store: z.string() }), "Ready"),
        429: refusals[429],
        503: plainJson(
          z.object({ ok: z.boolean(), bus: z.string(), store: z.string() }),
          "Not ready",
        ),
      },
    },
    {
      method: "get",
      path: "/openapi.json",
      operationId: "OpenApiDocument",
      tags: ["operations"],
      summary: "This document",
      responses: {
        200: plainJson(z.object({ openapi: z.string() }), "The OpenAPI 3.1 document"),
        429: refusals[429],
      },
    },
    {
      method: "get",
      path: "/docs",
      operationId: "ReferencePage",
      tags: ["operations"],
      summary: "A readable reference page of this document",
      responses: {
        200: { description: "HTML", content: { "text/html": { schema: z.string() } } },
        429: refusals[429],
      },
    },
  ];
  if (features.media) operations.push(...mediaOperations());
  if (features.open311) operations.push(...open311Operations());
  return operations;
};

const mediaOperations = (): RouteConfig[] => [
  {
    method: "post",
    path: "/v1/communities/{community}/photos",
    operationId: "UploadPhoto",
    tags: ["photos"],
    summary:
      "Upload a photo (JPEG, PNG or WebP, at most 10 MB); it is re-encoded without its metadata",
    security: [{ bearerAuth: [] }],
    request: {
      params: z.object({ community: CommunityId }),
      body: {
        required: true,
        content: {
          "multipart/form-data": {
            schema: z.object({ photo: z.string().describe("The image file") }),
          },
        },
      },
    },
    responses: {
      201: plainJson(
        z.object({ photo: z.string(), url: z.string() }),
        "Stored; reference it in a report's photos",
      ),
      ...refusals,
    },
  },
  {
    method: "get",
    path: "/v1/communities/{community}/photos/{photo}",
    operationId: "GetPhoto",
    tags: ["photos"],
    summary: "A stored photo",
    security: [{ bearerAuth: [] }],
    request: { params: z.object({ community: CommunityId, photo: z.string() }) },
    responses: {
      200: { description: "The image", content: { "image/jpeg": { schema: z.string() } } },
      ...refusals,
    },
  },
];

const open311Operations = (): RouteConfig[] => {
  const format = z.enum(["json", "xml"]);
  const jurisdiction = z.object({ jurisdiction_id: z.string().optional() });
  const anyJsonOrXml = (description: string) => ({
    description,
    content: {
      "application/json": { schema: z.unknown() },
      "text/xml": { schema: z.string() },
    },
  });
  const errors = {
    400: anyJsonOrXml("An Open311 error list"),
    404: anyJsonOrXml("An Open311 error list"),
  };
  const tags = ["open311"];
  return [
    {
      method: "get",
      path: "/open311/v2/discovery.{format}",
      operationId: "Open311Discovery",
      tags,
      summary: "Open311 GeoReport v2 discovery",
      request: { params: z.object({ format }) },
      responses: { 200: anyJsonOrXml("The endpoints"), 404: anyJsonOrXml("An unknown format") },
    },
    {
      method: "get",
      path: "/open311/v2/services.{format}",
      operationId: "Open311Services",
      tags,
      summary: "The report categories as Open311 services",
      request: { params: z.object({ format }), query: jurisdiction },
      responses: { 200: anyJsonOrXml("The services"), ...errors },
    },
    {
      method: "get",
      path: "/open311/v2/services/{service_code}.{format}",
      operationId: "Open311ServiceDefinition",
      tags,
      summary: "A category's attributes as an Open311 service definition",
      request: { params: z.object({ service_code: z.string(), format }), query: jurisdiction },
      responses: { 200: anyJsonOrXml("The definition"), ...errors },
    },
    {
      method: "get",
      path: "/open311/v2/requests.{format}",
      operationId: "Open311Requests",
      tags,
      summary: "Sentinel reports as Open311 service requests",
      request: {
        params: z.object({ format }),
        query: jurisdiction.extend({
          service_request_id: z.string().optional(),
          service_code: z.string().optional(),
          start_date: z.string().optional(),
          end_date: z.string().optional(),
          status: z.string().optional(),
        }),
      },
      responses: { 200: anyJsonOrXml("The requests"), ...errors },
    },
    {
      method: "post",
      path: "/open311/v2/requests.{format}",
      operationId: "Open311PostRequest",
      tags,
      summary: "File a sentinel report (form-encoded, with api_key: a courier's access token)",
      request: {
        params: z.object({ format }),
        body: {
          required: true,
          content: {
            "application/x-www-form-urlencoded": {
              schema: z.object({
                api_key: z.string(),
                jurisdiction_id: z.string().optional(),
                service_code: z.string(),
                lat: z.string().optional(),
                long: z.string().optional(),
                address_string: z.string().optional(),
                description: z.string().optional(),
                media_url: z.string().optional(),
              }),
            },
          },
        },
      },
      responses: {
        200: anyJsonOrXml("The new request's id"),
        403: anyJsonOrXml("No valid api_key"),
        ...errors,
      },
    },
    {
      method: "get",
      path: "/open311/v2/requests/{service_request_id}.{format}",
      operationId: "Open311Request",
      tags,
      summary: "One service request",
      request: {
        params: z.object({ service_request_id: z.string(), format }),
        query: jurisdiction,
      },
      responses: { 200: anyJsonOrXml("The request"), ...errors },
    },
  ];
};

/** A schema the generator could not describe: the operation is kept, its schema left open. */
const looseOperation = (operation: RouteConfig): RouteConfig => ({
  ...operation,
  description: `${operation.description ?? ""}`.trim(),
  request: {
    ...(operation.request?.params === undefined ? {} : { params: operation.request.params }),
    ...(operation.request?.body === undefined
      ? {}
      : {
          body: { required: true, content: { "application/json": { schema: z.looseObject({}) } } },
        }),
  },
  responses: Object.fromEntries(
    Object.entries(operation.responses).map(([status, response]) => [
      status,
      "content" in response && response.content?.["application/json"] !== undefined
        ? { ...response, content: { "application/json": { schema: z.unknown() } } }
        : response,
    ]),
  ),
});

const generates = (operation: RouteConfig): boolean => {
  const registry = new OpenAPIRegistry();
  registry.registerPath(operation);
  try {
    new OpenApiGeneratorV31(registry.definitions).generateDocument({
      openapi: "3.1.0",
      info: { title: "probe", version: "0" },
    });
    return true;
  } catch {
    return false;
  }
};

/**
 * The gateway's OpenAPI 3.1 document, generated from the same zod schemas the routes
 * parse with (through `@asteasolutions/zod-to-openapi`): every contract route with its
 * parameters, body, answer and refusals, the public routes (no token), sign-in, accounts,
 * health, and — when served — photos and Open311.
 */
export const gatewayDocument = (
  routes: ReadonlyArray<HttpRoute>,
  features: { readonly open311: boolean; readonly media: boolean },
  publicRoutes: ReadonlyArray<HttpRoute> = [],
): Record<string, unknown> => {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });
  for (const operation of [
    ...routes.map(contractOperation),
    ...publicRoutes.map(publicOperation),
    ...gatewayOperations(features),
  ]) {
    // Every operation says how it is secured; sign-in, health and Open311 reads need nothing.
    const secured = operation.security === undefined ? { ...operation, security: [] } : operation;
    registry.registerPath(generates(secured) ? secured : looseOperation(secured));
  }
  const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Courier Station HTTP API (小哥e站)",
      version: "1.0.0",
      description:
        "The services' commands (POST) and queries (GET) under /v1/communities/{community}, sign-in, and Open311 GeoReport v2. Errors are RFC 9457 problem details in the language of Accept-Language (zh-CN by default, or en).",
      license: { name: "MIT", identifier: "MIT" },
    },
    servers: [{ url: "/" }],
    tags: [
      { name: "registry", description: "Communities, stations, couriers and the volunteer team" },
      { name: "activities", description: "Activities, participation and patrols" },
      { name: "reports", description: "Sentinel reports (民情前哨) and suggestions (小哥有话说)" },
      { name: "points", description: "Points (积分)" },
      { name: "wishes", description: "Micro-wishes (微心愿), sponsors (圆梦人) and the catalogue" },
      { name: "insights", description: "Statistics and the monthly report" },
      { name: "notifications", description: "Each person's notices" },
      {
        name: "public",
        description: "What anyone may read without signing in: stations and the year's figures",
      },
      { name: "sign-in", description: "Sign-in and tokens" },
      { name: "accounts", description: "Password accounts" },
      { name: "operations", description: "Health and this document" },
      ...(features.media ? [{ name: "photos", description: "Photos of reports" }] : []),
      ...(features.open311 ? [{ name: "open311", description: "Open311 GeoReport v2" }] : []),
    ],
  });
  return JSON.parse(JSON.stringify(document)) as Record<string, unknown>;
};
