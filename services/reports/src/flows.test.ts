import { clockAt } from "@courier-station/contracts";
import {
  CourierId,
  jinshanPolicy,
  ReportCommand,
  reportDecider,
  sequentialIds,
} from "@courier-station/core";
import { executeCommand, Store } from "@courier-station/kit";
import { Effect, Option } from "effect";
import { afterEach, describe, expect, it } from "vitest";
import { corroborationScope, reportKey } from "./commands.js";
import { followReport } from "./flows.js";
import { reportRowId, reportRows, suggestionRows } from "./read-models.js";
import {
  ask,
  bridge,
  community,
  courierActor,
  eventually,
  northOf,
  openCommunity,
  personalDataOf,
  type ReportsStation,
  riverReport,
  send,
  sendToRegistry,
  staff,
  startReports,
  suggestion,
} from "./test-station.js";

/*
 * What keeps the reports service's lists and credits right when things go wrong: rows
 * caught up from the stored aggregates by the service's own consumers (a crash between a
 * command and its row, a redelivered or late event), a courier credited once per
 * original report when two of their duplicates are marked at once or after a crash, and
 * no personal data held, so a courier's erasure has nothing to rewrite here.
 */

const c1 = courierActor("c-1");
const c2 = courierActor("c-2");
const c3 = courierActor("c-3");

const reportEvents = (station: ReportsStation, reportId: string) =>
  station.run(Effect.flatMap(Store, (store) => store.readStream(reportKey(community, reportId))));

const rowOf = (station: ReportsStation, reportId: string) =>
  station.run(
    Effect.gen(function* () {
      const store = yield* Store;
      const rows = yield* store.readModel(reportRows);
      return Option.getOrUndefined(yield* rows.get(reportRowId(community, reportId)));
    }),
  );

describe("the rows follow the stored aggregates", () => {
  let station: ReportsStation;
  afterEach(async () => station.close());

  it("writes a row a crash missed from the report's events, through the service's consumer", async () => {
    station = await startReports();
    await openCommunity(station, ["c-1"]);
    // The command was applied, and the process stopped before it wrote the row.
    await station.run(
      executeCommand(
        reportDecider,
        {
          commandId: "cmd-crashed" as never,
          community,
          actor: c1,
          command: ReportCommand.parse(riverReport(station, "r-1")),
        },
        {
          clock: clockAt(station.clock.now()),
          ids: sequentialIds("evt-crash"),
          facts: {
            policy: jinshanPolicy(),
            courier: {
              courierId: CourierId.parse("c-1"),
              status: "active",
              volunteerTeamMember: false,
            },
          },
        },
      ),
    );
    await eventually(async () => (await rowOf(station, "r-1")) !== undefined, "the row is written");
    const queue = await ask(station, "ListReports", { actor: staff, status: "submitted" });
    expect(queue.items.map((item) => item.reportId)).toEqual(["r-1"]);
  });

  it("changes nothing when an event comes again or late", async () => {
    station = await startReports();
    await openCommunity(station, ["c-1"]);
    await send(station, c1, riverReport(station, "r-1"));
    await send(station, staff, { type: "AcceptReport", data: { reportId: "r-1" } });
    const events = await reportEvents(station, "r-1");
    const [submitted] = events;
    if (submitted === undefined) return expect.fail("the report has events");
    const before = await rowOf(station, "r-1");
    expect(before?.document.version).toBe(3);
    await station.run(followReport(submitted));
    await station.run(followReport(submitted));
    const after = await rowOf(station, "r-1");
    expect(after?.document).toEqual(before?.document);
    expect(after?.document.status).toBe("accepted");
  });
});

