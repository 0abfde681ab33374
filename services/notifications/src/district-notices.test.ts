import {
  type CommandReply,
  call,
  notificationsContract,
  type PostDistrictNotice,
} from "@courier-station/contracts";
import {
  type Actor,
  type EventEnvelope,
  type Instant,
  instantFromMillis,
  StationId,
  systemActor,
} from "@courier-station/core";
import { Store } from "@courier-station/kit";
import { Effect, Option } from "effect";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { districtNoticeIdFor, followCouriers } from "./district-notices.js";
import {
  courierRosterRowId,
  courierRosterRows,
  districtNoticeRows,
  noticeRows,
} from "./read-models.js";
import {
  community,
  consumerContextFor,
  courierActor,
  eventOf,
  eventually,
  expectRefusal,
  flow,
  inboxOf,
  minutesIn,
  type NotificationsStation,
  publish,
  refusalOf,
  request,
  send,
  staff,
  staffElsewhere,
  startNotifications,
} from "./test-station.js";

let station: NotificationsStation;

beforeEach(async () => {
  station = await startNotifications();
});
afterEach(async () => station.close());

type NoticeData = PostDistrictNotice["data"];

const heatWave = (overrides: Partial<NoticeData> = {}): NoticeData => ({
  noticeId: "heat-2026-12",
  audience: { kind: "community" },
  title: { "zh-CN": "高温关爱", en: "Heat-wave care" },
  body: {
    "zh-CN": "服务站全天供应凉茶和饮用水，请注意防暑。",
    en: "The stations serve cool tea and water all day. Stay safe in the heat.",
  },
  ...overrides,
});

/** Posts a district notice over the bus as an actor. */
const post = (
  data: NoticeData,
  actor: Actor = staff,
  commandId = `post-${data.noticeId}`,
): Promise<CommandReply> =>
  station.run(
    call(notificationsContract, "PostDistrictNotice", community, {
      commandId,
      community,
      actor,
      command: { type: "PostDistrictNotice", data },
    }),
  );

let version = 0;

/** A courier event as the couriers' service publishes it (each with a later version). */
const courierEvent = (type: string, data: object, minutes: number): EventEnvelope => {
  version += 1;
  return eventOf("courier", type, data, minutesIn(minutes), { version });
};

const verified = (courierId: string) =>
  courierEvent(
    "CourierVerified",
    { courierId, verifiedBy: "staff-wang", verifiedAt: minutesIn(1) },
    1,
  );
const atStation = (courierId: string, stationId: string) =>
  courierEvent(
    "CourierProfileUpdated",
    { courierId, stationId, updatedBy: "staff-wang", updatedAt: minutesIn(1) },
    1,
  );

/** The roster row of a courier, once the couriers consumer has read their events. */
const rosterOf = (courierId: string) =>
  station.run(
    Effect.gen(function* () {
      const rows = yield* (yield* Store).readModel(courierRosterRows);
      return Option.getOrUndefined(
        Option.map(
          yield* rows.get(courierRosterRowId(community, courierId)),
          (row) => row.document,
        ),
      );
    }),
  );

/** Publishes courier events and waits until the roster shows the last one. */
const enrol = async (courierId: string, events: ReadonlyArray<EventEnvelope>) => {
  for (const event of events) await publish(station, event);
  const last = events[events.length - 1]?.version ?? 0;
  await eventually(
    () => rosterOf(courierId),
    (row) => row !== undefined && Math.max(row.statusVersion, row.stationVersion) === last,
  );
};

/** The district notices of a courier's inbox, in a language. */
const districtNoticesOf = async (courierId: string, language: "zh-CN" | "en" = "zh-CN") => {
  const page = await station.run(
    call(notificationsContract, "ListMyNotices", community, {
      actor: courierActor(courierId),
      language,
    }),
  );
  return { ...page, items: page.items.filter((item) => item.kind === "district-notice") };
};

const districtRowCount = () =>
  station.run(
    Effect.gen(function* () {
      const store = yield* Store;
      const rows = yield* store.readModel(noticeRows);
      const page = yield* rows.find({ where: { kind: "district-notice" }, limit: 1_000 });
      return page.items.length;
    }),
  );

