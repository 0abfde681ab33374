import { DomainError } from "../kernel/errors.js";
import { localized } from "../kernel/localized-text.js";
import { type ReportAttributeProblem, reportAttributeProblemText } from "./attributes.js";
import { type ReportStatus, reportStatusNames } from "./values.js";

/** A report with this id already exists. */
export class ReportAlreadySubmitted extends DomainError("ReportAlreadySubmitted", {
  code: "report.already_submitted",
  httpStatus: 409,
  text: (props: { readonly reportId: string }) =>
    localized(`报告 ${props.reportId} 已存在`, `Report ${props.reportId} already exists`),
}) {}

/** No report with this id has been submitted. */
export class ReportNotFound extends DomainError("ReportNotFound", {
  code: "report.not_found",
  httpStatus: 404,
  text: (props: { readonly reportId: string }) =>
    localized(`找不到报告 ${props.reportId}`, `Report ${props.reportId} was not found`),
}) {}

/** Only active couriers report. */
export class ReporterNotActive extends DomainError("ReporterNotActive", {
  code: "report.reporter_not_active",
  httpStatus: 422,
  text: (props: { readonly courierId: string; readonly status: string }) =>
    localized(
      `小哥 ${props.courierId} 当前状态为“${props.status}”，只有已激活的小哥才能上报`,
      `Courier ${props.courierId} is ${props.status}; only active couriers can report`,
    ),
}) {}

/** The category is not one of the community policy's report categories. */
export class UnknownReportCategory extends DomainError("UnknownReportCategory", {
  code: "report.unknown_category",
  httpStatus: 422,
  text: (props: { readonly category: string }) =>
    localized(
      `社区政策中没有报告类别“${props.category}”`,
      `The community policy has no report category "${props.category}"`,
    ),
}) {}

/** The description is longer than the policy allows. */
export class ReportDescriptionTooLong extends DomainError("ReportDescriptionTooLong", {
  code: "report.description_too_long",
  httpStatus: 422,
  text: (props: { readonly length: number; readonly max: number }) =>
    localized(
      `问题描述有 ${props.length} 个字符，最多 ${props.max} 个`,
      `The description has ${props.length} characters; at most ${props.max} are allowed`,
    ),
}) {}

/** More photos than the policy allows. */
export class TooManyReportPhotos extends DomainError("TooManyReportPhotos", {
  code: "report.too_many_photos",
  httpStatus: 422,
  text: (props: { readonly count: number; readonly max: number }) =>
    localized(
      `上传了 ${props.count} 张照片，最多 ${props.max} 张`,
      `${props.count} photos given; at most ${props.max} are allowed`,
    ),
}) {}

/** The problem was observed in the future (beyond a few minutes of clock skew). */
export class ObservationInFuture extends DomainError("ObservationInFuture", {
  code: "report.observed_in_future",
  httpStatus: 422,
  text: (props: { readonly observedAt: string; readonly now: string }) =>
    localized(
      `发现时间 ${props.observedAt} 晚于当前时间 ${props.now}`,
      `The observation time ${props.observedAt} is after now (${props.now})`,
    ),
}) {}

/** The problem was observed longer ago than the policy accepts. */
export class ObservationTooOld extends DomainError("ObservationTooOld", {
  code: "report.observation_too_old",
  httpStatus: 422,
  text: (props: { readonly observedAt: string; readonly maxAgeHours: number }) =>
    localized(
      `发现时间 ${props.observedAt} 已超过 ${props.maxAgeHours} 小时，不能再上报`,
      `The observation at ${props.observedAt} is more than ${props.maxAgeHours} hours old and can no longer be reported`,
    ),
}) {}

/** A step of a report's lifecycle, as a refusal names it. */
export type ReportStep =
  | "accept"
  | "reject"
  | "mark-duplicate"
  | "start-work"
  | "note"
  | "resolve"
  | "answer-check"
  | "confirm"
  | "reopen";

const stepNames: Readonly<Record<ReportStep, readonly [string, string]>> = {
  accept: ["受理", "accept"],
  reject: ["驳回", "reject"],
  "mark-duplicate": ["标记为重复", "mark as a duplicate"],
  "start-work": ["开始处置", "start work on"],
  note: ["添加处置说明", "add a note to"],
  resolve: ["办结", "resolve"],
  "answer-check": ["回复是否已解决", "answer the resolution check of"],
  confirm: ["确认办结", "confirm"],
  reopen: ["重新打开", "reopen"],
};

