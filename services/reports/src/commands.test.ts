import { type Actor, HOUR, systemActor } from "@courier-station/core";
import { afterEach, describe, expect, it } from "vitest";
import {
  bridge,
  courierActor,
  expectRefusal,
  newCommandId,
  northOf,
  openCommunity,
  operator,
  type ReportsStation,
  refusalOf,
  riverReport,
  send,
  staff,
  startReports,
  suggestion,
  urbanHandler,
  waterHandler,
} from "./test-station.js";

/*
 * Every command endpoint of the reports service, each through the contract as the
 * gateway and the other services call it, with the real registry behind it for the
 * couriers' facts and the policy: an accepted case with its events, the same command id
 * sent again (`duplicate`, the same event ids), the same id with another body
 * (`command.id_conflict`, naming the field), and a refusal with its domain code, status
 * and both languages.
 */

type Command = { readonly type: string; readonly data: Record<string, unknown> };

interface CommandCase {
  /** What must be there first. */
  readonly given: (station: ReportsStation) => Promise<void>;
  readonly actor: Actor;
  readonly command: (station: ReportsStation) => Command;
  /** The same command id with another body (on the same aggregate: ids are kept per aggregate). */
  readonly changed: (station: ReportsStation) => Command;
  /** Who sends the changed command, when it is the actor that differs. */
  readonly changedActor?: Actor;
  /** The field the conflict names. */
  readonly field: string;
  /** The types of the events the accepted command produces. */
  readonly events: ReadonlyArray<string>;
  /** A command refused after the accepted one, its code and status. */
  readonly refused: {
    readonly actor: Actor;
    readonly command: (station: ReportsStation) => Command;
    readonly code: string;
    readonly status: number;
  };
}

const c1 = courierActor("c-1");
const c2 = courierActor("c-2");
const c3 = courierActor("c-3");
const otherStaff: Actor = { ...staff, id: "staff-li" };
const r1 = { reportId: "r-1" };
const sg1 = { suggestionId: "sg-1" };
const on =
  (type: string, data: Record<string, unknown> = {}) =>
  () => ({
    type,
    data: { ...r1, ...data },
  });
const onSuggestion =
  (type: string, data: Record<string, unknown> = {}) =>
  () => ({
    type,
    data: { ...sg1, ...data },
  });

const couriers = (station: ReportsStation) => openCommunity(station, ["c-1", "c-2", "c-3"]);
const submitted = async (station: ReportsStation) => {
  await couriers(station);
  await send(station, c1, riverReport(station, "r-1"));
};
const accepted = async (station: ReportsStation) => {
  await submitted(station);
  await send(station, staff, on("AcceptReport")());
};
const inProgress = async (station: ReportsStation) => {
  await accepted(station);
  await send(station, waterHandler, on("StartReportWork")());
};
const resolved = async (station: ReportsStation) => {
  await inProgress(station);
  await send(station, waterHandler, on("ResolveReport", { note: "已打捞清理" })());
};
const hidden = async (station: ReportsStation) => {
  await accepted(station);
  await send(station, staff, on("HideReport", { reason: "照片含手机号" })());
};
const withOriginal = async (station: ReportsStation) => {
  await couriers(station);
  await send(station, c2, riverReport(station, "r-0"));
  await send(station, staff, { type: "AcceptReport", data: { reportId: "r-0" } });
  await send(
    station,
    c1,
    riverReport(station, "r-1", {
      location: { point: northOf(bridge, 20), address: "龙胜路桥北" },
    }),
  );
};
const overdue = async (station: ReportsStation) => {
  await accepted(station);
  station.clock.advance(73 * HOUR);
};
const suggested = async (station: ReportsStation) => {
  await couriers(station);
  await send(station, c1, suggestion("sg-1"));
};
const adopted = async (station: ReportsStation) => {
  await suggested(station);
  await send(station, staff, onSuggestion("AdoptSuggestion", { plan: "12 月底前延长开放时间" })());
};
const drafted = async (station: ReportsStation) => {
  await suggested(station);
  await send(
    station,
    staff,
    onSuggestion("DraftSuggestionResponse", { response: { kind: "answer", answer: "已转物业" } })(),
  );
};
const suggestionOverdue = async (station: ReportsStation) => {
  await suggested(station);
  station.clock.advance(7 * 24 * HOUR + HOUR);
};

