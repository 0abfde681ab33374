import { randomUUID } from "node:crypto";
import type { BusApi, StoreApi } from "@courier-station/kit";
import cors from "cors";
import express, {
  type Express,
  type NextFunction,
  type Request,
  type Response,
  Router,
} from "express";
import { ipKeyGenerator, rateLimit } from "express-rate-limit";
import helmet from "helmet";
import type { Logger } from "pino";
import { pinoHttp } from "pino-http";
import { mountContractRoutes } from "./api/contract-routes.js";
import { mountPublicRoutes, publicRoutesOf } from "./api/public-routes.js";
import {
  type HttpRoute,
  routesOf,
  type ServedContract,
  servedContracts,
} from "./api/route-table.js";
import { mountAccountRoutes, mountAuthRoutes, type SignInSettings } from "./auth/auth-routes.js";
import { authenticate } from "./auth/authenticate.js";
import { tokenVerifier } from "./auth/tokens.js";
import { readiness } from "./health.js";
import { defaultProblemBase, failureShape, sendProblem } from "./http/problem.js";
import {
  bodyTooLarge,
  malformedBody,
  routeNotFound,
  tooManyRequests,
  unsupportedMediaType,
} from "./http/refusal.js";
import { mountWebApp } from "./http/web-app.js";
import { mountMediaRoutes } from "./media/media-routes.js";
import type { MediaStore } from "./media/media-store.js";
import { mountOpen311Routes, type Open311Settings } from "./open311/open311-routes.js";
import { docsPage } from "./openapi/docs-page.js";
import { gatewayDocument } from "./openapi/document.js";

/** What the gateway is built from. */
export interface GatewayOptions {
  /** The bus the services answer on (in-process or NATS). */
  readonly bus: BusApi;
  /** The store the gateway keeps its accounts, codes, tokens and idempotency keys in. */
  readonly store: StoreApi;
  readonly signIn: SignInSettings;
  /** The contracts served; default every service's the gateway knows. */
  readonly contracts?: ReadonlyArray<ServedContract>;
  /** Origins allowed by CORS (`*` for any); default none (same origin only). */
  readonly corsOrigins?: ReadonlyArray<string>;
  /** The largest JSON or form body, in bytes; default 1 MiB. */
  readonly bodyLimitBytes?: number;
  /** Requests per client per minute; default 600. */
  readonly requestsPerMinute?: number;
  /** The logger of requests; default none (silent). */
  readonly logger?: Logger;
  /** The base of problem `type` URIs. */
  readonly problemBase?: string;
  /** How long a call to a service may take; default the bus's. */
  readonly requestTimeoutMs?: number;
  /** Open311 GeoReport v2: the communities it serves. Absent: no Open311 routes. */
  readonly open311?: Open311Settings;
  /** Where photos are kept. Absent: no photo routes. */
  readonly media?: MediaStore;
  /** The time the gateway stamps what it fills in (an Open311 report's observation); default the system's. */
  readonly now?: () => number;
  /** Whether `X-Forwarded-For` is trusted (behind a proxy); default false. */
  readonly trustProxy?: boolean | number | string;
  /**
   * The built web app's directory (`apps/web/dist`), served at `/` with the app's page
   * for every other page path. Absent: no web pages.
   */
  readonly webRoot?: string;
}

/** A gateway app and the routes it serves from the contracts. */
export interface GatewayApp {
  readonly app: Express;
  readonly routes: ReadonlyArray<HttpRoute>;
}

const requestIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The gateway as an express 5 app: every served contract's commands and queries under
 * `/v1/communities/{community}`, the queries contracts mark public without a token under
 * `/v1/public/communities/{community}`, sign-in under `/v1/auth`, Open311 under `/open311/v2`,
 * the OpenAPI document at `/openapi.json` and its page at `/docs`, `/healthz` and
 * `/readyz`; every refusal an RFC 9457 problem. It holds no domain rule: the services
 * decide.
 *
 * @example
 * const { app } = gatewayApp({ bus, store, signIn });
 * app.listen(3000);
 */
