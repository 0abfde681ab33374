import { HOUR } from "@courier-station/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cellsAround } from "./read-models.js";
import {
  ask,
  auditor,
  bridge,
  courierActor,
  expectRefusal,
  northOf,
  openCommunity,
  personalDataOf,
  type ReportsStation,
  refusalOf,
  riverReport,
  send,
  sponsor,
  staff,
  staffElsewhere,
  startReports,
  suggestion,
  urbanHandler,
  waterHandler,
} from "./test-station.js";

/** Every string anywhere in a value, to check what a view could leak. */
const stringsIn = (value: unknown): string[] => {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (typeof value === "object" && value !== null) return Object.values(value).flatMap(stringsIn);
  return [];
};

const couriers = ["c-1", "c-2", "c-3", "c-4"] as const;
const [c1, c2, c3, c4] = couriers.map(courierActor) as [
  ReturnType<typeof courierActor>,
  ReturnType<typeof courierActor>,
  ReturnType<typeof courierActor>,
  ReturnType<typeof courierActor>,
];

/** Reads every page of a list, checking that pages neither repeat nor skip. */
const allPages = async <Item>(
  read: (after: string | undefined) => Promise<{ items: Item[]; next?: string | undefined }>,
): Promise<{ items: Item[]; pages: number }> => {
  const items: Item[] = [];
  let after: string | undefined;
  let pages = 0;
  for (;;) {
    const page = await read(after);
    pages += 1;
    items.push(...page.items);
    if (page.next === undefined) return { items, pages };
    after = page.next;
  }
};

