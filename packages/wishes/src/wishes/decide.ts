import {
  type ActivityFacts,
  type ActivityId,
  accept,
  addMillis,
  type CommunityPolicy,
  type CourierId,
  DAY,
  type Decision,
  type DecisionContext,
  type Instant,
  isBefore,
  millisOf,
  type Points,
  refuse,
  type SponsorId,
  type StaffId,
} from "@courier-station/core";
import { courierAccountId, type TransferAmount } from "@courier-station/points";
import { Either } from "effect";
import {
  holdTimeoutFor,
  pointsPriceOf,
  postingOf,
  voidingOf,
  wishHoldTransferId,
  wishTransferReference,
} from "../holds.js";
import { findProhibitedItem } from "../prohibited-items.js";
import type { SponsorFacts } from "../sponsors/facts.js";
import { type Funder, stepActorOf, type WishFunding } from "../values.js";
import type { WishCommand } from "./commands.js";
import {
  FundingNotAllowed,
  InsufficientPointsForWish,
  NotAPartyToTheWish,
  NotAWishModerator,
  NotTheWishCourier,
  NotYourWishFunding,
  PointsShareNotBelowValue,
  ProhibitedWishItem,
  TooManyOpenWishes,
  UnknownWishHold,
  WishActivityElsewhere,
  WishActivityNotUnderWay,
  WishActivityOver,
  WishAlreadyClaimed,
  WishAlreadyExists,
  WishAlreadyFulfilled,
  WishAlreadyRedeemed,
  WishCourierNotActive,
  WishDeadlineNotReached,
  type WishError,
  WishFactsMissing,
  WishHoldAlreadyConfirmed,
  WishHoldNotConfirmed,
  WishHoldTimedOut,
  WishNotFound,
  WishNotLinkedToActivity,
  WishPastExpiry,
  WishPointsPriceChanged,
  WishSponsorNotActive,
  type WishStep,
  WishTransitionNotAllowed,
  WishValueOverCap,
} from "./errors.js";
import type { WishClaimReleased, WishEvent } from "./events.js";
import {
  isDrafted,
  isFullyFunded,
  isOpenWishStatus,
  pointsShareOf,
  sponsorShareOf,
  type Wish,
  type WishState,
  type WishStatus,
} from "./state.js";

/**
 * What a wish needs to know about the acting courier: the `CourierFacts` of
 * `@courier-station/core` (couriers/facts.ts), which the service looks up, fit it as they are.
 */
export interface WishCourierFacts {
  readonly courierId: CourierId;
  /** `active`, or why not (`registered`, `suspended`, `left`, …). */
  readonly status: string;
}

/**
 * The decision context of micro-wishes: the community policy, and what the service looked
 * up for the acting courier or sponsor.
 *
 * - `courier`: the acting courier's facts (to draft, submit, revise or redeem, a courier
 *   must be active);
 * - `openWishCount`: how many open wishes the acting courier has, not counting this one
 *   (to draft; see `openWishStatuses`);
 * - `availablePoints`: the acting courier's available points (to redeem; the ledger stays
 *   the final guard);
 * - `sponsor`: the acting sponsor's facts (to claim);
 * - `activity`: the facts of the activity a command names (to link a wish to it, or to
 *   hand it over there), `activityFacts(state)` of `@courier-station/core`.
 */
export interface WishDecisionContext extends DecisionContext {
  readonly policy: CommunityPolicy;
  readonly courier?: WishCourierFacts;
  readonly openWishCount?: number;
  readonly availablePoints?: number;
  readonly sponsor?: SponsorFacts;
  readonly activity?: ActivityFacts;
}

type WishDecision = Decision<WishEvent, WishError>;

const optional = <Key extends string, Value>(
  key: Key,
  value: Value | undefined,
): { [K in Key]?: Value } =>
  (value === undefined ? {} : { [key]: value }) as { [K in Key]?: Value };

