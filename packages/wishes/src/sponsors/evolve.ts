import type { SponsorEvent } from "./events.js";
import { isRegistered, type Sponsor, type SponsorState } from "./state.js";

const withoutContact = (sponsor: Sponsor): Sponsor => {
  const { contact: _contact, ...rest } = sponsor;
  return rest;
};

const withoutDeactivation = (sponsor: Sponsor): Sponsor => {
  const { deactivation: _deactivation, ...rest } = sponsor;
  return rest;
};

/**
 * The state of a sponsor after an event. No rules: every event `decideSponsor` produces
 * is applied as it is.
 *
 * @example
 * const state = events.reduce(evolveSponsor, initialSponsorState());
 */
export const evolveSponsor = (state: SponsorState, event: SponsorEvent): SponsorState => {
  if (event.type === "SponsorRegistered") {
    const data = event.data;
    return {
      status: "active",
      sponsorId: data.sponsorId,
      kind: data.kind,
      displayName: data.displayName,
      ...(data.shop === undefined ? {} : { shop: data.shop }),
      members: data.members,
      ...(data.contact === undefined ? {} : { contact: data.contact }),
      thanksWall: data.thanksWall,
      registeredAt: data.registeredAt,
      fulfilled: [],
      thanks: [],
      updatedAt: data.registeredAt,
    };
  }
  // An event for a sponsor that does not exist cannot come from decide; ignore it.
  if (!isRegistered(state)) return state;
  const sponsor = state;

  switch (event.type) {
    case "SponsorProfileUpdated": {
      const changes = event.data.changes;
      return {
        ...sponsor,
        ...(changes.displayName === undefined ? {} : { displayName: changes.displayName }),
        ...(changes.shop === undefined ? {} : { shop: changes.shop }),
        ...(changes.members === undefined ? {} : { members: changes.members }),
        ...(changes.contact === undefined ? {} : { contact: changes.contact }),
        ...(changes.thanksWall === undefined ? {} : { thanksWall: changes.thanksWall }),
        updatedAt: event.data.updatedAt,
      };
    }
    case "SponsorDeactivated":
      return {
        ...sponsor,
        status: "inactive",
        deactivation: { reason: event.data.reason, deactivatedAt: event.data.deactivatedAt },
        updatedAt: event.data.deactivatedAt,
      };
    case "SponsorReactivated":
      return {
        ...withoutDeactivation(sponsor),
        status: "active",
        updatedAt: event.data.reactivatedAt,
      };
    case "SponsoredWishRecorded": {
      const { sponsorId: _sponsorId, ...wish } = event.data;
      return { ...sponsor, fulfilled: [...sponsor.fulfilled, wish] };
    }
    case "SponsorThanksRecorded": {
      const data = event.data;
      const thanks = {
        wishId: data.wishId,
        public: data.public,
        thankedAt: data.thankedAt,
        ...(data.note === undefined ? {} : { note: data.note }),
      };
      return { ...sponsor, thanks: [...sponsor.thanks, thanks] };
    }
    case "SponsorContactErased":
      return {
        ...withoutContact(sponsor),
        displayName: event.data.displayName,
        contactErasedAt: event.data.erasedAt,
        updatedAt: event.data.erasedAt,
      };
  }
};
