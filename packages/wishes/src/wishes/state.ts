import {
  type ActivityId,
  type CourierId,
  type Instant,
  type LocalizedText,
  localized,
  type StationId,
  type WishId,
} from "@courier-station/core";
import { z } from "zod";
import type { HoldPosting, PointsHold } from "../holds.js";
import type { Funder, StepActor, WishCategory, WishFunding } from "../values.js";
import type { WishEvent } from "./events.js";

/**
 * Where a micro-wish is in its lifecycle:
 *
 * ```text
 * draft ──submit──▶ submitted ──approve──▶ approved ──publish──▶ published ──┬─claim──▶ claimed ──┐
 *                       │                      │                  ▲  │      └─redeem─▶ redeemed ─┤
 *                       └──────reject──────────┴──────────────────┼──┤                            │
 *                                                      release ───┘  └─expire─▶ expired          │
 *   cancel (by the courier) from any state before fulfilled;                                     │
 *   reject (by a moderator) from submitted up to claimed or redeemed   fulfilled ◀──hand over────┘
 *                                                                         └──thank──▶ thanked
 * ```
 *
 * - `published` may hold part of its funding (a pledge or a points hold) when the courier
 *   pays part in points and a sponsor the rest;
 * - `claimed`: fully funded with a sponsor's (or the community's) pledge, and the courier's
 *   points part held if any; `redeemed`: fully funded by the courier's points alone.
 */
export const WishStatus = z.enum([
  "draft",
  "submitted",
  "approved",
  "rejected",
  "published",
  "claimed",
  "redeemed",
  "fulfilled",
  "thanked",
  "cancelled",
  "expired",
]);
/** Where a micro-wish is in its lifecycle. */
export type WishStatus = z.infer<typeof WishStatus>;

/** The name of each wish status in zh-CN and en. */
export const wishStatusNames: Readonly<Record<WishStatus, LocalizedText>> = {
  draft: localized("草稿", "draft"),
  submitted: localized("待审核", "submitted"),
  approved: localized("已审核", "approved"),
  rejected: localized("未通过", "rejected"),
  published: localized("待认领", "published"),
  claimed: localized("已认领", "claimed"),
  redeemed: localized("已兑换", "redeemed"),
  fulfilled: localized("已圆梦", "fulfilled"),
  thanked: localized("已致谢", "thanked"),
  cancelled: localized("已取消", "cancelled"),
  expired: localized("已过期", "expired"),
};

/** The statuses in which a wish counts against the courier's `maxOpenWishesPerCourier`. */
export const openWishStatuses: ReadonlyArray<WishStatus> = [
  "draft",
  "submitted",
  "approved",
  "published",
  "claimed",
  "redeemed",
];

/**
 * The statuses a wish's funding never changes in again. In each, every points hold of the
 * wish has been posted (fulfilled, thanked) or voided (rejected, cancelled, expired).
 */
export const terminalWishStatuses: ReadonlyArray<WishStatus> = [
  "rejected",
  "fulfilled",
  "thanked",
  "cancelled",
  "expired",
];

/** Whether a wish in this status still counts as open. */
export const isOpenWishStatus = (status: WishStatus): boolean => openWishStatuses.includes(status);

/** A pledge of the wish's sponsor part, by a sponsor or from the community's donations. */
export interface WishPledge {
  readonly funder: Funder;
  /** The part of the value pledged, in fen. */
  readonly shareFen: number;
  readonly pledgedAt: Instant;
  /** When the hand-over is due; after it, the `system` timer releases the pledge. */
  readonly dueAt: Instant;
  readonly note?: string;
}

/** The courier's redemption of the wish (or its points part) with points. */
export interface WishRedemption {
  readonly hold: PointsHold;
  /** Which redemption of this wish it is, from 1 (the hold id derives from it). */
  readonly attempt: number;
  /** The part of the value paid in points, in fen. */
  readonly shareFen: number;
  readonly redeemedAt: Instant;
  /** When the ledger confirmed the hold; a wish is handed over only after it. */
  readonly confirmedAt?: Instant;
}

/** One step in a wish's history: every event, who took it and its note. */
export interface WishHistoryEntry {
  readonly type: WishEvent["type"];
  readonly at: Instant;
  readonly by?: StepActor;
  readonly note?: string;
}

