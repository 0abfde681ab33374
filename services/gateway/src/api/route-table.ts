import {
  activitiesContract,
  type EndpointContract,
  insightsContract,
  notificationsContract,
  pointsContract,
  registryContract,
  reportsContract,
  type ServiceContract,
  wishesContract,
} from "@courier-station/contracts";
import { commandPermissions, type Role } from "@courier-station/core";
import { pointsAccountPermissions } from "@courier-station/points";
import {
  catalogueItemPermissions,
  catalogueRedemptionPermissions,
  sponsorPermissions,
  wishPermissions,
} from "@courier-station/wishes";

/**
 * How one endpoint of a service's contract is served over HTTP, under
 * `/v1/communities/{community}`: the method and path (`{name}` segments are fields of
 * the command's data or the query's parameters), and for a command that creates a
 * resource the path of what it created (answered 201 with `Location`).
 */
export interface HttpRoute {
  readonly contract: ServiceContract<Record<string, EndpointContract>>;
  readonly endpoint: EndpointContract;
  readonly method: "GET" | "POST";
  /** The path under the community, in OpenAPI form: `/couriers/{courierId}`. */
  readonly path: string;
  /** For a command that creates something: where it is, in the same form. */
  readonly created?: string;
}

/** A route's method and path, and what it creates: `"POST /stations -> /stations/{stationId}"`. */
type RouteLine = string;

/*
 * The resources of each service. Commands are POSTs (a command names an intent, so an
 * action on a resource is a sub-resource: `/couriers/{courierId}/verification`), queries
 * are GETs. An endpoint a service adds and this table does not name yet is still served,
 * at `/<service>/<endpoint-in-kebab-case>` (see `routesOf`).
 */
const registryRoutes: Readonly<Record<string, RouteLine>> = {
  GetCommunity: "GET ",
  UpdateCommunityDetails: "POST /details",
  GetCommunityPolicyVersions: "GET /policy-versions",
  PublishCommunityPolicy: "POST /policy-versions -> /policy-versions",
  OpenStation: "POST /stations -> /stations/{stationId}",
  ListStations: "GET /stations",
  GetStation: "GET /stations/{stationId}",
  UpdateStationDetails: "POST /stations/{stationId}/details",
  CloseStationTemporarily: "POST /stations/{stationId}/temporary-closure",
  ReopenStation: "POST /stations/{stationId}/reopening",
  RetireStation: "POST /stations/{stationId}/retirement",
  RegisterCourier: "POST /couriers -> /couriers/{courierId}",
  ListCouriers: "GET /couriers",
  ListVerificationQueue: "GET /verification-queue",
  GetCourier: "GET /couriers/{courierId}",
  GiveConsent: "POST /couriers/{courierId}/consent",
  WithdrawConsent: "POST /couriers/{courierId}/consent-withdrawal",
  VerifyCourier: "POST /couriers/{courierId}/verification",
  RejectCourier: "POST /couriers/{courierId}/rejection",
  SuspendCourier: "POST /couriers/{courierId}/suspension",
  ReinstateCourier: "POST /couriers/{courierId}/reinstatement",
  LeaveProgramme: "POST /couriers/{courierId}/leaving",
  UpdateCourierProfile: "POST /couriers/{courierId}/profile",
  CorrectPersonalData: "POST /couriers/{courierId}/personal-data",
  EraseCourierPersonalData: "POST /couriers/{courierId}/erasure",
  JoinVolunteerTeam: "POST /couriers/{courierId}/volunteer-team/joining",
  LeaveVolunteerTeam: "POST /couriers/{courierId}/volunteer-team/leaving",
  StartRosterImport: "POST /roster-imports -> /roster-imports/{importId}",
  UploadRosterImportPart: "POST /roster-imports/{importId}/parts",
  GetRosterImport: "GET /roster-imports/{importId}",
  ListRosterImportRows: "GET /roster-imports/{importId}/rows",
};

