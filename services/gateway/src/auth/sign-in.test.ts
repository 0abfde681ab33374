import { Effect } from "effect";
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from "jose";
import { pino } from "pino";
import sharp from "sharp";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gatewayApp } from "../app.js";
import { startGateway } from "../start.js";
import {
  at,
  courierSignIn,
  type GatewayStation,
  password,
  signIn,
  startGatewayStation,
} from "../testing/gateway-station.js";
import { gatewayAccounts } from "./accounts.js";
import { pendingCodes } from "./one-time-codes.js";
import { refreshTokens } from "./tokens.js";

/*
 * Sign-in and sessions: refresh tokens used once and revocable, accounts staff create,
 * a district's own identity provider, nothing secret kept in the store in the clear, and
 * the operational routes (request ids, health, readiness, CORS).
 */

let gateway: GatewayStation;

beforeAll(async () => {
  gateway = await startGatewayStation({ corsOrigins: ["https://console.example.cn"] });
});
afterAll(async () => gateway.close());

const allDocuments = async (
  definition: typeof gatewayAccounts | typeof refreshTokens | typeof pendingCodes,
) =>
  JSON.stringify(
    await Effect.runPromise(
      Effect.flatMap(
        gateway.options.store.readModel(definition as typeof gatewayAccounts),
        (model) => model.find({ limit: 1_000 }),
      ),
    ),
  );

describe("sign-in and sessions", () => {
  it("uses a refresh token once, and signing out revokes it", async () => {
    const first = await request(gateway.app)
      .post("/v1/auth/password-sign-ins")
      .send({ login: "staff-wang", password })
      .expect(200);
    expect(first.body).toMatchObject({
      tokenType: "Bearer",
      roles: ["staff"],
      communities: ["jinshan-wanda"],
    });
    const second = await request(gateway.app)
      .post("/v1/auth/refreshes")
      .send({ refreshToken: first.body.refreshToken })
      .expect(200);
    await request(gateway.app)
      .post("/v1/auth/refreshes")
      .send({ refreshToken: first.body.refreshToken })
      .expect(401);
    await request(gateway.app)
      .post("/v1/auth/sign-outs")
      .send({ refreshToken: second.body.refreshToken })
      .expect(204);
    await request(gateway.app)
      .post("/v1/auth/refreshes")
      .send({ refreshToken: second.body.refreshToken })
      .expect(401);
    await request(gateway.app)
      .get(at("/couriers"))
      .set("Authorization", `Bearer ${second.body.accessToken}`)
      .expect(200);
  });

  it("refuses a wrong password and an unknown login alike", async () => {
    const wrong = await request(gateway.app)
      .post("/v1/auth/password-sign-ins")
      .send({ login: "staff-wang", password: "not it at all" });
    const unknown = await request(gateway.app)
      .post("/v1/auth/password-sign-ins")
      .send({ login: "nobody-here", password });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.detail).toBe(unknown.body.detail);
  }, 30_000);

  it("keeps no password, code, refresh token or mobile number in the clear", async () => {
    const courier = await courierSignIn(gateway, "13200132001");
    await request(gateway.app)
      .post("/v1/auth/codes")
      .send({ community: "jinshan-wanda", mobileNumber: "13200132002" })
      .expect(202);
    const code = gateway.sms.codes.get("13200132002") ?? "";
    const stored = [
      await allDocuments(gatewayAccounts),
      await allDocuments(refreshTokens),
      await allDocuments(pendingCodes),
    ].join("\n");
    expect(stored).not.toContain(password);
    expect(stored).not.toContain("13200132001");
    expect(stored).not.toContain("13200132002");
    expect(stored).not.toContain(`"${code}"`);
    expect(stored).not.toContain(courier.refreshToken);
    expect(stored).toContain("scrypt$");
  });

  it("lets staff create accounts for their own community only", async () => {
    const staff = `Bearer ${await signIn(gateway.app, "staff-wang")}`;
    await request(gateway.app)
      .post(at("/accounts"))
      .set("Authorization", staff)
      .send({ login: "sponsor-wanda-cinema", password, role: "sponsor" })
      .expect(201);
    await signIn(gateway.app, "sponsor-wanda-cinema");
    const taken = await request(gateway.app)
      .post(at("/accounts"))
      .set("Authorization", staff)
      .send({
        login: "sponsor-wanda-cinema",
        password: "another long passphrase",
        role: "sponsor",
      });
    expect(taken.status).toBe(409);
    const elsewhere = await request(gateway.app)
      .post(at("/accounts"))
      .set("Authorization", staff)
      .send({
        login: "x-elsewhere",
        password: "another long passphrase",
        role: "staff",
        communities: ["shanyang-town"],
      });
    expect(elsewhere.status).toBe(403);
    const sponsor = `Bearer ${await signIn(gateway.app, "sponsor-zhou")}`;
    const bySponsor = await request(gateway.app)
      .post(at("/accounts"))
      .set("Authorization", sponsor)
      .send({ login: "x-by-sponsor", password: "another long passphrase", role: "staff" });
    expect(bySponsor.status).toBe(403);
  }, 30_000);

  it("accepts a district identity provider's tokens, verified against its keys, with configured claims", async () => {
    const { publicKey, privateKey } = await generateKeyPair("ES256");
    const jwk = { ...(await exportJWK(publicKey)), kid: "district-1", alg: "ES256" };
    const { app } = gatewayApp({
      ...gateway.options,
      signIn: {
        ...gateway.options.signIn,
        tokens: {
          ...gateway.options.signIn.tokens,
          external: {
            issuer: "https://id.jinshan.example.cn",
            audience: "courier-station",
            keys: createLocalJWKSet({ keys: [jwk] }),
            subjectClaim: "employee_id",
            rolesClaim: "cs_roles",
            communitiesClaim: "cs_communities",
          },
        },
      },
    });
    const token = await new SignJWT({
      employee_id: "grid-77",
      cs_roles: ["auditor"],
      cs_communities: ["jinshan-wanda"],
    })
      .setProtectedHeader({ alg: "ES256", kid: "district-1" })
      .setIssuer("https://id.jinshan.example.cn")
      .setAudience("courier-station")
      .setExpirationTime("5m")
      .sign(privateKey);
    await request(app).get(at("/couriers")).set("Authorization", `Bearer ${token}`).expect(200);
    const { privateKey: otherKey } = await generateKeyPair("ES256");
    const forged = await new SignJWT({
      employee_id: "grid-77",
      cs_roles: ["staff"],
      cs_communities: ["jinshan-wanda"],
    })
      .setProtectedHeader({ alg: "ES256", kid: "district-1" })
      .setIssuer("https://id.jinshan.example.cn")
      .setAudience("courier-station")
      .setExpirationTime("5m")
      .sign(otherKey);
    await request(app).get(at("/couriers")).set("Authorization", `Bearer ${forged}`).expect(401);
  });
});

