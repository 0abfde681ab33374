import {
  ActivityId,
  Amenities,
  BilingualName,
  bilingual,
  CloseStationTemporarily,
  CommunityId,
  CommunityPolicy,
  Consent,
  CorrectPersonalData,
  CourierFacts,
  CourierId,
  CourierStatus,
  Employment,
  EraseCourierPersonalData,
  ErasedPersonalData,
  GeoPoint,
  GiveConsent,
  Instant,
  identifierPattern,
  JoinVolunteerTeam,
  LeaveProgramme,
  LeaveVolunteerTeam,
  LocalizedText,
  MobileNumber,
  OpeningHours,
  OpenStation,
  Platform,
  PolicyVersion,
  PublishCommunityPolicy,
  RecordedPersonalData,
  RecordNoShow,
  RegisterCommunity,
  RegisterCourier,
  ReinstateCourier,
  RejectCourier,
  ReopenStation,
  RetireStation,
  SealedPersonalData,
  StationAddress,
  StationId,
  SuspendCourier,
  UpdateCommunityDetails,
  UpdateCourierProfile,
  UpdateStationDetails,
  VerifyCourier,
  WithdrawConsent,
  WorkArea,
} from "@courier-station/core";
import { z } from "zod";
import {
  commandContract,
  defineContract,
  listQueryContract,
  publicListQueryContract,
  publicQueryContract,
  queryContract,
} from "./contract.js";
import { versionShape } from "./replies.js";

/**
 * A version of a community's policy as the registry serves it: its name, from when it is
 * in force, who published it and when, and its document (absent for a version named only
 * at registration, whose document the deployment's configuration holds).
 */
export const CommunityPolicyVersionView = z.strictObject({
  policyVersion: PolicyVersion,
  effectiveFrom: Instant,
  publishedAt: Instant,
  publishedBy: z.string(),
  policy: CommunityPolicy.optional(),
});
/** A version of a community's policy as the registry serves it. */
export type CommunityPolicyVersionView = z.infer<typeof CommunityPolicyVersionView>;

/**
 * The registry's endpoints that the other services read to decide: the community's
 * policy versions and the facts about couriers. The registry's full contract (its
 * commands and the rest of its queries) extends this one.
 */
export const registryFactsEndpoints = {
  GetCommunityPolicyVersions: queryContract({
    name: "GetCommunityPolicyVersions",
    description:
      "Every version of the community's policy, in the order they take effect (none before the community is registered), and the policy in force now with its document — also when the version in force is the one the deployment's configuration holds, whose document the versions leave out. The policy is the programme's published rules — report categories, suggestion topics, points and caps, the consent version — so everyone in the community may read it: a courier's pages show its categories and send its consent version.",
    roles: ["system", "staff", "auditor", "courier", "handler", "sponsor"],
    parameters: {},
    output: z.strictObject({
      versions: z.array(CommunityPolicyVersionView),
      /** The policy in force at the time of the answer; absent before the community is registered. */
      inForce: z
        .strictObject({ policyVersion: PolicyVersion.optional(), policy: CommunityPolicy })
        .optional(),
    }),
  }),
  GetCourierFacts: queryContract({
    name: "GetCourierFacts",
    description:
      "What other aggregates may know about couriers when they decide (status, volunteer team, sign-up pause, station, consent); no personal data. Unknown couriers are left out.",
    roles: ["system"],
    parameters: { courierIds: z.array(CourierId).min(1).max(200) },
    output: z.strictObject({ couriers: z.array(CourierFacts) }),
  }),
  FindCourierByMobileNumber: queryContract({
    name: "FindCourierByMobileNumber",
    description:
      "The id of the courier of the community registered with a mobile number, or null: how the gateway gives a courier that staff registered before their first sign-in their own record when they sign in with that number. System only, and it answers nothing but the id.",
    roles: ["system"],
    parameters: { mobileNumber: MobileNumber },
    output: z.strictObject({ courierId: CourierId.nullable() }),
  }),
} as const;

/** The part of the registry's contract the other services call. */
export const registryFactsContract = defineContract({
  service: "registry",
  description: "Communities and their policy versions, stations, couriers and the volunteer team.",
  endpoints: registryFactsEndpoints,
});

/** The statuses of a station (服务站 / 驿站). */
export const StationStatusSchema = z.enum(["open", "temporarily-closed", "retired"]);

