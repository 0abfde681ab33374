import { clockAt } from "@courier-station/contracts";
import {
  CommunityPolicy,
  DAY,
  HOUR,
  jinshanPolicy,
  ReportId,
  type ReportState,
  reportDecider,
  sequentialIds,
} from "@courier-station/core";
import { executeCommand, makeLogger, Store } from "@courier-station/kit";
import { Effect } from "effect";
import { afterEach, describe, expect, it } from "vitest";
import { reportKey, suggestionKey } from "./commands.js";
import {
  deadlinesActor,
  reportOverdueCommandId,
  runReportDeadlines,
  runSuggestionDeadlines,
} from "./deadlines.js";
import {
  ask,
  community,
  courierActor,
  openCommunity,
  type ReportsStation,
  riverReport,
  send,
  staff,
  startReports,
  suggestion,
  waterHandler,
} from "./test-station.js";

/*
 * The reports service's timers, run by hand at the station's time: overdue reports and
 * suggestions flagged once (so their handler and staff are told), resolved reports
 * closed once the reporter's confirmation window passed — however often a timer runs,
 * in however many instances, and after a crash between a command and its row.
 */

const log = makeLogger({ level: "silent" });
const c1 = courierActor("c-1");
const c2 = courierActor("c-2");

const on = (type: string, data: Record<string, unknown> = {}) => ({
  type,
  data: { reportId: "r-1", ...data },
});

const reportEvents = (station: ReportsStation, reportId = "r-1") =>
  station.run(Effect.flatMap(Store, (store) => store.readStream(reportKey(community, reportId))));

const suggestionEvents = (station: ReportsStation, suggestionId: string) =>
  station.run(
    Effect.flatMap(Store, (store) => store.readStream(suggestionKey(community, suggestionId))),
  );

const count = (events: ReadonlyArray<{ readonly type: string }>, type: string) =>
  events.filter((event) => event.type === type).length;

const reportDeadlines = (station: ReportsStation) => station.run(runReportDeadlines(log));
const suggestionDeadlines = (station: ReportsStation) => station.run(runSuggestionDeadlines(log));

