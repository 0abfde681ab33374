import type { EventEnvelope } from "@courier-station/core";
import { Store } from "@courier-station/kit";
import { Effect } from "effect";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deliverNotices, eraseInbox } from "./flows.js";
import type { NoticeSourceEvent } from "./notices.js";
import { noticeRows, subjectRows, updateNotice } from "./read-models.js";
import {
  activityCancelled,
  activityPlanned,
  aggregateOf,
  catalogueHoldConfirmed,
  catalogueRedemptionOpened,
  courierVerified,
  reportOverdue,
  reportResolved,
  wishDrafted,
} from "./test-events.js";
import {
  ask,
  consumerContextFor,
  courierActor,
  eventOf,
  eventually,
  handlerActor,
  inboxOf,
  minutesIn,
  type NotificationsStation,
  noticeCount,
  publish,
  send,
  staff,
  startNotifications,
} from "./test-station.js";

let station: NotificationsStation;

beforeEach(async () => {
  station = await startNotifications();
});
afterEach(async () => station.close());

const envelopeOf = (event: NoticeSourceEvent, minutes: number, version = 1): EventEnvelope =>
  eventOf(aggregateOf(event), event.type, event.data, minutesIn(minutes), { version });

/** Publishes an event and waits until the courier's inbox holds `count` notices. */
const publishAndWait = async (event: EventEnvelope, actor = courierActor("c-1"), count = 1) => {
  await publish(station, event);
  return eventually(
    () => inboxOf(station, actor),
    (page) => page.items.length >= count,
  );
};

/** Runs the notices consumer by hand on an event: a redelivery of it. */
const redeliver = (event: EventEnvelope) =>
  station.run(deliverNotices(event, consumerContextFor("notices", event)));

const erasureOf = (courierId: string, minutes: number) =>
  eventOf(
    "courier",
    "CourierPersonalDataErased",
    { courierId, pseudonym: "已注销小哥", erasedBy: "staff-wang", erasedAt: minutesIn(minutes) },
    minutesIn(minutes),
  );

describe("notices from the other services' events", () => {
  it("puts a verification's result in the courier's inbox, in the community's language", async () => {
    const page = await publishAndWait(envelopeOf(courierVerified("c-1", minutesIn(1)), 1));
    expect(page.language).toBe("zh-CN");
    expect(page.unread).toBe(1);
    expect(page.items[0]).toMatchObject({
      kind: "courier-verified",
      box: "mine",
      title: "报到审核通过",
      read: false,
      createdAt: minutesIn(1),
    });
    expect(page.items[0]?.noticeId).toMatch(/^d-[0-9a-f]{40}$/);
  });

  it("makes nothing twice when an event is delivered again", async () => {
    const event = envelopeOf(reportResolved("r-1", "c-1", minutesIn(1)), 1);
    const first = await publishAndWait(event);
    await redeliver(event);
    await redeliver(event);
    const after = await inboxOf(station, courierActor("c-1"));
    expect(after.items).toEqual(first.items);
    expect(after.unread).toBe(1);
    expect(await noticeCount(station)).toBe(1);
  });

  it("sends a notice to the configured outside channel exactly once, in the recipient's language", async () => {
    await send(
      station,
      courierActor("c-1"),
      { type: "ChooseNoticeLanguage", data: { language: "en" } },
      "lang-1",
    );
    const event = envelopeOf(reportResolved("r-1", "c-1", minutesIn(1)), 1);
    const page = await publishAndWait(event);
    await redeliver(event);
    await redeliver(event);
    expect(station.channel.sent).toHaveLength(1);
    expect(station.channel.sent[0]).toMatchObject({
      community: "jinshan-wanda",
      noticeId: page.items[0]?.noticeId,
      recipient: { kind: "person", role: "courier", id: "c-1" },
      kind: "report-fixed-question",
      language: "en",
      title: "Is it fixed?",
    });
  });

  it("sends again a notice whose delivery stopped between keeping and sending it, and only that", async () => {
    const event = envelopeOf(reportResolved("r-1", "c-1", minutesIn(1)), 1);
    const page = await publishAndWait(event);
    const noticeId = page.items[0]?.noticeId ?? expect.fail("no notice");
    expect(station.channel.sent).toHaveLength(1);
    // As a crash after the insert and before the send leaves it.
    await station.run(
      updateNotice("jinshan-wanda", noticeId, (row) => ({ ...row, outside: "pending" })),
    );
    await redeliver(event);
    await redeliver(event);
    expect(station.channel.sent.map((notice) => notice.noticeId)).toEqual([noticeId, noticeId]);
    expect(await noticeCount(station)).toBe(1);
  });

  it.each(["fails", "throws", "hangs"] as const)(
    "keeps the in-app notice when the outside channel %s (a hang times out)",
    async (failing) => {
      station.channel.failing = failing;
      const page = await publishAndWait(envelopeOf(courierVerified("c-1", minutesIn(1)), 1));
      expect(page.items).toHaveLength(1);
      expect(page.unread).toBe(1);
      expect(station.channel.sent).toHaveLength(0);
      const outsideStatuses = () =>
        station.run(
          Effect.gen(function* () {
            const store = yield* Store;
            const rows = (yield* (yield* store.readModel(noticeRows)).find({})).items;
            return rows.map((row) => row.document.outside);
          }),
        );
      // The notice is in the inbox before the channel is tried; its outcome comes after.
      await eventually(outsideStatuses, (statuses) => statuses[0] !== "pending");
      expect(await outsideStatuses()).toEqual(["failed"]);
      // A later notice still goes once the channel is back.
      station.channel.failing = "no";
      await publishAndWait(envelopeOf(reportResolved("r-1", "c-1", minutesIn(2)), 2), undefined, 2);
      expect(station.channel.sent.map((notice) => notice.kind)).toEqual(["report-fixed-question"]);
    },
  );

  it("tells a report's handler and the staff desk of an overdue report, each in their own inbox", async () => {
    await publish(station, envelopeOf(reportOverdue("r-1", "h-river", minutesIn(5)), 5));
    const handler = await eventually(
      () => inboxOf(station, handlerActor("h-river")),
      (page) => page.items.length === 1,
    );
    expect(handler.items[0]).toMatchObject({ kind: "report-overdue", box: "mine" });
    const desk = await eventually(deskOf, (page) => page.items.length === 1);
    expect(desk.items[0]).toMatchObject({
      kind: "report-overdue",
      box: "staff-desk",
      stationId: "wanda",
    });
    // Staff's own inbox is not the desk.
    expect((await inboxOf(station, staff)).items).toEqual([]);
    expect(station.channel.sent.map((notice) => notice.recipient)).toEqual([
      { kind: "person", role: "handler", id: "h-river" },
      { kind: "staff-desk", stationId: "wanda" },
    ]);
  });

  it("names a cancelled activity by the title it learned when the activity was planned", async () => {
    await publish(station, envelopeOf(activityPlanned("a-1", "河道清洁", minutesIn(1)), 1, 1));
    const page = await publishAndWait(
      envelopeOf(activityCancelled("a-1", ["c-1", "c-2"], minutesIn(2)), 2, 3),
    );
    expect(page.items[0]?.title).toBe("活动已取消：「河道清洁」");
    const other = await inboxOf(station, courierActor("c-2"));
    expect(other.items.map((item) => item.kind)).toEqual(["activity-cancelled"]);
  });

  it("tells a courier a reward is ready to pick up, from the redemption it was opened with", async () => {
    await publish(
      station,
      envelopeOf(catalogueRedemptionOpened("rd-1", "c-1", "充电宝", minutesIn(1)), 1, 1),
    );
    const page = await publishAndWait(
      envelopeOf(catalogueHoldConfirmed("rd-1", minutesIn(2)), 2, 2),
    );
    expect(page.items[0]).toMatchObject({
      kind: "catalogue-ready",
      about: { aggregate: "catalogueRedemption", id: "rd-1" },
    });
    expect(page.items[0]?.body).toContain("「充电宝」");
  });

  it("fails a hold's confirmation whose redemption it has not read yet, so it comes again", async () => {
    const event = envelopeOf(catalogueHoldConfirmed("rd-9", minutesIn(2)), 2, 2);
    const exit = await station.runExit(deliverNotices(event, consumerContextFor("notices", event)));
    expect(exit._tag).toBe("Failure");
    expect(await noticeCount(station)).toBe(0);
  });

  it("skips an event it does not read", async () => {
    const event = eventOf("wish", "WishFulfilled", { wishId: "w-1" }, minutesIn(1));
    await redeliver(event);
    expect(await noticeCount(station)).toBe(0);
  });
});

