import type {
  CommunityPolicy,
  Instant,
  LocalizedText,
  SponsorId,
  StationId,
  WishId,
} from "@courier-station/core";
import { pointsPriceOf } from "../holds.js";
import { maskContactDetails } from "../privacy.js";
import { type WishCategory, wishCategoryNames } from "../values.js";
import {
  isDrafted,
  pointsShareOf,
  sponsorShareOf,
  type Wish,
  type WishState,
  type WishStatus,
  wishStatusNames,
} from "./state.js";

/** The statuses in which a wish is shown on the wall (心愿墙) and to sponsors. */
export const publicWishStatuses: ReadonlyArray<WishStatus> = [
  "published",
  "claimed",
  "redeemed",
  "fulfilled",
  "thanked",
];

/** Whether a wish is shown to sponsors and the public. */
export const isWishPublic = (state: WishState): state is Wish =>
  isDrafted(state) && publicWishStatuses.includes(state.status);

/**
 * A wish as the public sees it on the wall (心愿墙): what is wished for, its value and how
 * it may be funded, where it stands. Never the courier's id, name or phone number; free
 * text is masked of anything that looks like contact details.
 */
export interface WishPublicView {
  readonly wishId: WishId;
  readonly title: string;
  readonly description: string;
  readonly category: WishCategory;
  readonly categoryName: LocalizedText;
  readonly estimatedValueFen: number;
  readonly fundingMode: Wish["funding"]["mode"];
  /** The part a sponsor gives, in fen (absent for points-only wishes). */
  readonly sponsorShareFen?: number;
  /** The part the courier pays in points, in fen (absent for sponsor-only wishes). */
  readonly pointsShareFen?: number;
  readonly status: WishStatus;
  readonly statusName: LocalizedText;
  /** Whether a sponsor's part is still open to claim. */
  readonly openToSponsors: boolean;
  /** The station where it is handed over. */
  readonly stationId: StationId;
  readonly photo?: string;
  readonly publishedAt?: Instant;
  /** Until when it waits on the wall (while published). */
  readonly expiresAt?: Instant;
  /** Who fulfilled it: a sponsor, the community's donations or the courier's own points. */
  readonly fundedBy?: "sponsor" | "community" | "points";
  readonly fulfilledAt?: Instant;
  /** The courier's thank-you note, when they made it public. */
  readonly thanks?: string;
}

/**
 * What a sponsor sees of a wish: the public view, and for the sponsor who pledged it,
 * their pledge (share, due date), the hand-over station and how contact goes — through
 * the station until both sides agree to share contact details. Never the courier's id,
 * name or phone number.
 */
export interface WishSponsorView extends WishPublicView {
  /** Set for the sponsor who pledged it. */
  readonly pledge?: {
    readonly shareFen: number;
    readonly pledgedAt: Instant;
    readonly dueAt: Instant;
  };
  /** How the sponsor and the courier reach each other: through the station, or directly. */
  readonly contact?: "through-station" | "shared";
  /** Whether this sponsor agreed to share contact details, and whether the courier did. */
  readonly contactConsent?: { readonly sponsor: boolean; readonly courier: boolean };
  /** The courier's thank-you note to this sponsor, public or not. */
  readonly thanksToYou?: string;
}

const masked = (text: string): string => maskContactDetails(text);

const fundedByOf = (wish: Wish): WishPublicView["fundedBy"] => {
  if (wish.pledge !== undefined) return wish.pledge.funder.kind;
  if (wish.redemption !== undefined) return "points";
  return undefined;
};

/**
 * The public view of a wish, or `undefined` while it is not on the wall (a draft, in
 * review, approved but not yet published, rejected, cancelled or expired).
 *
 * @example
 * const view = wishPublicView(state);
 * if (view !== undefined) render(view.title, view.categoryName["zh-CN"]);
 */
