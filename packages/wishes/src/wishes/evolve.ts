import type { Instant } from "@courier-station/core";
import { maskContactDetails } from "../privacy.js";
import type { StepActor } from "../values.js";
import type { WishEvent } from "./events.js";
import { isDrafted, type Wish, type WishHistoryEntry, type WishState } from "./state.js";

const NO_CONSENT = { courier: false, sponsor: false, shared: false } as const;

const entry = (
  type: WishEvent["type"],
  at: Instant,
  by: StepActor | undefined,
  note: string | undefined,
): WishHistoryEntry => ({
  type,
  at,
  ...(by === undefined ? {} : { by }),
  ...(note === undefined ? {} : { note }),
});

const recorded = (wish: Wish, step: WishHistoryEntry, changes: Partial<Wish>): Wish => ({
  ...wish,
  ...changes,
  updatedAt: step.at,
  history: [...wish.history, step],
});

/** The wish without its funding: what a release, a cancellation, a rejection or an expiry leaves. */
const unfunded = (wish: Wish): Wish => {
  const {
    pledge: _pledge,
    redemption: _redemption,
    fundedAt: _fundedAt,
    dueAt: _dueAt,
    ...rest
  } = wish;
  return { ...rest, contact: NO_CONSENT };
};

const withoutPhoto = (wish: Wish): Wish => {
  const { photo: _photo, ...rest } = wish;
  return rest;
};

const courierStep = (wish: Wish): StepActor => ({ role: "courier", id: wish.courierId });

/**
 * The state of a micro-wish after an event. No rules: every event `decideWish` produces is
 * applied as it is, and each is kept in the wish's history.
 *
 * @example
 * const state = events.reduce(evolveWish, initialWishState());
 */
