/**
 * The bus contracts of Courier Station's services (a private workspace): what each
 * service answers on `cs.<community>.<service>.<Endpoint>`, as zod schemas built from the
 * packages' own, and the pieces services share to serve and call them.
 *
 * @packageDocumentation
 */
export {
  ActivityCourierViewSchema,
  ActivityListItem,
  ActivityPublicViewSchema,
  ActivityStaffViewSchema,
  ActivitySummarySchema,
  ActivityView,
  activitiesContract,
  CheckInAtCheckpointRequest,
  CourierActivityItem,
  CourierParticipationViewSchema,
  CourierVolunteerHours,
  ParticipationStatusSchema,
  ParticipationView,
  PatrolRouteStatusSchema,
  PatrolRouteView,
  PatrolView,
  RotateCheckInCodeRequest,
  StartActivityRequest,
  staffViewRosterLimit,
} from "./activities.js";
export { type CallOptions, call } from "./call.js";
export {
  AnonymousActor,
  type Asker,
  anonymousActor,
  type CommandContract,
  commandContract,
  defineContract,
  type EndpointContract,
  listQueryContract,
  pageOf,
  pageRequestShape,
  publicListQueryContract,
  publicQueryContract,
  type QueryContract,
  queryContract,
  type ServiceContract,
} from "./contract.js";
export { courierFactsOf } from "./courier-facts.js";
export { clockAt, decisionTime, StationIds } from "./decision-time.js";
export {
  CatalogueFiguresSchema,
  FiguresPeriodRequest,
  InsightsFiguresView,
  insightsContract,
  MonthlyReportFile,
  MonthlyReportFormat,
  PointsSummarySchema,
  ProgrammeFiguresSchema,
  PublicFiguresView,
  ReportLanguage,
  RunningTotalsView,
  WishFiguresSchema,
} from "./insights.js";
export {
  ChooseNoticeLanguage,
  InboxBox,
  InboxPage,
  inboxRoles,
  MarkNoticeRead,
  NoticeAbout,
  NoticeId,
  NoticeKind,
  NoticeView,
  notificationsContract,
} from "./notifications.js";
export {
  LedgerAccountTotals,
  LedgerTotalsView,
  PointsBalanceView,
  PointsChange,
  PointsHoldView,
  PointsPosition,
  PointsStatementLine,
  PointsStatementTotals,
  PointsStatementView,
  pointsContract,
  statementMonthLineLimit,
} from "./points.js";
export { PolicyBook, type PolicyBookApi } from "./policy-book.js";
export {
  CommunityPolicyVersionView,
  CommunityView,
  CourierListItem,
  CourierOwnViewSchema,
  CourierPublicViewSchema,
  CourierSponsorViewSchema,
  CourierStaffViewSchema,
  CourierView,
  RosterFileContent,
  RosterImportId,
  RosterImportRowView,
  RosterImportView,
  RosterRowOutcome,
  RosterSource,
  registryContract,
  registryFactsContract,
  registryFactsEndpoints,
  rosterContentPieceLength,
  rosterContentPiecesPerRequest,
  rosterFileMaxParts,
  StartRosterImport,
  StationStatusSchema,
  StationView,
  UploadRosterImportPart,
} from "./registry.js";
export {
  CommandReply,
  commandReplyOf,
  type Unversioned,
  ViewVersion,
  versionShape,
} from "./replies.js";
export {
  DuplicateHintSchema,
  Open311PostResponseSchema,
  Open311RequestArguments,
  Open311ServiceDefinitionSchema,
  Open311ServiceRequestSchema,
  Open311ServiceSchema,
  ReportClosureSchema,
  ReportListItem,
  ReportPublicStepSchema,
  ReportPublicViewSchema,
  ReportRejectionSchema,
  ReportReporterViewSchema,
  ReportStaffViewSchema,
  ReportView,
  reportsContract,
  SuggestionCourierViewSchema,
  SuggestionPublicViewSchema,
  SuggestionStaffViewSchema,
  SuggestionListView,
  SuggestionView,
} from "./reports.js";
export { mayAsk, serveCommand, serveQuery } from "./serve.js";
export { startTestStation, type TestStation } from "./testing.js";
export {
  CatalogueItemPublicViewSchema,
  CatalogueItemStockSchema,
  CatalogueRedemptionViewSchema,
  SponsorPublicViewSchema,
  SponsorStaffViewSchema,
  SponsorView,
  WishListItem,
  WishPublicViewSchema,
  WishSponsorViewSchema,
  WishStaffViewSchema,
  WishView,
  wishesContract,
} from "./wishes.js";