export const wishPublicView = (state: WishState): WishPublicView | undefined => {
  if (!isWishPublic(state)) return undefined;
  const wish = state;
  const sponsorShare = sponsorShareOf(wish);
  const pointsShare = pointsShareOf(wish);
  const fundedBy = fundedByOf(wish);
  const done = wish.status === "fulfilled" || wish.status === "thanked";
  return {
    wishId: wish.wishId,
    title: masked(wish.title),
    description: masked(wish.description),
    category: wish.category,
    categoryName: wishCategoryNames[wish.category],
    estimatedValueFen: wish.estimatedValueFen,
    fundingMode: wish.funding.mode,
    ...(sponsorShare === undefined ? {} : { sponsorShareFen: sponsorShare }),
    ...(pointsShare === undefined ? {} : { pointsShareFen: pointsShare }),
    status: wish.status,
    statusName: wishStatusNames[wish.status],
    openToSponsors:
      wish.status === "published" && sponsorShare !== undefined && wish.pledge === undefined,
    stationId: wish.stationId,
    ...(wish.photo === undefined ? {} : { photo: wish.photo }),
    ...(wish.publishedAt === undefined ? {} : { publishedAt: wish.publishedAt }),
    ...(wish.status === "published" && wish.expiresAt !== undefined
      ? { expiresAt: wish.expiresAt }
      : {}),
    ...(done && fundedBy !== undefined ? { fundedBy } : {}),
    ...(wish.fulfilment === undefined ? {} : { fulfilledAt: wish.fulfilment.fulfilledAt }),
    ...(wish.thanks?.public === true && wish.thanks.note !== undefined
      ? { thanks: masked(wish.thanks.note) }
      : {}),
  };
};

/**
 * What a sponsor sees of a wish (`undefined` while it is not on the wall). The sponsor who
 * pledged it also sees their pledge, the contact arrangement and the courier's thanks.
 *
 * @example
 * wishSponsorView(state, SponsorId.parse("wanda-cafe"))?.pledge?.dueAt;
 */
export const wishSponsorView = (
  state: WishState,
  sponsorId: SponsorId,
): WishSponsorView | undefined => {
  const view = wishPublicView(state);
  if (view === undefined || !isDrafted(state)) return view;
  const wish = state;
  const pledge = wish.pledge;
  if (pledge?.funder.kind !== "sponsor" || pledge.funder.sponsorId !== sponsorId) return view;
  return {
    ...view,
    pledge: { shareFen: pledge.shareFen, pledgedAt: pledge.pledgedAt, dueAt: pledge.dueAt },
    contact: wish.contact.shared ? "shared" : "through-station",
    contactConsent: { sponsor: wish.contact.sponsor, courier: wish.contact.courier },
    ...(wish.thanks?.note === undefined ? {} : { thanksToYou: masked(wish.thanks.note) }),
  };
};

/**
 * What staff see of a wish: all of it (the courier's id, the history, rejections,
 * pledges, holds), with the current points price at the policy's rate. Still no real name
 * or phone number: the wish never holds them.
 */
export interface WishStaffView extends Wish {
  readonly statusName: LocalizedText;
  /** The points the courier's part costs at the policy's current rate. */
  readonly pointsPrice?: number;
}

/**
 * The staff view of a wish, or `undefined` when it does not exist.
 *
 * @example
 * wishStaffView(state, policy)?.history;
 */
export const wishStaffView = (
  state: WishState,
  policy: CommunityPolicy,
): WishStaffView | undefined => {
  if (!isDrafted(state)) return undefined;
  const pointsShare = pointsShareOf(state);
  return {
    ...state,
    statusName: wishStatusNames[state.status],
    ...(pointsShare === undefined
      ? {}
      : { pointsPrice: pointsPriceOf(pointsShare, policy.wishes) }),
  };
};

/**
 * The points a courier pays to redeem a wish (or its points part) at the policy's rate, or
 * `undefined` when the wish is for sponsors only.
 *
 * @example
 * wishPointsPrice(wish, policy); // 1500 for a 150-yuan wish at 10 points per yuan
 */
export const wishPointsPrice = (
  wish: Pick<Wish, "funding" | "estimatedValueFen">,
  policy: CommunityPolicy,
): number | undefined => {
  const share = pointsShareOf(wish);
  return share === undefined ? undefined : pointsPriceOf(share, policy.wishes);
};
