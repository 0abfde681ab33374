import type { ActivityCommand } from "../activities/commands.js";
import type { CourierCommand } from "../couriers/commands.js";
import type { CommandPermissions, DeciderPermissions } from "../kernel/access.js";
import type { PatrolCommand } from "../patrols/patrol/commands.js";
import type { PatrolRouteCommand } from "../patrols/routes/commands.js";
import type { ReportCommand } from "../reports/commands.js";
import type { CommunityCommand } from "../stations/community/commands.js";
import type { StationCommand } from "../stations/station/commands.js";
import type { SuggestionCommand } from "../suggestions/commands.js";

/*
 * Which role may send which command of core's deciders, one table per decider, each
 * keyed by the decider's command union (so a new command without an entry does not
 * type-check) and given to the decider as its `permissions`; `handleCommand` checks it.
 * `authorize` adds the other half of the rule: an actor acts only in the communities
 * they belong to (the `system` role in all). Rules that depend on an aggregate's state,
 * such as "only the author may withdraw a suggestion", live in that aggregate's `decide`.
 *
 * Other packages declare the tables of their own deciders beside them (the points
 * account's in `@courier-station/points`, the wishes' in `@courier-station/wishes`), so a
 * new command there needs no release of core.
 */

/**
 * Communities (社区). The `system` (the deployment's operator tooling) registers
 * communities; staff of a community manage its details and its policy versions.
 */
export const communityPermissions: DeciderPermissions<CommunityCommand> = {
  RegisterCommunity: ["system"],
  UpdateCommunityDetails: ["staff", "system"],
  PublishCommunityPolicy: ["staff", "system"],
};

/** Stations (服务站 / 驿站): staff of the community open and run them. */
export const stationPermissions: DeciderPermissions<StationCommand> = {
  OpenStation: ["staff"],
  UpdateStationDetails: ["staff"],
  CloseStationTemporarily: ["staff"],
  ReopenStation: ["staff"],
  RetireStation: ["staff"],
};

/**
 * Couriers (小哥报到) and the volunteer team (e哥志愿服务队). A courier acts for
 * themselves only (decide checks the courier id is theirs); staff of the community
 * verify, reject, suspend and reinstate; the `system` records no-shows that activities
 * marked, and erases personal data when a withdrawn consent's grace period has passed
 * (decide checks that it has).
 */
export const courierPermissions: DeciderPermissions<CourierCommand> = {
  RegisterCourier: ["courier", "staff"],
  GiveConsent: ["courier", "staff"],
  WithdrawConsent: ["courier", "staff"],
  VerifyCourier: ["staff"],
  RejectCourier: ["staff"],
  SuspendCourier: ["staff"],
  ReinstateCourier: ["staff"],
  LeaveProgramme: ["courier", "staff"],
  UpdateCourierProfile: ["courier", "staff"],
  CorrectPersonalData: ["courier", "staff"],
  EraseCourierPersonalData: ["courier", "staff", "system"],
  JoinVolunteerTeam: ["courier", "staff"],
  LeaveVolunteerTeam: ["courier", "staff"],
  RecordNoShow: ["system"],
};

/**
 * Activities and participation (活动 / 微志愿). Staff run activities; couriers sign up,
 * cancel, check in and out for themselves (`decide` refuses a courier acting for
 * another); the services' timers rotate codes and complete activities after their end,
 * and the `system` cancels the sign-ups of a courier who withdrew consent.
 */
export const activityPermissions: DeciderPermissions<ActivityCommand> = {
  PlanActivity: ["staff"],
  UpdateActivityDetails: ["staff"],
  PublishActivity: ["staff"],
  StartActivity: ["staff"],
  RotateCheckInCode: ["staff", "system"],
  CancelActivity: ["staff"],
  CompleteActivity: ["staff", "system"],
  SignUpForActivity: ["courier", "staff"],
  CancelSignUp: ["courier", "staff", "system"],
  CheckInToActivity: ["courier"],
  CheckOutOfActivity: ["courier", "staff"],
  RecordWalkIns: ["staff"],
  ConfirmAttendance: ["staff"],
  MarkNoShows: ["staff"],
};

/** Patrol routes (护河巡河): staff publish and manage them. */
export const patrolRoutePermissions: DeciderPermissions<PatrolRouteCommand> = {
  PublishPatrolRoute: ["staff"],
  RevisePatrolRoute: ["staff"],
  SuspendPatrolRoute: ["staff"],
  ResumePatrolRoute: ["staff"],
  RetirePatrolRoute: ["staff"],
};

/**
 * Patrols: a courier checks in at a route's checkpoints for themselves (`decide`
 * refuses a courier acting for another).
 */
export const patrolPermissions: DeciderPermissions<PatrolCommand> = {
  CheckInAtCheckpoint: ["courier"],
};

/**
 * Sentinel reports (民情前哨). A courier reports and answers whether their report is
 * fixed (decide checks they are its reporter); staff triage and moderate; a handler acts
 * on the reports routed to them (decide checks which); the `system` closes a resolved
 * report once the reporter's confirmation window has passed, and flags an overdue one.
 */
export const reportPermissions: DeciderPermissions<ReportCommand> = {
  SubmitReport: ["courier"],
  AcceptReport: ["staff"],
  RejectReport: ["staff"],
  MarkReportDuplicate: ["staff"],
  StartReportWork: ["handler", "staff"],
  AddReportStatusNote: ["handler", "staff"],
  ResolveReport: ["handler", "staff"],
  AnswerResolutionCheck: ["courier"],
  ConfirmReportResolution: ["staff", "system"],
  ReopenReport: ["staff"],
  HideReport: ["staff"],
  UnhideReport: ["staff"],
  RedactReportPhoto: ["staff"],
  CorrectReportCategory: ["staff"],
  CorrectReportLocation: ["staff"],
  FlagReportOverdue: ["system"],
};

/**
 * Suggestions (小哥有话说). Couriers suggest, second (附议) and withdraw their own (decide
 * checks the author); staff acknowledge, draft, publish, answer, adopt, decline and track
 * the follow-through; the `system` flags a suggestion waiting too long for its first
 * response.
 */
export const suggestionPermissions: DeciderPermissions<SuggestionCommand> = {
  SubmitSuggestion: ["courier"],
  SecondSuggestion: ["courier"],
  WithdrawSuggestion: ["courier"],
  AcknowledgeSuggestion: ["staff"],
  DraftSuggestionResponse: ["staff"],
  DiscardSuggestionResponseDraft: ["staff"],
  PublishSuggestionResponse: ["staff"],
  AnswerSuggestion: ["staff"],
  AdoptSuggestion: ["staff"],
  DeclineSuggestion: ["staff"],
  RecordSuggestionProgress: ["staff"],
  CompleteSuggestion: ["staff"],
  FlagSuggestionResponseOverdue: ["system"],
};

/**
 * Which roles may send each command of core's deciders, all tables in one (for
 * `authorize` at an edge that has no decider at hand). Unknown commands are refused. The
 * commands of points and wishes are in those packages' tables.
 *
 * @example
 * commandPermissions.VerifyCourier; // ["staff"]
 */
export const commandPermissions: CommandPermissions = {
  ...communityPermissions,
  ...stationPermissions,
  ...courierPermissions,
  ...activityPermissions,
  ...patrolRoutePermissions,
  ...patrolPermissions,
  ...reportPermissions,
  ...suggestionPermissions,
};