export const evolveWish = (state: WishState, event: WishEvent): WishState => {
  if (event.type === "WishDrafted") {
    const data = event.data;
    return {
      status: "draft",
      wishId: data.wishId,
      courierId: data.courierId,
      stationId: data.stationId,
      title: data.title,
      description: data.description,
      category: data.category,
      estimatedValueFen: data.estimatedValueFen,
      funding: data.funding,
      ...(data.photo === undefined ? {} : { photo: data.photo }),
      draftedAt: data.draftedAt,
      redemptionAttempts: 0,
      releases: 0,
      contact: NO_CONSENT,
      updatedAt: data.draftedAt,
      history: [
        entry(event.type, data.draftedAt, { role: "courier", id: data.courierId }, undefined),
      ],
    };
  }
  // An event for a wish that does not exist cannot come from decide; ignore it.
  if (!isDrafted(state)) return state;
  const wish = state;

  switch (event.type) {
    case "WishRevised": {
      const data = event.data;
      const base = withoutPhoto(wish);
      return recorded(base, entry(event.type, data.revisedAt, courierStep(wish), undefined), {
        title: data.title,
        description: data.description,
        category: data.category,
        estimatedValueFen: data.estimatedValueFen,
        funding: data.funding,
        ...(data.photo === undefined ? {} : { photo: data.photo }),
      });
    }
    case "WishSubmitted":
      return recorded(
        wish,
        entry(event.type, event.data.submittedAt, courierStep(wish), undefined),
        { status: "submitted", submittedAt: event.data.submittedAt },
      );
    case "WishApproved": {
      const data = event.data;
      return recorded(wish, entry(event.type, data.approvedAt, data.by, data.note), {
        status: "approved",
        approvedAt: data.approvedAt,
      });
    }
    case "WishPublished": {
      const data = event.data;
      return recorded(wish, entry(event.type, data.publishedAt, data.by, undefined), {
        status: "published",
        publishedAt: data.publishedAt,
        expiresAt: data.expiresAt,
      });
    }
    case "WishRejected": {
      const data = event.data;
      return recorded(unfunded(wish), entry(event.type, data.rejectedAt, data.by, data.reason), {
        status: "rejected",
        rejection: { reason: data.reason, rejectedAt: data.rejectedAt, by: data.by },
      });
    }
    case "WishClaimed": {
      const data = event.data;
      const by: StepActor =
        data.funder.kind === "sponsor"
          ? { role: "sponsor", id: data.funder.sponsorId }
          : { role: "staff", id: data.funder.staffId };
      return recorded(wish, entry(event.type, data.pledgedAt, by, data.note), {
        pledge: {
          funder: data.funder,
          shareFen: data.shareFen,
          pledgedAt: data.pledgedAt,
          dueAt: data.dueAt,
          ...(data.note === undefined ? {} : { note: data.note }),
        },
        ...(data.fullyFunded
          ? { status: "claimed", fundedAt: data.pledgedAt, dueAt: data.dueAt }
          : {}),
      });
    }
    case "WishRedeemed": {
      const data = event.data;
      return recorded(wish, entry(event.type, data.redeemedAt, courierStep(wish), undefined), {
        redemption: {
          hold: data.hold,
          attempt: data.attempt,
          shareFen: data.shareFen,
          redeemedAt: data.redeemedAt,
        },
        redemptionAttempts: Math.max(wish.redemptionAttempts, data.attempt),
        ...(data.fullyFunded
          ? {
              status: wish.pledge === undefined ? "redeemed" : "claimed",
              fundedAt: data.redeemedAt,
              ...(data.dueAt === undefined ? {} : { dueAt: data.dueAt }),
            }
          : {}),
      });
    }
    case "WishHoldConfirmed": {
      const data = event.data;
      const redemption = wish.redemption;
      if (redemption === undefined || redemption.hold.transferId !== data.transferId) return wish;
      return recorded(wish, entry(event.type, data.confirmedAt, undefined, undefined), {
        redemption: { ...redemption, confirmedAt: data.confirmedAt },
      });
    }
    case "WishRedemptionFailed": {
      const data = event.data;
      const { redemption: _redemption, fundedAt: _fundedAt, dueAt: _dueAt, ...rest } = wish;
      return recorded(rest, entry(event.type, data.failedAt, undefined, data.reason), {
        status: "published",
        expiresAt: data.expiresAt,
      });
    }
    case "WishClaimReleased": {
      const data = event.data;
      return recorded(unfunded(wish), entry(event.type, data.releasedAt, data.by, data.note), {
        status: "published",
        expiresAt: data.expiresAt,
        releases: wish.releases + 1,
      });
    }
    case "WishFulfilled": {
      const data = event.data;
      return recorded(wish, entry(event.type, data.fulfilledAt, data.by, data.note), {
        status: "fulfilled",
        fulfilment: {
          fulfilledAt: data.fulfilledAt,
          by: data.by,
          ...(data.funder === undefined ? {} : { funder: data.funder }),
          ...(data.postedHold === undefined ? {} : { postedHold: data.postedHold }),
          ...(data.note === undefined ? {} : { note: data.note }),
          ...(data.activityId === undefined ? {} : { activityId: data.activityId }),
        },
      });
    }
    case "WishThanked": {
      const data = event.data;
      return recorded(wish, entry(event.type, data.thankedAt, courierStep(wish), data.note), {
        status: "thanked",
        thanks: {
          thankedAt: data.thankedAt,
          public: data.public,
          ...(data.note === undefined ? {} : { note: data.note }),
        },
      });
    }
    case "WishCancelled": {
      const data = event.data;
      return recorded(
        unfunded(wish),
        entry(event.type, data.cancelledAt, courierStep(wish), data.reason),
        {
          status: "cancelled",
          cancellation: {
            cancelledAt: data.cancelledAt,
            ...(data.reason === undefined ? {} : { reason: data.reason }),
          },
        },
      );
    }
    case "WishExpired": {
      const data = event.data;
      return recorded(unfunded(wish), entry(event.type, data.expiredAt, undefined, undefined), {
        status: "expired",
        expiredAt: data.expiredAt,
      });
    }
    case "WishContactConsentGiven": {
      const data = event.data;
      return recorded(wish, entry(event.type, data.givenAt, undefined, undefined), {
        contact: { ...wish.contact, [data.party]: true },
      });
    }
    case "WishContactShared":
      return recorded(wish, entry(event.type, event.data.sharedAt, undefined, undefined), {
        contact: { courier: true, sponsor: true, shared: true },
      });
    case "WishLinkedToActivity": {
      const data = event.data;
      return recorded(wish, entry(event.type, data.linkedAt, data.by, undefined), {
        activityId: data.activityId,
      });
    }
    case "WishUnlinkedFromActivity": {
      const data = event.data;
      const { activityId: _activityId, ...rest } = wish;
      return recorded(rest, entry(event.type, data.unlinkedAt, data.by, undefined), {});
    }
    case "WishCourierTextErased": {
      const masked = withCourierTextMasked(wish);
      return recorded(masked, entry(event.type, event.data.erasedAt, undefined, undefined), {
        courierTextErasedAt: event.data.erasedAt,
      });
    }
  }
};

/**
 * The wish with the words its courier typed masked of contact details: title,
 * description, their cancellation reason and thanks, and every note of its history.
 */
const withCourierTextMasked = (wish: Wish): Wish => ({
  ...wish,
  title: maskContactDetails(wish.title),
  description: maskContactDetails(wish.description),
  ...(wish.cancellation?.reason === undefined
    ? {}
    : {
        cancellation: {
          ...wish.cancellation,
          reason: maskContactDetails(wish.cancellation.reason),
        },
      }),
  ...(wish.thanks?.note === undefined
    ? {}
    : { thanks: { ...wish.thanks, note: maskContactDetails(wish.thanks.note) } }),
  history: wish.history.map((step) =>
    step.note === undefined ? step : { ...step, note: maskContactDetails(step.note) },
  ),
});
