import {
  ActivityId,
  CatalogueItemId,
  CourierId,
  Instant,
  LocalizedText,
  RedemptionId,
  SponsorId,
  StationId,
  WishId,
} from "@courier-station/core";
import {
  AgreeToShareContact,
  ApproveWish,
  CancelCatalogueRedemption,
  CancelWish,
  CatalogueDonor,
  CatalogueRedemptionStatus,
  ClaimWish,
  CompleteCatalogueReservation,
  ConfirmCatalogueRedemptionHold,
  ConfirmWishFulfilled,
  ConfirmWishHold,
  DeactivateSponsor,
  DraftWish,
  EraseSponsorContact,
  EraseWishCourierText,
  ExpireCatalogueRedemption,
  ExpireWish,
  Funder,
  FundWishFromDonations,
  HandOverCatalogueRedemption,
  HoldPosting,
  LinkWishToActivity,
  ListCatalogueItem,
  OpenCatalogueRedemption,
  PointsHold,
  PublishWish,
  ReactivateSponsor,
  RecordCatalogueRedemptionFailed,
  RecordSponsoredWish,
  RecordSponsorThanks,
  RecordWishHandOvers,
  RecordWishRedemptionFailed,
  RedeemCatalogueItem,
  RedeemWish,
  RegisterSponsor,
  RejectWish,
  ReleaseCatalogueReservation,
  ReleaseWishClaim,
  RelistCatalogueItem,
  RestockCatalogueItem,
  ReviseCatalogueItem,
  ReviseWish,
  Shop,
  SponsorKind,
  SponsorMember,
  SponsorStatus,
  StepActor,
  SubmitWish,
  ThankWishSponsor,
  UnlinkWishFromActivity,
  UpdateSponsorProfile,
  WishCategory,
  WishFunding,
  WishStatus,
  WithdrawCatalogueItem,
  WriteOffCatalogueStock,
} from "@courier-station/wishes";
import { z } from "zod";
import { commandContract, defineContract, listQueryContract, queryContract } from "./contract.js";
import { versionShape } from "./replies.js";

const everyone = ["courier", "staff", "sponsor", "handler", "auditor", "system"] as const;
const staffSide = ["staff", "auditor", "system"] as const;

const count = z.number().int().nonnegative();
const fen = z.number().int().positive();

/**
 * A wish as the wall (心愿墙) shows it to everyone: the wishes package's `wishPublicView`
 * — what is wished, its value and funding, its status and station. Never the courier's
 * id, name or phone number; free text masked of contact details.
 */
export const WishPublicViewSchema = z.strictObject({
  wishId: WishId,
  title: z.string(),
  description: z.string(),
  category: WishCategory,
  categoryName: LocalizedText,
  estimatedValueFen: fen,
  fundingMode: z.enum(["sponsor", "points", "either", "both"]),
  sponsorShareFen: fen.optional(),
  pointsShareFen: fen.optional(),
  status: WishStatus,
  statusName: LocalizedText,
  openToSponsors: z.boolean(),
  stationId: StationId,
  photo: z.string().optional(),
  publishedAt: Instant.optional(),
  expiresAt: Instant.optional(),
  fundedBy: z.enum(["sponsor", "community", "points"]).optional(),
  fulfilledAt: Instant.optional(),
  thanks: z.string().optional(),
});
/** A wish on the wall. */
export type WishPublicViewSchema = z.infer<typeof WishPublicViewSchema>;

/**
 * What a sponsor sees of a wish (`wishSponsorView`): the public view and, for the sponsor
 * who pledged it, their pledge, how contact goes and the courier's thanks to them.
 */
export const WishSponsorViewSchema = WishPublicViewSchema.extend({
  pledge: z.strictObject({ shareFen: fen, pledgedAt: Instant, dueAt: Instant }).optional(),
  contact: z.enum(["through-station", "shared"]).optional(),
  contactConsent: z.strictObject({ sponsor: z.boolean(), courier: z.boolean() }).optional(),
  thanksToYou: z.string().optional(),
});
/** A wish as a sponsor sees it. */
export type WishSponsorViewSchema = z.infer<typeof WishSponsorViewSchema>;

