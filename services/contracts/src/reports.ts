import {
  AcceptReport,
  AcknowledgeSuggestion,
  AddReportStatusNote,
  AdoptSuggestion,
  AnswerResolutionCheck,
  AnswerSuggestion,
  CompleteSuggestion,
  ConfirmReportResolution,
  CorrectReportCategory,
  CorrectReportLocation,
  CourierId,
  DeclineSuggestion,
  DiscardSuggestionResponseDraft,
  DraftSuggestionResponse,
  FlagReportOverdue,
  FlagSuggestionResponseOverdue,
  GeoPoint,
  HandlerId,
  HideReport,
  Instant,
  Language,
  LocalizedText,
  MarkReportDuplicate,
  PhotoReference,
  PublishSuggestionResponse,
  RecordSuggestionProgress,
  RedactReportPhoto,
  RejectReport,
  ReopenReport,
  ReportActor,
  ReportAttributeAnswers,
  ReportAttributeDatatype,
  ReportCategoryId,
  ReportId,
  ReportLocation,
  ReportStatus,
  ResolveReport,
  SecondSuggestion,
  StartReportWork,
  StationId,
  SubmitReport,
  SubmitSuggestion,
  SuggestionId,
  SuggestionResponse,
  SuggestionStatus,
  SuggestionTopic,
  UnhideReport,
  WithdrawSuggestion,
} from "@courier-station/core";
import { z } from "zod";
import { commandContract, defineContract, listQueryContract, queryContract } from "./contract.js";
import { versionShape } from "./replies.js";

const everyone = ["courier", "staff", "sponsor", "handler", "auditor", "system"] as const;

/** The type of a report event, as a history step names it. */
const ReportEventType = z.string().min(1).max(64);

/** The category id of a report (a policy's category, or one it no longer has). */
const CategoryId = ReportCategoryId;

const photoOfStaff = z.strictObject({ reference: PhotoReference, redacted: z.boolean() });

const resolutionShape = {
  note: z.string(),
  resolvedAt: Instant,
  confirmationDueAt: Instant,
};

/** How a report was closed: by its reporter, by staff, or after the confirmation window. */
export const ReportClosureSchema = z.strictObject({
  closedAt: Instant,
  confirmation: z.enum(["reporter", "staff", "timeout"]),
  note: z.string().optional(),
});

/** Why a report was rejected: invalid, or a duplicate of an original (credited or not). */
export const ReportRejectionSchema = z.strictObject({
  reason: z.enum(["invalid", "duplicate"]),
  rejectedAt: Instant,
  note: z.string().optional(),
  originalReportId: ReportId.optional(),
  corroborated: z.boolean(),
});

/** A step of a report's history as the public and its reporter see it: by role only. */
export const ReportPublicStepSchema = z.strictObject({
  type: ReportEventType,
  at: Instant,
  by: ReportActor.shape.role,
  note: z.string().optional(),
});

/**
 * The staff view of a report (`reportStaffView`): everything — the reporter's id,
 * redacted photos marked, the hidden state with its reason, the whole history with who
 * did what — with the names of its category and handler and whether it is overdue or its
 * confirmation window has passed. Staff, auditors, the system and the handler it is
 * routed to see it. A courier id is no personal data; names and numbers stay in the registry.
 */
export const ReportStaffViewSchema = z.strictObject({
  view: z.literal("staff"),
  status: ReportStatus,
  reportId: ReportId,
  reporterId: CourierId,
  category: CategoryId,
  categoryName: LocalizedText,
  description: z.string(),
  location: ReportLocation,
  photos: z.array(photoOfStaff),
  attributes: ReportAttributeAnswers.optional(),
  mediaUrl: z.string().optional(),
  observedAt: Instant,
  submittedAt: Instant,
  stationId: StationId.optional(),
  handlerId: HandlerId.optional(),
  handlerName: LocalizedText.optional(),
  acceptedAt: Instant.optional(),
  verifiedAt: Instant.optional(),
  dueHours: z.number().int().optional(),
  dueAt: Instant.optional(),
  dueFrom: Instant.optional(),
  workStartedAt: Instant.optional(),
  overdueFlaggedFor: Instant.optional(),
  resolution: z.strictObject(resolutionShape).optional(),
  closure: ReportClosureSchema.optional(),
  rejection: ReportRejectionSchema.optional(),
  reopenCount: z.number().int().nonnegative(),
  hidden: z.strictObject({ reason: z.string(), hiddenAt: Instant }).optional(),
  updatedAt: Instant,
  history: z.array(
    z.strictObject({
      type: ReportEventType,
      at: Instant,
      by: ReportActor,
      note: z.string().optional(),
      publicStep: z.boolean(),
    }),
  ),
  overdue: z.boolean(),
  confirmationDue: z.boolean(),
});