const notAllowed = (wish: Wish, step: WishStep): WishDecision =>
  refuse(new WishTransitionNotAllowed({ wishId: wish.wishId, status: wish.status, step }));

const isOneOf = (status: WishStatus, statuses: ReadonlyArray<WishStatus>): boolean =>
  statuses.includes(status);

/** The acting courier, checked to be the one the facts are about and active. */
const activeCourier = (context: WishDecisionContext): WishError | undefined => {
  const courier = context.courier;
  if (courier === undefined) return new WishFactsMissing({ fact: "courier" });
  if (courier.courierId !== context.actor.id) {
    return new WishCourierNotActive({ courierId: context.actor.id, status: "unknown" });
  }
  if (courier.status !== "active") {
    return new WishCourierNotActive({ courierId: courier.courierId, status: courier.status });
  }
  return undefined;
};

const ownerMismatch = (wish: Wish, context: WishDecisionContext): WishError | undefined =>
  context.actor.role === "courier" && context.actor.id === wish.courierId
    ? undefined
    : new NotTheWishCourier({ wishId: wish.wishId, actorId: context.actor.id });

const notAModerator = (context: WishDecisionContext): WishError | undefined => {
  const moderators = context.policy.wishes.moderatorIds;
  if (context.actor.role !== "staff") return new NotAWishModerator({ staffId: context.actor.id });
  return moderators.length === 0 || moderators.some((id) => id === context.actor.id)
    ? undefined
    : new NotAWishModerator({ staffId: context.actor.id });
};

interface WishContent {
  readonly title: string;
  readonly description: string;
  readonly estimatedValueFen: number;
  readonly funding: WishFunding;
}

/** The rules on what a wish may be: the value cap, the points part, prohibited items. */
const contentProblem = (
  content: WishContent,
  context: WishDecisionContext,
): WishError | undefined => {
  const policy = context.policy.wishes;
  if (content.estimatedValueFen > policy.valueCapFen) {
    return new WishValueOverCap({
      valueFen: content.estimatedValueFen,
      capFen: policy.valueCapFen,
    });
  }
  if (
    content.funding.mode === "both" &&
    content.funding.pointsShareFen >= content.estimatedValueFen
  ) {
    return new PointsShareNotBelowValue({
      pointsShareFen: content.funding.pointsShareFen,
      valueFen: content.estimatedValueFen,
    });
  }
  const prohibited = findProhibitedItem(
    `${content.title}\n${content.description}`,
    policy.prohibitedItems,
  );
  return prohibited === undefined ? undefined : new ProhibitedWishItem(prohibited);
};

/** The time a published wish had left when it was funded, given back when it is released. */
const expiryAfterRelease = (wish: Wish, now: Instant): Instant => {
  const expiresAt = wish.expiresAt ?? now;
  if (!isFullyFunded(wish)) return expiresAt;
  const remaining = Math.max(0, millisOf(expiresAt) - millisOf(wish.fundedAt ?? now));
  return addMillis(now, remaining);
};

/** What undoing a wish's funding releases: its pledge and the void of its points hold. */
const undoFunding = (
  wish: Wish,
): { releasedPledge?: Funder; voidedHold?: ReturnType<typeof voidingOf> } => ({
  ...optional("releasedPledge", wish.pledge?.funder),
  ...optional(
    "voidedHold",
    wish.redemption === undefined ? undefined : voidingOf(wish.redemption.hold),
  ),
});

/** Whether a wish is on the wall and may still be funded now. */
const fundingWindowProblem = (
  wish: Wish,
  step: WishStep,
  context: WishDecisionContext,
): WishDecision | undefined => {
  if (wish.status === "claimed") {
    return refuse(new WishAlreadyClaimed({ wishId: wish.wishId }));
  }
  if (wish.status === "redeemed") {
    return refuse(new WishAlreadyRedeemed({ wishId: wish.wishId }));
  }
  if (wish.status !== "published") return notAllowed(wish, step);
  if (wish.expiresAt !== undefined && !isBefore(context.now, wish.expiresAt)) {
    return refuse(new WishPastExpiry({ wishId: wish.wishId, expiresAt: wish.expiresAt }));
  }
  return undefined;
};

