import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { call, notificationsContract, PolicyBook } from "@courier-station/contracts";
import {
  type Actor,
  type CommunityId,
  type EventEnvelope,
  instantFromMillis,
  jinshanPolicy,
  systemActor,
} from "@courier-station/core";
import {
  Bus,
  Configuration,
  Logging,
  loadConfig,
  NatsBus,
  runService,
  storeLayerFor,
} from "@courier-station/kit";
import { Effect, Either, Exit, Layer, Scope } from "effect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Notifier, type OutsideNotice } from "./notifier.js";
import { notificationsService } from "./service.js";
import { aggregateOf, courierVerified, reportResolved } from "./test-events.js";
import { community, courierActor, eventOf, eventually, minutesIn } from "./test-station.js";

/*
 * The notifications service on the real runtime: NATS (its micro service; the other
 * services' events on JetStream, read by its durable consumers) and the embedded SQLite
 * store in a temporary file. Notices arrive from JetStream once each, are read and marked
 * over NATS requests, bad input straight to its subjects is refused with nothing stored,
 * an erasure empties the inbox, and a district notice reaches the couriers it learned of.
 */

const natsUrl = process.env.NATS_URL;
if (natsUrl === undefined) {
  throw new Error("NATS_URL is set by the global setup; run with vitest.");
}

const subjectRoot = `ntf${Math.random().toString(16).slice(2, 10)}`;
const directory = mkdtempSync(join(tmpdir(), "cs-notifications-"));