/**
 * A station as everyone may see it (maps, the mini-programme): its names, address,
 * location, opening hours, amenities and public contact number, whether it is open at
 * the time of the answer (`openNow`, in the community's time zone) and the notice while
 * temporarily closed. No staff and no history.
 */
export const StationView = z.strictObject({
  stationId: StationId,
  name: BilingualName,
  address: StationAddress,
  location: GeoPoint,
  openingHours: OpeningHours,
  amenities: Amenities,
  contactPhone: z.string().optional(),
  status: StationStatusSchema,
  openNow: z.boolean(),
  closure: z
    .strictObject({
      reason: z.string(),
      since: Instant,
      expectedReopeningAt: Instant.optional(),
    })
    .optional(),
  openedAt: Instant,
  retiredAt: Instant.optional(),
});
/** A station as everyone may see it. */
export type StationView = z.infer<typeof StationView>;

/** A community (居民区 / 社区) as its members see it: names, district and policy versions. */
export const CommunityView = z.strictObject({
  communityId: CommunityId,
  name: BilingualName,
  district: BilingualName,
  registeredAt: Instant,
  /** The version of the policy in force at the time of the answer, if any. */
  policyVersionInForce: PolicyVersion.optional(),
  /** Every version, in the order they take effect (documents left out: see GetCommunityPolicyVersions). */
  policyVersions: z.array(
    z.strictObject({ policyVersion: PolicyVersion, effectiveFrom: Instant, publishedAt: Instant }),
  ),
});
/** A community as its members see it. */
export type CommunityView = z.infer<typeof CommunityView>;

const CourierPersonalDataView = z.discriminatedUnion("kind", [
  RecordedPersonalData,
  ErasedPersonalData,
  SealedPersonalData,
]);

const courierProfileShape = {
  courierId: CourierId,
  status: CourierStatus,
  nickname: z.string(),
  platforms: z.array(Platform),
  volunteerTeamMember: z.boolean(),
  verifiedAt: Instant.optional(),
};

/**
 * The staff view of a courier (staff and auditors of the community): everything,
 * personal data opened (or the pseudonym after erasure, or still sealed when the
 * deployment does not hold its key), with the whole history; not the number's key.
 */
export const CourierStaffViewSchema = z.strictObject({
  view: z.literal("staff"),
  ...courierProfileShape,
  community: CommunityId,
  employment: Employment,
  workArea: WorkArea.optional(),
  partyMember: z.boolean(),
  stationId: StationId.optional(),
  personal: CourierPersonalDataView,
  consent: Consent.optional(),
  consentWithdrawnAt: Instant.optional(),
  noShows: z.strictObject({
    count: z.number().int().nonnegative(),
    activityIds: z.array(ActivityId),
    signUpsPausedUntil: Instant.optional(),
  }),
  registeredAt: Instant,
  erasedAt: Instant.optional(),
  history: z.array(
    z.strictObject({
      status: CourierStatus,
      at: Instant,
      by: z.string(),
      reason: z.string().optional(),
    }),
  ),
});

/** The courier's own view (`courierOwnView`): their record, without staff ids or the number's key. */
export const CourierOwnViewSchema = z.strictObject({
  view: z.literal("own"),
  ...courierProfileShape,
  community: CommunityId,
  employment: Employment,
  workArea: WorkArea.optional(),
  partyMember: z.boolean(),
  stationId: StationId.optional(),
  personal: CourierPersonalDataView,
  consent: Consent.optional(),
  consentWithdrawnAt: Instant.optional(),
  noShowCount: z.number().int().nonnegative(),
  signUpsPausedUntil: Instant.optional(),
  registeredAt: Instant,
  erasedAt: Instant.optional(),
  history: z.array(
    z.strictObject({ status: CourierStatus, at: Instant, reason: z.string().optional() }),
  ),
});

/** A sponsor's view (`courierSponsorView`): the public view, employment and the work area's description. */
export const CourierSponsorViewSchema = z.strictObject({
  view: z.literal("sponsor"),
  ...courierProfileShape,
  employment: Employment,
  workArea: z.string().optional(),
});

/** The public view (`courierPublicView`): nickname, status, platforms, team membership. */
export const CourierPublicViewSchema = z.strictObject({
  view: z.literal("public"),
  ...courierProfileShape,
});