/** A pledge of the wish's sponsor part by a sponsor or from the community's donations. */
const decidePledge = (
  wish: Wish,
  funder: Funder,
  note: string | undefined,
  context: WishDecisionContext,
): WishDecision => {
  const window = fundingWindowProblem(wish, "claim", context);
  if (window !== undefined) return window;
  const share = sponsorShareOf(wish);
  if (share === undefined) {
    return refuse(
      new FundingNotAllowed({ wishId: wish.wishId, mode: wish.funding.mode, by: "sponsor" }),
    );
  }
  if (wish.pledge !== undefined) return refuse(new WishAlreadyClaimed({ wishId: wish.wishId }));
  const now = context.now;
  return accept<WishEvent>({
    type: "WishClaimed",
    data: {
      wishId: wish.wishId,
      courierId: wish.courierId,
      funder,
      shareFen: share,
      ...optional("note", note),
      pledgedAt: now,
      dueAt: addMillis(now, context.policy.wishes.fulfilmentDays * DAY),
      fullyFunded: wish.funding.mode !== "both" || wish.redemption !== undefined,
    },
  });
};

const decideRedeem = (
  wish: Wish,
  expectedPoints: Points | undefined,
  context: WishDecisionContext,
): WishDecision => {
  const owner = ownerMismatch(wish, context);
  if (owner !== undefined) return refuse(owner);
  const inactive = activeCourier(context);
  if (inactive !== undefined) return refuse(inactive);
  const window = fundingWindowProblem(wish, "redeem", context);
  if (window !== undefined) return window;
  const share = pointsShareOf(wish);
  if (share === undefined) {
    return refuse(
      new FundingNotAllowed({ wishId: wish.wishId, mode: wish.funding.mode, by: "points" }),
    );
  }
  if (wish.redemption !== undefined) {
    return refuse(new WishAlreadyRedeemed({ wishId: wish.wishId }));
  }
  const policy = context.policy.wishes;
  const price = pointsPriceOf(share, policy);
  if (expectedPoints !== undefined && expectedPoints !== price) {
    return refuse(new WishPointsPriceChanged({ expected: expectedPoints, price }));
  }
  if (context.availablePoints === undefined) {
    return refuse(new WishFactsMissing({ fact: "availablePoints" }));
  }
  if (context.availablePoints < price) {
    return refuse(new InsufficientPointsForWish({ available: context.availablePoints, price }));
  }
  const now = context.now;
  const fullyFunded = wish.funding.mode !== "both" || wish.pledge !== undefined;
  const dueAt = fullyFunded
    ? (wish.pledge?.dueAt ?? addMillis(now, policy.fulfilmentDays * DAY))
    : undefined;
  // A hold waiting for a sponsor's part must outlive the wall and a sponsor's hand-over.
  const latestHandOver = dueAt ?? addMillis(wish.expiresAt ?? now, policy.fulfilmentDays * DAY);
  const attempt = wish.redemptionAttempts + 1;
  return accept<WishEvent>({
    type: "WishRedeemed",
    data: {
      wishId: wish.wishId,
      courierId: wish.courierId,
      shareFen: share,
      points: price as Points,
      hold: {
        transferId: wishHoldTransferId(wish.wishId, attempt),
        account: courierAccountId(wish.courierId),
        amount: price as TransferAmount,
        timeoutAt: holdTimeoutFor(latestHandOver, policy),
        reference: wishTransferReference(wish.wishId),
      },
      attempt,
      redeemedAt: now,
      fullyFunded,
      ...optional("dueAt", dueAt),
    },
  });
};