describe("reports as each reader sees them", () => {
  let station: ReportsStation;
  const place = (metres: number, address: string) => ({
    location: { point: northOf(bridge, metres), address },
  });

  beforeAll(async () => {
    station = await startReports();
    await openCommunity(station, couriers);
    const on = (reportId: string, type: string, data: Record<string, unknown> = {}) => ({
      type,
      data: { reportId, ...data },
    });
    await send(station, c1, riverReport(station, "r-1"));
    await send(station, staff, on("r-1", "AcceptReport"));
    await send(station, waterHandler, on("r-1", "StartReportWork"));
    await send(
      station,
      waterHandler,
      on("r-1", "AddReportStatusNote", { note: "内部协调", internal: true }),
    );
    station.clock.advance(HOUR);
    await send(
      station,
      c2,
      riverReport(station, "r-2", { category: "noise", ...place(30, "桥边烧烤摊") }),
    );
    station.clock.advance(HOUR);
    await send(station, c3, riverReport(station, "r-3", place(60, "桥北")));
    await send(station, staff, on("r-3", "RejectReport", { note: "照片与描述不符" }));
    station.clock.advance(HOUR);
    await send(station, c1, riverReport(station, "r-4", place(2_000, "龙胜路北段")));
    await send(station, staff, on("r-4", "AcceptReport"));
    await send(station, staff, on("r-4", "HideReport", { reason: "照片含车牌" }));
    station.clock.advance(HOUR);
    await send(station, c4, riverReport(station, "r-5", place(40, "桥北侧")));
    await send(station, staff, on("r-5", "AcceptReport"));
    await send(station, waterHandler, on("r-5", "ResolveReport", { note: "已清理" }));
    station.clock.advance(HOUR);
    await send(
      station,
      c2,
      riverReport(station, "r-6", { location: { address: "龙胜路桥下游一百米" } }),
    );
  });
  afterAll(async () => station.close());

  it("gives staff, auditors and the report's handler the staff view, with the reporter", async () => {
    for (const actor of [staff, auditor, waterHandler]) {
      const view = await ask(station, "GetReport", { actor, reportId: "r-1" });
      expect(view.view).toBe("staff");
      if (view.view !== "staff") continue;
      expect(view.reporterId).toBe("c-1");
      expect(view.history.map((step) => step.note)).toContain("内部协调");
    }
  });

  it("gives the reporter their own view, even before the public may see it", async () => {
    const own = await ask(station, "GetReport", { actor: c2, reportId: "r-2" });
    expect(own).toMatchObject({ view: "reporter", status: "submitted", shownPublicly: false });
    const rejected = await ask(station, "GetReport", { actor: c3, reportId: "r-3" });
    expect(rejected).toMatchObject({
      view: "reporter",
      rejection: { reason: "invalid", note: "照片与描述不符" },
    });
  });

  it("gives everyone else the public timeline without the reporter, internal notes or the hidden", async () => {
    for (const actor of [c2, sponsor, urbanHandler]) {
      const view = await ask(station, "GetReport", { actor, reportId: "r-1" });
      expect(view.view).toBe("public");
      const strings = stringsIn(view);
      expect(strings).not.toContain("c-1");
      expect(strings).not.toContain("内部协调");
      expect(strings.join(" ")).not.toContain(personalDataOf("c-1").realName);
    }
    for (const [actor, reportId] of [
      [sponsor, "r-2"],
      [c1, "r-2"],
      [sponsor, "r-3"],
      [c2, "r-4"],
      [staff, "r-404"],
    ] as const) {
      const refusal = await refusalOf(ask(station, "GetReport", { actor, reportId }));
      expectRefusal(refusal, "report.not_found", 404);
    }
  });

  it("refuses staff of another community before reading anything", async () => {
    const refusal = await refusalOf(
      ask(station, "GetReport", { actor: staffElsewhere, reportId: "r-1" }),
    );
    expectRefusal(refusal, "access.forbidden", 403);
  });

  it("lists every report for staff, newest first, page by page with cursors", async () => {
    const { items, pages } = await allPages((after) =>
      ask(station, "ListReports", { actor: staff, limit: 2, ...(after ? { after } : {}) }),
    );
    expect(pages).toBe(3);
    expect(items.map((item) => item.reportId)).toEqual(["r-6", "r-5", "r-4", "r-3", "r-2", "r-1"]);
    expect(items.find((item) => item.reportId === "r-4")?.hidden).toBe(true);
  });

  it("filters staff lists by status, category, handler and reporter", async () => {
    const ids = async (filter: Record<string, string>) =>
      (await ask(station, "ListReports", { actor: staff, ...filter })).items.map(
        (item) => item.reportId,
      );
    expect(await ids({ status: "submitted" })).toEqual(["r-6", "r-2"]);
    expect(await ids({ category: "noise" })).toEqual(["r-2"]);
    expect(await ids({ handlerId: "water-affairs" })).toEqual(["r-5", "r-4", "r-1"]);
    expect(await ids({ reporterId: "c-1" })).toEqual(["r-4", "r-1"]);
    expect(await ids({ status: "rejected", category: "river-patrol" })).toEqual(["r-3"]);
  });

  it("shows a handler the reports routed to them and no one else's", async () => {
    const own = await ask(station, "ListReports", { actor: waterHandler });
    expect(own.items.map((item) => item.reportId)).toEqual(["r-5", "r-4", "r-1"]);
    const others = await ask(station, "ListReports", { actor: urbanHandler });
    expect(others.items).toEqual([]);
    const asked = await ask(station, "ListReports", {
      actor: urbanHandler,
      handlerId: "water-affairs",
    });
    expect(asked.items).toEqual([]);
    const refusal = await refusalOf(ask(station, "ListReports", { actor: c1 }));
    expectRefusal(refusal, "access.forbidden", 403);
  });

  it("lists overdue reports most overdue first, and only once they are overdue", async () => {
    const before = await ask(station, "ListOverdueReports", { actor: staff });
    expect(before.items).toEqual([]);
    station.clock.advance(72 * HOUR);
    const first = await ask(station, "ListOverdueReports", { actor: staff, limit: 1 });
    expect(first.items.map((item) => item.reportId)).toEqual(["r-1"]);
    expect(first.items[0]?.overdueMillis).toBeGreaterThan(0);
    expect(first.next).toBeDefined();
    const second = await ask(station, "ListOverdueReports", {
      actor: staff,
      limit: 1,
      ...(first.next === undefined ? {} : { after: first.next }),
    });
    expect(second.items.map((item) => item.reportId)).toEqual(["r-4"]);
    const handlers = await ask(station, "ListOverdueReports", { actor: urbanHandler });
    expect(handlers.items).toEqual([]);
    station.clock.advance(-72 * HOUR);
  });

  it("lists for the public only what it may see, and no courier in it", async () => {
    const { items } = await allPages((after) =>
      ask(station, "ListPublicReports", { actor: sponsor, limit: 1, ...(after ? { after } : {}) }),
    );
    expect(items.map((item) => item.reportId)).toEqual(["r-5", "r-1"]);
    const strings = stringsIn(items);
    for (const courierId of couriers) {
      expect(strings).not.toContain(courierId);
      expect(strings.join(" ")).not.toContain(personalDataOf(courierId).mobileNumber);
    }
    const resolved = await ask(station, "ListPublicReports", { actor: c1, status: "resolved" });
    expect(resolved.items.map((item) => item.reportId)).toEqual(["r-5"]);
  });

  it("lists a courier's own reports in the reporter's view", async () => {
    const own = await ask(station, "ListOwnReports", { actor: c2 });
    expect(own.items.map((item) => [item.reportId, item.shownPublicly])).toEqual([
      ["r-6", false],
      ["r-2", false],
    ]);
    const refusal = await refusalOf(ask(station, "ListOwnReports", { actor: staff }));
    expectRefusal(refusal, "access.forbidden", 403);
  });

  it("hints reports of the category nearby, closest first, leaving out the rejected and the far", async () => {
    const { hints } = await ask(station, "FindDuplicateHints", {
      actor: c4,
      category: "river-patrol",
      point: northOf(bridge, 10),
    });
    expect(hints.map((hint) => hint.reportId)).toEqual(["r-1", "r-5"]);
    expect(hints[0]?.distanceMetres).toBeGreaterThan(5);
    expect(hints[0]?.distanceMetres).toBeLessThan(15);
    const noise = await ask(station, "FindDuplicateHints", {
      actor: staff,
      category: "noise",
      point: bridge,
      reportId: "r-2",
    });
    expect(noise.hints).toEqual([]);
    const later = await ask(station, "FindDuplicateHints", {
      actor: c4,
      category: "river-patrol",
      point: bridge,
      observedAt: new Date(station.clock.millis() + 30 * 24 * HOUR).toISOString(),
    });
    expect(later.hints).toEqual([]);
  });
});