/** The step cannot be taken in the report's current status. */
export class ReportTransitionNotAllowed extends DomainError("ReportTransitionNotAllowed", {
  code: "report.transition_not_allowed",
  httpStatus: 422,
  text: (props: {
    readonly reportId: string;
    readonly status: ReportStatus;
    readonly step: ReportStep;
  }) => {
    const [zhCN, en] = stepNames[props.step];
    const status = reportStatusNames[props.status];
    return localized(
      `报告 ${props.reportId} 当前状态为“${status["zh-CN"]}”，不能${zhCN}`,
      `Report ${props.reportId} is ${status.en}; cannot ${en} it`,
    );
  },
}) {}

/** Only the reporter may answer the resolution check. */
export class NotTheReporter extends DomainError("NotTheReporter", {
  code: "report.not_reporter",
  httpStatus: 403,
  text: (props: { readonly reportId: string; readonly actorId: string }) =>
    localized(
      `只有报告 ${props.reportId} 的上报人才能回复，${props.actorId} 不是上报人`,
      `Only the reporter of report ${props.reportId} may answer; ${props.actorId} is not`,
    ),
}) {}

/** A handler may act only on the reports routed to them. */
export class NotTheAssignedHandler extends DomainError("NotTheAssignedHandler", {
  code: "report.not_assigned_handler",
  httpStatus: 403,
  text: (props: {
    readonly reportId: string;
    readonly actorId: string;
    readonly handlerId: string;
  }) =>
    localized(
      `报告 ${props.reportId} 的处置人是“${props.handlerId || "（未分派）"}”，不是 ${props.actorId}`,
      `Report ${props.reportId} is routed to "${props.handlerId || "(nobody yet)"}", not ${props.actorId}`,
    ),
}) {}

/** A report cannot duplicate itself. */
export class ReportDuplicateOfItself extends DomainError("ReportDuplicateOfItself", {
  code: "report.duplicate_of_itself",
  httpStatus: 422,
  text: (props: { readonly reportId: string }) =>
    localized(
      `报告 ${props.reportId} 不能标记为自身的重复`,
      `Report ${props.reportId} cannot be a duplicate of itself`,
    ),
}) {}

/** The original report named was not found (the service found no facts about it). */
export class OriginalReportNotFound extends DomainError("OriginalReportNotFound", {
  code: "report.original_not_found",
  httpStatus: 404,
  text: (props: { readonly originalReportId: string }) =>
    localized(
      `找不到原报告 ${props.originalReportId}`,
      `The original report ${props.originalReportId} was not found`,
    ),
}) {}

/**
 * The original must have been verified (accepted) first, so that corroborating it
 * means corroborating a real problem.
 */
export class OriginalReportNotVerified extends DomainError("OriginalReportNotVerified", {
  code: "report.original_not_verified",
  httpStatus: 422,
  text: (props: { readonly originalReportId: string; readonly status: ReportStatus }) =>
    localized(
      `原报告 ${props.originalReportId} 当前状态为“${reportStatusNames[props.status]["zh-CN"]}”，尚未受理核实，请先受理原报告`,
      `The original report ${props.originalReportId} is ${reportStatusNames[props.status].en} and not verified; accept it first`,
    ),
}) {}

/** A duplicate must have the original's category (correct the category first). */
export class DuplicateCategoryMismatch extends DomainError("DuplicateCategoryMismatch", {
  code: "report.duplicate_category_mismatch",
  httpStatus: 422,
  text: (props: { readonly category: string; readonly originalCategory: string }) =>
    localized(
      `重复报告的类别“${props.category}”与原报告的类别“${props.originalCategory}”不同，请先更正类别`,
      `The duplicate's category "${props.category}" differs from the original's "${props.originalCategory}"; correct the category first`,
    ),
}) {}

/** The system may close a resolved report only after the reporter's confirmation window. */
export class ResolutionConfirmationPending extends DomainError("ResolutionConfirmationPending", {
  code: "report.confirmation_pending",
  httpStatus: 422,
  text: (props: { readonly reportId: string; readonly confirmationDueAt: string }) =>
    localized(
      `报告 ${props.reportId} 正在等待上报人确认，${props.confirmationDueAt} 之后才能自动办结`,
      `Report ${props.reportId} awaits its reporter's confirmation until ${props.confirmationDueAt}`,
    ),
}) {}

/** The report is already hidden. */
export class ReportAlreadyHidden extends DomainError("ReportAlreadyHidden", {
  code: "report.already_hidden",
  httpStatus: 422,
  text: (props: { readonly reportId: string }) =>
    localized(`报告 ${props.reportId} 已隐藏`, `Report ${props.reportId} is already hidden`),
}) {}