/** Whether a transfer id is one of the holds an earlier redemption of this wish asked for. */
const isEarlierHold = (wish: Wish, transferId: string): boolean => {
  for (let attempt = 1; attempt <= wish.redemptionAttempts; attempt++) {
    if (wishHoldTransferId(wish.wishId, attempt) === transferId) return true;
  }
  return false;
};

const releaseReasonOf = (role: string): WishClaimReleased["data"]["reason"] => {
  switch (role) {
    case "sponsor":
      return "sponsor";
    case "courier":
      return "courier";
    case "staff":
      return "staff";
    default:
      return "deadline";
  }
};

const decideRelease = (
  wish: Wish,
  note: string | undefined,
  context: WishDecisionContext,
): WishDecision => {
  const funded = isFullyFunded(wish);
  const partial =
    wish.status === "published" && (wish.pledge !== undefined || wish.redemption !== undefined);
  if (!funded && !partial) return notAllowed(wish, "release");
  const actor = context.actor;
  switch (actor.role) {
    case "system": {
      // The timer acts on deadlines: a funded wish's hand-over, a lone pledge's due time.
      // A lone points hold waits for a sponsor until the wish expires.
      const deadline = funded ? wish.dueAt : wish.pledge?.dueAt;
      if (deadline === undefined) return notAllowed(wish, "release");
      if (isBefore(context.now, deadline)) {
        return refuse(new WishDeadlineNotReached({ wishId: wish.wishId, deadline }));
      }
      break;
    }
    case "sponsor": {
      const funder = wish.pledge?.funder;
      if (funder?.kind !== "sponsor" || funder.sponsorId !== actor.id) {
        return refuse(new NotYourWishFunding({ wishId: wish.wishId, actorId: actor.id }));
      }
      break;
    }
    case "courier": {
      if (actor.id !== wish.courierId || wish.redemption === undefined) {
        return refuse(new NotYourWishFunding({ wishId: wish.wishId, actorId: actor.id }));
      }
      break;
    }
    default: {
      const moderator = notAModerator(context);
      if (moderator !== undefined) return refuse(moderator);
    }
  }
  return accept<WishEvent>({
    type: "WishClaimReleased",
    data: {
      wishId: wish.wishId,
      courierId: wish.courierId,
      reason: releaseReasonOf(actor.role),
      by: stepActorOf(actor),
      ...optional("note", note),
      ...undoFunding(wish),
      releasedAt: context.now,
      expiresAt: expiryAfterRelease(wish, context.now),
    },
  });
};

/** The facts of the activity a command names, or why they are missing. */
const activityNamed = (
  activityId: ActivityId,
  context: WishDecisionContext,
): Either.Either<ActivityFacts, WishError> => {
  const activity = context.activity;
  return activity === undefined || activity.activityId !== activityId
    ? Either.left(new WishFactsMissing({ fact: "activity" }))
    : Either.right(activity);
};

/** Whether wishes may be handed over at an activity now: it has started (or just ended). */
const handOverAtProblem = (
  wish: Wish,
  activityId: ActivityId,
  context: WishDecisionContext,
): WishError | undefined => {
  if (wish.activityId !== activityId) {
    return new WishNotLinkedToActivity({ wishId: wish.wishId, activityId });
  }
  const activity = activityNamed(activityId, context);
  if (Either.isLeft(activity)) return activity.left;
  const { status } = activity.right;
  return status === "started" || status === "completed"
    ? undefined
    : new WishActivityNotUnderWay({ activityId, status });
};