const WishPledgeSchema = z.strictObject({
  funder: Funder,
  shareFen: fen,
  pledgedAt: Instant,
  dueAt: Instant,
  note: z.string().optional(),
});

const WishRedemptionSchema = z.strictObject({
  hold: PointsHold,
  attempt: z.number().int().positive(),
  shareFen: fen,
  redeemedAt: Instant,
  confirmedAt: Instant.optional(),
});

/**
 * What staff see of a wish (`wishStaffView`), and the courier of their own: all of it —
 * the courier's id, pledges, holds and history — with the points price at the policy's
 * current rate. Never a real name or phone number: the wish does not hold them.
 */
export const WishStaffViewSchema = z.strictObject({
  status: WishStatus,
  statusName: LocalizedText,
  wishId: WishId,
  courierId: CourierId,
  stationId: StationId,
  activityId: ActivityId.optional(),
  title: z.string(),
  description: z.string(),
  category: WishCategory,
  estimatedValueFen: fen,
  funding: WishFunding,
  photo: z.string().optional(),
  draftedAt: Instant,
  submittedAt: Instant.optional(),
  approvedAt: Instant.optional(),
  publishedAt: Instant.optional(),
  expiresAt: Instant.optional(),
  fundedAt: Instant.optional(),
  dueAt: Instant.optional(),
  pledge: WishPledgeSchema.optional(),
  redemption: WishRedemptionSchema.optional(),
  redemptionAttempts: count,
  releases: count,
  contact: z.strictObject({ courier: z.boolean(), sponsor: z.boolean(), shared: z.boolean() }),
  rejection: z.strictObject({ reason: z.string(), rejectedAt: Instant, by: StepActor }).optional(),
  cancellation: z.strictObject({ cancelledAt: Instant, reason: z.string().optional() }).optional(),
  expiredAt: Instant.optional(),
  fulfilment: z
    .strictObject({
      fulfilledAt: Instant,
      by: StepActor,
      funder: Funder.optional(),
      postedHold: HoldPosting.optional(),
      note: z.string().optional(),
      activityId: ActivityId.optional(),
    })
    .optional(),
  thanks: z
    .strictObject({ thankedAt: Instant, public: z.boolean(), note: z.string().optional() })
    .optional(),
  courierTextErasedAt: Instant.optional(),
  updatedAt: Instant,
  history: z.array(
    z.strictObject({
      type: z.string(),
      at: Instant,
      by: StepActor.optional(),
      note: z.string().optional(),
    }),
  ),
  pointsPrice: z.number().int().positive().optional(),
});
/** A wish as staff (or its own courier) see it. */
export type WishStaffViewSchema = z.infer<typeof WishStaffViewSchema>;

/**
 * One wish as the asking actor may see it: `staff` for staff, auditors, the system and the
 * wish's own courier; `sponsor` for a sponsor; `public` for anyone else, and only while it
 * is on the wall.
 */
export const WishView = z.discriminatedUnion("view", [
  WishStaffViewSchema.extend({ view: z.literal("staff"), ...versionShape }),
  WishSponsorViewSchema.extend({ view: z.literal("sponsor"), ...versionShape }),
  WishPublicViewSchema.extend({ view: z.literal("public"), ...versionShape }),
]);
/** One wish as the asking actor may see it. */
export type WishView = z.infer<typeof WishView>;

/**
 * A wish in a list for its courier or for staff (the courier's own wishes, the moderation
 * queue, the wishes of a wish-lighting event): the staff view's figures without the
 * history.
 */
export const WishListItem = z.strictObject({
  wishId: WishId,
  courierId: CourierId,
  stationId: StationId,
  activityId: ActivityId.optional(),
  title: z.string(),
  description: z.string(),
  category: WishCategory,
  categoryName: LocalizedText,
  estimatedValueFen: fen,
  funding: WishFunding,
  status: WishStatus,
  statusName: LocalizedText,
  draftedAt: Instant,
  submittedAt: Instant.optional(),
  publishedAt: Instant.optional(),
  expiresAt: Instant.optional(),
  dueAt: Instant.optional(),
  /** Whether a sponsor or the community pledged its sponsor part. */
  pledged: z.boolean(),
  /** Whether the courier redeemed its points part, and whether the ledger confirmed the hold. */
  redeemed: z.boolean(),
  holdConfirmed: z.boolean(),
  rejectionReason: z.string().optional(),
  pointsPrice: z.number().int().positive().optional(),
  updatedAt: Instant,
});
/** A wish in a list for its courier or for staff. */
export type WishListItem = z.infer<typeof WishListItem>;