const activitiesRoutes: Readonly<Record<string, RouteLine>> = {
  PlanActivity: "POST /activities -> /activities/{activityId}",
  ListUpcomingActivities: "GET /activities",
  ListActivitiesOfMonth: "GET /activity-months/{year}/{month}",
  GetActivity: "GET /activities/{activityId}",
  UpdateActivityDetails: "POST /activities/{activityId}/details",
  PublishActivity: "POST /activities/{activityId}/publication",
  StartActivity: "POST /activities/{activityId}/start",
  RotateCheckInCode: "POST /activities/{activityId}/check-in-code",
  CancelActivity: "POST /activities/{activityId}/cancellation",
  CompleteActivity: "POST /activities/{activityId}/completion",
  ListActivityRoster: "GET /activities/{activityId}/roster",
  GetActivityFacts: "GET /activities/{activityId}/facts",
  SignUpForActivity: "POST /activities/{activityId}/sign-ups",
  CancelSignUp: "POST /activities/{activityId}/sign-ups/cancellation",
  CheckInToActivity: "POST /activities/{activityId}/check-ins",
  CheckOutOfActivity: "POST /activities/{activityId}/check-outs",
  RecordWalkIns: "POST /activities/{activityId}/walk-ins",
  ConfirmAttendance: "POST /activities/{activityId}/attendance",
  MarkNoShows: "POST /activities/{activityId}/no-shows",
  ListCourierActivities: "GET /couriers/{courierId}/activities",
  GetCourierVolunteerHours: "GET /couriers/{courierId}/volunteer-hours",
  PublishPatrolRoute: "POST /patrol-routes -> /patrol-routes/{routeId}",
  ListPatrolRoutes: "GET /patrol-routes",
  GetPatrolRoute: "GET /patrol-routes/{routeId}",
  RevisePatrolRoute: "POST /patrol-routes/{routeId}/revision",
  SuspendPatrolRoute: "POST /patrol-routes/{routeId}/suspension",
  ResumePatrolRoute: "POST /patrol-routes/{routeId}/resumption",
  RetirePatrolRoute: "POST /patrol-routes/{routeId}/retirement",
  CheckInAtCheckpoint: "POST /patrol-routes/{routeId}/checkpoint-check-ins",
  ListCourierPatrols: "GET /couriers/{courierId}/patrols",
};

const reportsRoutes: Readonly<Record<string, RouteLine>> = {
  SubmitReport: "POST /reports -> /reports/{reportId}",
  ListReports: "GET /reports",
  ListOverdueReports: "GET /reports-overdue",
  ListPublicReports: "GET /public-reports",
  ListOwnReports: "GET /own-reports",
  FindDuplicateHints: "GET /report-duplicate-hints",
  GetReport: "GET /reports/{reportId}",
  AcceptReport: "POST /reports/{reportId}/acceptance",
  RejectReport: "POST /reports/{reportId}/rejection",
  MarkReportDuplicate: "POST /reports/{reportId}/duplicate-of",
  StartReportWork: "POST /reports/{reportId}/work",
  AddReportStatusNote: "POST /reports/{reportId}/notes",
  ResolveReport: "POST /reports/{reportId}/resolution",
  AnswerResolutionCheck: "POST /reports/{reportId}/resolution-check",
  ConfirmReportResolution: "POST /reports/{reportId}/resolution-confirmation",
  ReopenReport: "POST /reports/{reportId}/reopening",
  HideReport: "POST /reports/{reportId}/hiding",
  UnhideReport: "POST /reports/{reportId}/unhiding",
  RedactReportPhoto: "POST /reports/{reportId}/photo-redactions",
  CorrectReportCategory: "POST /reports/{reportId}/category",
  CorrectReportLocation: "POST /reports/{reportId}/location",
  SubmitSuggestion: "POST /suggestions -> /suggestions/{suggestionId}",
  ListSuggestions: "GET /suggestions",
  ListPublicSuggestions: "GET /public-suggestions",
  ListOwnSuggestions: "GET /own-suggestions",
  ListOverdueSuggestions: "GET /suggestions-overdue",
  GetSuggestion: "GET /suggestions/{suggestionId}",
  SecondSuggestion: "POST /suggestions/{suggestionId}/seconds",
  WithdrawSuggestion: "POST /suggestions/{suggestionId}/withdrawal",
  AcknowledgeSuggestion: "POST /suggestions/{suggestionId}/acknowledgement",
  DraftSuggestionResponse: "POST /suggestions/{suggestionId}/response-draft",
  DiscardSuggestionResponseDraft: "POST /suggestions/{suggestionId}/response-draft/discarding",
  PublishSuggestionResponse: "POST /suggestions/{suggestionId}/response",
  AnswerSuggestion: "POST /suggestions/{suggestionId}/answer",
  AdoptSuggestion: "POST /suggestions/{suggestionId}/adoption",
  DeclineSuggestion: "POST /suggestions/{suggestionId}/declining",
  RecordSuggestionProgress: "POST /suggestions/{suggestionId}/progress",
  CompleteSuggestion: "POST /suggestions/{suggestionId}/completion",
  // Open311 has its own routes (/open311/v2); these are its bus queries.
  ListOpen311Services: "-",
  GetOpen311ServiceDefinition: "-",
  ListOpen311Requests: "-",
  GetOpen311Request: "-",
  GetOpen311PostResponse: "-",
};

