import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routesOf, servedContracts } from "../api/route-table.js";
import { type GatewayStation, startGatewayStation } from "../testing/gateway-station.js";
import { servedRoutes } from "../testing/route-records.js";

/*
 * The OpenAPI document is the API: every route express serves is in it with its method,
 * and every path in it is served; it passes Redocly's recommended lint; /docs lists it.
 */

let gateway: GatewayStation;
let document: { openapi: string; paths: Record<string, Record<string, unknown>> };

beforeAll(async () => {
  gateway = await startGatewayStation();
  document = (await request(gateway.app).get("/openapi.json").expect(200)).body;
});
afterAll(async () => gateway.close());

// Parameter names differ in spelling (`:serviceCode` and `{service_code}`), not in place.
const normalised = (route: string) =>
  route
    .replace(/:[A-Za-z_]+/g, "{}")
    .replace(/\{[^}]*\}/g, "{}")
    .replace(/\/$/, "");

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1 with a path for every route express serves, and nothing it does not", () => {
    expect(document.openapi).toMatch(/^3\.1\./);
    const served = new Set(servedRoutes(gateway.app).map(normalised));
    const documented = new Set(
      Object.entries(document.paths).flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => normalised(`${method.toUpperCase()} ${path}`)),
      ),
    );
    expect([...served].filter((route) => !documented.has(route))).toEqual([]);
    expect([...documented].filter((route) => !served.has(route))).toEqual([]);
    expect(served.size).toBeGreaterThan(100);
  });

  it("describes a command's body, path and answers from the contract's schemas", () => {
    const operation = document.paths["/v1/communities/{community}/couriers"]?.post as {
      operationId: string;
      requestBody: {
        content: Record<string, { schema: { properties?: Record<string, unknown> } }>;
      };
      responses: Record<string, unknown>;
    };
    expect(operation.operationId).toBe("RegisterCourier");
    const body = operation.requestBody.content["application/json"]?.schema;
    expect(Object.keys(body?.properties ?? {})).toEqual(
      expect.arrayContaining(["courierId", "nickname", "mobileNumber", "platforms"]),
    );
    expect(Object.keys(operation.responses)).toEqual(
      expect.arrayContaining(["201", "400", "401", "403", "422"]),
    );
    const verify = document.paths["/v1/communities/{community}/couriers/{courierId}/verification"]
      ?.post as {
      responses: Record<string, unknown>;
    };
    expect(Object.keys(verify.responses)).toContain("204");
  });

  it("names every contract endpoint the gateway serves as an operation", () => {
    const operationIds = new Set(
      Object.values(document.paths).flatMap((methods) =>
        Object.values(methods).map(
          (operation) => (operation as { operationId: string }).operationId,
        ),
      ),
    );
    for (const route of routesOf(servedContracts))
      expect(operationIds).toContain(route.endpoint.name);
  });

  it("passes Redocly's recommended lint", async () => {
    const directory = await mkdtemp(join(tmpdir(), "gateway-openapi-"));
    const file = join(directory, "openapi.json");
    await writeFile(file, JSON.stringify(document));
    try {
      const { stdout, stderr } = await promisify(execFile)(
        "npx",
        ["redocly", "lint", file, "--format=summary"],
        {
          timeout: 120_000,
        },
      );
      // A non-zero exit (an error in the document) rejects; the summary says it is valid.
      expect(`${stdout}${stderr}`).toMatch(/valid/);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }, 150_000);

  it("is listed on a readable page at /docs", async () => {
    const page = await request(gateway.app).get("/docs").expect(200);
    expect(page.headers["content-type"]).toMatch(/text\/html/);
    expect(page.text).toContain("RegisterCourier");
    expect(page.text).toContain("/v1/communities/{community}/couriers/{courierId}/verification");
    expect(page.text).not.toContain("<script");
  });
});
