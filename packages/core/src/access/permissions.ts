import type { CommandPermissions } from "../kernel/access.js";

/*
 * The one place that says which role may send which command. `authorize` adds the
 * other half of the rule: an actor acts only in the communities they belong to
 * (the `system` role in all). Rules that depend on an aggregate's state, such as
 * "only the author may withdraw a suggestion", live in that aggregate's `decide`.
 *
 * Every command of every package is listed here; each package has a test that its
 * command union and this table agree.
 */

/**
 * Communities and stations (服务站 / 驿站). The `system` (the deployment's operator
 * tooling) registers communities; staff of a community manage its details, its policy
 * version and its stations.
 */
const communityAndStationCommands = {
  RegisterCommunity: ["system"],
  UpdateCommunityDetails: ["staff", "system"],
  AdoptCommunityPolicy: ["staff", "system"],
  OpenStation: ["staff"],
  UpdateStationDetails: ["staff"],
  CloseStationTemporarily: ["staff"],
  ReopenStation: ["staff"],
  RetireStation: ["staff"],
} satisfies CommandPermissions;

/**
 * Couriers (小哥报到) and the volunteer team (e哥志愿服务队). A courier acts for
 * themselves only (decide checks the courier id is theirs); staff of the community
 * verify, reject, suspend and reinstate; the `system` records no-shows that activities
 * marked, and erases personal data when a withdrawn consent's grace period has passed
 * (decide checks that it has).
 */
const courierCommands = {
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
} satisfies CommandPermissions;

/**
 * Activities and participation (活动 / 微志愿). Staff run activities; couriers sign up,
 * cancel, check in and out for themselves (`decide` refuses a courier acting for
 * another); the services' timers rotate codes and complete activities after their end,
 * and the `system` cancels the sign-ups of a courier who withdrew consent.
 */
const activityCommands = {
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
} satisfies CommandPermissions;

/**
 * Patrol routes (护河巡河). Staff publish and manage routes; a courier checks in at
 * checkpoints for themselves (`decide` refuses a courier acting for another).
 */
const patrolCommands = {
  PublishPatrolRoute: ["staff"],
  RevisePatrolRoute: ["staff"],
  SuspendPatrolRoute: ["staff"],
  ResumePatrolRoute: ["staff"],
  RetirePatrolRoute: ["staff"],
  CheckInAtCheckpoint: ["courier"],
} satisfies CommandPermissions;

/**
 * Sentinel reports (民情前哨). A courier reports and answers whether their report is
 * fixed (decide checks they are its reporter); staff triage and moderate; a handler acts
 * on the reports routed to them (decide checks which); the `system` closes a resolved
 * report once the reporter's confirmation window has passed.
 */
const reportCommands = {
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
} satisfies CommandPermissions;

/**
 * Suggestions (小哥有话说). Couriers suggest, second (附议) and withdraw their own (decide
 * checks the author); staff acknowledge, draft, publish, answer, adopt, decline and track
 * the follow-through.
 */
const suggestionCommands = {
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
} satisfies CommandPermissions;

/**
 * The points ledger (积分), in `@courier-station/points`. Transfers, holds and earnings
 * come from the services' own flows (`system`); staff only adjust by hand, with a note.
 */
const pointsCommands = {
  CreateTransfer: ["system"],
  CreateTransfers: ["system"],
  PostPendingTransfer: ["system"],
  VoidPendingTransfer: ["system"],
  ExpirePendingTransfer: ["system"],
  EarnPoints: ["system"],
  ExpireEarnedPoints: ["system"],
  AdjustPoints: ["staff"],
} satisfies CommandPermissions;

/**
 * Micro-wishes (微心愿), in `@courier-station/wishes`. A courier drafts, submits, redeems,
 * cancels and thanks (decide checks the wish is theirs); staff moderate (decide checks the
 * policy's `moderatorIds`); a sponsor claims; the points flow reports holds and the timer
 * expires wishes and releases claims (`system`). A release may also come from the sponsor
 * who pledged, the courier who redeemed, or staff; staff or the courier confirm a hand-over.
 */
const wishCommands = {
  DraftWish: ["courier"],
  ReviseWish: ["courier"],
  SubmitWish: ["courier"],
  ApproveWish: ["staff"],
  RejectWish: ["staff"],
  PublishWish: ["staff"],
  ClaimWish: ["sponsor"],
  FundWishFromDonations: ["staff"],
  RedeemWish: ["courier"],
  ConfirmWishHold: ["system"],
  RecordWishRedemptionFailed: ["system"],
  ReleaseWishClaim: ["system", "sponsor", "courier", "staff"],
  ConfirmWishFulfilled: ["staff", "courier"],
  ThankWishSponsor: ["courier"],
  CancelWish: ["courier"],
  ExpireWish: ["system"],
  AgreeToShareContact: ["courier", "sponsor"],
} satisfies CommandPermissions;

/**
 * Sponsors (圆梦人), in `@courier-station/wishes`. Staff register and stand sponsors down;
 * a sponsor updates their own profile and may have their contact erased (decide checks it
 * is theirs); the wish flow records what they fulfilled and the thanks they got (`system`).
 */
const sponsorCommands = {
  RegisterSponsor: ["staff"],
  UpdateSponsorProfile: ["staff", "sponsor"],
  DeactivateSponsor: ["staff"],
  ReactivateSponsor: ["staff"],
  RecordSponsoredWish: ["system"],
  RecordSponsorThanks: ["system"],
  EraseSponsorContact: ["staff", "sponsor"],
} satisfies CommandPermissions;

/**
 * The reward catalogue, in `@courier-station/wishes`. Staff list and keep the items; a
 * courier redeems one (reserving stock) and may cancel their redemption; staff or the
 * courier confirm the hand-over; the catalogue flow opens redemptions, reports holds,
 * settles reservations and expires redemptions not picked up (`system`).
 */
const catalogueCommands = {
  ListCatalogueItem: ["staff"],
  ReviseCatalogueItem: ["staff"],
  RestockCatalogueItem: ["staff"],
  WriteOffCatalogueStock: ["staff"],
  WithdrawCatalogueItem: ["staff"],
  RelistCatalogueItem: ["staff"],
  RedeemCatalogueItem: ["courier"],
  ReleaseCatalogueReservation: ["system"],
  CompleteCatalogueReservation: ["system"],
  OpenCatalogueRedemption: ["system"],
  ConfirmCatalogueRedemptionHold: ["system"],
  RecordCatalogueRedemptionFailed: ["system"],
  HandOverCatalogueRedemption: ["staff", "courier"],
  CancelCatalogueRedemption: ["courier", "staff"],
  ExpireCatalogueRedemption: ["system"],
} satisfies CommandPermissions;

/**
 * Which roles may send each command of the programme. Unknown commands are refused.
 *
 * @example
 * commandPermissions.VerifyCourier; // ["staff"]
 */
export const commandPermissions: CommandPermissions = {
  ...communityAndStationCommands,
  ...courierCommands,
  ...activityCommands,
  ...patrolCommands,
  ...reportCommands,
  ...suggestionCommands,
  ...pointsCommands,
  ...wishCommands,
  ...sponsorCommands,
  ...catalogueCommands,
};