/** Whether the courier and the sponsor agreed to share contact details, and whether both did. */
export interface WishContactConsent {
  readonly courier: boolean;
  readonly sponsor: boolean;
  readonly shared: boolean;
}

/** How the wish was handed over. */
export interface WishFulfilment {
  readonly fulfilledAt: Instant;
  readonly by: StepActor;
  readonly funder?: Funder;
  readonly postedHold?: HoldPosting;
  readonly note?: string;
  /** The activity it was handed over at (a wish-lighting event, 点亮微心愿), if any. */
  readonly activityId?: ActivityId;
}

/**
 * A micro-wish (微心愿) once drafted. It holds the courier's id (for ownership and their
 * points account) but never their real name or phone number.
 */
export interface Wish {
  readonly status: WishStatus;
  readonly wishId: WishId;
  readonly courierId: CourierId;
  /** The station where it is handed over. */
  readonly stationId: StationId;
  /**
   * The activity it is to be handed over at (a wish-lighting event, 点亮微心愿), once a
   * moderator linked it; kept after the hand-over.
   */
  readonly activityId?: ActivityId;
  readonly title: string;
  readonly description: string;
  readonly category: WishCategory;
  readonly estimatedValueFen: number;
  readonly funding: WishFunding;
  readonly photo?: string;
  readonly draftedAt: Instant;
  readonly submittedAt?: Instant;
  readonly approvedAt?: Instant;
  readonly publishedAt?: Instant;
  /**
   * When a published wish expires unfunded. While the wish is claimed or redeemed this is
   * frozen: a release gives back the time that was left at `fundedAt`.
   */
  readonly expiresAt?: Instant;
  /** When the wish became fully funded (claimed or redeemed). */
  readonly fundedAt?: Instant;
  /** When a claimed or redeemed wish is due at the station. */
  readonly dueAt?: Instant;
  /** The current pledge of its sponsor part; kept after the hand-over. */
  readonly pledge?: WishPledge;
  /** The current points redemption; kept after the hand-over. */
  readonly redemption?: WishRedemption;
  /** How many times the wish was redeemed with points (each got its own hold). */
  readonly redemptionAttempts: number;
  /** How many times its funding was released. */
  readonly releases: number;
  readonly contact: WishContactConsent;
  readonly rejection?: {
    readonly reason: string;
    readonly rejectedAt: Instant;
    readonly by: StepActor;
  };
  readonly cancellation?: { readonly cancelledAt: Instant; readonly reason?: string };
  readonly expiredAt?: Instant;
  readonly fulfilment?: WishFulfilment;
  readonly thanks?: {
    readonly thankedAt: Instant;
    readonly public: boolean;
    readonly note?: string;
  };
  /** When the contact details the erased courier typed into the wish were masked. */
  readonly courierTextErasedAt?: Instant;
  readonly updatedAt: Instant;
  readonly history: ReadonlyArray<WishHistoryEntry>;
}

/** The state of a wish aggregate: nothing yet, or the wish. */
export type WishState = { readonly status: "none" } | Wish;

/** The state of a wish before its first event. */
export const initialWishState = (): WishState => ({ status: "none" });

/** Whether the wish exists (has been drafted). */
export const isDrafted = (state: WishState): state is Wish => state.status !== "none";

/** Whether a wish is fully funded: claimed or redeemed, waiting to be handed over. */
export const isFullyFunded = (wish: Wish): boolean =>
  wish.status === "claimed" || wish.status === "redeemed";

/**
 * The part of a wish's value a sponsor funds, in fen (all of it unless the courier pays
 * part in points), or `undefined` when the wish is for points only.
 */
export const sponsorShareOf = (wish: {
  readonly funding: WishFunding;
  readonly estimatedValueFen: number;
}): number | undefined => {
  switch (wish.funding.mode) {
    case "points":
      return undefined;
    case "both":
      return wish.estimatedValueFen - wish.funding.pointsShareFen;
    default:
      return wish.estimatedValueFen;
  }
};

/**
 * The part of a wish's value the courier pays in points, in fen (all of it unless a
 * sponsor pays part), or `undefined` when the wish is for sponsors only.
 */
export const pointsShareOf = (wish: {
  readonly funding: WishFunding;
  readonly estimatedValueFen: number;
}): number | undefined => {
  switch (wish.funding.mode) {
    case "sponsor":
      return undefined;
    case "both":
      return wish.funding.pointsShareFen;
    default:
      return wish.estimatedValueFen;
  }
};
