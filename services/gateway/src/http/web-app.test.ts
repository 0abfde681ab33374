import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gatewayApp } from "../app.js";
import { type GatewayStation, startGatewayStation } from "../testing/gateway-station.js";

/*
 * The built web app at `/`: its files, its page for the app's own paths (so a page can be
 * reloaded), and nothing of it on the gateway's paths or for a missing file.
 */

let gateway: GatewayStation;
let webRoot: string;
const page = '<!doctype html><html lang="zh-CN"><div id="root"></div></html>';

beforeAll(async () => {
  webRoot = mkdtempSync(join(tmpdir(), "cs-web-root-"));
  mkdirSync(join(webRoot, "assets"));
  writeFileSync(join(webRoot, "index.html"), page);
  writeFileSync(join(webRoot, "assets", "index-abc123.js"), "console.log('pages');");
  gateway = await startGatewayStation({ webRoot });
});
afterAll(async () => {
  await gateway.close();
  rmSync(webRoot, { recursive: true, force: true });
});

describe("the web app at /", () => {
  it("serves the app's page at / and at the app's own paths, never cached", async () => {
    for (const path of ["/", "/staff/reports", "/sponsor", "/public/jinshan-wanda", "/me"]) {
      const answer = await request(gateway.app).get(path).set("Accept", "text/html").expect(200);
      expect(answer.type).toBe("text/html");
      expect(answer.text).toBe(page);
      expect(answer.headers["cache-control"]).toBe("no-cache");
    }
  });

  it("serves the hashed assets for a year", async () => {
    const answer = await request(gateway.app).get("/assets/index-abc123.js").expect(200);
    expect(answer.text).toContain("pages");
    expect(answer.headers["cache-control"]).toContain("immutable");
  });

  it("leaves the gateway's paths and missing files to the gateway: 404 problems, not the page", async () => {
    for (const path of ["/v1/nothing", "/open311/v2/nothing", "/assets/missing.js", "/docs/x"]) {
      const answer = await request(gateway.app).get(path).set("Accept", "text/html,*/*");
      expect(answer.status).toBe(404);
      expect(answer.type).toBe("application/problem+json");
    }
    await request(gateway.app).get("/healthz").expect(200, { status: "ok" });
    const document = await request(gateway.app).get("/openapi.json").expect(200);
    expect(document.body.openapi).toMatch(/^3\.1/);
  });

  it("answers a JSON client at an unknown path with a problem, and a POST is never the page", async () => {
    const json = await request(gateway.app).get("/whatever").set("Accept", "application/json");
    expect(json.status).toBe(404);
    const post = await request(gateway.app).post("/staff").set("Accept", "text/html");
    expect(post.status).toBe(404);
  });

  it("refuses to start on a directory with no built app", () => {
    const empty = mkdtempSync(join(tmpdir(), "cs-web-empty-"));
    try {
      expect(() => gatewayApp({ ...gateway.options, webRoot: empty })).toThrow(/index\.html/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