describe("a district notice posted to the community", () => {
  it("reaches the inbox of every active courier, in both languages, and no one else's", async () => {
    await enrol("c-1", [verified("c-1")]);
    await enrol("c-2", [verified("c-2"), atStation("c-2", "st-harbour")]);
    // Registered but not verified: not yet a courier of the programme.
    await enrol("c-3", [
      courierEvent(
        "CourierProfileUpdated",
        {
          courierId: "c-3",
          stationId: "st-harbour",
          updatedBy: "staff-wang",
          updatedAt: minutesIn(1),
        },
        1,
      ),
    ]);
    await enrol("c-4", [
      verified("c-4"),
      courierEvent(
        "CourierSuspended",
        {
          courierId: "c-4",
          reason: "多次爽约",
          suspendedBy: "staff-wang",
          suspendedAt: minutesIn(2),
        },
        2,
      ),
    ]);

    const reply = await post(heatWave());
    expect(reply).toMatchObject({
      outcome: "applied",
      aggregate: "districtNotice",
      id: "heat-2026-12",
    });

    for (const courierId of ["c-1", "c-2"]) {
      const zh = await districtNoticesOf(courierId, "zh-CN");
      expect(zh.items).toEqual([
        expect.objectContaining({
          noticeId: districtNoticeIdFor(community, "heat-2026-12", courierId),
          kind: "district-notice",
          box: "mine",
          language: "zh-CN",
          title: "高温关爱",
          body: "服务站全天供应凉茶和饮用水，请注意防暑。",
          about: { aggregate: "districtNotice", id: "heat-2026-12" },
          read: false,
        }),
      ]);
      const en = await districtNoticesOf(courierId, "en");
      expect(en.items[0]).toMatchObject({ title: "Heat-wave care", language: "en" });
      expect(en.items[0]?.body).toContain("cool tea");
    }
    expect((await districtNoticesOf("c-3")).items).toEqual([]);
    expect((await districtNoticesOf("c-4")).items).toEqual([]);
    // Staff have no copy in their own inbox, nor on the desk.
    expect((await inboxOf(station, staff)).items).toEqual([]);

    // The outside channel is given each copy, in the courier's language.
    const sent = await eventually(
      async () => station.channel.sent.filter((notice) => notice.kind === "district-notice"),
      (found) => found.length === 2,
    );
    expect(sent.map((notice) => notice.recipient).sort()).toEqual([
      { kind: "person", role: "courier", id: "c-1" },
      { kind: "person", role: "courier", id: "c-2" },
    ]);
    expect(sent.every((notice) => notice.title === "高温关爱")).toBe(true);
  });

  it("counts as unread until its courier marks it read, and only they may", async () => {
    await enrol("c-1", [verified("c-1")]);
    await enrol("c-2", [verified("c-2")]);
    await post(heatWave());
    const before = await inboxOf(station, courierActor("c-1"));
    const noticeId = districtNoticeIdFor(community, "heat-2026-12", "c-1");
    expect(before.unread).toBe(2); // the welcome notice and the district notice

    const refused = await refusalOf(
      send(station, courierActor("c-2"), { type: "MarkNoticeRead", data: { noticeId } }, "read-x"),
    );
    expectRefusal(refused, "notice.not_yours", 403);

    await send(
      station,
      courierActor("c-1"),
      { type: "MarkNoticeRead", data: { noticeId } },
      "read-1",
    );
    const after = await districtNoticesOf("c-1");
    expect(after.items[0]).toMatchObject({ noticeId, read: true });
    expect(after.unread).toBe(1);
    expect((await districtNoticesOf("c-2")).items[0]?.read).toBe(false);
  });
});

describe("a station's notice", () => {
  it("reaches the couriers of that station only, and follows a courier who moves there", async () => {
    await enrol("c-1", [verified("c-1"), atStation("c-1", "st-harbour")]);
    await enrol("c-2", [verified("c-2"), atStation("c-2", "st-market")]);
    await enrol("c-3", [verified("c-3")]);
    const expiresAt = instantFromMillis(Date.now() + 3_600_000);
    await post(
      heatWave({
        noticeId: "harbour-water",
        audience: { kind: "station", stationId: StationId.parse("st-harbour") },
        expiresAt,
      }),
    );
    expect((await districtNoticesOf("c-1")).items).toHaveLength(1);
    expect((await districtNoticesOf("c-1")).items[0]?.expiresAt).toBe(expiresAt);
    expect((await districtNoticesOf("c-2")).items).toEqual([]);
    expect((await districtNoticesOf("c-3")).items).toEqual([]);

    // c-2 moves to the harbour station while the notice is current: it reaches them.
    await enrol("c-2", [atStation("c-2", "st-harbour")]);
    const moved = await eventually(
      () => districtNoticesOf("c-2"),
      (page) => page.items.length === 1,
    );
    expect(moved.items[0]).toMatchObject({ title: "高温关爱", about: { id: "harbour-water" } });
  });
});

