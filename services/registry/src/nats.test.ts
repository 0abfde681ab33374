import {
  CommandReply,
  call,
  courierFactsOf,
  registryContract,
  StationIds,
} from "@courier-station/contracts";
import { CommunityId, jinshanPolicy, MobileNumber } from "@courier-station/core";
import {
  Configuration,
  Logging,
  loadConfig,
  NatsBus,
  requestSubject,
  runOutboxRelay,
  runService,
  Store,
  storeLayerFor,
} from "@courier-station/kit";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { Effect, Either, Exit, Layer, Option, Scope } from "effect";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { courierKey, mobileKeyScope } from "./commands.js";
import { ConfiguredPolicy } from "./policy.js";
import { RegistrySecrets } from "./secrets.js";
import { registryService } from "./service.js";
import { testSettings } from "./test-station.js";

/*
 * The registry on the real runtime: NATS (its micro service, JetStream) and the MongoDB
 * wire protocol (FerretDB). Bad input sent straight to its subjects gets the kit's clear
 * refusal and stores nothing; a good registration and the facts endpoints work end to
 * end.
 */

const natsUrl = process.env.NATS_URL;
const mongoUri = process.env.MONGODB_URI;
if (natsUrl === undefined || mongoUri === undefined) {
  throw new Error("NATS_URL and MONGODB_URI are set by the global setup; run with vitest.");
}

const community = CommunityId.parse("jinshan-wanda");
const secrets = RegistrySecrets.fromSettings(testSettings);
const subjectRoot = `reg${Math.random().toString(16).slice(2, 10)}`;
const database = `cs_registry_${process.pid}_${Date.now().toString(36)}`;

interface Answer {
  readonly status: string | undefined;
  readonly body: {
    readonly ok: boolean;
    readonly value?: unknown;
    readonly error?: {
      readonly code: string;
      readonly message: { readonly "zh-CN": string; readonly en: string };
      readonly details: Record<string, unknown>;
    };
  };
}

const courier = { role: "courier", id: "c-wang", communities: [community] };
const registration = (commandId: string, data: Record<string, unknown> = {}) => ({
  commandId,
  community,
  actor: courier,
  command: {
    type: "RegisterCourier",
    data: {
      courierId: "c-wang",
      nickname: "小王",
      realName: "王小明",
      mobileNumber: "13800138000",
      platforms: ["meituan"],
      employment: "full-time",
      consentPolicyVersion: "2026-01",
      ...data,
    },
  },
});

