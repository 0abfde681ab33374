import { call, PolicyBook, registryContract, StationIds } from "@courier-station/contracts";
import { CommunityId, jinshanPolicy, systemActor } from "@courier-station/core";
import {
  Bus,
  Configuration,
  Logging,
  loadConfig,
  NatsBus,
  runOutboxRelay,
  runService,
  Store,
  storeLayerFor,
} from "@courier-station/kit";
import { activitiesService, CheckInCodeSource } from "@courier-station/service-activities";
import { pointsService } from "@courier-station/service-points";
import {
  ConfiguredPolicy,
  RegistrySecrets,
  RegistrySettings,
  registryService,
} from "@courier-station/service-registry";
import { reportsService } from "@courier-station/service-reports";
import { Effect, Either, Exit, Layer, Scope } from "effect";
import type { Express } from "express";
import { MongoClient } from "mongodb";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gatewayApp } from "./app.js";
import { createStaffAccount } from "./auth/accounts.js";
import { keptCodes } from "./testing/gateway-station.js";

/*
 * The gateway over NATS with the MongoDB wire server: the registry, activities, reports
 * and points services on their own NATS micro services and a MongoDB store, the gateway
 * in front on the same bus and store — sign-in, registration, verification, a report,
 * lists, Open311 and a refusal, as over the in-process bus.
 */

const natsUrl = process.env.NATS_URL;
const mongoUri = process.env.MONGODB_URI;
if (natsUrl === undefined || mongoUri === undefined) {
  throw new Error("NATS_URL and MONGODB_URI are set by the global setup; run with vitest.");
}

const community = CommunityId.parse("jinshan-wanda");
const subjectRoot = `gw${Math.random().toString(16).slice(2, 10)}`;
const database = `cs_gateway_${process.pid}_${Date.now().toString(36)}`;
const password = "a long test passphrase";
const sms = keptCodes();

let scope: Scope.CloseableScope;
let app: Express;

beforeAll(async () => {
  const config = Either.getOrThrow(loadConfig({ env: { CS_INSTANCE: "gateway-nats-test" } }));
  scope = Effect.runSync(Scope.make());
  const policy = jinshanPolicy();
  const layer = Layer.mergeAll(
    storeLayerFor({ kind: "mongodb", uri: mongoUri, database }),
    NatsBus.layer({ servers: natsUrl, subjectRoot, temporary: true }),
    Logging.silent,
    Configuration.layer(config),
    RegistrySecrets.layer(
      RegistrySettings.parse({
        sealKey: { id: "2026-11", secret: "the seal secret of the gateway's NATS test" },
        mobileKeySecret: "the mobile-key secret of the gateway's NATS test",
      }),
    ),
    ConfiguredPolicy.layer(() => policy),
    CheckInCodeSource.layer,
    StationIds.layer,
  );
  const base = await Effect.runPromise(Layer.buildWithScope(layer, scope));
  const withBook = await Effect.runPromise(
    Layer.buildWithScope(
      Layer.provideMerge(
        PolicyBook.fromRegistry({ configured: () => policy, cacheMs: 0 }),
        Layer.succeedContext(base),
      ),
      scope,
    ),
  );
  await Effect.runPromise(
    Effect.gen(function* () {
      yield* runService(registryService({ rosterImportEveryMs: 3_600_000 }));
      yield* runService(activitiesService());
      yield* runService(reportsService());
      yield* runService(pointsService());
      yield* runOutboxRelay({ owner: config.instance, idleMs: 20 });
    }).pipe(Effect.provide(withBook), Scope.extend(scope)) as Effect.Effect<void>,
  );
  const [bus, store] = await Effect.runPromise(
    Effect.all([Bus, Store]).pipe(Effect.provide(withBook)) as Effect.Effect<
      [Effect.Effect.Success<typeof Bus>, Effect.Effect.Success<typeof Store>]
    >,
  );
  await Effect.runPromise(
    call(registryContract, "RegisterCommunity", community, {
      commandId: "register-community",
      community,
      actor: systemActor("operator"),
      command: {
        type: "RegisterCommunity",
        data: {
          communityId: community,
          name: { "zh-CN": "金山万达商圈", en: "Jinshan Wanda" },
          district: { "zh-CN": "上海市金山区", en: "Jinshan District" },
          policyVersion: "2026-01",
        },
      },
    } as never).pipe(Effect.provideService(Bus, bus)),
  );
  await createStaffAccount(store, { login: "staff-wang", password, communities: [community] });
  app = gatewayApp({
    bus,
    store,
    signIn: {
      tokens: { secret: new TextEncoder().encode("the token secret of the gateway's NATS test") },
      codes: { secret: "the code secret of the gateway's NATS test" },
      smsSender: sms.sender,
    },
    open311: { jurisdictions: [{ community }] },
  }).app;
}, 120_000);

afterAll(async () => {
  await Effect.runPromise(Scope.close(scope, Exit.void));
  const mongo = await new MongoClient(mongoUri).connect();
  await mongo.db(database).dropDatabase();
  await mongo.close();
});

const at = (path: string) => `/v1/communities/${community}${path}`;

describe("the gateway over NATS and MongoDB", () => {
  it("signs a courier in, registers and verifies them, files and lists a report, answers Open311 and refuses bad input", async () => {
    await request(app).get("/readyz").expect(200);
    await request(app)
      .post("/v1/auth/codes")
      .send({ community, mobileNumber: "13800138009" })
      .expect(202);
    const courier = (
      await request(app)
        .post("/v1/auth/code-sign-ins")
        .send({ community, mobileNumber: "13800138009", code: sms.codes.get("13800138009") })
        .expect(200)
    ).body as { accessToken: string; subject: string };
    const bearer = `Bearer ${courier.accessToken}`;
    const staff = `Bearer ${
      (
        await request(app)
          .post("/v1/auth/password-sign-ins")
          .send({ login: "staff-wang", password })
          .expect(200)
      ).body.accessToken
    }`;
    await request(app)
      .post(at("/couriers"))
      .set("Authorization", bearer)
      .set("Idempotency-Key", "register")
      .send({
        courierId: courier.subject,
        nickname: "小王",
        realName: "王小明",
        mobileNumber: "13800138009",
        platforms: ["meituan"],
        employment: "full-time",
        consentPolicyVersion: "2026-01",
      })
      .expect(201);
    await request(app)
      .post(at(`/couriers/${courier.subject}/verification`))
      .set("Authorization", staff)
      .send({})
      .expect(204);
    await request(app)
      .post(at("/reports"))
      .set("Authorization", bearer)
      .send({
        reportId: "r-nats-1",
        category: "river-patrol",
        description: "河面有大片漂浮垃圾",
        location: {
          point: { latitude: 30.7416, longitude: 121.3464, datum: "GCJ-02" },
          address: "龙胜路桥下",
        },
        observedAt: new Date(Date.now() - 3_600_000).toISOString(),
      })
      .expect(201);
    const queue = await request(app)
      .get(at("/reports?status=submitted"))
      .set("Authorization", staff)
      .expect(200);
    expect(queue.body.items.map((item: { reportId: string }) => item.reportId)).toContain(
      "r-nats-1",
    );
    const services = await request(app).get("/open311/v2/services.json").expect(200);
    expect(
      services.body.map((service: { service_code: string }) => service.service_code),
    ).toContain("river-patrol");
    const refused = await request(app)
      .post(at("/couriers"))
      .set("Authorization", bearer)
      .send({ courierId: courier.subject, platforms: "meituan" });
    expect(refused.status).toBe(400);
    expect(refused.headers["content-type"]).toMatch(/problem\+json/);
  }, 60_000);
});