/**
 * The reporter's view of their own report (`reportReporterView`): what they sent, where
 * it is, whether the public sees it, why it was rejected or how it was closed, and
 * whether they are asked now if it is fixed. No staff ids, moderation or internal notes.
 */
export const ReportReporterViewSchema = z.strictObject({
  view: z.literal("reporter"),
  reportId: ReportId,
  reporterId: CourierId,
  category: CategoryId,
  categoryName: LocalizedText,
  status: ReportStatus,
  description: z.string(),
  location: ReportLocation,
  photos: z.array(PhotoReference),
  attributes: ReportAttributeAnswers.optional(),
  mediaUrl: z.string().optional(),
  observedAt: Instant,
  submittedAt: Instant,
  stationId: StationId.optional(),
  handler: z.strictObject({ id: HandlerId, name: LocalizedText }).optional(),
  acceptedAt: Instant.optional(),
  dueAt: Instant.optional(),
  resolution: z.strictObject(resolutionShape).optional(),
  closure: ReportClosureSchema.optional(),
  rejection: ReportRejectionSchema.optional(),
  reopenCount: z.number().int().nonnegative(),
  shownPublicly: z.boolean(),
  resolutionCheckOpen: z.boolean(),
  updatedAt: Instant,
  history: z.array(ReportPublicStepSchema),
});

/**
 * The public view of a report (`reportPublicView`), its timeline: no reporter, no ids of
 * those who acted (roles only), no redacted photos, no moderation or internal notes.
 */
export const ReportPublicViewSchema = z.strictObject({
  view: z.literal("public"),
  reportId: ReportId,
  category: CategoryId,
  categoryName: LocalizedText,
  status: ReportStatus,
  description: z.string(),
  location: ReportLocation,
  photos: z.array(PhotoReference),
  observedAt: Instant,
  submittedAt: Instant,
  handler: z.strictObject({ id: HandlerId, name: LocalizedText }).optional(),
  acceptedAt: Instant.optional(),
  dueAt: Instant.optional(),
  resolution: z.strictObject({ note: z.string(), resolvedAt: Instant }).optional(),
  closedAt: Instant.optional(),
  reopenCount: z.number().int().nonnegative(),
  updatedAt: Instant,
  history: z.array(ReportPublicStepSchema),
});

/**
 * A report as the asking actor may see it, named by `view`: `staff` (staff, auditors,
 * the system, its handler), `reporter` (the courier who reported it) or `public`
 * (everyone else, and only while the public may see it).
 */
export const ReportView = z.discriminatedUnion("view", [
  ReportStaffViewSchema.extend(versionShape),
  ReportReporterViewSchema.extend(versionShape),
  ReportPublicViewSchema.extend(versionShape),
]);
/** A report as the asking actor may see it. */
export type ReportView = z.infer<typeof ReportView>;

/**
 * A report in a staff list (triage queue, a handler's work, overdue reports): the
 * staff view's figures without the history, with how long it is overdue at the time of
 * the answer.
 */
export const ReportListItem = z.strictObject({
  reportId: ReportId,
  status: ReportStatus,
  category: CategoryId,
  categoryName: LocalizedText,
  reporterId: CourierId,
  description: z.string(),
  location: ReportLocation,
  photoCount: z.number().int().nonnegative(),
  stationId: StationId.optional(),
  handlerId: HandlerId.optional(),
  handlerName: LocalizedText.optional(),
  observedAt: Instant,
  submittedAt: Instant,
  acceptedAt: Instant.optional(),
  dueAt: Instant.optional(),
  overdue: z.boolean(),
  /** How long past its due time, in milliseconds; 0 when not overdue. */
  overdueMillis: z.number().int().nonnegative(),
  confirmationDueAt: Instant.optional(),
  confirmationDue: z.boolean(),
  rejection: ReportRejectionSchema.optional(),
  hidden: z.boolean(),
  reopenCount: z.number().int().nonnegative(),
  updatedAt: Instant,
});
/** A report in a staff list. */
export type ReportListItem = z.infer<typeof ReportListItem>;

