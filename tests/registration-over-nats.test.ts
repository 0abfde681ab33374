import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CommunityId,
  CourierCommand,
  CourierId,
  commandEnvelopeOf,
  courierDecider,
  type EventEnvelope,
  jinshanPolicy,
  MobileNumber,
  mobileNumberKey,
  personalDataSeal,
  systemClock,
  uuidV7Ids,
} from "@courier-station/core";
import {
  Configuration,
  consumer,
  defineService,
  endpoint,
  executeCommand,
  Logging,
  loadConfig,
  NatsBus,
  requestSubject,
  runOutboxRelay,
  runService,
  Store,
  type StoreSettings,
  storeLayerFor,
} from "@courier-station/kit";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { Effect, Either, Exit, Layer, Option, Scope } from "effect";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/*
 * A courier registers (小哥报到) over NATS, through a service on the real runtime: the
 * NATS bus, the outbox relay and each durable store (SQLite, and MongoDB's wire protocol
 * on FerretDB). Bad payloads of every kind are refused with a clear error and nothing is
 * stored; a good one is stored once, relayed to JetStream and consumed once, however
 * often it is sent.
 */

const natsUrl = process.env.NATS_URL;
const mongoUri = process.env.MONGODB_URI;
if (natsUrl === undefined || mongoUri === undefined) {
  throw new Error("NATS_URL and MONGODB_URI are set by the global setup; run with `npm test`.");
}

const community = "jinshan-wanda";
const communityId = CommunityId.parse(community);
const secret = "a-test-secret-of-enough-bytes";
const seal = personalDataSeal(secret);
const policy = jinshanPolicy();
const RegistrationRequest = commandEnvelopeOf(CourierCommand);

/** The registry's one endpoint, thin as a service should be: claim the number's key, decide, store. */
const registryService = (consumed: Map<string, number>) =>
  defineService({
    name: "registry",
    version: "1.0.0",
    endpoints: [
      endpoint({
        name: "RegisterCourier",
        input: RegistrationRequest,
        handler: (envelope) =>
          Effect.gen(function* () {
            const store = yield* Store;
            const command = envelope.command;
            const keys = new Map<string, CourierId>();
            let claimed: Parameters<typeof store.releaseUniqueKey>[0] | undefined;
            if (command.type === "RegisterCourier") {
              const key = mobileNumberKey(command.data.mobileNumber, secret);
              const claim = yield* store.claimUniqueKey({
                community: envelope.community,
                scope: "courier-mobile",
                key,
                owner: command.data.courierId,
              });
              if (claim.kind === "taken") keys.set(key, CourierId.parse(claim.owner));
              if (claim.kind === "claimed") {
                claimed = {
                  community: envelope.community,
                  scope: "courier-mobile",
                  key,
                  owner: command.data.courierId,
                };
              }
            }
            // A refused registration gives back the key it claimed, so nothing stays.
            const release = claimed;
            const outcome = yield* executeCommand(courierDecider, envelope, {
              clock: systemClock,
              ids: uuidV7Ids(),
              facts: {
                policy,
                mobileKeyOf: (number: MobileNumber) => mobileNumberKey(number, secret),
                registeredMobileKeys: (key) => keys.get(key),
                personalData: seal,
              },
            }).pipe(
              Effect.tapError(() =>
                release === undefined
                  ? Effect.void
                  : Effect.ignore(store.releaseUniqueKey(release)),
              ),
            );
            return {
              outcome: outcome.kind,
              events: outcome.kind === "applied" ? outcome.events.map((event) => event.id) : [],
            };
          }),
      }),
    ],
    consumers: [
      consumer({
        name: "audit",
        events: [{ aggregate: "courier" }],
        handler: (event: EventEnvelope) =>
          Effect.sync(() => {
            consumed.set(event.id, (consumed.get(event.id) ?? 0) + 1);
          }),
      }),
    ],
  });