describe("a courier's erasure", () => {
  it("removes their inbox and what was remembered of their wishes, and leaves others' alone", async () => {
    await publishAndWait(envelopeOf(courierVerified("c-1", minutesIn(1)), 1));
    await publishAndWait(envelopeOf(courierVerified("c-2", minutesIn(1)), 1), courierActor("c-2"));
    await publish(station, envelopeOf(wishDrafted("w-1", "c-1", "蓝牙耳机", minutesIn(2)), 2));
    await send(
      station,
      courierActor("c-1"),
      { type: "ChooseNoticeLanguage", data: { language: "en" } },
      "lang-erase",
    );
    await eventually(subjectCount, (count) => count === 1);
    await publish(station, erasureOf("c-1", 3));
    const emptied = await eventually(
      () => inboxOf(station, courierActor("c-1")),
      (page) => page.items.length === 0,
    );
    expect(emptied.unread).toBe(0);
    // The language they chose went with it: the community's is back.
    expect(emptied.language).toBe("zh-CN");
    expect(await subjectCount()).toBe(0);
    expect((await inboxOf(station, courierActor("c-2"))).items).toHaveLength(1);
  });

  it("makes no notice for them, and remembers none of their wishes, from an old event delivered late", async () => {
    const late = envelopeOf(reportResolved("r-1", "c-1", minutesIn(1)), 1);
    const erasure = erasureOf("c-1", 2);
    await station.run(eraseInbox(erasure, consumerContextFor("erasure", erasure)));
    await redeliver(late);
    await redeliver(envelopeOf(wishDrafted("w-late", "c-1", "蓝牙耳机", minutesIn(1)), 1));
    expect(await noticeCount(station)).toBe(0);
    expect(await subjectCount()).toBe(0);
    expect(station.channel.sent).toHaveLength(0);
  });
});

const deskOf = () => ask(station, "ListMyNotices", { actor: staff, box: "staff-desk" });

const subjectCount = () =>
  station.run(
    Effect.gen(function* () {
      const store = yield* Store;
      return yield* (yield* store.readModel(subjectRows)).count();
    }),
  );