/**
 * A sponsor (圆梦人) as everyone sees them (`sponsorPublicView`): name, kind, shop, what
 * they fulfilled and their thank-you wall; never their contact details.
 */
export const SponsorPublicViewSchema = z.strictObject({
  sponsorId: SponsorId,
  kind: SponsorKind,
  kindName: LocalizedText,
  displayName: z.string(),
  shop: Shop.optional(),
  members: z.array(SponsorMember),
  active: z.boolean(),
  fulfilledCount: count,
  fulfilledValueFen: count,
  fulfilled: z.array(
    z.strictObject({
      wishId: WishId,
      title: z.string(),
      category: WishCategory,
      fulfilledAt: Instant,
    }),
  ),
  thanksWall: z.array(z.strictObject({ wishId: WishId, note: z.string(), thankedAt: Instant })),
});
/** A sponsor as everyone sees them. */
export type SponsorPublicViewSchema = z.infer<typeof SponsorPublicViewSchema>;

/** A sponsor as staff see them (`sponsorStaffView`): all of it, contact details included. */
export const SponsorStaffViewSchema = z.strictObject({
  status: SponsorStatus,
  sponsorId: SponsorId,
  kind: SponsorKind,
  kindName: LocalizedText,
  displayName: z.string(),
  shop: Shop.optional(),
  members: z.array(SponsorMember),
  contact: z.strictObject({ name: z.string(), phone: z.string() }).optional(),
  thanksWall: z.boolean(),
  registeredAt: Instant,
  deactivation: z.strictObject({ reason: z.string(), deactivatedAt: Instant }).optional(),
  contactErasedAt: Instant.optional(),
  fulfilled: z.array(
    z.strictObject({
      wishId: WishId,
      title: z.string(),
      category: WishCategory,
      shareFen: fen,
      fulfilledAt: Instant,
    }),
  ),
  thanks: z.array(
    z.strictObject({
      wishId: WishId,
      note: z.string().optional(),
      public: z.boolean(),
      thankedAt: Instant,
    }),
  ),
  updatedAt: Instant,
});
/** A sponsor as staff see them. */
export type SponsorStaffViewSchema = z.infer<typeof SponsorStaffViewSchema>;

/** One sponsor as the asking actor may see them: staff (and the sponsor themselves) all, others the public view. */
export const SponsorView = z.discriminatedUnion("view", [
  SponsorStaffViewSchema.extend({ view: z.literal("staff"), ...versionShape }),
  SponsorPublicViewSchema.extend({ view: z.literal("public"), ...versionShape }),
]);
/** One sponsor as the asking actor may see them. */
export type SponsorView = z.infer<typeof SponsorView>;

/**
 * An item of the reward catalogue (积分商品) as everyone sees it
 * (`catalogueItemPublicView`): its price, the units left and who donated it; never who
 * redeemed it.
 */
export const CatalogueItemPublicViewSchema = z.strictObject({
  itemId: CatalogueItemId,
  title: z.string(),
  description: z.string(),
  pointsPrice: z.number().int().positive(),
  stock: count,
  available: z.boolean(),
  stationId: StationId,
  donor: CatalogueDonor,
  photo: z.string().optional(),
  limitPerCourier: z.number().int().positive().optional(),
});
/** A catalogue item as everyone sees it. */
export type CatalogueItemPublicViewSchema = z.infer<typeof CatalogueItemPublicViewSchema>;

/** A catalogue redemption as its courier and staff see it. */
export const CatalogueRedemptionViewSchema = z.strictObject({
  status: CatalogueRedemptionStatus,
  statusName: LocalizedText,
  redemptionId: RedemptionId,
  itemId: CatalogueItemId,
  courierId: CourierId,
  quantity: z.number().int().positive(),
  itemTitle: z.string(),
  stationId: StationId,
  hold: PointsHold,
  dueAt: Instant,
  openedAt: Instant,
  confirmedAt: Instant.optional(),
  settledAt: Instant.optional(),
  note: z.string().optional(),
  updatedAt: Instant,
});
/** A catalogue redemption as its courier and staff see it. */
export type CatalogueRedemptionViewSchema = z.infer<typeof CatalogueRedemptionViewSchema>;