const cases: Readonly<Record<string, CommandCase>> = {
  SubmitReport: {
    given: couriers,
    actor: c1,
    command: (station) => riverReport(station, "r-1"),
    changed: (station) => riverReport(station, "r-1", { description: "河面有油污" }),
    field: "command.data.description",
    events: ["ReportSubmitted"],
    refused: {
      actor: c1,
      command: (station) => riverReport(station, "r-1"),
      code: "report.already_submitted",
      status: 409,
    },
  },
  AcceptReport: {
    given: submitted,
    actor: staff,
    command: on("AcceptReport"),
    changed: on("AcceptReport", { note: "转河长办" }),
    field: "command.data.note",
    events: ["ReportAccepted", "ReportVerified"],
    refused: {
      actor: staff,
      command: on("AcceptReport"),
      code: "report.transition_not_allowed",
      status: 422,
    },
  },
  RejectReport: {
    given: submitted,
    actor: staff,
    command: on("RejectReport", { note: "不在本社区范围" }),
    changed: on("RejectReport", { note: "重复上报" }),
    field: "command.data.note",
    events: ["ReportRejected"],
    refused: {
      actor: staff,
      command: on("AcceptReport"),
      code: "report.transition_not_allowed",
      status: 422,
    },
  },
  MarkReportDuplicate: {
    given: withOriginal,
    actor: staff,
    command: on("MarkReportDuplicate", { originalReportId: "r-0" }),
    changed: on("MarkReportDuplicate", { originalReportId: "r-0", note: "同一处垃圾" }),
    field: "command.data.note",
    events: ["ReportMarkedDuplicate"],
    refused: {
      actor: staff,
      command: () => ({
        type: "MarkReportDuplicate",
        data: { reportId: "r-0", originalReportId: "r-0" },
      }),
      code: "report.transition_not_allowed",
      status: 422,
    },
  },
  StartReportWork: {
    given: accepted,
    actor: waterHandler,
    command: on("StartReportWork"),
    changed: on("StartReportWork", { note: "已派人" }),
    field: "command.data.note",
    events: ["ReportWorkStarted"],
    refused: {
      actor: waterHandler,
      command: on("StartReportWork"),
      code: "report.transition_not_allowed",
      status: 422,
    },
  },
  AddReportStatusNote: {
    given: inProgress,
    actor: waterHandler,
    command: on("AddReportStatusNote", { note: "已联系保洁" }),
    changed: on("AddReportStatusNote", { note: "已联系保洁", internal: true }),
    field: "command.data.internal",
    events: ["ReportStatusNoted"],
    refused: {
      actor: urbanHandler,
      command: on("AddReportStatusNote", { note: "不是我的" }),
      code: "report.not_assigned_handler",
      status: 403,
    },
  },
  ResolveReport: {
    given: inProgress,
    actor: waterHandler,
    command: on("ResolveReport", { note: "已打捞清理" }),
    changed: on("ResolveReport", { note: "已清理" }),
    field: "command.data.note",
    events: ["ReportResolved"],
    refused: {
      actor: waterHandler,
      command: on("ResolveReport", { note: "再次办结" }),
      code: "report.transition_not_allowed",
      status: 422,
    },
  },
  AnswerResolutionCheck: {
    given: resolved,
    actor: c1,
    command: on("AnswerResolutionCheck", { fixed: true }),
    changed: on("AnswerResolutionCheck", { fixed: false }),
    field: "command.data.fixed",
    events: ["ReportClosed"],
    refused: {
      actor: c2,
      command: on("AnswerResolutionCheck", { fixed: false }),
      code: "report.not_reporter",
      status: 403,
    },
  },
  ConfirmReportResolution: {
    given: resolved,
    actor: staff,
    command: on("ConfirmReportResolution"),
    changed: on("ConfirmReportResolution", { note: "现场核实" }),
    field: "command.data.note",
    events: ["ReportClosed"],
    refused: {
      actor: c1,
      command: on("ConfirmReportResolution"),
      code: "access.forbidden",
      status: 403,
    },
  },
  ReopenReport: {
    given: resolved,
    actor: staff,
    command: on("ReopenReport", { note: "垃圾又出现了" }),
    changed: on("ReopenReport", { note: "仍未解决" }),
    field: "command.data.note",
    events: ["ReportReopened"],
    refused: {
      actor: staff,
      command: on("ReopenReport", { note: "再次打开" }),
      code: "report.transition_not_allowed",
      status: 422,
    },
  },
  HideReport: {
    given: accepted,
    actor: staff,
    command: on("HideReport", { reason: "照片含手机号" }),
    changed: on("HideReport", { reason: "含车牌" }),
    field: "command.data.reason",
    events: ["ReportHidden"],
    refused: {
      actor: staff,
      command: on("HideReport", { reason: "再次隐藏" }),
      code: "report.already_hidden",
      status: 422,
    },
  },
  UnhideReport: {
    given: hidden,
    actor: staff,
    command: on("UnhideReport", { reason: "已遮盖" }),
    changed: on("UnhideReport", { reason: "已处理" }),
    field: "command.data.reason",
    events: ["ReportUnhidden"],
    refused: {
      actor: staff,
      command: on("UnhideReport", { reason: "再次显示" }),
      code: "report.not_hidden",
      status: 422,
    },
  },
  RedactReportPhoto: {
    given: accepted,
    actor: staff,
    command: on("RedactReportPhoto", { photo: "r-1-a.jpg", reason: "拍到人脸" }),
    changed: on("RedactReportPhoto", { photo: "r-1-b.jpg", reason: "拍到人脸" }),
    field: "command.data.photo",
    events: ["ReportPhotoRedacted"],
    refused: {
      actor: staff,
      command: on("RedactReportPhoto", { photo: "r-1-a.jpg", reason: "再次遮盖" }),
      code: "report.photo_already_redacted",
      status: 422,
    },
  },
  CorrectReportCategory: {
    given: accepted,
    actor: staff,
    command: on("CorrectReportCategory", { category: "environment", reason: "是岸边垃圾" }),
    changed: on("CorrectReportCategory", { category: "noise", reason: "是岸边垃圾" }),
    field: "command.data.category",
    events: ["ReportCategoryCorrected"],
    refused: {
      actor: staff,
      command: on("CorrectReportCategory", { category: "environment", reason: "再次更正" }),
      code: "report.correction_unchanged",
      status: 422,
    },
  },
  CorrectReportLocation: {
    given: accepted,
    actor: staff,
    command: on("CorrectReportLocation", {
      location: { point: northOf(bridge, 50), address: "龙胜路桥北侧" },
      reason: "定位偏差",
    }),
    changed: on("CorrectReportLocation", {
      location: { point: northOf(bridge, 60), address: "龙胜路桥北侧" },
      reason: "定位偏差",
    }),
    field: "command.data.location.point.latitude",
    events: ["ReportLocationCorrected"],
    refused: {
      actor: staff,
      command: on("CorrectReportLocation", {
        location: { point: northOf(bridge, 50), address: "龙胜路桥北侧" },
        reason: "再次更正",
      }),
      code: "report.correction_unchanged",
      status: 422,
    },
  },
  FlagReportOverdue: {
    given: overdue,
    actor: operator,
    command: on("FlagReportOverdue"),
    changed: on("FlagReportOverdue"),
    changedActor: systemActor("another-timer"),
    field: "actor",
    events: ["ReportBecameOverdue"],
    refused: {
      actor: operator,
      command: on("FlagReportOverdue"),
      code: "report.overdue_already_flagged",
      status: 422,
    },
  },
  SubmitSuggestion: {
    given: couriers,
    actor: c1,
    command: () => suggestion("sg-1"),
    changed: () => suggestion("sg-1", { showAuthor: true }),
    field: "command.data.showAuthor",
    events: ["SuggestionSubmitted"],
    refused: {
      actor: c1,
      command: () => suggestion("sg-1"),
      code: "suggestion.already_submitted",
      status: 409,
    },
  },
  SecondSuggestion: {
    given: suggested,
    actor: c2,
    command: onSuggestion("SecondSuggestion"),
    changed: onSuggestion("SecondSuggestion"),
    changedActor: c3,
    field: "actor",
    events: ["SuggestionSeconded"],
    refused: {
      actor: c1,
      command: onSuggestion("SecondSuggestion"),
      code: "suggestion.own_suggestion",
      status: 422,
    },
  },
  WithdrawSuggestion: {
    given: suggested,
    actor: c1,
    command: onSuggestion("WithdrawSuggestion"),
    changed: onSuggestion("WithdrawSuggestion", { reason: "已解决" }),
    field: "command.data.reason",
    events: ["SuggestionWithdrawn"],
    refused: {
      actor: c1,
      command: onSuggestion("WithdrawSuggestion"),
      code: "suggestion.transition_not_allowed",
      status: 422,
    },
  },
  AcknowledgeSuggestion: {
    given: suggested,
    actor: staff,
    command: onSuggestion("AcknowledgeSuggestion"),
    changed: onSuggestion("AcknowledgeSuggestion", { note: "已收到" }),
    field: "command.data.note",
    events: ["SuggestionAcknowledged"],
    refused: {
      actor: c3,
      command: onSuggestion("AcknowledgeSuggestion"),
      code: "access.forbidden",
      status: 403,
    },
  },
  DraftSuggestionResponse: {
    given: suggested,
    actor: staff,
    command: onSuggestion("DraftSuggestionResponse", {
      response: { kind: "adopt", plan: "延长开放时间" },
    }),
    changed: onSuggestion("DraftSuggestionResponse", {
      response: { kind: "decline", reason: "人手不足" },
    }),
    field: "command.data.response.kind",
    events: ["SuggestionResponseDrafted"],
    refused: {
      actor: c1,
      command: onSuggestion("DraftSuggestionResponse", {
        response: { kind: "adopt", plan: "自己采纳" },
      }),
      code: "access.forbidden",
      status: 403,
    },
  },
  DiscardSuggestionResponseDraft: {
    given: drafted,
    actor: staff,
    command: onSuggestion("DiscardSuggestionResponseDraft"),
    changed: onSuggestion("DiscardSuggestionResponseDraft"),
    changedActor: otherStaff,
    field: "actor",
    events: ["SuggestionResponseDraftDiscarded"],
    refused: {
      actor: staff,
      command: onSuggestion("DiscardSuggestionResponseDraft"),
      code: "suggestion.no_draft",
      status: 422,
    },
  },
  PublishSuggestionResponse: {
    given: drafted,
    actor: staff,
    command: onSuggestion("PublishSuggestionResponse"),
    changed: onSuggestion("PublishSuggestionResponse"),
    changedActor: otherStaff,
    field: "actor",
    events: ["SuggestionAnswered"],
    refused: {
      actor: staff,
      command: onSuggestion("PublishSuggestionResponse"),
      code: "suggestion.no_draft",
      status: 422,
    },
  },
  AnswerSuggestion: {
    given: suggested,
    actor: staff,
    command: onSuggestion("AnswerSuggestion", { answer: "已转交物业" }),
    changed: onSuggestion("AnswerSuggestion", { answer: "已转交城管" }),
    field: "command.data.answer",
    events: ["SuggestionAnswered"],
    refused: {
      actor: staff,
      command: onSuggestion("AnswerSuggestion", { answer: "再次答复" }),
      code: "suggestion.transition_not_allowed",
      status: 422,
    },
  },
  AdoptSuggestion: {
    given: suggested,
    actor: staff,
    command: onSuggestion("AdoptSuggestion", { plan: "12 月底前延长开放时间" }),
    changed: onSuggestion("AdoptSuggestion", { plan: "明年延长开放时间" }),
    field: "command.data.plan",
    events: ["SuggestionAdopted"],
    refused: {
      actor: staff,
      command: onSuggestion("DeclineSuggestion", { reason: "已采纳" }),
      code: "suggestion.transition_not_allowed",
      status: 422,
    },
  },
  DeclineSuggestion: {
    given: suggested,
    actor: staff,
    command: onSuggestion("DeclineSuggestion", { reason: "人手不足" }),
    changed: onSuggestion("DeclineSuggestion", { reason: "场地不足" }),
    field: "command.data.reason",
    events: ["SuggestionDeclined"],
    refused: {
      actor: staff,
      command: onSuggestion("AdoptSuggestion", { plan: "改为采纳" }),
      code: "suggestion.transition_not_allowed",
      status: 422,
    },
  },
  RecordSuggestionProgress: {
    given: adopted,
    actor: staff,
    command: onSuggestion("RecordSuggestionProgress", { note: "已与物业协商" }),
    changed: onSuggestion("RecordSuggestionProgress", { note: "已排班" }),
    field: "command.data.note",
    events: ["SuggestionProgressRecorded"],
    refused: {
      actor: c1,
      command: onSuggestion("RecordSuggestionProgress", { note: "我来记录" }),
      code: "access.forbidden",
      status: 403,
    },
  },
  CompleteSuggestion: {
    given: adopted,
    actor: staff,
    command: onSuggestion("CompleteSuggestion", { note: "已开到十点" }),
    changed: onSuggestion("CompleteSuggestion", { note: "已开到九点" }),
    field: "command.data.note",
    events: ["SuggestionCompleted"],
    refused: {
      actor: staff,
      command: onSuggestion("CompleteSuggestion", { note: "再次完成" }),
      code: "suggestion.transition_not_allowed",
      status: 422,
    },
  },
  FlagSuggestionResponseOverdue: {
    given: suggestionOverdue,
    actor: operator,
    command: onSuggestion("FlagSuggestionResponseOverdue"),
    changed: onSuggestion("FlagSuggestionResponseOverdue"),
    changedActor: systemActor("another-timer"),
    field: "actor",
    events: ["SuggestionResponseBecameOverdue"],
    refused: {
      actor: operator,
      command: onSuggestion("FlagSuggestionResponseOverdue"),
      code: "suggestion.response_not_overdue",
      status: 422,
    },
  },
};