/**
 * One courier as the asking actor may see them, named by `view`: `staff` (staff and
 * auditors), `own` (the courier themselves), `sponsor` (圆梦人) or `public` (handlers).
 * No personal data outside `staff` and `own`. With the courier's `version`, answered as
 * the `ETag`.
 */
export const CourierView = z.discriminatedUnion("view", [
  CourierStaffViewSchema.extend(versionShape),
  CourierOwnViewSchema.extend(versionShape),
  CourierSponsorViewSchema.extend(versionShape),
  CourierPublicViewSchema.extend(versionShape),
]);
/** One courier as the asking actor may see them. */
export type CourierView = z.infer<typeof CourierView>;

/**
 * A courier in a staff list (the couriers, the verification queue): the profile, consent
 * and no-show figures, and the real name and masked number opened for staff (absent
 * when erased or unreadable).
 */
export const CourierListItem = z.strictObject({
  ...courierProfileShape,
  employment: Employment,
  stationId: StationId.optional(),
  partyMember: z.boolean(),
  consentPolicyVersion: z.string().optional(),
  consentWithdrawnAt: Instant.optional(),
  noShowCount: z.number().int().nonnegative(),
  signUpsPausedUntil: Instant.optional(),
  registeredAt: Instant,
  erased: z.boolean(),
  realName: z.string().optional(),
  maskedMobileNumber: z.string().optional(),
});
/** A courier in a staff list. */
export type CourierListItem = z.infer<typeof CourierListItem>;

/** The id of a roster import, chosen by the caller (letters, digits, `_`, `-`; at most 64). */
export const RosterImportId = z
  .string()
  .regex(
    identifierPattern,
    bilingual(
      "导入编号须为 1 至 64 位字母、数字、“_”或“-”",
      "an import id is 1 to 64 letters, digits, '_' or '-'",
    ),
  );

/** Whose roster a file is: a platform's (its couriers) or a station's (those who check in there). */
export const RosterSource = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("platform"), platform: Platform }),
  z.strictObject({ kind: z.literal("station"), stationId: StationId }),
]);
/** Whose roster a file is. */
export type RosterSource = z.infer<typeof RosterSource>;

/** The longest piece of base64 one string of a roster file may hold (under the bus's longest string). */
export const rosterContentPieceLength = 16_000;
/** How many pieces of base64 one request may carry (about 84 KiB of file, under the 128 KiB payload). */
export const rosterContentPiecesPerRequest = 7;
/** How many parts a roster file may be sent in (about 2.6 MiB of file). */
export const rosterFileMaxParts = 32;

/**
 * A piece of a roster file: its bytes in base64 (RFC 4648, `+/` or `-_`), cut into
 * strings of at most 16,000 characters that are joined in order before decoding.
 */
export const RosterFileContent = z
  .array(
    z
      .string()
      .min(1)
      .max(rosterContentPieceLength)
      .regex(
        /^[A-Za-z0-9+/_-]+={0,2}$/,
        bilingual("文件内容须为 base64 编码", "the file's content must be base64"),
      ),
  )
  .min(1)
  .max(rosterContentPiecesPerRequest);

/**
 * Staff send one part of a roster file too large for one request (parts numbered from 1,
 * each up to seven pieces of base64); `StartRosterImport` with `file: { kind: "parts" }`
 * then joins them. Sending a part again replaces it until the import starts.
 */
export const UploadRosterImportPart = z.strictObject({
  type: z.literal("UploadRosterImportPart"),
  data: z.strictObject({
    importId: RosterImportId,
    part: z.number().int().min(1).max(rosterFileMaxParts),
    content: RosterFileContent,
  }),
});
/** Staff send one part of a roster file. */
export type UploadRosterImportPart = z.infer<typeof UploadRosterImportPart>;

/**
 * Staff import a platform's or a station's roster from a CSV (UTF-8) or .xlsx file: the
 * file is read at once (a file it cannot read, or whose columns are wrong, is refused and
 * nothing is imported); its rows are then registered in the background, one
 * `RegisterCourier` each with an id derived from the row, so importing the same file
 * again changes nothing. `GetRosterImport` shows the progress, `ListRosterImportRows`
 * what each row became.
 */