const decideFulfil = (
  wish: Wish,
  note: string | undefined,
  activityId: ActivityId | undefined,
  context: WishDecisionContext,
): WishDecision => {
  if (context.actor.role === "courier") {
    const owner = ownerMismatch(wish, context);
    if (owner !== undefined) return refuse(owner);
  }
  if (context.actor.role === "sponsor") {
    // The sponsor whose pledge funds the wish hands it over and may say so; no one else.
    const funder = wish.pledge?.funder;
    if (funder?.kind !== "sponsor" || funder.sponsorId !== context.actor.id) {
      return refuse(new NotAPartyToTheWish({ wishId: wish.wishId, actorId: context.actor.id }));
    }
  }
  if (wish.status === "fulfilled" || wish.status === "thanked") {
    // A bulk record of an event's hand-overs sent again: this one is already recorded there.
    if (activityId !== undefined && wish.fulfilment?.activityId === activityId) return accept();
    return refuse(new WishAlreadyFulfilled({ wishId: wish.wishId }));
  }
  if (!isFullyFunded(wish)) return notAllowed(wish, "fulfil");
  if (activityId !== undefined) {
    const problem = handOverAtProblem(wish, activityId, context);
    if (problem !== undefined) return refuse(problem);
  }
  const redemption = wish.redemption;
  if (redemption !== undefined) {
    if (redemption.confirmedAt === undefined) {
      return refuse(new WishHoldNotConfirmed({ wishId: wish.wishId }));
    }
    if (!isBefore(context.now, redemption.hold.timeoutAt)) {
      return refuse(
        new WishHoldTimedOut({ wishId: wish.wishId, timeoutAt: redemption.hold.timeoutAt }),
      );
    }
  }
  return accept<WishEvent>({
    type: "WishFulfilled",
    data: {
      wishId: wish.wishId,
      courierId: wish.courierId,
      by: stepActorOf(context.actor),
      title: wish.title,
      category: wish.category,
      estimatedValueFen: wish.estimatedValueFen,
      ...optional("funder", wish.pledge?.funder),
      ...optional("sponsorShareFen", wish.pledge?.shareFen),
      ...optional("postedHold", redemption === undefined ? undefined : postingOf(redemption.hold)),
      ...optional("note", note),
      stationId: wish.stationId,
      ...optional("activityId", activityId),
      fulfilledAt: context.now,
    },
  });
};

/** The wishes a moderator may link to an activity: approved, and not yet handed over. */
const linkableStatuses: ReadonlyArray<WishStatus> = [
  "approved",
  "published",
  "claimed",
  "redeemed",
];

const decideLink = (
  wish: Wish,
  activityId: ActivityId,
  context: WishDecisionContext,
): WishDecision => {
  const moderator = notAModerator(context);
  if (moderator !== undefined) return refuse(moderator);
  if (!isOneOf(wish.status, linkableStatuses)) return notAllowed(wish, "link");
  const named = activityNamed(activityId, context);
  if (Either.isLeft(named)) return refuse(named.left);
  const activity = named.right;
  if (activity.status === "completed" || activity.status === "cancelled") {
    return refuse(new WishActivityOver({ activityId, status: activity.status }));
  }
  if (activity.stationId !== wish.stationId) {
    return refuse(
      new WishActivityElsewhere({
        wishId: wish.wishId,
        stationId: wish.stationId,
        activityStationId: activity.stationId,
      }),
    );
  }
  if (wish.activityId === activityId) return accept();
  return accept<WishEvent>({
    type: "WishLinkedToActivity",
    data: {
      wishId: wish.wishId,
      activityId,
      stationId: wish.stationId,
      ...optional("previousActivityId", wish.activityId),
      by: stepActorOf(context.actor),
      linkedAt: context.now,
    },
  });
};