/** The report is not hidden. */
export class ReportNotHidden extends DomainError("ReportNotHidden", {
  code: "report.not_hidden",
  httpStatus: 422,
  text: (props: { readonly reportId: string }) =>
    localized(`报告 ${props.reportId} 未被隐藏`, `Report ${props.reportId} is not hidden`),
}) {}

/** The report has no such photo. */
export class ReportPhotoNotFound extends DomainError("ReportPhotoNotFound", {
  code: "report.photo_not_found",
  httpStatus: 404,
  text: (props: { readonly reportId: string; readonly photo: string }) =>
    localized(
      `报告 ${props.reportId} 没有照片“${props.photo}”`,
      `Report ${props.reportId} has no photo "${props.photo}"`,
    ),
}) {}

/** The photo is already redacted. */
export class ReportPhotoAlreadyRedacted extends DomainError("ReportPhotoAlreadyRedacted", {
  code: "report.photo_already_redacted",
  httpStatus: 422,
  text: (props: { readonly reportId: string; readonly photo: string }) =>
    localized(
      `报告 ${props.reportId} 的照片“${props.photo}”已被遮盖`,
      `Photo "${props.photo}" of report ${props.reportId} is already redacted`,
    ),
}) {}

/** A correction that changes nothing. */
export class ReportCorrectionUnchanged extends DomainError("ReportCorrectionUnchanged", {
  code: "report.correction_unchanged",
  httpStatus: 422,
  text: (props: { readonly reportId: string; readonly field: "category" | "location" }) =>
    props.field === "category"
      ? localized(
          `报告 ${props.reportId} 已是该类别，无需更正`,
          `Report ${props.reportId} already has this category`,
        )
      : localized(
          `报告 ${props.reportId} 已是该位置，无需更正`,
          `Report ${props.reportId} already has this location`,
        ),
}) {}

/**
 * The report's answers do not fit its category's attributes (the Open311 service
 * definition the policy gives it): every problem at once, by attribute code.
 */
export class ReportAttributesInvalid extends DomainError("ReportAttributesInvalid", {
  code: "report.attributes_invalid",
  httpStatus: 422,
  text: (props: { readonly problems: ReadonlyArray<ReportAttributeProblem> }) =>
    localized(
      `报告的附加信息有误：${props.problems
        .map((problem) => `${problem.code} ${reportAttributeProblemText(problem.reason)["zh-CN"]}`)
        .join("；")}`,
      `The report's attributes do not fit its category: ${props.problems
        .map((problem) => `${problem.code} ${reportAttributeProblemText(problem.reason).en}`)
        .join("; ")}`,
    ),
}) {}

/** The report is not overdue: resolved, closed or rejected, not routed yet, or still within its due time. */
export class ReportNotOverdue extends DomainError("ReportNotOverdue", {
  code: "report.not_overdue",
  httpStatus: 422,
  text: (props: { readonly reportId: string }) =>
    localized(`报告 ${props.reportId} 未逾期`, `Report ${props.reportId} is not overdue`),
}) {}

/** The report was already flagged overdue for its current due time. */
export class ReportOverdueAlreadyFlagged extends DomainError("ReportOverdueAlreadyFlagged", {
  code: "report.overdue_already_flagged",
  httpStatus: 422,
  text: (props: { readonly reportId: string; readonly dueAt: string }) =>
    localized(
      `报告 ${props.reportId} 已因超过 ${props.dueAt} 的处置期限被标记为逾期`,
      `Report ${props.reportId} was already flagged overdue for its due time ${props.dueAt}`,
    ),
}) {}

/** Every refusal of the report decider. */
export type ReportError =
  | ReportAlreadySubmitted
  | ReportNotFound
  | ReporterNotActive
  | UnknownReportCategory
  | ReportDescriptionTooLong
  | TooManyReportPhotos
  | ObservationInFuture
  | ObservationTooOld
  | ReportTransitionNotAllowed
  | NotTheReporter
  | NotTheAssignedHandler
  | ReportDuplicateOfItself
  | OriginalReportNotFound
  | OriginalReportNotVerified
  | DuplicateCategoryMismatch
  | ResolutionConfirmationPending
  | ReportAlreadyHidden
  | ReportNotHidden
  | ReportPhotoNotFound
  | ReportPhotoAlreadyRedacted
  | ReportCorrectionUnchanged
  | ReportAttributesInvalid
  | ReportNotOverdue
  | ReportOverdueAlreadyFlagged;