describe("the grid cells of the duplicate hint", () => {
  it("reads the neighbouring cell when the circle crosses a cell's edge", () => {
    const edge = { latitude: 30.74999, longitude: 121.3464, datum: "WGS-84" as const };
    const near = cellsAround(edge, 100);
    expect(near?.field).toBe("cellFine");
    expect(near?.cells.length).toBeGreaterThan(1);
    const inside = cellsAround({ ...edge, latitude: 30.745 }, 100);
    expect(inside?.cells).toHaveLength(1);
  });

  it("moves to coarser cells for a wide radius and gives up on one wider still", () => {
    expect(cellsAround(bridge, 5_000)?.field).toBe("cellCoarse");
    expect(cellsAround({ latitude: 89.9, longitude: 0, datum: "WGS-84" }, 10_000)).toBeUndefined();
  });

  it("keeps both sides of the antimeridian neighbours", () => {
    const east = cellsAround({ latitude: 10, longitude: 179.9999, datum: "WGS-84" }, 100);
    const west = cellsAround({ latitude: 10, longitude: -179.9999, datum: "WGS-84" }, 100);
    expect(east?.cells.some((cell) => west?.cells.includes(cell))).toBe(true);
  });
});

describe("suggestions as each reader sees them", () => {
  let station: ReportsStation;

  beforeAll(async () => {
    station = await startReports();
    await openCommunity(station, couriers);
    const on = (suggestionId: string, type: string, data: Record<string, unknown> = {}) => ({
      type,
      data: { suggestionId, ...data },
    });
    await send(station, c1, suggestion("sg-1"));
    await send(station, c2, on("sg-1", "SecondSuggestion"));
    await send(station, c3, on("sg-1", "SecondSuggestion"));
    await send(station, staff, on("sg-1", "AnswerSuggestion", { answer: "已转交物业" }));
    station.clock.advance(HOUR);
    await send(station, c2, suggestion("sg-2", { topic: "safety-and-rights", showAuthor: true }));
    await send(station, staff, on("sg-2", "AdoptSuggestion", { plan: "增设夜间照明" }));
    await send(station, staff, on("sg-2", "RecordSuggestionProgress", { note: "已立项" }));
    station.clock.advance(HOUR);
    await send(station, c3, suggestion("sg-3"));
    await send(station, c3, on("sg-3", "WithdrawSuggestion"));
    station.clock.advance(HOUR);
    await send(station, c1, suggestion("sg-4", { text: "希望增设雨具借用" }));
    await send(
      station,
      staff,
      on("sg-4", "DraftSuggestionResponse", {
        response: { kind: "adopt", plan: "下月增设" },
      }),
    );
  });
  afterAll(async () => station.close());

  it("gives staff everything: the author, the seconds (附议), the draft", async () => {
    const view = await ask(station, "GetSuggestion", { actor: staff, suggestionId: "sg-1" });
    expect(view).toMatchObject({
      view: "staff",
      authorId: "c-1",
      seconders: ["c-2", "c-3"],
      secondCount: 2,
      response: { kind: "answer", text: "已转交物业", by: "staff-wang" },
    });
    const drafted = await ask(station, "GetSuggestion", { actor: auditor, suggestionId: "sg-4" });
    expect(drafted.view === "staff" && drafted.draft?.response.kind).toBe("adopt");
  });

  it("gives a courier their relation to it, and the public no author unless shown", async () => {
    const seconder = await ask(station, "GetSuggestion", { actor: c2, suggestionId: "sg-1" });
    expect(seconder).toMatchObject({ view: "courier", mine: false, secondedByMe: true });
    const open = await ask(station, "GetSuggestion", { actor: c4, suggestionId: "sg-4" });
    expect(open).toMatchObject({ view: "courier", canSecond: true });
    const hidden = await ask(station, "GetSuggestion", { actor: sponsor, suggestionId: "sg-1" });
    expect(hidden.view).toBe("public");
    expect(stringsIn(hidden)).not.toContain("c-1");
    expect(stringsIn(hidden)).not.toContain("staff-wang");
    const shown = await ask(station, "GetSuggestion", { actor: sponsor, suggestionId: "sg-2" });
    expect(shown).toMatchObject({ view: "public", authorId: "c-2" });
    const draft = await ask(station, "GetSuggestion", { actor: c4, suggestionId: "sg-4" });
    expect(stringsIn(draft)).not.toContain("下月增设");
  });

  it("shows a withdrawn suggestion to staff only", async () => {
    const view = await ask(station, "GetSuggestion", { actor: staff, suggestionId: "sg-3" });
    expect(view.view === "staff" && view.status).toBe("withdrawn");
    for (const actor of [c3, sponsor]) {
      const refusal = await refusalOf(
        ask(station, "GetSuggestion", { actor, suggestionId: "sg-3" }),
      );
      expectRefusal(refusal, "suggestion.not_found", 404);
    }
  });

  it("lists suggestions for staff by status with their seconds and responses, page by page", async () => {
    const { items, pages } = await allPages((after) =>
      ask(station, "ListSuggestions", { actor: staff, limit: 3, ...(after ? { after } : {}) }),
    );
    expect(pages).toBe(2);
    expect(items.map((item) => item.suggestionId)).toEqual(["sg-4", "sg-3", "sg-2", "sg-1"]);
    const answered = await ask(station, "ListSuggestions", { actor: staff, status: "answered" });
    expect(
      answered.items.map((item) => [item.suggestionId, item.secondCount, item.response?.text]),
    ).toEqual([["sg-1", 2, "已转交物业"]]);
    const byAuthor = await ask(station, "ListSuggestions", { actor: staff, authorId: "c-1" });
    expect(byAuthor.items.map((item) => item.suggestionId)).toEqual(["sg-4", "sg-1"]);
    const refusal = await refusalOf(ask(station, "ListSuggestions", { actor: sponsor }));
    expectRefusal(refusal, "access.forbidden", 403);
  });

  it("lists for everyone the suggestions not withdrawn, couriers with whether they may second", async () => {
    const forCourier = await ask(station, "ListPublicSuggestions", { actor: c4 });
    expect(
      forCourier.items.map((item) => [
        item.suggestionId,
        item.view === "courier" && item.canSecond,
      ]),
    ).toEqual([
      ["sg-4", true],
      ["sg-2", false],
      ["sg-1", false],
    ]);
    const forSponsor = await ask(station, "ListPublicSuggestions", { actor: sponsor });
    expect(forSponsor.items.every((item) => item.view === "public")).toBe(true);
    const strings = stringsIn(forSponsor.items);
    for (const courierId of ["c-1", "c-3", "c-4"]) expect(strings).not.toContain(courierId);
    expect(strings).toContain("c-2");
  });

  it("lists a courier's own suggestions", async () => {
    const own = await ask(station, "ListOwnSuggestions", { actor: c1 });
    expect(own.items.map((item) => [item.suggestionId, item.mine])).toEqual([
      ["sg-4", true],
      ["sg-1", true],
    ]);
  });

  it("lists the suggestions still waiting for a first response after the policy's days", async () => {
    station.clock.advance(7 * 24 * HOUR);
    // Due exactly now: not yet overdue.
    expect((await ask(station, "ListOverdueSuggestions", { actor: staff })).items).toEqual([]);
    station.clock.advance(HOUR);
    const overdue = await ask(station, "ListOverdueSuggestions", { actor: staff });
    expect(overdue.items.map((item) => [item.suggestionId, item.firstResponseOverdue])).toEqual([
      ["sg-4", true],
    ]);
  });
});

