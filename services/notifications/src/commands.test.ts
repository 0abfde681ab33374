import type { Actor, EventEnvelope } from "@courier-station/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aggregateOf, courierVerified, reportOverdue, reportResolved } from "./test-events.js";
import {
  ask,
  courierActor,
  eventOf,
  eventually,
  expectRefusal,
  handlerActor,
  inboxOf,
  minutesIn,
  type NotificationsStation,
  otherStaff,
  publish,
  refusalOf,
  send,
  sponsorActor,
  staff,
  startNotifications,
} from "./test-station.js";

let station: NotificationsStation;

beforeAll(async () => {
  station = await startNotifications();
});
afterAll(async () => station.close());

let published = 0;

/** Publishes an event and returns the id of the notice it made in an actor's inbox. */
const noticeFor = async (
  actor: Actor,
  event: { readonly type: string; readonly data: object },
  box: "mine" | "staff-desk" = "mine",
): Promise<string> => {
  published += 1;
  const envelope: EventEnvelope = eventOf(
    aggregateOf(event as never),
    event.type,
    event.data,
    minutesIn(published),
  );
  await publish(station, envelope);
  const page = await eventually(
    () => ask(station, "ListMyNotices", { actor, box }),
    (found) => found.items.some((item) => item.createdAt === envelope.time),
  );
  const notice = page.items.find((item) => item.createdAt === envelope.time);
  return notice?.noticeId ?? expect.fail("no notice");
};

const markRead = (actor: Actor, noticeId: string, commandId: string) =>
  send(station, actor, { type: "MarkNoticeRead", data: { noticeId } }, commandId);

describe("marking a notice read", () => {
  it("is done by its recipient, and the unread count goes down", async () => {
    const courier = courierActor("c-read");
    const noticeId = await noticeFor(courier, courierVerified("c-read", minutesIn(0)));
    expect((await inboxOf(station, courier)).unread).toBe(1);
    const reply = await markRead(courier, noticeId, "read-1");
    expect(reply).toMatchObject({ outcome: "applied", aggregate: "notice", id: noticeId });
    const page = await inboxOf(station, courier);
    expect(page.unread).toBe(0);
    expect(page.items[0]).toMatchObject({ noticeId, read: true });
    expect(page.items[0]?.readAt).toBeDefined();
  });

  it("refuses another person, and the notice stays unread", async () => {
    const owner = courierActor("c-own");
    const noticeId = await noticeFor(owner, reportResolved("r-own", "c-own", minutesIn(0)));
    for (const [actor, commandId] of [
      [courierActor("c-other"), "read-other-courier"],
      [staff, "read-staff"],
      [sponsorActor("c-own"), "read-same-id-other-role"],
    ] as const) {
      expectRefusal(await refusalOf(markRead(actor, noticeId, commandId)), "notice.not_yours", 403);
    }
    const page = await inboxOf(station, owner);
    expect(page.unread).toBe(1);
    expect(page.items[0]?.read).toBe(false);
  });

  it("answers a retry of the same command `duplicate` and changes nothing", async () => {
    const courier = courierActor("c-retry");
    const noticeId = await noticeFor(courier, courierVerified("c-retry", minutesIn(0)));
    const first = await markRead(courier, noticeId, "read-retry");
    const before = await inboxOf(station, courier);
    const again = await markRead(courier, noticeId, "read-retry");
    expect(first.outcome).toBe("applied");
    expect(again).toEqual({ ...first, outcome: "duplicate" });
    expect(await inboxOf(station, courier)).toEqual(before);
  });

  it("refuses the same command id for another command, naming the conflict", async () => {
    const courier = courierActor("c-conflict");
    const first = await noticeFor(courier, courierVerified("c-conflict", minutesIn(0)));
    const second = await noticeFor(
      courier,
      reportResolved("r-conflict", "c-conflict", minutesIn(0)),
    );
    await markRead(courier, first, "read-conflict");
    expectRefusal(
      await refusalOf(markRead(courier, second, "read-conflict")),
      "command.id_conflict",
      409,
    );
    const page = await inboxOf(station, courier);
    expect(page.items.find((item) => item.noticeId === second)?.read).toBe(false);
  });

  it("refuses a notice that does not exist", async () => {
    expectRefusal(
      await refusalOf(markRead(courierActor("c-1"), `d-${"e".repeat(40)}`, "read-missing")),
      "notice.not_found",
      404,
    );
  });

  it("lets any staff member of the community mark a staff-desk notice read, and no handler", async () => {
    const noticeId = await noticeFor(
      staff,
      reportOverdue("r-desk", "h-desk", minutesIn(0)),
      "staff-desk",
    );
    expectRefusal(
      await refusalOf(markRead(handlerActor("h-desk"), noticeId, "read-desk-handler")),
      "notice.not_yours",
      403,
    );
    const reply = await markRead(otherStaff, noticeId, "read-desk");
    expect(reply.outcome).toBe("applied");
    const desk = await ask(station, "ListMyNotices", { actor: staff, box: "staff-desk" });
    expect(desk.items.find((item) => item.noticeId === noticeId)?.read).toBe(true);
    // The handler's own notice of the same report is theirs to mark, untouched by staff's.
    const handler = await inboxOf(station, handlerActor("h-desk"));
    expect(handler.items[0]?.read).toBe(false);
  });
});

describe("choosing the language of one's notices", () => {
  it("shows every notice in the chosen language from then on", async () => {
    const courier = courierActor("c-lang");
    await noticeFor(courier, courierVerified("c-lang", minutesIn(0)));
    expect((await inboxOf(station, courier)).items[0]?.title).toBe("报到审核通过");
    const reply = await send(
      station,
      courier,
      { type: "ChooseNoticeLanguage", data: { language: "en" } },
      "lang-c-lang",
    );
    expect(reply).toMatchObject({
      outcome: "applied",
      aggregate: "noticeLanguage",
      id: "courier:c-lang",
    });
    const page = await inboxOf(station, courier);
    expect(page.language).toBe("en");
    expect(page.items[0]?.title).toBe("Your check-in is verified");
  });

  it("does not let a retry undo a later choice", async () => {
    const courier = courierActor("c-lang-2");
    const choose = (language: "zh-CN" | "en", commandId: string) =>
      send(station, courier, { type: "ChooseNoticeLanguage", data: { language } }, commandId);
    await choose("en", "lang-a");
    await choose("zh-CN", "lang-b");
    expect((await choose("en", "lang-a")).outcome).toBe("duplicate");
    expect((await inboxOf(station, courier)).language).toBe("zh-CN");
  });
});
