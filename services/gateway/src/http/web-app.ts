import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import express, { type Express, type NextFunction, type Request, type Response } from "express";

/** The gateway's own paths: never answered with the web app's page. */
const gatewayPaths = ["/v1", "/open311", "/docs", "/openapi.json", "/healthz", "/readyz"];

const isGatewayPath = (path: string): boolean =>
  gatewayPaths.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

/**
 * Serves the built web app (`apps/web/dist`) at `/`: its files (the hashed `assets/`
 * cached for a year), and its `index.html` for any other GET of a page the browser asks
 * for as HTML (the app's router then shows it), so `/staff/reports` can be reloaded or
 * bookmarked. The gateway's own paths and missing files (a path with an extension) are
 * left to the routes after it, which answer them or a 404 problem.
 *
 * @example
 * mountWebApp(app, "/srv/courier-station/apps/web/dist");
 */
export const mountWebApp = (app: Express, root: string): void => {
  const directory = resolve(root);
  const page = join(directory, "index.html");
  if (!existsSync(page)) {
    throw new Error(`The web app at ${directory} has no index.html: build it first`);
  }
  app.use(
    express.static(directory, {
      index: false,
      setHeaders: (response, path) => {
        response.setHeader(
          "Cache-Control",
          path.startsWith(join(directory, "assets"))
            ? "public, max-age=31536000, immutable"
            : "no-cache",
        );
      },
    }),
  );
  app.use((request: Request, response: Response, next: NextFunction) => {
    const lastSegment = request.path.split("/").pop() ?? "";
    if (
      (request.method !== "GET" && request.method !== "HEAD") ||
      isGatewayPath(request.path) ||
      lastSegment.includes(".") ||
      !request.accepts("html")
    ) {
      next();
      return;
    }
    response.setHeader("Cache-Control", "no-cache");
    response.sendFile(page, (error) => {
      if (error !== undefined) next(error);
    });
  });
};