describe("who may ask each query", () => {
  let station: ReportsStation;
  beforeAll(async () => {
    station = await startReports();
  });
  afterAll(async () => station.close());

  const point = { latitude: 30.7416, longitude: 121.3464, datum: "GCJ-02" as const };
  /** For every query, one reader it refuses before reading anything. */
  const refusals: Readonly<Record<string, Record<string, unknown>>> = {
    GetReport: { actor: staffElsewhere, reportId: "r-1" },
    ListReports: { actor: sponsor },
    ListOverdueReports: { actor: c1 },
    ListPublicReports: { actor: staffElsewhere },
    ListOwnReports: { actor: auditor },
    FindDuplicateHints: { actor: sponsor, category: "river-patrol", point },
    GetSuggestion: { actor: staffElsewhere, suggestionId: "sg-1" },
    ListSuggestions: { actor: c1 },
    ListPublicSuggestions: { actor: staffElsewhere },
    ListOwnSuggestions: { actor: staff },
    ListOverdueSuggestions: { actor: waterHandler },
    ListOpen311Services: { actor: staffElsewhere },
    GetOpen311ServiceDefinition: { actor: staffElsewhere, serviceCode: "noise" },
    ListOpen311Requests: { actor: staffElsewhere, query: {} },
    GetOpen311Request: { actor: staffElsewhere, serviceRequestId: "r-1" },
    GetOpen311PostResponse: { actor: sponsor, serviceRequestId: "r-1" },
  };

  it("names a refused reader for every query of the contract", async () => {
    const { reportsContract } = await import("@courier-station/contracts");
    const queries = Object.values(reportsContract.endpoints)
      .filter((endpoint) => endpoint.kind === "query")
      .map((endpoint) => endpoint.name);
    expect(Object.keys(refusals).sort()).toEqual([...queries].sort());
  });

  for (const [name, input] of Object.entries(refusals)) {
    it(`${name} refuses a reader of the wrong role or community`, async () => {
      const refusal = await refusalOf(ask(station, name as "GetReport", input as never));
      expectRefusal(refusal, "access.forbidden", 403);
    });
  }
});
