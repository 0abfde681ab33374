import {
  type Instant,
  type LocalizedText,
  localized,
  type SponsorId,
  type WishId,
} from "@courier-station/core";
import { maskContactDetails } from "../privacy.js";
import type { WishCategory } from "../values.js";
import type { Shop, SponsorKind, SponsorMember } from "./commands.js";
import type { SponsorContactErased } from "./events.js";
import type { SponsorFacts } from "./facts.js";
import { isRegistered, type Sponsor, type SponsorState } from "./state.js";

/** The name of each kind of sponsor in zh-CN and en. */
export const sponsorKindNames: Readonly<Record<SponsorKind, LocalizedText>> = {
  merchant: localized("商户", "merchant"),
  "merchant-group": localized("商户联盟", "group of merchants"),
  resident: localized("居民", "resident"),
};

/**
 * The facts a wish needs about a sponsor who claims it, or `undefined` when the sponsor is
 * not registered.
 *
 * @example
 * const facts = sponsorFactsOf(sponsorState); // { sponsorId: "wanda-cafe", status: "active" }
 */
export const sponsorFactsOf = (state: SponsorState): SponsorFacts | undefined =>
  isRegistered(state) ? { sponsorId: state.sponsorId, status: state.status } : undefined;

/**
 * A sponsor as the public sees them: their name, kind and shop, what they fulfilled, and
 * — when they keep a thank-you wall (感谢墙) — the thanks couriers chose to make public.
 * Never the sponsor's contact details, and nothing about the couriers beyond their notes
 * (masked of anything that looks like contact details).
 */
export interface SponsorPublicView {
  readonly sponsorId: SponsorId;
  readonly kind: SponsorKind;
  readonly kindName: LocalizedText;
  readonly displayName: string;
  readonly shop?: Shop;
  readonly members: ReadonlyArray<SponsorMember>;
  readonly active: boolean;
  /** How many wishes they fulfilled. */
  readonly fulfilledCount: number;
  /** The value they gave, in fen. */
  readonly fulfilledValueFen: number;
  readonly fulfilled: ReadonlyArray<{
    readonly wishId: WishId;
    readonly title: string;
    readonly category: WishCategory;
    readonly fulfilledAt: Instant;
  }>;
  /** The thank-you wall: empty unless the sponsor keeps one. */
  readonly thanksWall: ReadonlyArray<{
    readonly wishId: WishId;
    readonly note: string;
    readonly thankedAt: Instant;
  }>;
}

/**
 * The public view of a sponsor, or `undefined` when they are not registered.
 *
 * @example
 * sponsorPublicView(state)?.thanksWall.map((entry) => entry.note);
 */
export const sponsorPublicView = (state: SponsorState): SponsorPublicView | undefined => {
  if (!isRegistered(state)) return undefined;
  const sponsor = state;
  return {
    sponsorId: sponsor.sponsorId,
    kind: sponsor.kind,
    kindName: sponsorKindNames[sponsor.kind],
    displayName: sponsor.displayName,
    ...(sponsor.shop === undefined ? {} : { shop: sponsor.shop }),
    members: sponsor.members,
    active: sponsor.status === "active",
    fulfilledCount: sponsor.fulfilled.length,
    fulfilledValueFen: sponsor.fulfilled.reduce((sum, wish) => sum + wish.shareFen, 0),
    fulfilled: sponsor.fulfilled.map((wish) => ({
      wishId: wish.wishId,
      title: maskContactDetails(wish.title),
      category: wish.category,
      fulfilledAt: wish.fulfilledAt,
    })),
    thanksWall: sponsor.thanksWall
      ? sponsor.thanks.flatMap((thanks) =>
          thanks.public && thanks.note !== undefined
            ? [
                {
                  wishId: thanks.wishId,
                  note: maskContactDetails(thanks.note),
                  thankedAt: thanks.thankedAt,
                },
              ]
            : [],
        )
      : [],
  };
};

/** What staff see of a sponsor: all of it, contact details included. */
export interface SponsorStaffView extends Sponsor {
  readonly kindName: LocalizedText;
}

/**
 * The staff view of a sponsor, or `undefined` when they are not registered.
 *
 * @example
 * sponsorStaffView(state)?.contact?.phone;
 */
export const sponsorStaffView = (state: SponsorState): SponsorStaffView | undefined =>
  isRegistered(state) ? { ...state, kindName: sponsorKindNames[state.kind] } : undefined;

interface EventLike {
  readonly type: string;
  readonly data: unknown;
}

/**
 * A past sponsor event with the contact details removed (and a resident's display name
 * replaced), for a store to rewrite a sponsor's stream after `SponsorContactErased`
 * (pure: the event given is not changed). Works on bare events and envelopes alike; other
 * events are returned as they were.
 *
 * @example
 * const scrubbed = stream.map((event) => scrubSponsorContact(event, erasedEvent.data));
 */
export const scrubSponsorContact = <Event extends EventLike>(
  event: Event,
  erasure: SponsorContactErased["data"],
): Event => {
  if (typeof event.data !== "object" || event.data === null) return event;
  const data = event.data as Record<string, unknown>;
  if (event.type === "SponsorRegistered") {
    const { contact: _contact, ...rest } = data;
    return {
      ...event,
      data: erasure.displayNameReplaced ? { ...rest, displayName: erasure.displayName } : rest,
    };
  }
  if (event.type === "SponsorProfileUpdated") {
    const changes = (data.changes ?? {}) as Record<string, unknown>;
    const { contact: _contact, ...rest } = changes;
    const scrubbed =
      erasure.displayNameReplaced && rest.displayName !== undefined
        ? { ...rest, displayName: erasure.displayName }
        : rest;
    return { ...event, data: { ...data, changes: scrubbed } };
  }
  return event;
};