describe("the reports service's command endpoints", () => {
  let station: ReportsStation | undefined;
  afterEach(async () => {
    await station?.close();
    station = undefined;
  });

  for (const [name, testCase] of Object.entries(cases)) {
    it(`${name}: applied once, a duplicate with the same events, a reused id refused, a refusal in both languages`, async () => {
      station = await startReports();
      await testCase.given(station);
      const commandId = newCommandId();
      const command = testCase.command(station);
      expect(command.type).toBe(name);
      const first = await send(station, testCase.actor, command, commandId);
      expect(first.outcome).toBe("applied");
      expect(first.eventIds).toHaveLength(testCase.events.length);
      const again = await send(station, testCase.actor, command, commandId);
      expect(again).toEqual({ ...first, outcome: "duplicate" });
      const conflict = await refusalOf(
        send(
          station,
          testCase.changedActor ?? testCase.actor,
          testCase.changed(station),
          commandId,
        ),
      );
      expectRefusal(conflict, "command.id_conflict", 409);
      expect(JSON.stringify(conflict.details)).toContain(testCase.field);
      const refusal = await refusalOf(
        send(station, testCase.refused.actor, testCase.refused.command(station)),
      );
      expectRefusal(refusal, testCase.refused.code, testCase.refused.status);
    });
  }

  it("covers every command endpoint of the contract", async () => {
    const { reportsContract } = await import("@courier-station/contracts");
    const commands = Object.values(reportsContract.endpoints)
      .filter((endpoint) => endpoint.kind === "command")
      .map((endpoint) => endpoint.name);
    expect(Object.keys(cases).sort()).toEqual([...commands].sort());
  });
});
