import type { Actor } from "@courier-station/core";
import { Store } from "@courier-station/kit";
import { Effect, Option } from "effect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { erasedInboxRows, languageChoiceRows, noticeRows, subjectRows } from "./read-models.js";
import { aggregateOf, courierVerified } from "./test-events.js";
import {
  community,
  courierActor,
  eventOf,
  eventually,
  flow,
  inboxOf,
  minutesIn,
  type NotificationsStation,
  otherCommunity,
  publish,
  request,
  staff,
  staffElsewhere,
  startNotifications,
} from "./test-station.js";

let station: NotificationsStation;
let noticeId: string;
const owner = courierActor("c-1");

beforeAll(async () => {
  station = await startNotifications();
  const event = courierVerified("c-1", minutesIn(1));
  await publish(station, eventOf(aggregateOf(event), event.type, event.data, minutesIn(1)));
  const page = await eventually(
    () => inboxOf(station, owner),
    (found) => found.items.length === 1,
  );
  noticeId = page.items[0]?.noticeId ?? "";
});
afterAll(async () => station.close());

/** Everything the service holds: its rows, read or not, the languages chosen, the command ids claimed. */
const stored = () =>
  station.run(
    Effect.gen(function* () {
      const store = yield* Store;
      const notices = yield* (yield* store.readModel(noticeRows)).find({ limit: 1_000 });
      return {
        notices: notices.items.map((item) => ({ revision: item.revision, row: item.document })),
        languages: yield* (yield* store.readModel(languageChoiceRows)).count(),
        subjects: yield* (yield* store.readModel(subjectRows)).count(),
        erased: yield* (yield* store.readModel(erasedInboxRows)).count(),
        // A command refused never claims its id.
        commandIdClaimed: Option.isSome(
          yield* store.uniqueKeyOwner({ community, scope: "notifications-command", key: "bad-1" }),
        ),
      };
    }),
  );

const envelope = (
  actor: Actor,
  command: unknown,
  commandId = "bad-1",
  target: string = community,
) => ({ commandId, community: target, actor, command });

const markRead = (data: Record<string, unknown> = {}) => ({
  type: "MarkNoticeRead",
  data: { noticeId, ...data },
});

describe("bad input sent straight to the service's subjects", () => {
  const cases: ReadonlyArray<{
    readonly name: string;
    readonly endpoint?: string;
    readonly payload: () => unknown;
    readonly code: string;
    readonly status: number;
  }> = [
    {
      name: "not JSON (the bus carries it as a string)",
      payload: () => '{"commandId": "bad-1", "command": {',
      code: "input.invalid",
      status: 400,
    },
    {
      name: "the wrong shape: an unknown field",
      payload: () => envelope(owner, markRead({ everything: true })),
      code: "input.invalid",
      status: 400,
    },
    {
      name: "a notice id that is not one",
      payload: () => envelope(owner, markRead({ noticeId: "../../etc/passwd" })),
      code: "input.invalid",
      status: 400,
    },
    {
      name: "another endpoint's command",
      payload: () => envelope(owner, { type: "ChooseNoticeLanguage", data: { language: "en" } }),
      code: "input.invalid",
      status: 400,
    },
    {
      name: "a language nobody speaks here",
      endpoint: "ChooseNoticeLanguage",
      payload: () => envelope(owner, { type: "ChooseNoticeLanguage", data: { language: "fr" } }),
      code: "input.invalid",
      status: 400,
    },
    {
      name: "an oversize payload",
      payload: () => envelope(owner, markRead({ padding: "读".repeat(70_000) })),
      code: "input.too_large",
      status: 413,
    },
    {
      name: "a __proto__ key",
      payload: () =>
        JSON.parse(
          `{"commandId":"bad-1","community":"${community}","actor":${JSON.stringify(owner)},"command":{"type":"MarkNoticeRead","data":{"noticeId":"${noticeId}"},"__proto__":{"admin":true}}}`,
        ),
      code: "input.invalid",
      status: 400,
    },
    {
      name: "a key starting with $",
      payload: () => envelope(owner, markRead({ $set: { read: true } })),
      code: "input.invalid",
      status: 400,
    },
    {
      name: "a NUL character in the command id",
      payload: () => envelope(owner, markRead(), "bad\u0000id"),
      code: "input.invalid",
      status: 400,
    },
    {
      name: "another community's id in the payload",
      payload: () =>
        envelope(
          { ...owner, communities: [community, otherCommunity] },
          markRead(),
          "bad-1",
          otherCommunity,
        ),
      code: "access.community_mismatch",
      status: 403,
    },
    {
      name: "staff of another community",
      payload: () => envelope(staffElsewhere, markRead()),
      code: "access.forbidden",
      status: 403,
    },
    {
      name: "a system flow marking a person's notice read",
      payload: () => envelope(flow, markRead()),
      code: "access.forbidden",
      status: 403,
    },
    {
      name: "a command id in the namespace the system's flows derive",
      payload: () => envelope(owner, markRead(), `d-${"0".repeat(40)}`),
      code: "access.forbidden",
      status: 403,
    },
    {
      name: "another person marking the notice read",
      payload: () => envelope(courierActor("c-2"), markRead()),
      code: "notice.not_yours",
      status: 403,
    },
    {
      name: "staff marking a courier's notice read",
      payload: () => envelope(staff, markRead()),
      code: "notice.not_yours",
      status: 403,
    },
    {
      name: "a query with an unknown parameter",
      endpoint: "ListMyNotices",
      payload: () => ({ actor: owner, courierId: "c-2" }),
      code: "input.invalid",
      status: 400,
    },
    {
      name: "a query for too large a page",
      endpoint: "ListMyNotices",
      payload: () => ({ actor: owner, limit: 10_000 }),
      code: "input.invalid",
      status: 400,
    },
  ];

  it.each(cases)("refuses $name and stores nothing", async (entry) => {
    const before = await stored();
    const reply = await request(station, entry.endpoint ?? "MarkNoticeRead", entry.payload());
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe(entry.code);
    expect(reply.status).toBe(entry.status);
    expect(reply.error.message["zh-CN"]).toMatch(/\p{Script=Han}/u);
    expect(reply.error.message.en).toMatch(/[A-Za-z]{3}/);
    expect(await stored()).toEqual(before);
  });

  it("leaves the notice unread after all of them", async () => {
    const page = await inboxOf(station, owner);
    expect(page.items[0]).toMatchObject({ noticeId, read: false });
    expect(page.unread).toBe(1);
  });
});