describe("a courier who becomes active after the notice", () => {
  it("receives the notices with an expiry still ahead, not those without one", async () => {
    await post(
      heatWave({ noticeId: "this-week", expiresAt: instantFromMillis(Date.now() + 3_600_000) }),
    );
    await post(heatWave({ noticeId: "forever" }));
    const joined = verified("c-9");
    await enrol("c-9", [joined]);
    const page = await eventually(
      () => districtNoticesOf("c-9"),
      (found) => found.items.length >= 1,
    );
    expect(page.items.map((item) => item.about.id)).toEqual(["this-week"]);
    // Delivered again (a redelivery of the courier's event), it makes no second copy.
    await station.run(followCouriers(joined, consumerContextFor("couriers", joined)));
    expect((await districtNoticesOf("c-9")).items).toHaveLength(1);
  });
});

describe("a notice's expiry", () => {
  it("takes the notice out of the inbox and the unread count once it passes", async () => {
    await enrol("c-1", [verified("c-1")]);
    const expiresAt: Instant = instantFromMillis(Date.now() + 1_200);
    await post(heatWave({ noticeId: "short", expiresAt }));
    const before = await inboxOf(station, courierActor("c-1"));
    expect(before.items.map((item) => item.kind)).toContain("district-notice");
    expect(before.unread).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    const after = await inboxOf(station, courierActor("c-1"));
    expect(after.items.map((item) => item.kind)).toEqual(["courier-verified"]);
    expect(after.unread).toBe(1);
  });
});

describe("posting the same notice id again", () => {
  it("answers duplicate and makes no second copy", async () => {
    await enrol("c-1", [verified("c-1")]);
    await post(heatWave());
    const again = await post(heatWave(), staff, "post-again");
    expect(again.outcome).toBe("duplicate");
    expect(await districtRowCount()).toBe(1);
  });

  it("with another text is refused, and the first notice stays as it was", async () => {
    await enrol("c-1", [verified("c-1")]);
    await post(heatWave());
    const refused = await refusalOf(
      post(heatWave({ title: { "zh-CN": "另一个标题", en: "Another title" } }), staff, "post-2"),
    );
    expectRefusal(refused, "notice.district_conflict", 409);
    const page = await districtNoticesOf("c-1");
    expect(page.items.map((item) => item.title)).toEqual(["高温关爱"]);
    expect(await districtRowCount()).toBe(1);
  });

  it("from a system service under a derived command id is the same notice", async () => {
    await enrol("c-1", [verified("c-1")]);
    const plugin = systemActor("heat-wave");
    const first = await post(heatWave(), plugin, `d-${"a".repeat(40)}`);
    const second = await post(heatWave(), plugin, `d-${"a".repeat(40)}`);
    expect([first.outcome, second.outcome]).toEqual(["applied", "duplicate"]);
    expect((await districtNoticesOf("c-1")).items).toHaveLength(1);
  });
});

describe("erasure", () => {
  it("removes the courier's copies and read marks, and later notices do not reach them", async () => {
    await enrol("c-1", [verified("c-1")]);
    await enrol("c-2", [verified("c-2")]);
    await post(heatWave());
    const noticeId = districtNoticeIdFor(community, "heat-2026-12", "c-1");
    await send(
      station,
      courierActor("c-1"),
      { type: "MarkNoticeRead", data: { noticeId } },
      "read-1",
    );
    await publish(
      station,
      eventOf(
        "courier",
        "CourierPersonalDataErased",
        {
          courierId: "c-1",
          pseudonym: "小哥-7f3a",
          erasedBy: "staff-wang",
          erasedAt: minutesIn(9),
        },
        minutesIn(9),
        { version: 99 },
      ),
    );
    await eventually(
      () => rosterOf("c-1"),
      (row) => row === undefined,
    );
    await eventually(
      () => districtNoticesOf("c-1"),
      (page) => page.items.length === 0,
    );
    await post(heatWave({ noticeId: "after-erasure" }));
    expect((await districtNoticesOf("c-1")).items).toEqual([]);
    expect((await districtNoticesOf("c-2")).items).toHaveLength(2);
    // A courier event of theirs delivered late does not put them back on the roster.
    const late = verified("c-1");
    await station.run(followCouriers(late, consumerContextFor("couriers", late)));
    expect(await rosterOf("c-1")).toBeUndefined();
  });
});