describe("a courier registered by staff before their first sign-in", () => {
  it("signs in to the record staff made, under its id, and sees it as their own", async () => {
    const staff = `Bearer ${await signIn(gateway.app, "staff-wang")}`;
    await request(gateway.app)
      .post(at("/couriers"))
      .set("Authorization", staff)
      .send({
        courierId: "c-paper-form-1",
        nickname: "小冯",
        realName: "冯小八",
        mobileNumber: "13600136077",
        platforms: ["meituan"],
        employment: "crowd-sourced",
        consentPolicyVersion: "2026-01",
      })
      .expect(201);

    const courier = await courierSignIn(gateway, "13600136077");
    expect(courier.subject).toBe("c-paper-form-1");
    const own = await request(gateway.app)
      .get(at("/couriers/me"))
      .set("Authorization", `Bearer ${courier.accessToken}`)
      .expect(200);
    expect(JSON.stringify(own.body)).toContain("冯小八");

    // Another number still gets a new id of its own.
    const newcomer = await courierSignIn(gateway, "13600136078");
    expect(newcomer.subject).not.toBe("c-paper-form-1");
    expect(newcomer.subject).toMatch(/^c-[0-9a-f]{20}$/);
  });
});

describe("a courier's suspension and erasure", () => {
  it("ends a suspended courier's sessions, and disables an erased courier's account and removes their photos", async () => {
    const staff = `Bearer ${await signIn(gateway.app, "staff-wang")}`;
    const register = async (mobileNumber: string) => {
      const courier = await courierSignIn(gateway, mobileNumber);
      await request(gateway.app)
        .post(at("/couriers"))
        .set("Authorization", `Bearer ${courier.accessToken}`)
        .send({
          courierId: courier.subject,
          nickname: "小郑",
          realName: "郑小七",
          mobileNumber,
          platforms: ["jd"],
          employment: "full-time",
          consentPolicyVersion: "2026-01",
        })
        .expect(201);
      await request(gateway.app)
        .post(at(`/couriers/${courier.subject}/verification`))
        .set("Authorization", staff)
        .send({})
        .expect(204);
      return courier;
    };
    const eventuallyStatus = async (probe: () => Promise<number>, status: number) => {
      let last = await probe();
      for (let attempt = 0; attempt < 150 && last !== status; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        last = await probe();
      }
      return last;
    };

    const suspended = await register("13400134001");
    await request(gateway.app)
      .post(at(`/couriers/${suspended.subject}/suspension`))
      .set("Authorization", staff)
      .send({ reason: "多次违规停放" })
      .expect(204);
    expect(
      await eventuallyStatus(
        async () =>
          (
            await request(gateway.app)
              .post("/v1/auth/refreshes")
              .send({ refreshToken: suspended.refreshToken })
          ).status,
        401,
      ),
    ).toBe(401);

    const erased = await register("13400134002");
    const photo = await request(gateway.app)
      .post(at("/photos"))
      .set("Authorization", `Bearer ${erased.accessToken}`)
      .attach(
        "photo",
        await sharp({ create: { width: 8, height: 8, channels: 3, background: "#888" } })
          .png()
          .toBuffer(),
        "a.png",
      )
      .expect(201);
    const erasure = await request(gateway.app)
      .post(at(`/couriers/${erased.subject}/erasure`))
      .set("Authorization", staff)
      .send({});
    expect(erasure.status, erasure.text).toBe(204);
    expect(
      await eventuallyStatus(
        async () =>
          (await request(gateway.app).get(photo.body.url).set("Authorization", staff)).status,
        404,
      ),
    ).toBe(404);
    await request(gateway.app)
      .post("/v1/auth/refreshes")
      .send({ refreshToken: erased.refreshToken })
      .expect(401);
  }, 30_000);
});