export const StartRosterImport = z.strictObject({
  type: z.literal("StartRosterImport"),
  data: z.strictObject({
    importId: RosterImportId,
    roster: RosterSource,
    format: z.enum(["csv", "xlsx"]),
    fileName: z.string().min(1).max(200).optional(),
    file: z.discriminatedUnion("kind", [
      z.strictObject({ kind: z.literal("inline"), content: RosterFileContent }),
      z.strictObject({
        kind: z.literal("parts"),
        parts: z.number().int().min(1).max(rosterFileMaxParts),
      }),
    ]),
  }),
});
/** Staff import a roster. */
export type StartRosterImport = z.infer<typeof StartRosterImport>;

/** What became of a row of a roster file. */
export const RosterRowOutcome = z.enum(["pending", "registered", "unchanged", "refused"]);
/** What became of a row of a roster file. */
export type RosterRowOutcome = z.infer<typeof RosterRowOutcome>;

/** A roster import and its progress. */
export const RosterImportView = z.strictObject({
  importId: RosterImportId,
  roster: RosterSource,
  format: z.enum(["csv", "xlsx"]),
  fileName: z.string().optional(),
  status: z.enum(["running", "completed"]),
  rowsTotal: z.number().int().nonnegative(),
  /** Rows handled so far: registered, unchanged or refused. */
  rowsDone: z.number().int().nonnegative(),
  rowsRegistered: z.number().int().nonnegative(),
  /** Rows imported before (the same file again): nothing changed. */
  rowsUnchanged: z.number().int().nonnegative(),
  rowsRefused: z.number().int().nonnegative(),
  startedBy: z.string(),
  startedAt: Instant,
  finishedAt: Instant.optional(),
});
/** A roster import and its progress. */
export type RosterImportView = z.infer<typeof RosterImportView>;

/**
 * What a row of a roster file became: its number in the file (the header is row 1), the
 * courier it registers, and for a refusal the domain code and message in both languages,
 * with the fields at fault for a row the schema refused. No personal data.
 */
export const RosterImportRowView = z.strictObject({
  rowNumber: z.number().int().min(2),
  courierId: CourierId.optional(),
  outcome: RosterRowOutcome,
  refusal: z
    .strictObject({
      code: z.string(),
      message: LocalizedText,
      fields: z.array(z.strictObject({ field: z.string(), message: LocalizedText })).optional(),
    })
    .optional(),
});
/** What a row of a roster file became. */
export type RosterImportRowView = z.infer<typeof RosterImportRowView>;

const everyone = ["courier", "staff", "sponsor", "handler", "auditor", "system"] as const;

/**
 * The registry's bus contract: every command of communities, stations and couriers
 * (`cs.<community>.registry.<Command>`), the roster import, and the queries — among
 * them the facts endpoints the other services decide with.
 */