/** Figures of the catalogue for staff: units of an item by where they are. */
export const CatalogueItemStockSchema = z.strictObject({
  itemId: CatalogueItemId,
  status: z.enum(["listed", "withdrawn"]),
  stock: count,
  reserved: count,
  handedOver: count,
  writtenOff: count,
  received: count,
});

/** The derived-id forms a hold outcome names, for the docs. */
const holdReportNote =
  "sent by the points service's wish flow as `system`, with a command id derived from the event";

/**
 * The wishes service's bus contract: every command of the wishes package's deciders —
 * wishes (微心愿), sponsors (圆梦人), catalogue items (积分商品) and catalogue
 * redemptions — on `cs.<community>.wishes.<Command>`, the bulk record of a wish-lighting
 * event's hand-overs (`RecordWishHandOvers`), and the queries: the public wall, one wish
 * per reader, a sponsor's claims, a courier's own wishes, the moderation queue, the
 * catalogue with stock, sponsors and redemptions. The points service reports holds back
 * through `ConfirmWishHold`, `RecordWishRedemptionFailed`,
 * `ConfirmCatalogueRedemptionHold` and `RecordCatalogueRedemptionFailed`.
 */
export const wishesContract = defineContract({
  service: "wishes",
  description:
    "Micro-wishes (微心愿), sponsors (圆梦人), the reward catalogue (积分商品) and its redemptions, decided by the community's policy.",
  endpoints: {
    DraftWish: commandContract(
      DraftWish,
      "A courier drafts a micro-wish within the policy's value cap, prohibited items and open wishes per courier.",
    ),
    ReviseWish: commandContract(ReviseWish, "The courier rewrites their draft."),
    SubmitWish: commandContract(SubmitWish, "The courier submits their draft for moderation."),
    ApproveWish: commandContract(
      ApproveWish,
      "A moderator approves a submitted wish, publishing it on the wall at once unless told not to.",
    ),
    RejectWish: commandContract(
      RejectWish,
      "A moderator rejects a wish with a reason the courier sees; a pledge is released, a points hold voided.",
    ),
    PublishWish: commandContract(
      PublishWish,
      "A moderator publishes an approved wish on the wall.",
    ),
    ClaimWish: commandContract(
      ClaimWish,
      "A sponsor (圆梦人) pledges to fulfil a published wish by the policy's fulfilment days.",
    ),
    FundWishFromDonations: commandContract(
      FundWishFromDonations,
      "A moderator funds a published wish from the community's donations.",
    ),
    RedeemWish: commandContract(
      RedeemWish,
      "The courier redeems their wish with points, decided on their available points; the points service holds them.",
    ),
    ConfirmWishHold: commandContract(
      ConfirmWishHold,
      `The ledger holds a wish's points (${holdReportNote}).`,
    ),
    RecordWishRedemptionFailed: commandContract(
      RecordWishRedemptionFailed,
      `The ledger refused a wish's hold; the redemption is undone (${holdReportNote}).`,
    ),
    ReleaseWishClaim: commandContract(
      ReleaseWishClaim,
      "A claimed or redeemed wish goes back on the wall: by the timer past its deadline, the sponsor, the courier or staff.",
    ),
    ConfirmWishFulfilled: commandContract(
      ConfirmWishFulfilled,
      "Staff, the courier or the sponsor whose pledge funds the wish confirm the hand-over; the points part is posted, the sponsor credited.",
    ),
    ThankWishSponsor: commandContract(
      ThankWishSponsor,
      "The courier thanks whoever fulfilled their wish, publicly or not.",
    ),
    CancelWish: commandContract(CancelWish, "The courier cancels their wish before the hand-over."),
    ExpireWish: commandContract(ExpireWish, "The timer expires a published wish nobody funded."),
    AgreeToShareContact: commandContract(
      AgreeToShareContact,
      "The courier or the pledging sponsor agree to share contact details.",
    ),
    LinkWishToActivity: commandContract(
      LinkWishToActivity,
      "A moderator links a wish to a wish-lighting event (点亮微心愿) at its station, decided on the activity's facts.",
    ),
    UnlinkWishFromActivity: commandContract(
      UnlinkWishFromActivity,
      "A moderator takes a wish off its wish-lighting event.",
    ),
    EraseWishCourierText: commandContract(
      EraseWishCourierText,
      "The erasure flow masks the contact details an erased courier typed into their wish (system only).",
    ),
    RecordWishHandOvers: commandContract(
      RecordWishHandOvers,
      "Staff record the hand-overs of a wish-lighting event in bulk: one ConfirmWishFulfilled per wish, each decided by its wish. The reply's eventIds are the hand-overs made now; a record sent again changes nothing; refused only when every wish refused (with the first refusal). ListActivityWishes shows what each wish became.",
    ),
    RegisterSponsor: commandContract(RegisterSponsor, "Staff register a sponsor (圆梦人)."),
    UpdateSponsorProfile: commandContract(
      UpdateSponsorProfile,
      "Staff or the sponsor themselves change the sponsor's profile.",
    ),
    DeactivateSponsor: commandContract(DeactivateSponsor, "Staff stand a sponsor down."),
    ReactivateSponsor: commandContract(ReactivateSponsor, "Staff take a sponsor back."),
    RecordSponsoredWish: commandContract(
      RecordSponsoredWish,
      "The wish flow records a wish the sponsor fulfilled (system only).",
    ),
    RecordSponsorThanks: commandContract(
      RecordSponsorThanks,
      "The wish flow records a courier's thanks on the sponsor's page (system only).",
    ),
    EraseSponsorContact: commandContract(
      EraseSponsorContact,
      "Staff or the sponsor erase the sponsor's contact details; their past events are rewritten.",
    ),
    ListCatalogueItem: commandContract(
      ListCatalogueItem,
      "Staff list an item in the reward catalogue (积分商品) with its points price and stock.",
    ),
    ReviseCatalogueItem: commandContract(ReviseCatalogueItem, "Staff change a catalogue item."),
    RestockCatalogueItem: commandContract(RestockCatalogueItem, "Staff add units to an item."),
    WriteOffCatalogueStock: commandContract(
      WriteOffCatalogueStock,
      "Staff take units out of stock, never more than are in stock.",
    ),
    WithdrawCatalogueItem: commandContract(
      WithdrawCatalogueItem,
      "Staff take an item off the catalogue.",
    ),
    RelistCatalogueItem: commandContract(RelistCatalogueItem, "Staff put a withdrawn item back."),
    RedeemCatalogueItem: commandContract(
      RedeemCatalogueItem,
      "A courier redeems units with points, decided on their available points: the units are reserved and a redemption opened, which the points service holds.",
    ),
    ReleaseCatalogueReservation: commandContract(
      ReleaseCatalogueReservation,
      "The catalogue flow returns a redemption's units to stock (system only).",
    ),
    CompleteCatalogueReservation: commandContract(
      CompleteCatalogueReservation,
      "The catalogue flow records a redemption's units handed over (system only).",
    ),
    OpenCatalogueRedemption: commandContract(
      OpenCatalogueRedemption,
      "The catalogue flow opens a redemption from reserved units (system only).",
    ),
    ConfirmCatalogueRedemptionHold: commandContract(
      ConfirmCatalogueRedemptionHold,
      `The ledger holds a catalogue redemption's points (${holdReportNote}).`,
    ),
    RecordCatalogueRedemptionFailed: commandContract(
      RecordCatalogueRedemptionFailed,
      `The ledger refused a catalogue redemption's hold; its units go back (${holdReportNote}).`,
    ),
    HandOverCatalogueRedemption: commandContract(
      HandOverCatalogueRedemption,
      "Staff or the courier confirm the units were picked up; the hold is posted.",
    ),
    CancelCatalogueRedemption: commandContract(
      CancelCatalogueRedemption,
      "The courier or staff cancel a redemption before pickup; the hold is voided.",
    ),
    ExpireCatalogueRedemption: commandContract(
      ExpireCatalogueRedemption,
      "The timer expires a redemption not picked up by its deadline; the hold is voided.",
    ),
    ListWishWall: listQueryContract({
      name: "ListWishWall",
      description:
        "The wish wall (心愿墙): wishes on the wall, newest first, from the public views only (never the courier); by station, category, or those open to sponsors.",
      roles: everyone,
      parameters: {
        stationId: StationId.optional(),
        category: WishCategory.optional(),
        openToSponsors: z.boolean().optional(),
      },
      item: WishPublicViewSchema,
    }),
    GetWish: queryContract({
      name: "GetWish",
      description:
        "One wish as the reader may see it: staff and its own courier all of it, a sponsor the sponsor's view, anyone else the wall's view while it is on the wall (else not found).",
      roles: everyone,
      parameters: { wishId: WishId },
      output: WishView,
    }),
    ListSponsorClaims: listQueryContract({
      name: "ListSponsorClaims",
      description:
        "The wishes a sponsor pledged, latest first, as the sponsor sees them; a sponsor asks for their own.",
      roles: ["sponsor", "staff", "auditor"],
      parameters: { sponsorId: SponsorId.optional() },
      item: WishSponsorViewSchema,
    }),
    ListCourierWishes: listQueryContract({
      name: "ListCourierWishes",
      description:
        "A courier's own wishes, latest first, in a status or all; a courier asks for their own.",
      roles: ["courier", "staff", "auditor"],
      parameters: { courierId: CourierId.optional(), status: WishStatus.optional() },
      item: WishListItem,
    }),
    ListModerationQueue: listQueryContract({
      name: "ListModerationQueue",
      description:
        "Wishes waiting for a moderator (submitted, or approved and not yet published), oldest first; at a station or all.",
      roles: staffSide,
      parameters: {
        stationId: StationId.optional(),
        status: z.enum(["submitted", "approved"]).optional(),
      },
      item: WishListItem,
    }),
    ListActivityWishes: listQueryContract({
      name: "ListActivityWishes",
      description:
        "The wishes linked to a wish-lighting event (点亮微心愿), with where each stands: for recording the hand-overs.",
      roles: staffSide,
      parameters: { activityId: ActivityId },
      item: WishListItem,
    }),
    ListCatalogue: listQueryContract({
      name: "ListCatalogue",
      description:
        "The reward catalogue (积分商品): listed items with their points price and the units left; at a station or all.",
      roles: everyone,
      parameters: { stationId: StationId.optional(), available: z.boolean().optional() },
      item: CatalogueItemPublicViewSchema,
    }),
    GetCatalogueItemStock: queryContract({
      name: "GetCatalogueItemStock",
      description: "Where an item's units are: on the shelf, reserved, handed over, written off.",
      roles: staffSide,
      parameters: { itemId: CatalogueItemId },
      output: CatalogueItemStockSchema.extend(versionShape),
    }),
    ListCourierCatalogueRedemptions: listQueryContract({
      name: "ListCourierCatalogueRedemptions",
      description:
        "A courier's catalogue redemptions, latest first; open ones (to pick up) or all. A courier asks for their own.",
      roles: ["courier", "staff", "auditor"],
      parameters: { courierId: CourierId.optional(), open: z.boolean().optional() },
      item: CatalogueRedemptionViewSchema,
    }),
    GetCatalogueRedemption: queryContract({
      name: "GetCatalogueRedemption",
      description: "One catalogue redemption, for its courier and staff.",
      roles: ["courier", "staff", "auditor", "system"],
      parameters: { redemptionId: RedemptionId },
      output: CatalogueRedemptionViewSchema.extend(versionShape),
    }),
    ListSponsors: listQueryContract({
      name: "ListSponsors",
      description: "The community's sponsors (圆梦人) as everyone sees them; active ones or all.",
      roles: everyone,
      parameters: { active: z.boolean().optional() },
      item: SponsorPublicViewSchema,
    }),
    GetSponsor: queryContract({
      name: "GetSponsor",
      description:
        "One sponsor: staff and the sponsor themselves see all of it, contact included; anyone else the public page.",
      roles: everyone,
      parameters: { sponsorId: SponsorId },
      output: SponsorView,
    }),
  },
});
