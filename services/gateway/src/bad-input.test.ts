import { SignJWT } from "jose";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gatewayApp } from "./app.js";
import {
  at,
  courierSignIn,
  type GatewayStation,
  otherCommunity,
  signIn,
  startGatewayStation,
} from "./testing/gateway-station.js";

/*
 * Bad input over HTTP, a case each: every one is answered with an RFC 9457 problem of the
 * right status, code and fields, never a 5xx, and nothing is stored (checked at the end
 * through the staff's list of couriers).
 */

let gateway: GatewayStation;
let staff: string;
let courier: { accessToken: string; subject: string };

const registration = (courierId: string, changes: Record<string, unknown> = {}) => ({
  courierId,
  nickname: "小李",
  realName: "李小红",
  mobileNumber: "13900139001",
  platforms: ["eleme"],
  employment: "crowd-sourced",
  consentPolicyVersion: "2026-01",
  ...changes,
});

beforeAll(async () => {
  gateway = await startGatewayStation();
  staff = `Bearer ${await signIn(gateway.app, "staff-wang")}`;
  courier = await courierSignIn(gateway, "13900139001");
});
afterAll(async () => gateway.close());

const expectProblem = (
  response: request.Response,
  status: number,
  code: string,
  field?: string,
) => {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
  const problem = JSON.parse(response.text) as {
    type: string;
    code: string;
    status: number;
    detail: string;
    requestId: string;
    errors?: Array<{ field: string }>;
  };
  expect(problem.code).toBe(code);
  expect(problem.status).toBe(status);
  expect(problem.type).toBe(`https://courier-station.org/problems/${code}`);
  expect(problem.requestId).toBe(response.headers["x-request-id"]);
  expect(problem.detail).toMatch(/\p{Script=Han}/u);
  if (field !== undefined) expect(problem.errors?.map((error) => error.field)).toContain(field);
  return problem;
};

const register = (body: unknown, bearer = `Bearer ${courier.accessToken}`) =>
  request(gateway.app)
    .post(at("/couriers"))
    .set("Authorization", bearer)
    .send(body as object);

