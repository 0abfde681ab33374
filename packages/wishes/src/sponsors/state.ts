import type { Instant, SponsorId, WishId } from "@courier-station/core";
import type { WishCategory } from "../values.js";
import type { Shop, SponsorContact, SponsorKind, SponsorMember } from "./commands.js";
import type { SponsorStatus } from "./facts.js";

/** A wish a sponsor fulfilled. */
export interface SponsoredWish {
  readonly wishId: WishId;
  readonly title: string;
  readonly category: WishCategory;
  /** The part of its value the sponsor gave, in fen. */
  readonly shareFen: number;
  readonly fulfilledAt: Instant;
}

/** A courier's thanks to a sponsor for a wish. */
export interface SponsorThanks {
  readonly wishId: WishId;
  readonly note?: string;
  /** Whether the courier let it be shown on the sponsor's thank-you wall. */
  readonly public: boolean;
  readonly thankedAt: Instant;
}

/** A sponsor (圆梦人) once registered. */
export interface Sponsor {
  readonly status: SponsorStatus;
  readonly sponsorId: SponsorId;
  readonly kind: SponsorKind;
  readonly displayName: string;
  readonly shop?: Shop;
  readonly members: ReadonlyArray<SponsorMember>;
  /** Personal data: only staff see it; erased on request. */
  readonly contact?: SponsorContact;
  /** Whether couriers' public thank-you notes are shown on the sponsor's page (感谢墙). */
  readonly thanksWall: boolean;
  readonly registeredAt: Instant;
  readonly deactivation?: { readonly reason: string; readonly deactivatedAt: Instant };
  readonly contactErasedAt?: Instant;
  /** The wishes the sponsor fulfilled, in order. */
  readonly fulfilled: ReadonlyArray<SponsoredWish>;
  /** The thanks couriers sent, in order. */
  readonly thanks: ReadonlyArray<SponsorThanks>;
  readonly updatedAt: Instant;
}

/** The state of a sponsor aggregate: nothing yet, or the sponsor. */
export type SponsorState = { readonly status: "none" } | Sponsor;

/** The state of a sponsor before its first event. */
export const initialSponsorState = (): SponsorState => ({ status: "none" });

/** Whether the sponsor exists (has been registered). */
export const isRegistered = (state: SponsorState): state is Sponsor => state.status !== "none";