describe("the registry on NATS and MongoDB", () => {
  let scope: Scope.CloseableScope;
  let client: NatsConnection;
  let inStation: <A, E>(effect: Effect.Effect<A, E, never>) => Promise<A>;

  beforeAll(async () => {
    const config = Either.getOrThrow(
      loadConfig({ env: { CS_INSTANCE: "registry-nats-test", CS_MAX_PAYLOAD_BYTES: "16384" } }),
    );
    scope = Effect.runSync(Scope.make());
    const layer = Layer.mergeAll(
      storeLayerFor({ kind: "mongodb", uri: mongoUri, database }),
      NatsBus.layer({ servers: natsUrl, subjectRoot, temporary: true }),
      Logging.silent,
      Configuration.layer(config),
      RegistrySecrets.layer(testSettings),
      ConfiguredPolicy.layer(() => jinshanPolicy()),
      StationIds.layer,
    );
    const context = await Effect.runPromise(Layer.buildWithScope(layer, scope));
    await Effect.runPromise(
      Effect.gen(function* () {
        yield* runService(registryService({ rosterImportEveryMs: 3_600_000 }));
        yield* runOutboxRelay({ owner: config.instance, idleMs: 20 });
      }).pipe(Effect.provide(context), Scope.extend(scope)) as Effect.Effect<void>,
    );
    inStation = (effect) =>
      Effect.runPromise(effect.pipe(Effect.provide(context)) as Effect.Effect<never>);
    client = await connect({ servers: natsUrl });
  });

  afterAll(async () => {
    await client?.close();
    await Effect.runPromise(Scope.close(scope, Exit.void));
    const mongo = await new MongoClient(mongoUri).connect();
    await mongo.db(database).dropDatabase();
    await mongo.close();
  });

  const sendRaw = async (endpoint: string, payload: string): Promise<Answer> => {
    const subject = requestSubject({ community, service: "registry", endpoint }, subjectRoot);
    const reply = await client.request(subject, payload, { timeout: 10_000 });
    return {
      status: reply.headers?.get("Nats-Service-Error-Code") || undefined,
      body: reply.json(),
    };
  };

  const stored = async (courierId: string) =>
    inStation(
      Effect.gen(function* () {
        const store = yield* Store;
        const events = yield* store.readStream(courierKey(community, courierId));
        const owner = yield* store.uniqueKeyOwner({
          community,
          scope: mobileKeyScope,
          key: secrets.mobileKeyOf(MobileNumber.parse("13800138000")),
        });
        return { events: events.length, numberTaken: Option.isSome(owner) };
      }) as Effect.Effect<{ events: number; numberTaken: boolean }, never, never>,
    );

  /** [what, endpoint, payload, code, status, issue's code] */
  const badInput: ReadonlyArray<readonly [string, string, string, string, number, string]> = [
    ["not JSON", "RegisterCourier", "{ courier: 1", "input.invalid", 400, "malformed_json"],
    [
      "a wrong shape",
      "RegisterCourier",
      JSON.stringify(registration("cmd-bad-1", { platforms: "meituan" })),
      "input.invalid",
      400,
      "invalid_type",
    ],
    [
      "an oversize payload",
      "RegisterCourier",
      JSON.stringify(registration("cmd-bad-2", { nickname: "王".repeat(20_000) })),
      "input.too_large",
      413,
      "",
    ],
    [
      "a $-prefixed key",
      "RegisterCourier",
      JSON.stringify(registration("cmd-bad-3", { $where: "1" })),
      "input.invalid",
      400,
      "forbidden_key",
    ],
    [
      "another community's id in the payload",
      "RegisterCourier",
      JSON.stringify({ ...registration("cmd-bad-4"), community: "shanyang-town" }),
      "access.community_mismatch",
      403,
      "",
    ],
    [
      "a courier calling a staff command",
      "VerifyCourier",
      JSON.stringify({
        commandId: "cmd-bad-5",
        community,
        actor: courier,
        command: { type: "VerifyCourier", data: { courierId: "c-wang" } },
      }),
      "access.forbidden",
      403,
      "",
    ],
    [
      "a courier importing a roster",
      "StartRosterImport",
      JSON.stringify({
        commandId: "cmd-bad-6",
        community,
        actor: courier,
        command: {
          type: "StartRosterImport",
          data: {
            importId: "mine",
            roster: { kind: "platform", platform: "meituan" },
            format: "csv",
            file: { kind: "inline", content: ["YQ=="] },
          },
        },
      }),
      "access.forbidden",
      403,
      "",
    ],
  ];

  it.each(badInput)(
    "refuses %s with a clear error in both languages and stores nothing",
    async (_what, endpoint, payload, code, status, issueCode) => {
      const answer = await sendRaw(endpoint, payload);
      expect(answer.body.ok).toBe(false);
      expect(answer.body.error?.code).toBe(code);
      expect(Number(answer.status)).toBe(status);
      expect(answer.body.error?.message["zh-CN"]).toMatch(/\p{Script=Han}/u);
      expect(answer.body.error?.message.en).toMatch(/[a-z]/);
      if (issueCode !== "") {
        const issues = answer.body.error?.details.issues as ReadonlyArray<{ code: string }>;
        expect(issues.map((issue) => issue.code)).toContain(issueCode);
      }
      expect(await stored("c-wang")).toEqual({ events: 0, numberTaken: false });
    },
  );

  it("registers a courier once over NATS, and answers the facts endpoints", async () => {
    const first = await sendRaw("RegisterCourier", JSON.stringify(registration("cmd-good")));
    expect(first.body.ok).toBe(true);
    const reply = CommandReply.parse(first.body.value);
    const again = await sendRaw("RegisterCourier", JSON.stringify(registration("cmd-good")));
    expect(CommandReply.parse(again.body.value)).toEqual({ ...reply, outcome: "duplicate" });
    expect(await stored("c-wang")).toEqual({ events: 1, numberTaken: true });

    const facts = await inStation(
      courierFactsOf(community, ["c-wang"]) as Effect.Effect<
        ReadonlyMap<string, unknown>,
        never,
        never
      >,
    );
    expect(facts.get("c-wang")).toEqual({
      courierId: "c-wang",
      status: "registered",
      volunteerTeamMember: false,
    });
    const view = await inStation(
      call(registryContract, "GetCourier", community, {
        actor: { role: "staff", id: "staff-wang", communities: [community] },
        courierId: "c-wang",
      }) as Effect.Effect<unknown, never, never>,
    );
    expect(view).toMatchObject({ view: "staff", personal: { realName: "王小明" } });
  });

  it("answers $SRV.PING as the registry micro service", async () => {
    const reply = await client.request("$SRV.PING.registry", undefined, { timeout: 5_000 });
    expect(reply.json<{ name: string }>().name).toBe("registry");
  });
});