const decideShareContact = (wish: Wish, context: WishDecisionContext): WishDecision => {
  const actor = context.actor;
  const funder = wish.pledge?.funder;
  const sponsorId: SponsorId | undefined =
    funder?.kind === "sponsor" ? funder.sponsorId : undefined;
  const party =
    actor.role === "courier" && actor.id === wish.courierId
      ? "courier"
      : actor.role === "sponsor" && sponsorId !== undefined && actor.id === sponsorId
        ? "sponsor"
        : undefined;
  if (party === undefined) {
    return refuse(new NotAPartyToTheWish({ wishId: wish.wishId, actorId: actor.id }));
  }
  if (
    sponsorId === undefined ||
    !isOneOf(wish.status, ["published", "claimed", "fulfilled", "thanked"])
  ) {
    return notAllowed(wish, "share-contact");
  }
  if (wish.contact[party]) return accept();
  const other = party === "courier" ? wish.contact.sponsor : wish.contact.courier;
  const consent: WishEvent = {
    type: "WishContactConsentGiven",
    data: { wishId: wish.wishId, party, givenAt: context.now },
  };
  if (!other) return accept(consent);
  return accept<WishEvent>(consent, {
    type: "WishContactShared",
    data: { wishId: wish.wishId, courierId: wish.courierId, sponsorId, sharedAt: context.now },
  });
};

/**
 * Decides a command on a micro-wish (微心愿): every rule of the aggregate.
 *
 * - a courier drafts, revises and submits their wish (active couriers only, within the
 *   policy's value cap, prohibited items and open wishes per courier);
 * - a moderator (see `moderatorIds`) approves, publishes or rejects it;
 * - a sponsor claims it, or a moderator funds it from the community's donations; the
 *   courier redeems it (or their part) with points, held until the hand-over;
 * - staff or the courier confirm the hand-over (the points hold is posted); the courier
 *   thanks the sponsor;
 * - the courier cancels it before the hand-over; the `system` timer expires an unfunded
 *   wish and releases a claim past its deadline (every undo voids the hold).
 *
 * @example
 * const decision = decideWish(command, state, { now, actor, community, policy, courier,
 *   openWishCount: 0 });
 */