export const gatewayApp = (options: GatewayOptions): GatewayApp => {
  const app = express();
  const problemBase = options.problemBase ?? defaultProblemBase;
  const bodyLimit = options.bodyLimitBytes ?? 1024 * 1024;
  const routes = routesOf(options.contracts ?? servedContracts);
  const publicRoutes = publicRoutesOf(options.contracts ?? servedContracts);
  const verify = tokenVerifier(options.signIn.tokens);

  app.disable("x-powered-by");
  app.set("trust proxy", options.trustProxy ?? false);
  app.set("query parser", "simple");
  app.use((request: Request, response: Response, next: NextFunction) => {
    const given = request.get("X-Request-Id");
    const requestId = given !== undefined && requestIdPattern.test(given) ? given : randomUUID();
    response.locals.requestId = requestId;
    response.setHeader("X-Request-Id", requestId);
    next();
  });
  if (options.logger !== undefined) {
    const logger = options.logger;
    const logRequest = pinoHttp<Request, Response>({
      logger,
      genReqId: (_request, response) => String(response.locals?.requestId ?? randomUUID()),
      // Method, path and status only: no headers (tokens), no query, no body (numbers, names).
      serializers: {
        req: (request: { id?: unknown; method?: string; url?: string }) => ({
          id: request.id,
          method: request.method,
          path: (request.url ?? "").split("?")[0]?.slice(0, 200),
        }),
        res: (response: { statusCode?: number }) => ({ statusCode: response.statusCode }),
      },
      customProps: (_request, response) => ({
        problem: response.locals?.problemCode,
      }),
    });
    // pino-http writes every request's line at `info` (it is given no other level), but
    // makes two child loggers and serializes the request on every request even when
    // `info` is off: then it would write nothing, so it is not run. Asked per request,
    // so a level changed while running takes effect.
    app.use((request: Request, response: Response, next: NextFunction) => {
      if (logger.isLevelEnabled("info")) logRequest(request, response, next);
      else next();
    });
  }
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          "default-src": ["'self'"],
          "img-src": ["'self'", "data:", "blob:"],
          // The courier's QR scanner decodes in a worker it makes from a blob: address.
          "worker-src": ["'self'", "blob:"],
        },
      },
    }),
  );
  const origins = options.corsOrigins ?? [];
  app.use(
    cors({
      origin: origins.includes("*") ? true : [...origins],
      exposedHeaders: ["Location", "ETag", "Link", "X-Request-Id", "Retry-After"],
      allowedHeaders: [
        "Authorization",
        "Content-Type",
        "Idempotency-Key",
        "X-Request-Id",
        "If-Match",
        "Accept-Language",
        "X-Acting-Role",
      ],
    }),
  );
  app.use(
    rateLimit({
      windowMs: 60_000,
      limit: options.requestsPerMinute ?? 600,
      standardHeaders: "draft-8",
      legacyHeaders: false,
      keyGenerator: (request) => ipKeyGenerator(request.ip ?? ""),
      handler: (_request: Request, _response: Response, next: NextFunction) =>
        next(tooManyRequests(60)),
    }),
  );
  const jsonBody = express.json({
    limit: bodyLimit,
    strict: true,
    type: ["application/json", "application/*+json"],
  });
  const formBody = express.urlencoded({ limit: bodyLimit, extended: false, parameterLimit: 200 });
  app.use((request: Request, response: Response, next: NextFunction) => {
    // A request without a body (no Transfer-Encoding, no numeric Content-Length: what
    // body-parser's own check finds, as on every GET) is left as both parsers would
    // leave it, `body` undefined, without passing through the two of them and their
    // router steps on every read.
    if (
      request.headers["transfer-encoding"] === undefined &&
      Number.isNaN(Number(request.headers["content-length"]))
    ) {
      if (!Reflect.has(request, "body")) request.body = undefined;
      next();
      return;
    }
    jsonBody(request, response, (error?: unknown) => {
      if (error !== undefined && error !== null) next(error);
      else formBody(request, response, next);
    });
  });
  // A body of another type on a route that reads JSON: refused by type, not by shape.
  app.use((request: Request, _response: Response, next: NextFunction) => {
    const hasBody =
      Number(request.get("content-length") ?? 0) > 0 ||
      request.get("transfer-encoding") !== undefined;
    const multipart =
      request.is("multipart/form-data") !== false && request.is("multipart/form-data") !== null;
    if (hasBody && request.body === undefined && !multipart && request.method !== "GET") {
      next(unsupportedMediaType("application/json"));
      return;
    }
    next();
  });

  app.get("/healthz", (_request, response) => {
    response.status(200).json({ status: "ok" });
  });
  app.get("/readyz", async (_request, response) => {
    const ready = await readiness(options.bus, options.store);
    response.status(ready.ok ? 200 : 503).json(ready);
  });

  const document = gatewayDocument(
    routes,
    { open311: options.open311 !== undefined, media: options.media !== undefined },
    publicRoutes,
  );
  app.get("/openapi.json", (_request, response) => {
    response.status(200).json(document);
  });
  const page = docsPage(document);
  app.get("/docs", (_request, response) => {
    response.status(200).type("html").send(page);
  });

  const auth = Router();
  mountAuthRoutes(auth, options.store, options.signIn, options.bus);
  app.use("/v1/auth", auth);

  // What a contract marks public, read without a token (the station page, the year's figures).
  const open = Router({ mergeParams: true });
  mountPublicRoutes(open, publicRoutes, {
    bus: options.bus,
    ...(options.requestTimeoutMs === undefined ? {} : { timeoutMs: options.requestTimeoutMs }),
  });
  app.use("/v1/public/communities/:community", open);

  const community = Router({ mergeParams: true });
  community.use(authenticate(verify));
  mountAccountRoutes(community, options.store);
  if (options.media !== undefined) mountMediaRoutes(community, options.media);
  mountContractRoutes(community, routes, {
    bus: options.bus,
    store: options.store,
    ...(options.requestTimeoutMs === undefined ? {} : { timeoutMs: options.requestTimeoutMs }),
  });
  app.use("/v1/communities/:community", community);

  if (options.open311 !== undefined) {
    const open311 = Router();
    mountOpen311Routes(open311, {
      bus: options.bus,
      store: options.store,
      settings: options.open311,
      verify,
      media: options.media,
      now: options.now ?? Date.now,
    });
    app.use("/open311/v2", open311);
  }

  if (options.webRoot !== undefined) mountWebApp(app, options.webRoot);

  app.use((request: Request, _response: Response, next: NextFunction) => {
    next(routeNotFound(request.method, request.path));
  });
  app.use((error: unknown, request: Request, response: Response, _next: NextFunction) => {
    const type = (error as { type?: unknown } | null)?.type;
    const failure =
      type === "entity.parse.failed"
        ? malformedBody()
        : type === "entity.too.large"
          ? bodyTooLarge(bodyLimit)
          : type === "charset.unsupported" || type === "encoding.unsupported"
            ? unsupportedMediaType("application/json; charset=utf-8")
            : error;
    // A fault (not a refusal) is logged with its stack under the request id the client
    // got; a refusal is not, its code is in the request's log line.
    if (failureShape(failure).status >= 500 && options.logger !== undefined) {
      options.logger.error(
        {
          requestId: response.locals.requestId,
          problem: failureShape(failure).code,
          fault:
            failure instanceof Error ? { name: failure.name, stack: failure.stack } : undefined,
        },
        "request failed",
      );
    }
    sendProblem(request, response, failure, problemBase);
  });
  return { app, routes };
};