/** A report that may describe the same problem (`duplicateHints`): how far and how long apart. */
export const DuplicateHintSchema = z.strictObject({
  reportId: ReportId,
  status: ReportStatus,
  distanceMetres: z.number().nonnegative(),
  hoursApart: z.number().nonnegative(),
});

const SuggestionText = z.string();

/**
 * The staff view of a suggestion (`suggestionStaffView`): everything — the author, who
 * seconded it (附议) and how many, the draft, who responded — and its first-response
 * deadline.
 */
export const SuggestionStaffViewSchema = z.strictObject({
  view: z.literal("staff"),
  status: SuggestionStatus,
  suggestionId: SuggestionId,
  authorId: CourierId,
  topic: SuggestionTopic.shape.id,
  topicName: LocalizedText,
  text: SuggestionText,
  showAuthor: z.boolean(),
  submittedAt: Instant,
  stationId: StationId.optional(),
  seconders: z.array(CourierId),
  secondCount: z.number().int().nonnegative(),
  firstResponseAt: Instant.optional(),
  firstResponseAfterMillis: z.number().int().nonnegative().optional(),
  firstResponseDueAt: Instant,
  firstResponseOverdue: z.boolean(),
  responseOverdueFlaggedAt: Instant.optional(),
  acknowledgement: z.strictObject({ at: Instant, note: z.string().optional() }).optional(),
  draft: z
    .strictObject({ response: SuggestionResponse, draftedAt: Instant, by: z.string() })
    .optional(),
  response: z
    .strictObject({
      kind: z.enum(["answer", "adopt", "decline"]),
      text: z.string(),
      at: Instant,
      by: z.string(),
    })
    .optional(),
  progress: z.array(z.strictObject({ note: z.string(), at: Instant, by: z.string() })),
  completion: z.strictObject({ note: z.string(), at: Instant, by: z.string() }).optional(),
  withdrawal: z.strictObject({ at: Instant, reason: z.string().optional() }).optional(),
  updatedAt: Instant,
});

const suggestionPublicShape = {
  suggestionId: SuggestionId,
  topic: SuggestionTopic.shape.id,
  topicName: LocalizedText,
  text: SuggestionText,
  status: SuggestionStatus,
  submittedAt: Instant,
  authorId: CourierId.optional(),
  response: z
    .strictObject({ kind: z.enum(["answer", "adopt", "decline"]), text: z.string(), at: Instant })
    .optional(),
  progress: z.array(z.strictObject({ note: z.string(), at: Instant })),
  completion: z.strictObject({ note: z.string(), at: Instant }).optional(),
};

/**
 * The public view of a suggestion (`suggestionPublicView`): the author only when they
 * chose to be shown, the published response and the follow-through; no drafts, no
 * seconders, no staff ids.
 */
export const SuggestionPublicViewSchema = z.strictObject({
  view: z.literal("public"),
  ...suggestionPublicShape,
});

/**
 * A courier's view of a suggestion (`suggestionCourierView`): the public view, whether
 * it is theirs, whether they seconded it and whether they may second it now.
 */
export const SuggestionCourierViewSchema = z.strictObject({
  view: z.literal("courier"),
  ...suggestionPublicShape,
  mine: z.boolean(),
  secondedByMe: z.boolean(),
  canSecond: z.boolean(),
});

/**
 * A suggestion as the asking actor may see it, named by `view`: `staff` (staff,
 * auditors, the system), `courier` (couriers) or `public` (sponsors, handlers).
 */
export const SuggestionListView = z.discriminatedUnion("view", [
  SuggestionStaffViewSchema,
  SuggestionCourierViewSchema,
  SuggestionPublicViewSchema,
]);
/** A suggestion in a list, as the asking actor may see it. */
export type SuggestionListView = z.infer<typeof SuggestionListView>;

/** A suggestion as the asking actor may see it, with its `version` (answered as the `ETag`). */
export const SuggestionView = z.discriminatedUnion("view", [
  SuggestionStaffViewSchema.extend(versionShape),
  SuggestionCourierViewSchema.extend(versionShape),
  SuggestionPublicViewSchema.extend(versionShape),
]);
/** A suggestion as the asking actor may see it. */
export type SuggestionView = z.infer<typeof SuggestionView>;

/** An Open311 service (`GET services`): one per report category (`open311Services`). */
export const Open311ServiceSchema = z.strictObject({
  service_code: z.string(),
  service_name: z.string(),
  description: z.string(),
  metadata: z.boolean(),
  type: z.literal("realtime"),
  keywords: z.string(),
  group: z.string(),
});