describe("operations", () => {
  it("returns the request id it was given, or one it made", async () => {
    const given = await request(gateway.app)
      .get("/healthz")
      .set("X-Request-Id", "req-abc-123")
      .expect(200);
    expect(given.headers["x-request-id"]).toBe("req-abc-123");
    const made = await request(gateway.app)
      .get("/healthz")
      .set("X-Request-Id", "bad id with spaces")
      .expect(200);
    expect(made.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("logs requests without personal data, tokens or bodies", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => lines.push(line) });
    const { app } = gatewayApp({ ...gateway.options, logger });
    await request(app)
      .post("/v1/auth/codes")
      .send({ community: "jinshan-wanda", mobileNumber: "13100131001" })
      .expect(202);
    const code = gateway.sms.codes.get("13100131001");
    const signedIn = await request(app)
      .post("/v1/auth/code-sign-ins")
      .send({ community: "jinshan-wanda", mobileNumber: "13100131001", code })
      .expect(200);
    await request(app)
      .post(at("/couriers?realName=孙悟空"))
      .set("Authorization", `Bearer ${signedIn.body.accessToken}`)
      .send({ courierId: signedIn.body.subject, realName: "孙悟空", mobileNumber: "13100131001" })
      .expect(400);
    const log = lines.join("\n");
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(log).toContain("/v1/auth/code-sign-ins");
    expect(log).not.toContain("13100131001");
    expect(log).not.toContain("孙悟空");
    expect(log).not.toContain(signedIn.body.accessToken);
    expect(log).not.toContain(`"${String(code)}"`);
  });

  it("writes request lines while info is on, also when the level is changed while running", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "warn" }, { write: (line: string) => lines.push(line) });
    const { app } = gatewayApp({ ...gateway.options, logger });
    await request(app).get("/healthz").expect(200);
    await request(app).get(at("/couriers")).expect(401);
    expect(lines).toEqual([]);
    logger.level = "info";
    await request(app).get(at("/couriers")).expect(401);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({
      level: 30,
      req: { method: "GET", path: at("/couriers") },
      res: { statusCode: 401 },
      problem: "access.unauthenticated",
    });
  });

  it("is ready when the bus and the store answer", async () => {
    const ready = await request(gateway.app).get("/readyz").expect(200);
    expect(ready.body).toEqual({ ok: true, bus: "ok", store: "ok" });
  });

  it("allows the configured origins only, and sets security headers", async () => {
    const allowed = await request(gateway.app)
      .get("/healthz")
      .set("Origin", "https://console.example.cn");
    expect(allowed.headers["access-control-allow-origin"]).toBe("https://console.example.cn");
    const other = await request(gateway.app).get("/healthz").set("Origin", "https://evil.example");
    expect(other.headers["access-control-allow-origin"]).toBeUndefined();
    expect(allowed.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("starts listening on a port for the station program, and closes", async () => {
    const running = await startGateway({
      bus: gateway.options.bus,
      store: gateway.options.store,
      port: 0,
      host: "127.0.0.1",
      secret: "a station secret of at least thirty-two characters",
    });
    try {
      const response = await fetch(`${running.url}/healthz`);
      expect(response.status).toBe(200);
    } finally {
      await running.close();
    }
  });
});