const pointsRoutes: Readonly<Record<string, RouteLine>> = {
  AdjustPoints: "POST /points-adjustments",
  GetPointsBalance: "GET /couriers/{courierId}/points",
  GetPointsStatement: "GET /couriers/{courierId}/points-statements/{year}/{month}",
  ListOpenHolds: "GET /couriers/{courierId}/points-holds",
  GetLedgerTotals: "GET /points-ledger",
};

const wishesRoutes: Readonly<Record<string, RouteLine>> = {
  DraftWish: "POST /wishes -> /wishes/{wishId}",
  ListWishWall: "GET /wishes",
  GetWish: "GET /wishes/{wishId}",
  ReviseWish: "POST /wishes/{wishId}/revision",
  SubmitWish: "POST /wishes/{wishId}/submission",
  ApproveWish: "POST /wishes/{wishId}/approval",
  RejectWish: "POST /wishes/{wishId}/rejection",
  PublishWish: "POST /wishes/{wishId}/publication",
  ClaimWish: "POST /wishes/{wishId}/claim",
  ReleaseWishClaim: "POST /wishes/{wishId}/claim/release",
  FundWishFromDonations: "POST /wishes/{wishId}/donation-funding",
  RedeemWish: "POST /wishes/{wishId}/redemption",
  ConfirmWishFulfilled: "POST /wishes/{wishId}/fulfilment",
  ThankWishSponsor: "POST /wishes/{wishId}/thanks",
  CancelWish: "POST /wishes/{wishId}/cancellation",
  AgreeToShareContact: "POST /wishes/{wishId}/contact-sharing",
  LinkWishToActivity: "POST /wishes/{wishId}/activity",
  UnlinkWishFromActivity: "POST /wishes/{wishId}/activity/unlinking",
  RecordWishHandOvers: "POST /activities/{activityId}/wish-hand-overs",
  ListActivityWishes: "GET /activities/{activityId}/wishes",
  ListCourierWishes: "GET /couriers/{courierId}/wishes",
  ListModerationQueue: "GET /wish-moderation-queue",
  RegisterSponsor: "POST /sponsors -> /sponsors/{sponsorId}",
  ListSponsors: "GET /sponsors",
  GetSponsor: "GET /sponsors/{sponsorId}",
  ListSponsorClaims: "GET /sponsors/{sponsorId}/claims",
  UpdateSponsorProfile: "POST /sponsors/{sponsorId}/profile",
  DeactivateSponsor: "POST /sponsors/{sponsorId}/deactivation",
  ReactivateSponsor: "POST /sponsors/{sponsorId}/reactivation",
  EraseSponsorContact: "POST /sponsors/{sponsorId}/contact-erasure",
  ListCatalogueItem: "POST /catalogue -> /catalogue/{itemId}",
  ListCatalogue: "GET /catalogue",
  GetCatalogueItemStock: "GET /catalogue/{itemId}/stock",
  ReviseCatalogueItem: "POST /catalogue/{itemId}/revision",
  RestockCatalogueItem: "POST /catalogue/{itemId}/restocking",
  WriteOffCatalogueStock: "POST /catalogue/{itemId}/write-offs",
  WithdrawCatalogueItem: "POST /catalogue/{itemId}/withdrawal",
  RelistCatalogueItem: "POST /catalogue/{itemId}/relisting",
  RedeemCatalogueItem:
    "POST /catalogue/{itemId}/redemptions -> /catalogue-redemptions/{redemptionId}",
  GetCatalogueRedemption: "GET /catalogue-redemptions/{redemptionId}",
  HandOverCatalogueRedemption: "POST /catalogue-redemptions/{redemptionId}/hand-over",
  CancelCatalogueRedemption: "POST /catalogue-redemptions/{redemptionId}/cancellation",
  ListCourierCatalogueRedemptions: "GET /couriers/{courierId}/catalogue-redemptions",
};