describe("bad input over HTTP", () => {
  it("refuses malformed JSON", async () => {
    const response = await request(gateway.app)
      .post(at("/couriers"))
      .set("Authorization", staff)
      .set("Content-Type", "application/json")
      .send('{"courierId": "c-x",');
    expectProblem(response, 400, "input.malformed_json");
  });

  it("refuses a body that is not JSON", async () => {
    const response = await request(gateway.app)
      .post(at("/couriers"))
      .set("Authorization", staff)
      .set("Content-Type", "text/plain")
      .send("courierId=c-x");
    expectProblem(response, 415, "input.unsupported_media_type");
  });

  it("refuses a field of the wrong type, naming it", async () => {
    expectProblem(
      await register(registration(courier.subject, { platforms: "meituan" })),
      400,
      "input.invalid",
      "platforms",
    );
  });

  it("refuses a missing field, naming it", async () => {
    const { nickname: _, ...withoutNickname } = registration(courier.subject);
    expectProblem(await register(withoutNickname), 400, "input.invalid", "nickname");
  });

  it("refuses an unknown field", async () => {
    expectProblem(
      await register(registration(courier.subject, { favouriteColour: "red" })),
      400,
      "input.invalid",
    );
  });

  it("refuses a $-prefixed key", async () => {
    expectProblem(
      await register(registration(courier.subject, { $where: "1" })),
      400,
      "input.invalid",
    );
  });

  it("refuses a dotted key", async () => {
    expectProblem(
      await register(registration(courier.subject, { "workArea.description": "x" })),
      400,
      "input.invalid",
    );
  });

  it("refuses __proto__", async () => {
    const response = await request(gateway.app)
      .post(at("/couriers"))
      .set("Authorization", `Bearer ${courier.accessToken}`)
      .set("Content-Type", "application/json")
      .send(
        `{"__proto__": {"admin": true}, ${JSON.stringify(registration(courier.subject)).slice(1)}`,
      );
    expectProblem(response, 400, "input.invalid");
  });

  it("refuses a number beyond 2^53", async () => {
    const response = await request(gateway.app)
      .post(at("/points-adjustments"))
      .set("Authorization", staff)
      .set("Content-Type", "application/json")
      .send(
        `{"transferId":"adj-huge","courierId":"${courier.subject}","direction":"grant","amount":9007199254740993,"note":"太多了太多了"}`,
      );
    expectProblem(response, 400, "input.invalid", "amount");
  });

  it("refuses a 5 MB body before reading it", async () => {
    const response = await register(
      registration(courier.subject, { nickname: "x".repeat(5 * 1024 * 1024) }),
    );
    expectProblem(response, 413, "input.too_large");
  });

  it("answers 404 for a path id that does not exist", async () => {
    const response = await request(gateway.app)
      .get(at("/couriers/c-nobody"))
      .set("Authorization", staff);
    expectProblem(response, 404, "courier.not_found");
  });

  it("refuses a token for another community", async () => {
    const elsewhere = `Bearer ${await signIn(gateway.app, "staff-zhao")}`;
    const response = await request(gateway.app)
      .get(at("/couriers"))
      .set("Authorization", elsewhere);
    expectProblem(response, 403, "access.forbidden");
    const theirs = await request(gateway.app)
      .get(at("/couriers", otherCommunity))
      .set("Authorization", elsewhere);
    expect(theirs.status).toBe(200);
  });

  it("refuses an expired token", async () => {
    const secret = gateway.options.signIn.tokens.secret;
    const expired = await new SignJWT({ roles: ["staff"], communities: ["jinshan-wanda"] })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("staff-wang")
      .setIssuer("courier-station")
      .setAudience("courier-station-api")
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(secret);
    const response = await request(gateway.app)
      .get(at("/couriers"))
      .set("Authorization", `Bearer ${expired}`);
    expectProblem(response, 401, "access.unauthenticated");
    expect(response.headers["www-authenticate"]).toMatch(/^Bearer/);
  });

  it("refuses a forged token", async () => {
    const forged = await new SignJWT({ roles: ["staff"], communities: ["jinshan-wanda"] })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("staff-wang")
      .setIssuer("courier-station")
      .setAudience("courier-station-api")
      .setExpirationTime("10m")
      .sign(new TextEncoder().encode("not the gateway's secret, but long enough"));
    const response = await request(gateway.app)
      .get(at("/couriers"))
      .set("Authorization", `Bearer ${forged}`);
    expectProblem(response, 401, "access.unauthenticated");
  });

  it("refuses a request without a token", async () => {
    expectProblem(await request(gateway.app).get(at("/couriers")), 401, "access.unauthenticated");
  });

  it("refuses a courier calling a staff route", async () => {
    const response = await request(gateway.app)
      .post(at(`/couriers/${courier.subject}/verification`))
      .set("Authorization", `Bearer ${courier.accessToken}`)
      .send({});
    expectProblem(response, 403, "access.forbidden");
    const list = await request(gateway.app)
      .get(at("/couriers"))
      .set("Authorization", `Bearer ${courier.accessToken}`);
    expectProblem(list, 403, "access.forbidden");
  });

  it("shows a sponsor no courier's personal data", async () => {
    const someone = await courierSignIn(gateway, "13700137001");
    await request(gateway.app)
      .post(at("/couriers"))
      .set("Authorization", `Bearer ${someone.accessToken}`)
      .send(registration(someone.subject, { mobileNumber: "13700137001", realName: "赵大强" }))
      .expect(201);
    const sponsor = `Bearer ${await signIn(gateway.app, "sponsor-zhou")}`;
    const view = await request(gateway.app)
      .get(at(`/couriers/${someone.subject}`))
      .set("Authorization", sponsor);
    expect(view.status).toBe(200);
    expect(view.body.view).toBe("sponsor");
    expect(view.text).not.toContain("赵大强");
    expect(view.text).not.toContain("13700137001");
    expectProblem(
      await request(gateway.app).get(at("/couriers")).set("Authorization", sponsor),
      403,
      "access.forbidden",
    );
  });

  it("keeps a courier from another courier's record and points", async () => {
    const other = await courierSignIn(gateway, "13700137002");
    await request(gateway.app)
      .post(at("/couriers"))
      .set("Authorization", `Bearer ${other.accessToken}`)
      .send(registration(other.subject, { mobileNumber: "13700137002", realName: "钱多多" }))
      .expect(201);
    const record = await request(gateway.app)
      .get(at(`/couriers/${other.subject}`))
      .set("Authorization", `Bearer ${courier.accessToken}`);
    expect([403, 404]).toContain(record.status);
    expect(record.text).not.toContain("钱多多");
    const points = await request(gateway.app)
      .get(at(`/couriers/${other.subject}/points`))
      .set("Authorization", `Bearer ${courier.accessToken}`);
    expect([403, 404]).toContain(points.status);
    expect(points.headers["content-type"]).toMatch(/problem\+json/);
  });

  it("refuses a replayed one-time code", async () => {
    const mobileNumber = "13600136001";
    await request(gateway.app)
      .post("/v1/auth/codes")
      .send({ community: "jinshan-wanda", mobileNumber })
      .expect(202);
    const code = gateway.sms.codes.get(mobileNumber);
    const body = { community: "jinshan-wanda", mobileNumber, code };
    await request(gateway.app).post("/v1/auth/code-sign-ins").send(body).expect(200);
    expectProblem(
      await request(gateway.app).post("/v1/auth/code-sign-ins").send(body),
      401,
      "access.unauthenticated",
    );
  });

  it("voids a code after too many wrong tries", async () => {
    const mobileNumber = "13600136002";
    await request(gateway.app)
      .post("/v1/auth/codes")
      .send({ community: "jinshan-wanda", mobileNumber })
      .expect(202);
    const code = gateway.sms.codes.get(mobileNumber) ?? "";
    const wrong = code === "000000" ? "111111" : "000000";
    for (let attempt = 0; attempt < 5; attempt++) {
      await request(gateway.app)
        .post("/v1/auth/code-sign-ins")
        .send({ community: "jinshan-wanda", mobileNumber, code: wrong })
        .expect(401);
    }
    expectProblem(
      await request(gateway.app)
        .post("/v1/auth/code-sign-ins")
        .send({ community: "jinshan-wanda", mobileNumber, code }),
      401,
      "access.unauthenticated",
    );
  });

  it("limits sign-in attempts per client and login", async () => {
    const { app } = gatewayApp({
      ...gateway.options,
      signIn: { ...gateway.options.signIn, attemptsPerWindow: 3 },
    });
    for (let attempt = 0; attempt < 3; attempt++) {
      await request(app)
        .post("/v1/auth/password-sign-ins")
        .send({ login: "staff-wang", password: "wrong guess" })
        .expect(401);
    }
    const limited = await request(app)
      .post("/v1/auth/password-sign-ins")
      .send({ login: "staff-wang", password: "a long test passphrase" });
    expectProblem(limited, 429, "http.too_many_requests");
    expect(limited.headers["retry-after"]).toBeDefined();
  });

  it("refuses an Idempotency-Key sent again with another body", async () => {
    const first = await request(gateway.app)
      .post(at("/stations"))
      .set("Authorization", staff)
      .set("Idempotency-Key", "open-wanda")
      .send(station("wanda-1"));
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const again = await request(gateway.app)
      .post(at("/stations"))
      .set("Authorization", staff)
      .set("Idempotency-Key", "open-wanda")
      .send(station("wanda-1"));
    expect(again.status).toBe(201);
    expect(again.body.outcome).toBe("duplicate");
    expectProblem(
      await request(gateway.app)
        .post(at("/stations"))
        .set("Authorization", staff)
        .set("Idempotency-Key", "open-wanda")
        .send(station("wanda-2")),
      422,
      "idempotency.key_reused",
      "Idempotency-Key",
    );
  });

  it("answers in English when Accept-Language prefers it", async () => {
    const response = await request(gateway.app)
      .get(at("/couriers/c-nobody"))
      .set("Authorization", staff)
      .set("Accept-Language", "en-GB,en;q=0.9,zh;q=0.5");
    expect(response.status).toBe(404);
    expect(response.body.language).toBe("en");
    expect(response.body.detail).toMatch(/[A-Za-z]{4}/);
    expect(response.body.detail).not.toMatch(/\p{Script=Han}/u);
  });

  it("refuses an unknown route as a problem", async () => {
    expectProblem(await request(gateway.app).get("/v1/nothing-here"), 404, "http.route_not_found");
  });

  it("stored none of the refused registrations", async () => {
    const list = await request(gateway.app)
      .get(at("/couriers"))
      .set("Authorization", staff)
      .expect(200);
    const ids = list.body.items.map((item: { courierId: string }) => item.courierId);
    expect(ids).not.toContain(courier.subject);
  });
});

const station = (stationId: string) => ({
  stationId,
  name: { "zh-CN": "万达驿站", en: "Wanda station" },
  address: { "zh-CN": "上海市金山区龙山路 555 号", en: "555 Longshan Road, Jinshan" },
  location: { latitude: 30.7416, longitude: 121.3464, datum: "GCJ-02" },
  openingHours: { kind: "around-the-clock" },
  amenities: { standard: ["charging", "drinking-water"], others: [] },
});
