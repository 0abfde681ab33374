import type { Actor } from "@courier-station/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aggregateOf, reportOverdue, reportResolved, suggestionOverdue } from "./test-events.js";
import {
  ask,
  community,
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
  send,
  staff,
  staffElsewhere,
  startNotifications,
} from "./test-station.js";

let station: NotificationsStation;
const reader = courierActor("c-pages");

beforeAll(async () => {
  station = await startNotifications();
  // Seven notices for one courier, a minute apart, published out of order.
  for (const minute of [3, 1, 7, 5, 2, 6, 4]) {
    const event = reportResolved(`r-${minute}`, "c-pages", minutesIn(minute));
    await publish(station, eventOf(aggregateOf(event), event.type, event.data, minutesIn(minute)));
  }
  await publish(
    station,
    eventOf(
      "suggestion",
      "SuggestionResponseBecameOverdue",
      suggestionOverdue("s-1", minutesIn(9)).data,
      minutesIn(9),
    ),
  );
  // A report overdue at the Wanda station, after the suggestion of no station.
  const overdue = reportOverdue("r-late", "h-river", minutesIn(10));
  await publish(station, eventOf("report", overdue.type, overdue.data, minutesIn(10)));
  await eventually(
    () => inboxOf(station, reader),
    (page) => page.unread === 7,
  );
  await eventually(
    () => ask(station, "ListMyNotices", { actor: staff, box: "staff-desk" }),
    (page) => page.items.length === 2,
  );
});
afterAll(async () => station.close());

describe("my inbox", () => {
  it("is read newest first a page at a time with the kit's cursors, each notice once", async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await ask(station, "ListMyNotices", {
        actor: reader,
        limit: 3,
        ...(after === undefined ? {} : { after }),
      });
      expect(page.unread).toBe(7);
      seen.push(...page.items.map((item) => item.about.id));
      if (page.next === undefined) break;
      after = page.next;
    }
    expect(seen).toEqual(["r-7", "r-6", "r-5", "r-4", "r-3", "r-2", "r-1"]);
  });

  it("shows unread notices only when asked, with the count of the whole inbox", async () => {
    const all = await inboxOf(station, reader);
    const newest = all.items[0]?.noticeId ?? expect.fail("no notice");
    const courier = courierActor("c-pages");
    await send(
      station,
      courier,
      { type: "MarkNoticeRead", data: { noticeId: newest } },
      "read-pages",
    );
    const unread = await ask(station, "ListMyNotices", { actor: reader, unreadOnly: true });
    expect(unread.unread).toBe(6);
    expect(unread.items.map((item) => item.about.id)).toEqual([
      "r-6",
      "r-5",
      "r-4",
      "r-3",
      "r-2",
      "r-1",
    ]);
    expect(unread.items.every((item) => !item.read)).toBe(true);
  });

  it("is in the language asked for, else the community's", async () => {
    expect((await inboxOf(station, reader)).items[0]?.title).toBe("问题解决了吗？");
    const english = await ask(station, "ListMyNotices", { actor: reader, language: "en" });
    expect(english.language).toBe("en");
    expect(english.items[0]?.title).toBe("Is it fixed?");
  });

  it("holds nothing of anyone else: another courier's inbox is their own", async () => {
    const other = await inboxOf(station, courierActor("c-someone-else"));
    expect(other).toEqual({ language: "zh-CN", items: [], unread: 0 });
  });

  it("is the staff desk for staff who ask for it, and refused to anyone else", async () => {
    const desk = await ask(station, "ListMyNotices", { actor: staff, box: "staff-desk" });
    expect(desk.items.map((item) => item.kind)).toEqual(["report-overdue", "suggestion-overdue"]);
    expect(desk.unread).toBe(2);
    const wanda = await ask(station, "ListMyNotices", {
      actor: staff,
      box: "staff-desk",
      stationId: "wanda",
    });
    expect(wanda.items.map((item) => item.kind)).toEqual(["report-overdue"]);
    expect(wanda.unread).toBe(1);
    expectRefusal(
      await refusalOf(ask(station, "ListMyNotices", { actor: reader, box: "staff-desk" })),
      "notice.staff_desk_only",
      403,
    );
  });

  it("refuses a role without an inbox and staff of another community before reading anything", async () => {
    const auditor: Actor = { role: "auditor", id: "auditor-1", communities: [community] };
    for (const actor of [auditor, flow, staffElsewhere]) {
      expectRefusal(
        await refusalOf(ask(station, "ListMyNotices", { actor })),
        "access.forbidden",
        403,
      );
    }
  });

  it("refuses a forged cursor as an invalid query", async () => {
    const forged = Buffer.from('{"f":"version","d":0,"v":1,"i":"x"}').toString("base64url");
    expectRefusal(
      await refusalOf(ask(station, "ListMyNotices", { actor: reader, after: forged })),
      "store.invalid_query",
      422,
    );
  });
});