const insightsRoutes: Readonly<Record<string, RouteLine>> = {
  GetFigures: "GET /statistics",
  GetRunningTotals: "GET /statistics/running-totals",
  GetMonthlyReport: "GET /monthly-reports/{year}/{month}",
  // Public: served without a token under /v1/public/communities/{community} (public-routes.ts).
  GetPublicFigures: "-",
};

const notificationsRoutes: Readonly<Record<string, RouteLine>> = {
  ListMyNotices: "GET /notices",
  MarkNoticeRead: "POST /notices/{noticeId}/reading",
  ChooseNoticeLanguage: "POST /notice-language",
  PostDistrictNotice: "POST /district-notices",
};

/**
 * Queries that answer a file (`{ fileName, mediaType, encoding, content }`): the gateway
 * sends the file itself, as a download.
 */
export const fileQueries: ReadonlySet<string> = new Set(["GetMonthlyReport"]);

/** The aggregate a single-resource view is read from, and the field of the view that holds its id. */
export interface VersionedView {
  readonly aggregate: string;
  readonly idField: string;
}

/**
 * Queries that answer one aggregate's view with its `version`: the gateway answers them
 * with the aggregate's entity tag (`ETag`, the form every command's answer carries, so it
 * can be sent back as `If-Match`) and answers `If-None-Match` with that tag 304.
 */
export const versionedViews: Readonly<Record<string, VersionedView>> = {
  GetCommunity: { aggregate: "community", idField: "communityId" },
  GetStation: { aggregate: "station", idField: "stationId" },
  GetCourier: { aggregate: "courier", idField: "courierId" },
  GetActivity: { aggregate: "activity", idField: "activityId" },
  GetPatrolRoute: { aggregate: "patrolRoute", idField: "routeId" },
  GetReport: { aggregate: "report", idField: "reportId" },
  GetSuggestion: { aggregate: "suggestion", idField: "suggestionId" },
  GetPointsBalance: { aggregate: "pointsAccount", idField: "account" },
  GetWish: { aggregate: "wish", idField: "wishId" },
  GetSponsor: { aggregate: "sponsor", idField: "sponsorId" },
  GetCatalogueItemStock: { aggregate: "catalogueItem", idField: "itemId" },
  GetCatalogueRedemption: { aggregate: "catalogueRedemption", idField: "redemptionId" },
};

/**
 * Commands whose command id is one of their data's fields (a points transfer is recorded
 * by one command, whose id is the transfer's): the gateway sends that field as the
 * command id, and an `Idempotency-Key` still guards the body.
 */