describe("bad posts", () => {
  /** Everything district notices store: the posted notices, the copies, the ids claimed. */
  const stored = () =>
    station.run(
      Effect.gen(function* () {
        const store = yield* Store;
        return {
          posted: yield* (yield* store.readModel(districtNoticeRows)).count(),
          copies: yield* (yield* store.readModel(noticeRows)).count({ kind: "district-notice" }),
          commandIdClaimed: Option.isSome(
            yield* store.uniqueKeyOwner({
              community,
              scope: "notifications-command",
              key: "bad-1",
            }),
          ),
          noticeIdClaimed: Option.isSome(
            yield* store.uniqueKeyOwner({
              community,
              scope: "district-notice",
              key: "heat-2026-12",
            }),
          ),
        };
      }),
    );

  const envelope = (actor: Actor, data: unknown, commandId = "bad-1") => ({
    commandId,
    community,
    actor,
    command: { type: "PostDistrictNotice", data },
  });

  const cases: ReadonlyArray<{
    readonly name: string;
    readonly payload: () => unknown;
    readonly code: string;
    readonly status: number;
  }> = [
    {
      name: "a courier posting",
      payload: () => envelope(courierActor("c-1"), heatWave()),
      code: "access.forbidden",
      status: 403,
    },
    {
      name: "staff of another community",
      payload: () => envelope(staffElsewhere, heatWave()),
      code: "access.forbidden",
      status: 403,
    },
    {
      name: "staff under a derived command id",
      payload: () => envelope(staff, heatWave(), `d-${"0".repeat(40)}`),
      code: "access.forbidden",
      status: 403,
    },
    {
      name: "an expiry already past",
      payload: () => envelope(staff, heatWave({ expiresAt: minutesIn(1) })),
      code: "notice.expiry_passed",
      status: 422,
    },
    {
      name: "a title in one language only",
      payload: () => envelope(staff, { ...heatWave(), title: { "zh-CN": "高温关爱" } }),
      code: "input.invalid",
      status: 400,
    },
    {
      name: "an empty body",
      payload: () => envelope(staff, heatWave({ body: { "zh-CN": " ", en: "Stay safe" } })),
      code: "input.invalid",
      status: 400,
    },
    {
      name: "a title over 60 characters",
      payload: () => envelope(staff, heatWave({ title: { "zh-CN": "热".repeat(61), en: "Heat" } })),
      code: "input.invalid",
      status: 400,
    },
    {
      name: "a control character in the title",
      payload: () =>
        envelope(staff, heatWave({ title: { "zh-CN": "高温\u001b[31m", en: "Heat" } })),
      code: "input.invalid",
      status: 400,
    },
    {
      name: "a notice id that is not one",
      payload: () => envelope(staff, heatWave({ noticeId: "../Heat Wave" })),
      code: "input.invalid",
      status: 400,
    },
    {
      name: "an audience of nobody known",
      payload: () => envelope(staff, { ...heatWave(), audience: { kind: "everyone" } }),
      code: "input.invalid",
      status: 400,
    },
    {
      name: "a station audience without its station",
      payload: () => envelope(staff, { ...heatWave(), audience: { kind: "station" } }),
      code: "input.invalid",
      status: 400,
    },
    {
      name: "an unknown field",
      payload: () => envelope(staff, { ...heatWave(), pinned: true }),
      code: "input.invalid",
      status: 400,
    },
  ];

  it.each(cases)("refuses $name and stores nothing", async (entry) => {
    await enrol("c-1", [verified("c-1")]);
    const before = await stored();
    const reply = await request(station, "PostDistrictNotice", entry.payload());
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe(entry.code);
    expect(reply.status).toBe(entry.status);
    expect(reply.error.message["zh-CN"]).toMatch(/\p{Script=Han}/u);
    expect(reply.error.message.en).toMatch(/[A-Za-z]{3}/);
    expect(await stored()).toEqual(before);
    expect(before).toEqual({
      posted: 0,
      copies: 0,
      commandIdClaimed: false,
      noticeIdClaimed: false,
    });
  });

  it("accepts a system service's post (a district's own service acts as system)", async () => {
    await enrol("c-1", [verified("c-1")]);
    const reply = await post(heatWave(), flow, "flow-post-1");
    expect(reply.outcome).toBe("applied");
  });
});