const registration = (commandId: string, data: Record<string, unknown> = {}) => ({
  commandId,
  community,
  actor: { role: "courier", id: "c-wang", communities: [community] },
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

interface Answer {
  readonly status: string | undefined;
  readonly body: {
    readonly ok: boolean;
    readonly value?: { readonly outcome: string; readonly events: ReadonlyArray<string> };
    readonly error?: {
      readonly code: string;
      readonly message: { readonly "zh-CN": string; readonly en: string };
      readonly details: Record<string, unknown>;
    };
  };
}

const stores: ReadonlyArray<readonly [string, () => StoreSettings, () => Promise<void>]> = (() => {
  const directory = mkdtempSync(join(tmpdir(), "cs-e2e-registration-"));
  const database = `cs_e2e_registration_${process.pid}_${Date.now().toString(36)}`;
  return [
    [
      "SQLite",
      () => ({ kind: "sqlite", path: join(directory, "station.sqlite") }),
      async () => rmSync(directory, { recursive: true, force: true }),
    ],
    [
      "MongoDB (FerretDB)",
      () => ({ kind: "mongodb", uri: mongoUri, database }),
      async () => {
        const client = await new MongoClient(mongoUri).connect();
        await client.db(database).dropDatabase();
        await client.close();
      },
    ],
  ];
})();

describe.each(stores)(
  "courier registration over NATS on the %s store",
  (_name, storeOptions, cleanUp) => {
    const subjectRoot = `e2e${Math.random().toString(16).slice(2, 10)}`;
    const subject = requestSubject(
      { community, service: "registry", endpoint: "RegisterCourier" },
      subjectRoot,
    );
    const consumed = new Map<string, number>();
    let scope: Scope.CloseableScope;
    let client: NatsConnection;
    let runInStation: <A, E>(effect: Effect.Effect<A, E, Store>) => Promise<A>;

    beforeAll(async () => {
      const config = Either.getOrThrow(
        loadConfig({ env: { CS_INSTANCE: "station-e2e", CS_MAX_PAYLOAD_BYTES: "8192" } }),
      );
      scope = Effect.runSync(Scope.make());
      const layer = Layer.mergeAll(
        storeLayerFor(storeOptions()),
        NatsBus.layer({ servers: natsUrl, subjectRoot, temporary: true }),
        Logging.silent,
        Configuration.layer(config),
      );
      const context = await Effect.runPromise(Layer.buildWithScope(layer, scope));
      await Effect.runPromise(
        Effect.gen(function* () {
          yield* runService(registryService(consumed));
          yield* runOutboxRelay({ owner: config.instance, idleMs: 20 });
        }).pipe(Effect.provide(context), Scope.extend(scope)) as Effect.Effect<void>,
      );
      runInStation = (effect) =>
        Effect.runPromise(effect.pipe(Effect.provide(context)) as Effect.Effect<never>);
      client = await connect({ servers: natsUrl });
    });

    afterAll(async () => {
      await client?.close();
      await Effect.runPromise(Scope.close(scope, Exit.void));
      await cleanUp();
    });

    const send = async (payload: string | Uint8Array): Promise<Answer> => {
      const reply = await client.request(subject, payload, { timeout: 10_000 });
      return {
        status: reply.headers?.get("Nats-Service-Error-Code") || undefined,
        body: reply.json(),
      };
    };
    const sendJson = (value: unknown) => send(JSON.stringify(value));

    /**
     * The courier's stream. (The deployment's log is not read here: on MongoDB an event
     * enters it when the relay sequences the outbox, a moment after the write.)
     */
    const storedEvents = (courierId = "c-wang") =>
      runInStation(
        Effect.flatMap(Store, (store) =>
          store.readStream({ community: communityId, aggregate: "courier", id: courierId }),
        ),
      );
    const loggedEvents = () =>
      runInStation(
        Effect.flatMap(Store, (store) => store.readLog({ after: 0, limit: 1_000 })),
      ).then((logged) => logged.map((entry) => entry.event.id));
    const mobileKeyOwner = () =>
      runInStation(
        Effect.flatMap(Store, (store) =>
          store.uniqueKeyOwner({
            community: communityId,
            scope: "courier-mobile",
            key: mobileNumberKey(MobileNumber.parse("13800138000"), secret),
          }),
        ),
      );
    const courierRecord = () =>
      runInStation(
        Effect.flatMap(Store, (store) =>
          store.load({ community: communityId, aggregate: "courier", id: "c-wang" }),
        ),
      );

    /** [what, payload, the error's code, the issue's code, the issue's field] */
    const badPayloads: ReadonlyArray<readonly [string, string, string, string, string]> = [
      ["not JSON at all", "{ courier: 1", "input.invalid", "malformed_json", ""],
      [
        "a wrong type",
        JSON.stringify(registration("cmd-bad-1", { mobileNumber: 13800138000 })),
        "input.invalid",
        "invalid_type",
        "command.data.mobileNumber",
      ],
      [
        "a missing field",
        JSON.stringify({
          ...registration("cmd-bad-2"),
          command: { type: "RegisterCourier", data: { courierId: "c-wang", nickname: "小王" } },
        }),
        "input.invalid",
        "invalid_type",
        "command.data.realName",
      ],
      [
        "an unknown field",
        JSON.stringify(registration("cmd-bad-3", { salary: 9000 })),
        "input.invalid",
        "unrecognized_keys",
        "command.data",
      ],
      [
        "a $-prefixed key",
        JSON.stringify(registration("cmd-bad-4", { $where: "sleep(1000)" })),
        "input.invalid",
        "forbidden_key",
        "command.data.$where",
      ],
      [
        "a dotted key",
        JSON.stringify(registration("cmd-bad-5", { "workArea.description": "x" })),
        "input.invalid",
        "forbidden_key",
        "command.data.workArea.description",
      ],
      [
        "a __proto__ key",
        JSON.stringify(registration("cmd-bad-6")).replace(
          '"courierId"',
          '"__proto__":{"admin":true},"courierId"',
        ),
        "input.invalid",
        "forbidden_key",
        "command.data.__proto__",
      ],
      [
        "a NUL character",
        JSON.stringify(registration("cmd-bad-7", { nickname: "小\u0000王" })),
        "input.invalid",
        "nul_character",
        "command.data.nickname",
      ],
      [
        "an oversize payload",
        JSON.stringify(registration("cmd-bad-8", { nickname: "王".repeat(20_000) })),
        "input.too_large",
        "",
        "",
      ],
      [
        "another community's actor",
        JSON.stringify({
          ...registration("cmd-bad-9"),
          actor: { role: "courier", id: "c-wang", communities: ["fengjing"] },
        }),
        "access.forbidden",
        "",
        "",
      ],
    ];

    it.each(badPayloads)(
      "refuses %s with a clear error in both languages and stores nothing",
      async (_what, payload, code, issueCode, field) => {
        const answer = await send(payload);
        expect(answer.body.ok).toBe(false);
        expect(answer.body.error?.code).toBe(code);
        expect(Number(answer.status)).toBeGreaterThanOrEqual(400);
        expect(Number(answer.status)).toBeLessThan(500);
        expect(answer.body.error?.message["zh-CN"]).toMatch(/\p{Script=Han}/u);
        expect(answer.body.error?.message.en).toMatch(/[a-z]/);
        if (issueCode !== "") {
          const issues = answer.body.error?.details.issues as ReadonlyArray<{
            readonly code: string;
            readonly field: string;
          }>;
          expect(issues).toContainEqual(expect.objectContaining({ code: issueCode, field }));
        }
        expect(await storedEvents()).toEqual([]);
        expect(Option.isNone(await courierRecord())).toBe(true);
        expect(Option.isNone(await mobileKeyOwner())).toBe(true);
      },
    );

    it("stores a good registration once, however often it is sent, and relays it to a consumer once", async () => {
      const first = await sendJson(registration("cmd-good"));
      expect(first.body).toMatchObject({ ok: true, value: { outcome: "applied" } });
      const eventIds = first.body.value?.events ?? [];
      expect(eventIds.length).toBeGreaterThan(0);

      const again = await Promise.all([1, 2, 3, 4].map(() => sendJson(registration("cmd-good"))));
      for (const answer of again) {
        expect(answer.body).toMatchObject({ ok: true, value: { outcome: "duplicate" } });
      }

      const changed = await sendJson(registration("cmd-good", { nickname: "大王" }));
      expect(changed.body.ok).toBe(false);
      expect(changed.body.error?.code).toBe("command.id_conflict");
      expect(changed.status).toBe("409");
      expect(JSON.stringify(changed.body.error?.details)).toContain("nickname");

      expect((await storedEvents()).map((event) => event.id)).toEqual(eventIds);
      const record = Option.getOrThrow(await courierRecord());
      expect(record.version).toBe(eventIds.length);

      const deadline = Date.now() + 15_000;
      while (eventIds.some((id) => consumed.get(id) !== 1) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(Object.fromEntries(consumed)).toEqual(
        Object.fromEntries(eventIds.map((id) => [id, 1])),
      );
      // Relayed means in the deployment's log, once, in order.
      expect(await loggedEvents()).toEqual(eventIds);
      // Nothing in the events that a sponsor or another service could read the number from.
      expect(JSON.stringify(await storedEvents())).not.toContain("13800138000");
    });

    it("refuses a second courier with the same number (the keyed hash), storing nothing for it", async () => {
      const answer = await sendJson({
        ...registration("cmd-twin", { courierId: "c-twin", mobileNumber: "+86 138 0013 8000" }),
        actor: { role: "courier", id: "c-twin", communities: [community] },
      });
      expect(answer.body.ok).toBe(false);
      expect(answer.body.error?.code).toMatch(/mobile/);
      expect(await storedEvents("c-twin")).toEqual([]);
      expect(await storedEvents()).toHaveLength(1);
    });

    it("answers $SRV.PING for the registry as a NATS micro service", async () => {
      const reply = await client.request(`$SRV.PING.registry`, undefined, { timeout: 5_000 });
      expect(reply.json<{ name: string }>().name).toBe("registry");
    });
  },
);