export const commandIdFields: Readonly<Record<string, string>> = {
  AdjustPoints: "transferId",
};

/** The services the gateway serves, with the route lines of their endpoints. */
export interface ServedContract {
  readonly contract: ServiceContract<Record<string, EndpointContract>>;
  readonly routes: Readonly<Record<string, RouteLine>>;
}

/** The contracts the gateway serves today, each with its resources. */
export const servedContracts: ReadonlyArray<ServedContract> = [
  { contract: registryContract, routes: registryRoutes },
  { contract: activitiesContract, routes: activitiesRoutes },
  { contract: reportsContract, routes: reportsRoutes },
  { contract: pointsContract, routes: pointsRoutes },
  { contract: wishesContract, routes: wishesRoutes },
  { contract: insightsContract, routes: insightsRoutes },
  { contract: notificationsContract, routes: notificationsRoutes },
];

/**
 * The roles that may send each command, from the packages' permission tables: the
 * gateway refuses a role before the bus is asked. A command in no table (a service's
 * own, such as a roster import) is left to its service.
 */
export const gatewayCommandPermissions: Readonly<Record<string, ReadonlyArray<Role>>> = {
  ...commandPermissions,
  ...pointsAccountPermissions,
  ...wishPermissions,
  ...sponsorPermissions,
  ...catalogueItemPermissions,
  ...catalogueRedemptionPermissions,
};

/** An endpoint's name as a path segment (`GetPublicFigures` → `get-public-figures`). */
export const kebab = (name: string): string =>
  name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z])([A-Z][a-z])/g, "$1-$2")
    .toLowerCase();

/** Whether only the `system` (the services' own flows) may use an endpoint: not served over HTTP. */
export const isSystemOnly = (endpoint: EndpointContract): boolean => {
  const roles =
    endpoint.kind === "query" ? endpoint.roles : gatewayCommandPermissions[endpoint.name];
  return roles?.every((role) => role === "system") === true;
};

/**
 * The HTTP routes of served contracts: the table's line for each endpoint, or for one it
 * does not name a route generated from the contract (`POST` or `GET`
 * `/<service>/<endpoint-in-kebab-case>`); endpoints only the system may use, and those
 * marked `-`, are left out.
 *
 * @example
 * routesOf([{ contract: registryContract, routes: {} }]).find((r) => r.endpoint.name === "VerifyCourier")?.path;
 * // "/registry/verify-courier"
 */
export const routesOf = (served: ReadonlyArray<ServedContract>): ReadonlyArray<HttpRoute> =>
  served.flatMap(({ contract, routes }) =>
    Object.values(contract.endpoints).flatMap((endpoint): HttpRoute[] => {
      const line = Object.hasOwn(routes, endpoint.name) ? routes[endpoint.name] : undefined;
      if (line === "-" || isSystemOnly(endpoint)) return [];
      if (line === undefined) {
        return [
          {
            contract,
            endpoint,
            method: endpoint.kind === "command" ? "POST" : "GET",
            path: `/${contract.service}/${kebab(endpoint.name)}`,
          },
        ];
      }
      const [route, created] = line.split(" -> ");
      const [method, path] = (route ?? "").split(" ");
      return [
        {
          contract,
          endpoint,
          method: method === "GET" ? "GET" : "POST",
          path: path ?? "",
          ...(created === undefined ? {} : { created }),
        },
      ];
    }),
  );

/** The names in a path's `{name}` segments. */
export const pathParameterNames = (path: string): ReadonlyArray<string> =>
  [...path.matchAll(/\{([A-Za-z][A-Za-z0-9]*)\}/g)].map((match) => match[1] ?? "");

/** An OpenAPI path (`/couriers/{courierId}`) in express's form (`/couriers/:courierId`). */
export const expressPath = (path: string): string => path.replace(/\{([^}]+)\}/g, ":$1");