describe("the report deadline timer", () => {
  let station: ReportsStation;
  afterEach(async () => station.close());

  const acceptedReport = async () => {
    station = await startReports();
    await openCommunity(station, ["c-1", "c-2"]);
    await send(station, c1, riverReport(station, "r-1"));
    await send(station, staff, on("AcceptReport"));
  };

  it("flags a report overdue once its due time has passed, once however often it runs", async () => {
    await acceptedReport();
    station.clock.advance(72 * HOUR);
    await reportDeadlines(station);
    expect(count(await reportEvents(station), "ReportBecameOverdue")).toBe(0);
    station.clock.advance(HOUR);
    await reportDeadlines(station);
    await reportDeadlines(station);
    const events = await reportEvents(station);
    expect(count(events, "ReportBecameOverdue")).toBe(1);
    const flag = events.find((event) => event.type === "ReportBecameOverdue");
    expect(flag?.data).toMatchObject({ handlerId: "water-affairs", stationId: "wanda-1" });
    expect(flag?.actor).toEqual(deadlinesActor);
  });

  it("flags two racing runs (two instances) once", async () => {
    await acceptedReport();
    station.clock.advance(73 * HOUR);
    await station.run(
      Effect.all([runReportDeadlines(log), runReportDeadlines(log)], { concurrency: 2 }),
    );
    expect(count(await reportEvents(station), "ReportBecameOverdue")).toBe(1);
  });

  it("flags a reopened report again when its new due time has passed", async () => {
    await acceptedReport();
    station.clock.advance(73 * HOUR);
    await reportDeadlines(station);
    await send(station, waterHandler, on("ResolveReport", { note: "已清理" }));
    await send(station, c1, on("AnswerResolutionCheck", { fixed: false }));
    await reportDeadlines(station);
    expect(count(await reportEvents(station), "ReportBecameOverdue")).toBe(1);
    station.clock.advance(73 * HOUR);
    await reportDeadlines(station);
    expect(count(await reportEvents(station), "ReportBecameOverdue")).toBe(2);
  });

  it("catches up after a crash between the flag and its row: the same command, no second event", async () => {
    await acceptedReport();
    station.clock.advance(73 * HOUR);
    const before = await reportEvents(station);
    const dueAt = before.find((event) => event.type === "ReportAccepted")?.data as {
      readonly dueAt: string;
    };
    // The timer's command applied, and the process stopped before it wrote the row.
    await station.run(
      Effect.gen(function* () {
        yield* executeCommand(
          reportDecider,
          {
            commandId: reportOverdueCommandId(community, "r-1", dueAt.dueAt),
            community,
            actor: deadlinesActor,
            command: { type: "FlagReportOverdue", data: { reportId: ReportId.parse("r-1") } },
          },
          {
            clock: clockAt(station.clock.now()),
            ids: sequentialIds("evt-crash"),
            facts: { policy: jinshanPolicy() },
          },
        );
      }),
    );
    await reportDeadlines(station);
    await reportDeadlines(station);
    expect(count(await reportEvents(station), "ReportBecameOverdue")).toBe(1);
    const overdue = await ask(station, "ListOverdueReports", { actor: staff });
    expect(overdue.items.map((item) => item.reportId)).toEqual(["r-1"]);
    const stored = await station.run(
      Effect.flatMap(Store, (store) => store.load<ReportState>(reportKey(community, "r-1"))),
    );
    expect(
      stored._tag === "Some" &&
        stored.value.state.status !== "none" &&
        stored.value.state.overdueFlaggedFor,
    ).toBe(dueAt.dueAt);
  });

  it("closes a resolved report when its reporter did not answer within the window, once", async () => {
    await acceptedReport();
    await send(station, waterHandler, on("ResolveReport", { note: "已清理" }));
    station.clock.advance(7 * DAY - HOUR);
    await reportDeadlines(station);
    expect(count(await reportEvents(station), "ReportClosed")).toBe(0);
    station.clock.advance(HOUR);
    await reportDeadlines(station);
    await reportDeadlines(station);
    const events = await reportEvents(station);
    expect(count(events, "ReportClosed")).toBe(1);
    expect(events.find((event) => event.type === "ReportClosed")?.data).toMatchObject({
      confirmation: "timeout",
    });
    const view = await ask(station, "GetReport", { actor: c1, reportId: "r-1" });
    expect(view).toMatchObject({ view: "reporter", status: "closed", resolutionCheckOpen: false });
  });

  it("leaves a report its reporter answered in time alone", async () => {
    await acceptedReport();
    await send(station, waterHandler, on("ResolveReport", { note: "已清理" }));
    await send(station, c1, on("AnswerResolutionCheck", { fixed: true }));
    station.clock.advance(8 * DAY);
    await reportDeadlines(station);
    const events = await reportEvents(station);
    expect(count(events, "ReportClosed")).toBe(1);
    expect(events.find((event) => event.type === "ReportClosed")?.data).toMatchObject({
      confirmation: "reporter",
    });
    expect(count(events, "ReportBecameOverdue")).toBe(0);
  });
});

describe("the suggestion deadline timer", () => {
  let station: ReportsStation;
  afterEach(async () => station.close());

  it("flags a suggestion still waiting for its first response after the policy's days, once", async () => {
    station = await startReports();
    await openCommunity(station, ["c-1", "c-2"]);
    await send(station, c1, suggestion("sg-1"));
    await send(station, c2, suggestion("sg-2"));
    await send(station, staff, { type: "AcknowledgeSuggestion", data: { suggestionId: "sg-2" } });
    station.clock.advance(7 * DAY);
    await suggestionDeadlines(station);
    expect(count(await suggestionEvents(station, "sg-1"), "SuggestionResponseBecameOverdue")).toBe(
      0,
    );
    station.clock.advance(HOUR);
    await station.run(
      Effect.all([runSuggestionDeadlines(log), runSuggestionDeadlines(log)], { concurrency: 2 }),
    );
    await suggestionDeadlines(station);
    expect(count(await suggestionEvents(station, "sg-1"), "SuggestionResponseBecameOverdue")).toBe(
      1,
    );
    expect(count(await suggestionEvents(station, "sg-2"), "SuggestionResponseBecameOverdue")).toBe(
      0,
    );
  });

  it("counts the days of the community's policy", async () => {
    const base = jinshanPolicy();
    station = await startReports({
      policy: CommunityPolicy.parse({
        ...base,
        suggestions: { ...base.suggestions, firstResponseDays: 2 },
      }),
    });
    await openCommunity(station, ["c-1"]);
    await send(station, c1, suggestion("sg-1"));
    station.clock.advance(2 * DAY + HOUR);
    await suggestionDeadlines(station);
    const events = await suggestionEvents(station, "sg-1");
    expect(count(events, "SuggestionResponseBecameOverdue")).toBe(1);
    const overdue = await ask(station, "ListOverdueSuggestions", { actor: staff });
    expect(overdue.items.map((item) => item.suggestionId)).toEqual(["sg-1"]);
  });
});