export const registryContract = defineContract({
  service: "registry",
  description:
    "Communities and their policy versions, stations, couriers and the volunteer team, and roster imports.",
  endpoints: {
    RegisterCommunity: commandContract(
      RegisterCommunity,
      "The deployment registers a community (居民区 / 社区) with the policy version it starts with.",
    ),
    UpdateCommunityDetails: commandContract(
      UpdateCommunityDetails,
      "Staff change the community's name or district.",
    ),
    PublishCommunityPolicy: commandContract(
      PublishCommunityPolicy,
      "Staff publish a new version of the community's policy, validated by parsePolicy (every problem at once), to take effect at a stated time.",
    ),
    OpenStation: commandContract(OpenStation, "Staff open a station (服务站 / 驿站)."),
    UpdateStationDetails: commandContract(
      UpdateStationDetails,
      "Staff change a station's names, address, location, opening hours, amenities or contact number.",
    ),
    CloseStationTemporarily: commandContract(
      CloseStationTemporarily,
      "Staff close a station for a while, with a notice.",
    ),
    ReopenStation: commandContract(ReopenStation, "Staff reopen a temporarily closed station."),
    RetireStation: commandContract(RetireStation, "Staff retire a station for good."),
    RegisterCourier: commandContract(
      RegisterCourier,
      "A courier checks in with the community (小哥报到), or staff register them; one registration per mobile number.",
    ),
    GiveConsent: commandContract(GiveConsent, "A courier consents to the data-processing notice."),
    WithdrawConsent: commandContract(
      WithdrawConsent,
      "A courier withdraws their consent; they are no longer processed, and erased after the policy's grace period when it sets one.",
    ),
    VerifyCourier: commandContract(VerifyCourier, "Staff verify a registered courier."),
    RejectCourier: commandContract(RejectCourier, "Staff reject a registration."),
    SuspendCourier: commandContract(SuspendCourier, "Staff suspend an active courier."),
    ReinstateCourier: commandContract(ReinstateCourier, "Staff reinstate a suspended courier."),
    LeaveProgramme: commandContract(LeaveProgramme, "A courier leaves the programme."),
    UpdateCourierProfile: commandContract(
      UpdateCourierProfile,
      "A courier or staff change the public profile.",
    ),
    CorrectPersonalData: commandContract(
      CorrectPersonalData,
      "A courier or staff correct the real name or the mobile number.",
    ),
    EraseCourierPersonalData: commandContract(
      EraseCourierPersonalData,
      "Erase a courier's personal data (个人信息删除): their events and receipts are rewritten, their number freed, and every service told by CourierPersonalDataErased.",
    ),
    JoinVolunteerTeam: commandContract(
      JoinVolunteerTeam,
      "An active courier joins the volunteer team (e哥志愿服务队).",
    ),
    LeaveVolunteerTeam: commandContract(LeaveVolunteerTeam, "A courier leaves the volunteer team."),
    RecordNoShow: commandContract(
      RecordNoShow,
      "The system records a no-show an activity marked (sign-ups pause at the policy's limit).",
    ),
    UploadRosterImportPart: commandContract(
      UploadRosterImportPart,
      "Staff send one part of a roster file too large for one request.",
    ),
    StartRosterImport: commandContract(
      StartRosterImport,
      "Staff import a platform's or a station's roster (CSV or .xlsx); rows are registered in the background.",
    ),
    ...registryFactsEndpoints,
    GetCommunity: queryContract({
      name: "GetCommunity",
      description: "The community: its names, district and policy versions.",
      roles: everyone,
      parameters: {},
      output: CommunityView.extend(versionShape),
    }),
    GetCourier: queryContract({
      name: "GetCourier",
      description:
        "One courier as the actor may see them: staff and auditors everything with the personal data, the courier their own record, a sponsor the sponsor view, a handler the public view. A courier asking about another is refused.",
      roles: ["courier", "staff", "auditor", "sponsor", "handler"],
      parameters: { courierId: CourierId },
      output: CourierView,
    }),
    ListCouriers: listQueryContract({
      name: "ListCouriers",
      description:
        "The community's couriers, newest registration first, by status, platform, station or team membership.",
      roles: ["staff", "auditor"],
      parameters: {
        status: CourierStatus.optional(),
        platform: Platform.optional(),
        stationId: StationId.optional(),
        volunteerTeamMember: z.boolean().optional(),
      },
      item: CourierListItem,
    }),
    ListVerificationQueue: listQueryContract({
      name: "ListVerificationQueue",
      description: "Couriers waiting for verification, oldest registration first.",
      roles: ["staff", "auditor"],
      parameters: { stationId: StationId.optional() },
      item: CourierListItem,
    }),
    GetStation: publicQueryContract({
      name: "GetStation",
      description:
        "One station with its amenities, opening hours and whether it is open now. Public: anyone may read it without signing in.",
      parameters: { stationId: StationId },
      output: StationView.extend(versionShape),
    }),
    ListStations: publicListQueryContract({
      name: "ListStations",
      description:
        "The community's stations by id, with amenities, opening hours and whether each is open now. Public: anyone may read it without signing in.",
      parameters: { status: StationStatusSchema.optional() },
      item: StationView,
    }),
    GetRosterImport: queryContract({
      name: "GetRosterImport",
      description: "A roster import and its progress (rows total, done, refused).",
      roles: ["staff", "auditor"],
      parameters: { importId: RosterImportId },
      output: RosterImportView,
    }),
    ListRosterImportRows: listQueryContract({
      name: "ListRosterImportRows",
      description:
        "What each row of a roster import became, in file order; refusals with their code and both languages.",
      roles: ["staff", "auditor"],
      parameters: { importId: RosterImportId, outcome: RosterRowOutcome.optional() },
      item: RosterImportRowView,
    }),
  },
});