describe("the notifications service on NATS and SQLite", () => {
  let scope: Scope.CloseableScope;
  let inStation: <A, E>(effect: Effect.Effect<A, E, Bus>) => Promise<A>;
  const sent: OutsideNotice[] = [];

  beforeAll(async () => {
    const config = Either.getOrThrow(
      loadConfig({ env: { CS_INSTANCE: "notifications-nats-test" } }),
    );
    scope = Effect.runSync(Scope.make());
    const layer = Layer.mergeAll(
      storeLayerFor({ kind: "sqlite", path: join(directory, "station.sqlite") }),
      NatsBus.layer({ servers: natsUrl, subjectRoot, temporary: true }),
      Logging.silent,
      Configuration.layer(config),
      PolicyBook.fixed(jinshanPolicy()),
      Notifier.layer({
        channel: "test",
        send: (notice) => Effect.sync(() => void sent.push(notice)),
      }),
    );
    const context = await Effect.runPromise(Layer.buildWithScope(layer, scope));
    await Effect.runPromise(
      runService(notificationsService()).pipe(Effect.provide(context), Scope.extend(scope)),
    );
    inStation = (effect) => Effect.runPromise(effect.pipe(Effect.provide(context)));
  });

  afterAll(async () => {
    await Effect.runPromise(Scope.close(scope, Exit.void));
    rmSync(directory, { recursive: true, force: true });
  });

  const publish = (event: EventEnvelope) =>
    inStation(Effect.flatMap(Bus, (bus) => bus.publish(event)));

  const inbox = (actor: Actor) =>
    inStation(call(notificationsContract, "ListMyNotices", community, { actor }));

  const envelopeOf = (event: { readonly type: string; readonly data: object }, minutes: number) =>
    eventOf(aggregateOf(event as never), event.type, event.data, minutesIn(minutes));

  it("makes one notice of an event published twice on JetStream, and sends it once", async () => {
    const event = envelopeOf(reportResolved("r-1", "c-1", minutesIn(1)), 1);
    await publish(event);
    await publish(event);
    const page = await eventually(
      () => inbox(courierActor("c-1")),
      (found) => found.items.length > 0,
    );
    expect(page.items.map((item) => item.kind)).toEqual(["report-fixed-question"]);
    expect(page.unread).toBe(1);
    expect(sent.filter((notice) => notice.recipient.kind === "person")).toHaveLength(1);
  });

  it("marks a notice read over NATS for its owner only", async () => {
    const owner = courierActor("c-2");
    await publish(envelopeOf(courierVerified("c-2", minutesIn(2)), 2));
    const page = await eventually(
      () => inbox(owner),
      (found) => found.items.length === 1,
    );
    const noticeId = page.items[0]?.noticeId ?? expect.fail("no notice");
    const markRead = (actor: Actor, commandId: string) =>
      inStation(
        call(notificationsContract, "MarkNoticeRead", community, {
          commandId,
          community: community as CommunityId,
          actor,
          command: { type: "MarkNoticeRead", data: { noticeId } },
        } as never).pipe(Effect.either),
      );
    const refused = await markRead(courierActor("c-3"), "nats-read-other");
    expect(Either.isLeft(refused) && refused.left.code).toBe("notice.not_yours");
    const marked = await markRead(owner, "nats-read");
    expect(Either.isRight(marked)).toBe(true);
    expect((await inbox(owner)).unread).toBe(0);
  });

  it("refuses bad input sent straight to its subjects over NATS, in both languages, storing nothing", async () => {
    const owner = courierActor("c-2");
    const page = await inbox(owner);
    const noticeId = page.items[0]?.noticeId ?? expect.fail("no notice");
    const before = await inbox(owner);
    const envelope = (actor: Actor, data: object, target: string = community) => ({
      commandId: "nats-bad",
      community: target,
      actor,
      command: { type: "MarkNoticeRead", data },
    });
    const cases: ReadonlyArray<readonly [string, unknown, string, number]> = [
      ["a JSON string, not an envelope", '{"commandId": "nats-bad", ', "input.invalid", 400],
      ["the wrong shape", envelope(owner, { noticeId, read: true }), "input.invalid", 400],
      [
        "an oversize payload",
        envelope(owner, { noticeId, padding: "读".repeat(70_000) }),
        "input.too_large",
        413,
      ],
      ["a $ key", envelope(owner, { noticeId, $set: { read: true } }), "input.invalid", 400],
      [
        "another community's id in the payload",
        envelope(owner, { noticeId }, "shanyang-town"),
        "access.community_mismatch",
        403,
      ],
      ["another person", envelope(courierActor("c-9"), { noticeId }), "notice.not_yours", 403],
    ];
    for (const [what, payload, code, status] of cases) {
      const reply = await inStation(
        Effect.flatMap(Bus, (bus) =>
          bus.request({
            to: { community, service: "notifications", endpoint: "MarkNoticeRead" },
            payload,
          }),
        ),
      );
      expect(reply.ok, what).toBe(false);
      if (reply.ok) continue;
      expect([reply.error.code, reply.status], what).toEqual([code, status]);
      expect(reply.error.message["zh-CN"]).toMatch(/\p{Script=Han}/u);
      expect(reply.error.message.en).toMatch(/[A-Za-z]{3}/);
    }
    expect(await inbox(owner)).toEqual(before);
  });

  it("empties a courier's inbox when their erasure comes over JetStream", async () => {
    await publish(
      eventOf(
        "courier",
        "CourierPersonalDataErased",
        {
          courierId: "c-1",
          pseudonym: "已注销小哥",
          erasedBy: "staff-wang",
          erasedAt: minutesIn(3),
        },
        minutesIn(3),
      ),
    );
    await eventually(
      () => inbox(courierActor("c-1")),
      (found) => found.items.length === 0 && found.unread === 0,
    );
  });

  it("posts a district notice over NATS to the couriers it learned from JetStream, once, on SQLite", async () => {
    const courier = courierActor("c-2"); // verified above, over JetStream
    const expiresAt = instantFromMillis(Date.now() + 3_600_000);
    const post = (commandId: string, title: string) =>
      inStation(
        call(notificationsContract, "PostDistrictNotice", community, {
          commandId,
          community: community as CommunityId,
          actor: systemActor("heat-wave"),
          command: {
            type: "PostDistrictNotice",
            data: {
              noticeId: "nats-heat",
              audience: { kind: "community" },
              title: { "zh-CN": title, en: "Heat-wave care" },
              body: { "zh-CN": "请注意防暑。", en: "Stay safe in the heat." },
              // With an expiry: a courier the roster learns of after the post still gets it.
              expiresAt,
            },
          },
        }).pipe(Effect.either),
      );
    const first = await post("nats-post-1", "高温关爱");
    const again = await post("nats-post-2", "高温关爱");
    expect([first, again].map((reply) => Either.isRight(reply) && reply.right.outcome)).toEqual([
      "applied",
      "duplicate",
    ]);
    const changed = await post("nats-post-3", "另一个标题");
    expect(Either.isLeft(changed) && changed.left.code).toBe("notice.district_conflict");
    const page = await eventually(
      () => inbox(courier),
      (found) => found.items.some((item) => item.kind === "district-notice"),
    );
    const district = page.items.filter((item) => item.kind === "district-notice");
    expect(district.map((item) => [item.title, item.expiresAt])).toEqual([["高温关爱", expiresAt]]);
    await eventually(
      async () => sent.filter((notice) => notice.kind === "district-notice"),
      (found) => found.length === 1,
    );
  });
});
