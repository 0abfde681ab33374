import { type Actor, type Instant, jinshanPolicy, type LocalizedText } from "@courier-station/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  excerpt,
  excerptLength,
  isRecipient,
  type KnownSubject,
  learnedFrom,
  localTimeText,
  type NoticeDraft,
  NoticeSourceEvent,
  needsKnownCourier,
  noticeSourceEventTypes,
  noticesOf,
  subjectOf,
} from "./notices.js";
import {
  activityCancelled,
  activityMoved,
  activityPlanned,
  catalogueHoldConfirmed,
  catalogueRedemptionOpened,
  consentWithdrawn,
  courierRejected,
  courierVerified,
  reportAccepted,
  reportOverdue,
  reportResolved,
  signUpsPaused,
  suggestionAdopted,
  suggestionAnswered,
  suggestionDeclined,
  suggestionOverdue,
  wishClaimed,
  wishDrafted,
  wishHoldConfirmed,
  wishRedeemed,
  wishThanked,
} from "./test-events.js";

const shanghai = { timeZone: "Asia/Shanghai" };
const at = "2026-11-16T02:00:00.000Z" as Instant;

/** A text in both languages: Chinese characters in zh-CN, English words in en. */
const expectBilingual = (text: LocalizedText) => {
  expect(text["zh-CN"]).toMatch(/\p{Script=Han}/u);
  expect(text.en).toMatch(/[A-Za-z]{3}/);
  // English quotes the names people gave (a title) and nothing else in Chinese.
  expect(text.en.replace(/"[^"]*"/g, "")).not.toMatch(/\p{Script=Han}/u);
};

const expectWorded = (drafts: ReadonlyArray<NoticeDraft>) => {
  for (const draft of drafts) {
    expectBilingual(draft.title);
    // An English body may quote a person's Chinese words (a reason, a note); the rest is English.
    expect(draft.body["zh-CN"].length).toBeGreaterThan(0);
    expect(draft.body.en).toMatch(/[A-Za-z]{3}|\p{Script=Han}/u);
  }
};

const courier = (id: string) => ({ kind: "person", role: "courier", id }) as const;

describe("which notice each event makes, for whom", () => {
  it("tells a courier their check-in was verified, and welcomes them", () => {
    const drafts = noticesOf(courierVerified("c-1", at), undefined, shanghai);
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({
      recipient: courier("c-1"),
      kind: "courier-verified",
      about: { aggregate: "courier", id: "c-1" },
    });
    expectWorded(drafts);
    expect(drafts[0]?.title["zh-CN"]).toBe("报到审核通过");
  });

  it("tells a courier their check-in was not verified, with the reason", () => {
    const drafts = noticesOf(courierRejected("c-1", at), undefined, shanghai);
    expect(drafts.map((draft) => draft.kind)).toEqual(["courier-rejected"]);
    expect(drafts[0]?.body["zh-CN"]).toContain("照片看不清");
    expect(drafts[0]?.body.en).toContain("照片看不清");
    expectWorded(drafts);
  });

  it("offers a courier who withdrew consent erasure, and says when it happens by itself", () => {
    const automatic = noticesOf(
      consentWithdrawn("c-1", at, "2026-12-16T02:00:00.000Z" as Instant),
      undefined,
      shanghai,
    );
    expect(automatic[0]).toMatchObject({ recipient: courier("c-1"), kind: "consent-withdrawn" });
    expect(automatic[0]?.body["zh-CN"]).toContain("12月16日 10:00 自动删除");
    expect(automatic[0]?.body.en).toContain("erased on 16 Dec 10:00");
    const onRequest = noticesOf(consentWithdrawn("c-1", at), undefined, shanghai);
    expect(onRequest[0]?.body.en).toContain("ask the staff at the station");
    expectWorded([...automatic, ...onRequest]);
  });

  it("tells a courier their sign-ups are paused, until when in the community's time", () => {
    const drafts = noticesOf(
      signUpsPaused("c-1", "2026-11-30T16:30:00.000Z" as Instant, at),
      undefined,
      shanghai,
    );
    expect(drafts[0]).toMatchObject({ recipient: courier("c-1"), kind: "sign-ups-paused" });
    // 16:30 UTC is half past midnight the next day in Shanghai.
    expect(drafts[0]?.body["zh-CN"]).toContain("12月1日 00:30");
    expect(drafts[0]?.body.en).toContain("1 Dec 00:30");
    expectWorded(drafts);
  });

  it("tells every courier holding a place that an activity changed, by its title", () => {
    const drafts = noticesOf(
      activityMoved("a-1", "河道清洁", ["c-1", "c-2"], at),
      undefined,
      shanghai,
    );
    expect(drafts.map((draft) => draft.recipient)).toEqual([courier("c-1"), courier("c-2")]);
    expect(drafts.every((draft) => draft.kind === "activity-changed")).toBe(true);
    expect(drafts[0]?.title["zh-CN"]).toContain("「河道清洁」");
    expect(drafts[0]?.body["zh-CN"]).toContain("开始时间");
    expect(drafts[0]?.body.en).toContain("start");
    expect(drafts[0]?.body.en).toContain("6 Dec 14:00");
    expectWorded(drafts);
  });

  it("tells every courier holding a place that an activity was cancelled, with its title when known", () => {
    const known: KnownSubject = { about: { aggregate: "activity", id: "a-1" }, title: "河道清洁" };
    const named = noticesOf(activityCancelled("a-1", ["c-1"], at), known, shanghai);
    expect(named[0]).toMatchObject({ recipient: courier("c-1"), kind: "activity-cancelled" });
    expect(named[0]?.title.en).toBe('Activity cancelled: "河道清洁"');
    expect(named[0]?.body["zh-CN"]).toContain("暴雨预警");
    const unnamed = noticesOf(activityCancelled("a-1", ["c-1"], at), undefined, shanghai);
    expect(unnamed[0]?.title.en).toBe("Activity cancelled: an activity you signed up for");
    expectWorded([...named, ...unnamed]);
  });

  it("makes no notice of an activity change nobody holds a place in", () => {
    expect(noticesOf(activityCancelled("a-1", [], at), undefined, shanghai)).toEqual([]);
  });

  it('asks the reporter "is it fixed?" when their report is resolved, and by when', () => {
    const drafts = noticesOf(reportResolved("r-1", "c-1", at), undefined, shanghai);
    expect(drafts[0]).toMatchObject({
      recipient: courier("c-1"),
      kind: "report-fixed-question",
      about: { aggregate: "report", id: "r-1" },
    });
    expect(drafts[0]?.title).toEqual({ "zh-CN": "问题解决了吗？", en: "Is it fixed?" });
    expect(drafts[0]?.body["zh-CN"]).toContain("11月23日 10:00");
    expectWorded(drafts);
  });

  it("tells a handler a report was routed to them, and by when it is due", () => {
    const drafts = noticesOf(reportAccepted("r-1", "h-river", at), undefined, shanghai);
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({
      recipient: { kind: "person", role: "handler", id: "h-river" },
      kind: "report-routed",
      about: { aggregate: "report", id: "r-1" },
    });
    expect(drafts[0]?.body["zh-CN"]).toContain("11月18日 10:00");
    expectWorded(drafts);
  });

  it("tells a report's handler and the staff desk of its station that it is overdue", () => {
    const drafts = noticesOf(reportOverdue("r-1", "h-river", at), undefined, shanghai);
    expect(drafts.map((draft) => draft.recipient)).toEqual([
      { kind: "person", role: "handler", id: "h-river" },
      { kind: "staff-desk", stationId: "wanda" },
    ]);
    expect(drafts.every((draft) => draft.kind === "report-overdue")).toBe(true);
    expectWorded(drafts);
  });

  it("tells a suggestion's author it was answered, adopted or declined", () => {
    const answered = noticesOf(
      suggestionAnswered("s-1", "c-1", "已转交物业", at),
      undefined,
      shanghai,
    );
    const adopted = noticesOf(suggestionAdopted("s-1", "c-1", at), undefined, shanghai);
    const declined = noticesOf(suggestionDeclined("s-1", "c-1", at), undefined, shanghai);
    expect([...answered, ...adopted, ...declined].map((draft) => draft.kind)).toEqual([
      "suggestion-answered",
      "suggestion-adopted",
      "suggestion-declined",
    ]);
    for (const draft of [...answered, ...adopted, ...declined]) {
      expect(draft.recipient).toEqual(courier("c-1"));
    }
    expect(answered[0]?.body["zh-CN"]).toBe("已转交物业");
    expect(adopted[0]?.body.en).toContain("下月起");
    expectWorded([...answered, ...adopted, ...declined]);
  });

  it("quotes a long answer only in part", () => {
    const drafts = noticesOf(
      suggestionAnswered("s-1", "c-1", "很".repeat(5_000), at),
      undefined,
      shanghai,
    );
    expect(Array.from(drafts[0]?.body["zh-CN"] ?? "")).toHaveLength(excerptLength);
    expect(drafts[0]?.body["zh-CN"].endsWith("…")).toBe(true);
  });

  it("tells the community's staff desk that a suggestion waits too long", () => {
    const drafts = noticesOf(suggestionOverdue("s-1", at), undefined, shanghai);
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({
      recipient: { kind: "staff-desk" },
      kind: "suggestion-overdue",
    });
    expectWorded(drafts);
  });

  it("names the suggestion's topic as the policy names it, in each language", () => {
    const { topics } = jinshanPolicy().suggestions;
    const named = topics.find((topic) => topic.id === "station-services")?.name;
    expect(named).toBeDefined();
    const [draft] = noticesOf(suggestionOverdue("s-1", at), undefined, {
      ...shanghai,
      suggestionTopics: topics,
    });
    expect(draft?.body["zh-CN"]).toContain(`（${named?.["zh-CN"]}）`);
    expect(draft?.body.en).toContain(`(${named?.en})`);
    expect(draft?.body["zh-CN"]).not.toContain("station-services");
  });

  it("tells a courier a sponsor claimed their wish, by its title, and when it is handed over", () => {
    const known = learnedFrom(wishDrafted("w-1", "c-1", "蓝牙耳机", at), undefined);
    const whole = noticesOf(wishClaimed("w-1", "c-1", "wanda-cafe", true, at), known, shanghai);
    expect(whole[0]).toMatchObject({ recipient: courier("c-1"), kind: "wish-claimed" });
    expect(whole[0]?.body["zh-CN"]).toContain("「蓝牙耳机」");
    expect(whole[0]?.body["zh-CN"]).toContain("11月30日 18:00");
    const part = noticesOf(wishClaimed("w-1", "c-1", "wanda-cafe", false, at), known, shanghai);
    expect(part[0]?.body.en).toContain("redeem the rest with points");
    expectWorded([...whole, ...part]);
  });

  it("tells the courier their wish is redeemed once the ledger holds its points", () => {
    const drafted = learnedFrom(wishDrafted("w-1", "c-1", "蓝牙耳机", at), undefined);
    const redeemed = learnedFrom(wishRedeemed("w-1", "c-1", at), drafted);
    const drafts = noticesOf(wishHoldConfirmed("w-1", at), redeemed, shanghai);
    expect(drafts[0]).toMatchObject({ recipient: courier("c-1"), kind: "wish-redeemed" });
    expect(drafts[0]?.body.en).toContain('"蓝牙耳机"');
    expect(drafts[0]?.body.en).toContain("30 Nov 18:00");
    expectWorded(drafts);
  });

  it("tells the courier a reward is ready to pick up, and by when", () => {
    const opened = learnedFrom(catalogueRedemptionOpened("rd-1", "c-1", "充电宝", at), undefined);
    const drafts = noticesOf(catalogueHoldConfirmed("rd-1", at), opened, shanghai);
    expect(drafts[0]).toMatchObject({
      recipient: courier("c-1"),
      kind: "catalogue-ready",
      about: { aggregate: "catalogueRedemption", id: "rd-1" },
    });
    expect(drafts[0]?.body["zh-CN"]).toBe(
      "「充电宝」已经备好，请在 11月23日 18:00 前到服务站领取。",
    );
    expectWorded(drafts);
  });

  it("cannot address a hold's confirmation without knowing whose it is", () => {
    expect(needsKnownCourier(catalogueHoldConfirmed("rd-1", at))).toBe(true);
    expect(needsKnownCourier(wishHoldConfirmed("w-1", at))).toBe(true);
    expect(noticesOf(catalogueHoldConfirmed("rd-1", at), undefined, shanghai)).toEqual([]);
    expect(needsKnownCourier(courierVerified("c-1", at))).toBe(false);
  });

  it("thanks the sponsor who funded a wish, and nobody for the community's own funding", () => {
    const drafts = noticesOf(
      wishThanked("w-1", "c-1", { kind: "sponsor", sponsorId: "wanda-cafe" }, at),
      undefined,
      shanghai,
    );
    expect(drafts[0]).toMatchObject({
      recipient: { kind: "person", role: "sponsor", id: "wanda-cafe" },
      kind: "wish-thanked",
    });
    expect(drafts[0]?.body["zh-CN"]).toContain("谢谢老板！");
    expectWorded(drafts);
    expect(
      noticesOf(
        wishThanked("w-1", "c-1", { kind: "community", staffId: "staff-wang" }, at),
        undefined,
        shanghai,
      ),
    ).toEqual([]);
  });

  it("makes no notice of the events it only learns from", () => {
    expect(noticesOf(activityPlanned("a-1", "河道清洁", at), undefined, shanghai)).toEqual([]);
    expect(noticesOf(wishDrafted("w-1", "c-1", "耳机", at), undefined, shanghai)).toEqual([]);
    expect(noticesOf(wishRedeemed("w-1", "c-1", at), undefined, shanghai)).toEqual([]);
  });

  it("reads every event type it lists, and only those", () => {
    expect(new Set(noticeSourceEventTypes).size).toBe(noticeSourceEventTypes.length);
    expect(NoticeSourceEvent.safeParse({ type: "WishFulfilled", data: {} }).success).toBe(false);
  });
});

describe("what the service remembers of a subject", () => {
  it("remembers an activity's title from its plan and from its changes", () => {
    const planned = learnedFrom(activityPlanned("a-1", "河道清洁", at), undefined);
    expect(planned).toMatchObject({
      about: { aggregate: "activity", id: "a-1" },
      title: "河道清洁",
    });
    const moved = learnedFrom(activityMoved("a-1", "河道清洁（改期）", ["c-1"], at), planned);
    expect(moved?.title).toBe("河道清洁（改期）");
  });

  it("keeps a wish's title when it is redeemed, and learns its courier and due time", () => {
    const drafted = learnedFrom(wishDrafted("w-1", "c-1", "蓝牙耳机", at), undefined);
    const redeemed = learnedFrom(wishRedeemed("w-1", "c-1", at), drafted);
    expect(redeemed).toMatchObject({
      title: "蓝牙耳机",
      courierId: "c-1",
      fullyFunded: true,
      dueAt: "2026-11-30T10:00:00.000Z",
    });
  });

  it("learns nothing from events without a subject, or that teach nothing", () => {
    expect(subjectOf(courierVerified("c-1", at))).toBeUndefined();
    expect(learnedFrom(courierVerified("c-1", at), undefined)).toBeUndefined();
    expect(learnedFrom(catalogueHoldConfirmed("rd-1", at), undefined)).toBeUndefined();
  });
});

describe("who may mark a notice read", () => {
  const actor = (role: Actor["role"], id: string): Actor => ({ role, id, communities: [] });

  it("is the person it is for, and only them", () => {
    expect(isRecipient(actor("courier", "c-1"), courier("c-1"))).toBe(true);
    expect(isRecipient(actor("courier", "c-2"), courier("c-1"))).toBe(false);
    // The same id in another role is another person.
    expect(isRecipient(actor("sponsor", "c-1"), courier("c-1"))).toBe(false);
    expect(isRecipient(actor("staff", "staff-wang"), courier("c-1"))).toBe(false);
  });

  it("is any staff member for the staff desk, and nobody else", () => {
    expect(isRecipient(actor("staff", "staff-wang"), { kind: "staff-desk" })).toBe(true);
    expect(isRecipient(actor("handler", "h-river"), { kind: "staff-desk" })).toBe(false);
    expect(isRecipient(actor("courier", "c-1"), { kind: "staff-desk" })).toBe(false);
  });
});

describe("wording", () => {
  it("writes times in the community's time zone in both languages", () => {
    expect(localTimeText("2026-11-28T16:30:00.000Z" as Instant, "Asia/Shanghai")).toEqual({
      "zh-CN": "11月29日 00:30",
      en: "29 Nov 00:30",
    });
    expect(localTimeText("2026-11-28T16:30:00.000Z" as Instant, "Europe/London")).toEqual({
      "zh-CN": "11月28日 16:30",
      en: "28 Nov 16:30",
    });
  });

  it("never quotes more than the excerpt's length of anyone's words, and keeps short ones whole", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 600 }), (text) => {
        const shown = excerpt(text);
        expect(Array.from(shown).length).toBeLessThanOrEqual(excerptLength);
        if (Array.from(text.trim()).length <= excerptLength) expect(shown).toBe(text.trim());
        else expect(shown.endsWith("…")).toBe(true);
      }),
    );
  });
});