/** An Open311 service definition (`GET services/<code>`, `open311ServiceDefinition`). */
export const Open311ServiceDefinitionSchema = z.strictObject({
  service_code: z.string(),
  attributes: z.array(
    z.strictObject({
      variable: z.boolean(),
      code: z.string(),
      datatype: ReportAttributeDatatype,
      required: z.boolean(),
      datatype_description: z.string().nullable(),
      order: z.number().int().min(1),
      description: z.string(),
      values: z.array(z.strictObject({ key: z.string(), name: z.string() })),
    }),
  ),
});

/**
 * An Open311 service request (`GET requests`, `open311ServiceRequest`), with the
 * specification's field names: never the reporter; what the public may not see withheld.
 */
export const Open311ServiceRequestSchema = z.strictObject({
  service_request_id: z.string(),
  status: z.enum(["open", "closed"]),
  status_notes: z.string().nullable(),
  service_name: z.string(),
  service_code: z.string(),
  description: z.string().nullable(),
  agency_responsible: z.string().nullable(),
  requested_datetime: z.string(),
  updated_datetime: z.string(),
  expected_datetime: z.string().nullable(),
  address: z.string().nullable(),
  address_id: z.string().nullable(),
  lat: z.number().nullable(),
  long: z.number().nullable(),
  media_url: z.string().nullable(),
});

/** One entry of the answer to an Open311 `POST requests` (`open311PostResponse`). */
export const Open311PostResponseSchema = z.strictObject({
  service_request_id: z.string(),
  service_notice: z.string().nullable(),
  account_id: z.string().nullable(),
});

/** An argument of an Open311 query string: given once or several times. */
const Open311Argument = z.union([
  z.string().max(70_000),
  z.array(z.string().max(70_000)).min(1).max(1_000),
]);

/**
 * The arguments of an Open311 `GET requests`, as the query string gave them (each once
 * or repeated, comma-delimited lists allowed); `open311RequestQuery` reads them.
 */
export const Open311RequestArguments = z.strictObject({
  service_request_id: Open311Argument.optional(),
  service_code: Open311Argument.optional(),
  start_date: Open311Argument.optional(),
  end_date: Open311Argument.optional(),
  status: Open311Argument.optional(),
});
/** The arguments of an Open311 `GET requests`. */
export type Open311RequestArguments = z.infer<typeof Open311RequestArguments>;

const open311Options = {
  /** The language of names and notes; default zh-CN. */
  language: Language.optional(),
  /** The public base URL of photos, for `media_url`. */
  photoBaseUrl: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .optional(),
};

/**
 * The reports service's bus contract: every command of sentinel reports (民情前哨) and
 * suggestions (小哥有话说) (`cs.<community>.reports.<Command>`), their queries for each
 * kind of reader, and the queries an HTTP gateway needs to speak Open311 GeoReport v2. A
 * report filed through Open311 is an ordinary `SubmitReport` (core's
 * `submitReportFromOpen311` builds it).
 */