describe("a courier corroborates an original once", () => {
  let station: ReportsStation;
  afterEach(async () => station.close());

  const withDuplicates = async () => {
    station = await startReports();
    await openCommunity(station, ["c-1", "c-2", "c-3"]);
    await send(station, c2, riverReport(station, "r-0"));
    await send(station, staff, { type: "AcceptReport", data: { reportId: "r-0" } });
    for (const [reportId, metres] of [
      ["r-1", 10],
      ["r-2", 20],
    ] as const) {
      await send(
        station,
        c1,
        riverReport(station, reportId, {
          location: { point: northOf(bridge, metres), address: "龙胜路桥北" },
        }),
      );
    }
  };
  const mark = (reportId: string) =>
    send(station, staff, {
      type: "MarkReportDuplicate",
      data: { reportId, originalReportId: "r-0" },
    });
  const outcomes = async () =>
    Promise.all(
      ["r-1", "r-2"].map(async (reportId) => (await reportEvents(station, reportId)).at(-1)?.type),
    );

  it("credits one of two duplicates marked at the same moment, and rejects the other without credit", async () => {
    await withDuplicates();
    await Promise.all([mark("r-1"), mark("r-2")]);
    expect((await outcomes()).sort()).toEqual(["ReportMarkedDuplicate", "ReportRejected"]);
  });

  it("credits a later duplicate of the same courier nothing, and another courier's again", async () => {
    await withDuplicates();
    await mark("r-1");
    await mark("r-2");
    expect(await outcomes()).toEqual(["ReportMarkedDuplicate", "ReportRejected"]);
    await send(station, c3, riverReport(station, "r-3"));
    await send(station, staff, {
      type: "MarkReportDuplicate",
      data: { reportId: "r-3", originalReportId: "r-0" },
    });
    expect((await reportEvents(station, "r-3")).at(-1)?.type).toBe("ReportMarkedDuplicate");
    // The original's own reporter earns nothing more for reporting it twice.
    await send(station, c2, riverReport(station, "r-4"));
    await send(station, staff, {
      type: "MarkReportDuplicate",
      data: { reportId: "r-4", originalReportId: "r-0" },
    });
    expect((await reportEvents(station, "r-4")).at(-1)?.type).toBe("ReportRejected");
  });

  it("gives the credit back when a mark is refused, and takes over a claim a crash left behind", async () => {
    await withDuplicates();
    // A mark whose claim was made, and the process stopped before the command.
    await station.run(
      Effect.flatMap(Store, (store) =>
        store.claimUniqueKey({
          community,
          scope: corroborationScope,
          key: "r-0:c-1",
          owner: "r-1",
        }),
      ),
    );
    await send(station, staff, {
      type: "RejectReport",
      data: { reportId: "r-1", note: "照片模糊" },
    });
    // A mark refused (another category) gives its claim back at once.
    await send(station, c1, riverReport(station, "r-5", { category: "noise" }));
    await expect(mark("r-5")).rejects.toThrow();
    await mark("r-2");
    expect((await reportEvents(station, "r-2")).at(-1)?.type).toBe("ReportMarkedDuplicate");
    const holder = await station.run(
      Effect.flatMap(Store, (store) =>
        store.uniqueKeyOwner({ community, scope: corroborationScope, key: "r-0:c-1" }),
      ),
    );
    expect(Option.getOrUndefined(holder)).toBe("r-2");
  });
});

describe("personal data", () => {
  let station: ReportsStation;
  afterEach(async () => station.close());

  it("is never held here: reports and suggestions name a courier by id only, before and after an erasure", async () => {
    station = await startReports();
    await openCommunity(station, ["c-1", "c-2"]);
    await send(station, c1, riverReport(station, "r-1"));
    await send(station, c1, suggestion("sg-1", { showAuthor: true }));
    await send(station, c2, { type: "SecondSuggestion", data: { suggestionId: "sg-1" } });
    const held = () =>
      station.run(
        Effect.gen(function* () {
          const store = yield* Store;
          const log = yield* store.readLog({ after: 0, limit: 10_000 });
          const ours = log.filter(
            ({ event }) => event.aggregate === "report" || event.aggregate === "suggestion",
          );
          const reports = yield* (yield* store.readModel(reportRows)).find({ limit: 1_000 });
          const suggestions = yield* (yield* store.readModel(suggestionRows)).find({
            limit: 1_000,
          });
          return JSON.stringify({ ours, reports, suggestions });
        }),
      );
    const personal = [personalDataOf("c-1").realName, personalDataOf("c-1").mobileNumber, "小c-1"];
    const before = await held();
    expect(before).toContain("ReportSubmitted");
    expect(before).toContain("SuggestionSeconded");
    for (const text of personal) expect(before).not.toContain(text);
    await sendToRegistry(station, c1, {
      type: "EraseCourierPersonalData",
      data: { courierId: "c-1" },
    });
    const after = await held();
    for (const text of personal) expect(after).not.toContain(text);
    // The report and the suggestion stay, as the statistics need them.
    const view = await ask(station, "GetSuggestion", { actor: staff, suggestionId: "sg-1" });
    expect(view).toMatchObject({ authorId: "c-1", seconders: ["c-2"] });
  });
});