export const decideWish = (
  command: WishCommand,
  state: WishState,
  context: WishDecisionContext,
): WishDecision => {
  if (command.type === "DraftWish") {
    const data = command.data;
    if (isDrafted(state)) return refuse(new WishAlreadyExists({ wishId: data.wishId }));
    const courier = context.courier;
    const inactive = activeCourier(context);
    if (inactive !== undefined || courier === undefined) {
      return refuse(inactive ?? new WishFactsMissing({ fact: "courier" }));
    }
    if (context.openWishCount === undefined) {
      return refuse(new WishFactsMissing({ fact: "openWishCount" }));
    }
    const max = context.policy.wishes.maxOpenWishesPerCourier;
    if (context.openWishCount >= max) {
      return refuse(new TooManyOpenWishes({ open: context.openWishCount, max }));
    }
    const problem = contentProblem(data, context);
    if (problem !== undefined) return refuse(problem);
    return accept<WishEvent>({
      type: "WishDrafted",
      data: {
        wishId: data.wishId,
        courierId: courier.courierId,
        stationId: data.stationId,
        title: data.title,
        description: data.description,
        category: data.category,
        estimatedValueFen: data.estimatedValueFen,
        funding: data.funding,
        ...optional("photo", data.photo),
        draftedAt: context.now,
      },
    });
  }

  if (!isDrafted(state)) return refuse(new WishNotFound({ wishId: command.data.wishId }));
  const wish = state;
  const now = context.now;

  switch (command.type) {
    case "ReviseWish": {
      const owner = ownerMismatch(wish, context);
      if (owner !== undefined) return refuse(owner);
      if (wish.status !== "draft") return notAllowed(wish, "revise");
      const inactive = activeCourier(context);
      if (inactive !== undefined) return refuse(inactive);
      const data = command.data;
      const problem = contentProblem(data, context);
      if (problem !== undefined) return refuse(problem);
      return accept<WishEvent>({
        type: "WishRevised",
        data: {
          wishId: wish.wishId,
          title: data.title,
          description: data.description,
          category: data.category,
          estimatedValueFen: data.estimatedValueFen,
          funding: data.funding,
          ...optional("photo", data.photo),
          revisedAt: now,
        },
      });
    }

    case "SubmitWish": {
      const owner = ownerMismatch(wish, context);
      if (owner !== undefined) return refuse(owner);
      if (wish.status !== "draft") return notAllowed(wish, "submit");
      const inactive = activeCourier(context);
      if (inactive !== undefined) return refuse(inactive);
      // The policy may have changed since the draft: it is checked again as it is now.
      const problem = contentProblem(wish, context);
      if (problem !== undefined) return refuse(problem);
      return accept<WishEvent>({
        type: "WishSubmitted",
        data: { wishId: wish.wishId, courierId: wish.courierId, submittedAt: now },
      });
    }

    case "ApproveWish": {
      const moderator = notAModerator(context);
      if (moderator !== undefined) return refuse(moderator);
      if (wish.status !== "submitted") return notAllowed(wish, "approve");
      const by = stepActorOf(context.actor);
      const approved: WishEvent = {
        type: "WishApproved",
        data: { wishId: wish.wishId, by, ...optional("note", command.data.note), approvedAt: now },
      };
      if (!command.data.publish) return accept(approved);
      return accept<WishEvent>(approved, {
        type: "WishPublished",
        data: {
          wishId: wish.wishId,
          by,
          publishedAt: now,
          expiresAt: addMillis(now, context.policy.wishes.publishedExpiryDays * DAY),
        },
      });
    }

    case "PublishWish": {
      const moderator = notAModerator(context);
      if (moderator !== undefined) return refuse(moderator);
      if (wish.status !== "approved") return notAllowed(wish, "publish");
      return accept<WishEvent>({
        type: "WishPublished",
        data: {
          wishId: wish.wishId,
          by: stepActorOf(context.actor),
          publishedAt: now,
          expiresAt: addMillis(now, context.policy.wishes.publishedExpiryDays * DAY),
        },
      });
    }

    case "RejectWish": {
      const moderator = notAModerator(context);
      if (moderator !== undefined) return refuse(moderator);
      if (!isOneOf(wish.status, ["submitted", "approved", "published", "claimed", "redeemed"])) {
        return notAllowed(wish, "reject");
      }
      return accept<WishEvent>({
        type: "WishRejected",
        data: {
          wishId: wish.wishId,
          courierId: wish.courierId,
          by: stepActorOf(context.actor),
          reason: command.data.reason,
          ...undoFunding(wish),
          rejectedAt: now,
        },
      });
    }

    case "ClaimWish": {
      const sponsor = context.sponsor;
      if (sponsor === undefined) return refuse(new WishFactsMissing({ fact: "sponsor" }));
      if (sponsor.sponsorId !== context.actor.id) {
        return refuse(new WishSponsorNotActive({ sponsorId: context.actor.id, status: "unknown" }));
      }
      if (sponsor.status !== "active") {
        return refuse(
          new WishSponsorNotActive({ sponsorId: sponsor.sponsorId, status: sponsor.status }),
        );
      }
      return decidePledge(
        wish,
        { kind: "sponsor", sponsorId: sponsor.sponsorId },
        command.data.note,
        context,
      );
    }

    case "FundWishFromDonations": {
      const moderator = notAModerator(context);
      if (moderator !== undefined) return refuse(moderator);
      return decidePledge(
        wish,
        { kind: "community", staffId: context.actor.id as StaffId },
        command.data.note,
        context,
      );
    }

    case "RedeemWish":
      return decideRedeem(wish, command.data.expectedPoints, context);

    case "ConfirmWishHold": {
      const { transferId } = command.data;
      const redemption = wish.redemption;
      if (redemption !== undefined && redemption.hold.transferId === transferId) {
        if (redemption.confirmedAt !== undefined) return accept();
        return accept<WishEvent>({
          type: "WishHoldConfirmed",
          data: { wishId: wish.wishId, transferId, confirmedAt: now },
        });
      }
      // A report about a hold the wish has since released changes nothing.
      if (isEarlierHold(wish, transferId)) return accept();
      return refuse(new UnknownWishHold({ wishId: wish.wishId, transferId }));
    }

    case "RecordWishRedemptionFailed": {
      const { transferId, reason } = command.data;
      const redemption = wish.redemption;
      const current =
        redemption !== undefined &&
        redemption.hold.transferId === transferId &&
        isOneOf(wish.status, ["published", "claimed", "redeemed"]);
      if (current) {
        if (redemption.confirmedAt !== undefined) {
          return refuse(new WishHoldAlreadyConfirmed({ wishId: wish.wishId, transferId }));
        }
        return accept<WishEvent>({
          type: "WishRedemptionFailed",
          data: {
            wishId: wish.wishId,
            courierId: wish.courierId,
            transferId,
            reason,
            failedAt: now,
            expiresAt: expiryAfterRelease(wish, now),
          },
        });
      }
      if (isEarlierHold(wish, transferId)) return accept();
      return refuse(new UnknownWishHold({ wishId: wish.wishId, transferId }));
    }

    case "ReleaseWishClaim":
      return decideRelease(wish, command.data.note, context);

    case "ConfirmWishFulfilled":
      return decideFulfil(wish, command.data.note, command.data.activityId, context);

    case "LinkWishToActivity":
      return decideLink(wish, command.data.activityId, context);

    case "UnlinkWishFromActivity": {
      const moderator = notAModerator(context);
      if (moderator !== undefined) return refuse(moderator);
      if (!isOpenWishStatus(wish.status)) return notAllowed(wish, "unlink");
      // Nothing to take it off: a no-op, so a form sent twice is fine.
      if (wish.activityId === undefined) return accept();
      return accept<WishEvent>({
        type: "WishUnlinkedFromActivity",
        data: {
          wishId: wish.wishId,
          activityId: wish.activityId,
          by: stepActorOf(context.actor),
          unlinkedAt: now,
        },
      });
    }

    case "ThankWishSponsor": {
      const owner = ownerMismatch(wish, context);
      if (owner !== undefined) return refuse(owner);
      if (wish.status !== "fulfilled") return notAllowed(wish, "thank");
      return accept<WishEvent>({
        type: "WishThanked",
        data: {
          wishId: wish.wishId,
          courierId: wish.courierId,
          ...optional("funder", wish.fulfilment?.funder),
          ...optional("note", command.data.note),
          public: command.data.public,
          thankedAt: now,
        },
      });
    }

    case "CancelWish": {
      const owner = ownerMismatch(wish, context);
      if (owner !== undefined) return refuse(owner);
      if (!isOpenWishStatus(wish.status)) return notAllowed(wish, "cancel");
      return accept<WishEvent>({
        type: "WishCancelled",
        data: {
          wishId: wish.wishId,
          courierId: wish.courierId,
          ...optional("reason", command.data.reason),
          ...undoFunding(wish),
          cancelledAt: now,
        },
      });
    }

    case "ExpireWish": {
      if (wish.status !== "published") return notAllowed(wish, "expire");
      const expiresAt = wish.expiresAt ?? now;
      if (isBefore(now, expiresAt)) {
        return refuse(new WishDeadlineNotReached({ wishId: wish.wishId, deadline: expiresAt }));
      }
      return accept<WishEvent>({
        type: "WishExpired",
        data: {
          wishId: wish.wishId,
          courierId: wish.courierId,
          ...undoFunding(wish),
          expiredAt: now,
        },
      });
    }

    case "AgreeToShareContact":
      return decideShareContact(wish, context);

    case "EraseWishCourierText":
      // Masked once; sent again (another delivery of the erasure), nothing changes.
      if (wish.courierTextErasedAt !== undefined) return accept<WishEvent>();
      return accept<WishEvent>({
        type: "WishCourierTextErased",
        data: { wishId: wish.wishId, courierId: wish.courierId, erasedAt: now },
      });
  }
};