export const reportsContract = defineContract({
  service: "reports",
  description:
    "Sentinel reports (民情前哨) and suggestions (小哥有话说), with Open311 GeoReport v2.",
  endpoints: {
    SubmitReport: commandContract(
      SubmitReport,
      "An active courier reports a local problem (民情前哨); an Open311 POST becomes this command too.",
    ),
    AcceptReport: commandContract(
      AcceptReport,
      "Staff accept a submitted report: it is routed to its category's handler with a due time, and verified.",
    ),
    RejectReport: commandContract(RejectReport, "Staff reject a submitted report as invalid."),
    MarkReportDuplicate: commandContract(
      MarkReportDuplicate,
      "Staff mark a submitted report as a duplicate of a verified original of its category; its reporter corroborates the original once.",
    ),
    StartReportWork: commandContract(
      StartReportWork,
      "The handler it is routed to (or staff) start work on a report.",
    ),
    AddReportStatusNote: commandContract(
      AddReportStatusNote,
      "The handler or staff add a progress note, public or internal.",
    ),
    ResolveReport: commandContract(
      ResolveReport,
      "The handler or staff resolve a report; its reporter is asked whether it is fixed.",
    ),
    AnswerResolutionCheck: commandContract(
      AnswerResolutionCheck,
      "The reporter says whether a resolved report is really fixed: closed, or reopened.",
    ),
    ConfirmReportResolution: commandContract(
      ConfirmReportResolution,
      "Staff close a resolved report; the system does once the reporter's confirmation window has passed.",
    ),
    ReopenReport: commandContract(ReopenReport, "Staff reopen a resolved report."),
    HideReport: commandContract(HideReport, "Staff hide a report from the public."),
    UnhideReport: commandContract(UnhideReport, "Staff show a hidden report again."),
    RedactReportPhoto: commandContract(RedactReportPhoto, "Staff redact a photo of a report."),
    CorrectReportCategory: commandContract(
      CorrectReportCategory,
      "Staff correct a report's category; an open report follows it to the new handler.",
    ),
    CorrectReportLocation: commandContract(
      CorrectReportLocation,
      "Staff correct a report's location.",
    ),
    FlagReportOverdue: commandContract(
      FlagReportOverdue,
      "The system flags a report still with its handler after its due time, once per due period.",
    ),
    SubmitSuggestion: commandContract(
      SubmitSuggestion,
      "An active courier makes a suggestion (小哥有话说).",
    ),
    SecondSuggestion: commandContract(
      SecondSuggestion,
      "Another active courier seconds (附议) an open suggestion, once.",
    ),
    WithdrawSuggestion: commandContract(
      WithdrawSuggestion,
      "The author withdraws their suggestion before it is answered.",
    ),
    AcknowledgeSuggestion: commandContract(
      AcknowledgeSuggestion,
      "Staff acknowledge a suggestion.",
    ),
    DraftSuggestionResponse: commandContract(
      DraftSuggestionResponse,
      "Staff draft a response to publish later.",
    ),
    DiscardSuggestionResponseDraft: commandContract(
      DiscardSuggestionResponseDraft,
      "Staff discard the draft response.",
    ),
    PublishSuggestionResponse: commandContract(
      PublishSuggestionResponse,
      "Staff publish the drafted response.",
    ),
    AnswerSuggestion: commandContract(AnswerSuggestion, "Staff answer a suggestion."),
    AdoptSuggestion: commandContract(
      AdoptSuggestion,
      "Staff adopt (采纳) a suggestion with a plan.",
    ),
    DeclineSuggestion: commandContract(
      DeclineSuggestion,
      "Staff decline a suggestion with a reason.",
    ),
    RecordSuggestionProgress: commandContract(
      RecordSuggestionProgress,
      "Staff record progress on an adopted suggestion.",
    ),
    CompleteSuggestion: commandContract(
      CompleteSuggestion,
      "Staff record that an adopted suggestion was carried out (落实).",
    ),
    FlagSuggestionResponseOverdue: commandContract(
      FlagSuggestionResponseOverdue,
      "The system flags a suggestion still waiting for its first response after the policy's days, once.",
    ),
    GetReport: queryContract({
      name: "GetReport",
      description:
        "One report as the actor may see it: the staff view for staff, auditors and the handler it is routed to; the reporter's own view for its reporter; the public timeline for anyone else while the public may see it (else report.not_found).",
      roles: everyone,
      parameters: { reportId: ReportId },
      output: ReportView,
    }),
    ListReports: listQueryContract({
      name: "ListReports",
      description:
        "The community's reports, newest first, by status, category, handler, station or reporter; a handler sees the reports routed to them.",
      roles: ["staff", "auditor", "handler"],
      parameters: {
        status: ReportStatus.optional(),
        category: CategoryId.optional(),
        handlerId: HandlerId.optional(),
        stationId: StationId.optional(),
        reporterId: CourierId.optional(),
      },
      item: ReportListItem,
    }),
    ListOverdueReports: listQueryContract({
      name: "ListOverdueReports",
      description:
        "Reports still with their handler after their due time, most overdue first, by handler or station; a handler sees their own.",
      roles: ["staff", "auditor", "handler"],
      parameters: { handlerId: HandlerId.optional(), stationId: StationId.optional() },
      item: ReportListItem,
    }),
    ListPublicReports: listQueryContract({
      name: "ListPublicReports",
      description:
        "The reports the public may see, newest first, by status or category: public timelines, no personal data.",
      roles: everyone,
      parameters: { status: ReportStatus.optional(), category: CategoryId.optional() },
      item: ReportPublicViewSchema,
    }),
    ListOwnReports: listQueryContract({
      name: "ListOwnReports",
      description: "The asking courier's own reports, newest first, in the reporter's view.",
      roles: ["courier"],
      parameters: { status: ReportStatus.optional() },
      item: ReportReporterViewSchema,
    }),
    FindDuplicateHints: queryContract({
      name: "FindDuplicateHints",
      description:
        "Reports that may describe the same problem as one about to be sent (or sent): the same category within the policy's radius and time window of a point, closest first (the duplicate hint).",
      roles: ["courier", "staff", "auditor", "handler"],
      parameters: {
        category: CategoryId,
        point: GeoPoint,
        /** When the problem was observed; default now. */
        observedAt: Instant.optional(),
        /** A report to leave out (the one staff are triaging). */
        reportId: ReportId.optional(),
        /** At most this many hints; default 20. */
        limit: z.number().int().min(1).max(100).optional(),
      },
      output: z.strictObject({ hints: z.array(DuplicateHintSchema) }),
    }),
    GetSuggestion: queryContract({
      name: "GetSuggestion",
      description:
        "One suggestion as the actor may see it: the staff view for staff, auditors and the system, the courier view for couriers, the public view for others (a withdrawn one only for staff).",
      roles: everyone,
      parameters: { suggestionId: SuggestionId },
      output: SuggestionView,
    }),
    ListSuggestions: listQueryContract({
      name: "ListSuggestions",
      description:
        "The community's suggestions, newest first, by status, topic, station or author, with their seconds (附议) and responses.",
      roles: ["staff", "auditor"],
      parameters: {
        status: SuggestionStatus.optional(),
        topic: SuggestionTopic.shape.id.optional(),
        stationId: StationId.optional(),
        authorId: CourierId.optional(),
      },
      item: SuggestionStaffViewSchema,
    }),
    ListPublicSuggestions: listQueryContract({
      name: "ListPublicSuggestions",
      description:
        "Suggestions everyone may read (not withdrawn), newest first, by status or topic; couriers see whether they may second each.",
      roles: everyone,
      parameters: {
        status: SuggestionStatus.optional(),
        topic: SuggestionTopic.shape.id.optional(),
      },
      item: SuggestionListView,
    }),
    ListOwnSuggestions: listQueryContract({
      name: "ListOwnSuggestions",
      description: "The asking courier's own suggestions, newest first.",
      roles: ["courier"],
      parameters: { status: SuggestionStatus.optional() },
      item: SuggestionCourierViewSchema,
    }),
    ListOverdueSuggestions: listQueryContract({
      name: "ListOverdueSuggestions",
      description:
        "Suggestions still waiting for their first response after the policy's days, oldest first.",
      roles: ["staff", "auditor"],
      parameters: { stationId: StationId.optional() },
      item: SuggestionStaffViewSchema,
    }),
    ListOpen311Services: queryContract({
      name: "ListOpen311Services",
      description: "Open311 GET services: one realtime service per report category of the policy.",
      roles: everyone,
      parameters: { language: Language.optional() },
      output: z.strictObject({ services: z.array(Open311ServiceSchema) }),
    }),
    GetOpen311ServiceDefinition: queryContract({
      name: "GetOpen311ServiceDefinition",
      description:
        "Open311 GET services/<service_code>: the attributes a category asks (open311.service_not_found when there is none).",
      roles: everyone,
      parameters: { serviceCode: z.string().min(1).max(200), language: Language.optional() },
      output: Open311ServiceDefinitionSchema,
    }),
    ListOpen311Requests: listQueryContract({
      name: "ListOpen311Requests",
      description:
        "Open311 GET requests, a page at a time (default 100): by service_request_id (overriding the rest), or by service_code, status and requested_datetime from start_date to end_date (the last 90 days by default, never more), the most recent first, at most 1,000 across the pages; the pages of one answer read the range as it was at the first (open311.query_invalid lists every problem).",
      roles: everyone,
      parameters: { query: Open311RequestArguments, ...open311Options },
      item: Open311ServiceRequestSchema,
    }),
    GetOpen311Request: queryContract({
      name: "GetOpen311Request",
      description:
        "Open311 GET requests/<id>: one report as a service request, whatever its status, its content withheld while the public may not see it.",
      roles: everyone,
      parameters: { serviceRequestId: ReportId, ...open311Options },
      output: Open311ServiceRequestSchema,
    }),
    GetOpen311PostResponse: queryContract({
      name: "GetOpen311PostResponse",
      description:
        "The answer to an Open311 POST requests once its SubmitReport was applied: the request id and what happens next (staff check, then the category's handler and hours).",
      roles: ["courier", "staff", "system"],
      parameters: {
        serviceRequestId: ReportId,
        language: Language.optional(),
        accountId: z.string().min(1).max(128).optional(),
      },
      output: z.array(Open311PostResponseSchema).length(1),
    }),
  },
});
