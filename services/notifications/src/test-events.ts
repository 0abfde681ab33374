import type { Instant } from "@courier-station/core";
import { NoticeSourceEvent } from "./notices.js";

/*
 * Events of the other services as the tests need them, each checked against its schema
 * (the same one the service parses with), so a fixture that drifts from the packages
 * fails loudly instead of testing nothing.
 */

/** A derived id (`d-` and 40 hex digits) made of one repeated digit. */
export const derivedFixtureId = (digit: string): string => `d-${digit.repeat(40)}`;

const checked = (event: { readonly type: string; readonly data: object }): NoticeSourceEvent =>
  NoticeSourceEvent.parse(event);

/** `CourierVerified` of a courier. */
export const courierVerified = (courierId: string, at: Instant) =>
  checked({
    type: "CourierVerified",
    data: { courierId, verifiedBy: "staff-wang", verifiedAt: at },
  });

/** `CourierRejected` of a courier, with a reason. */
export const courierRejected = (courierId: string, at: Instant) =>
  checked({
    type: "CourierRejected",
    data: { courierId, reason: "照片看不清", rejectedBy: "staff-wang", rejectedAt: at },
  });

/** `ConsentWithdrawn` by a courier, with the time the policy erases them by itself if any. */
export const consentWithdrawn = (courierId: string, at: Instant, automaticErasureAt?: Instant) =>
  checked({
    type: "ConsentWithdrawn",
    data: {
      courierId,
      policyVersion: "2026-01",
      withdrawnAt: at,
      recordedBy: courierId,
      ...(automaticErasureAt === undefined ? {} : { automaticErasureAt }),
    },
  });

/** `SignUpsPaused` of a courier until an instant. */
export const signUpsPaused = (courierId: string, until: Instant, at: Instant) =>
  checked({ type: "SignUpsPaused", data: { courierId, until, noShows: 3, pausedAt: at } });

const activityDetails = (title: string, startsAt: string, endsAt: string) => ({
  title,
  kind: "volunteering",
  organiser: { kind: "community" },
  stationId: "wanda",
  place: { description: "万达广场 3 号门 党群服务站活动室" },
  startsAt,
  endsAt,
  signUpRequired: true,
  volunteerHours: 2,
});

/** `ActivityPlanned` of an activity with a title. */
export const activityPlanned = (activityId: string, title: string, at: Instant) =>
  checked({
    type: "ActivityPlanned",
    data: {
      activityId,
      details: activityDetails(title, "2026-12-05T06:00:00.000Z", "2026-12-05T08:00:00.000Z"),
      plannedAt: at,
    },
  });

/** `ActivityDetailsUpdated`: the start moved, the couriers holding a place told. */
export const activityMoved = (
  activityId: string,
  title: string,
  notify: ReadonlyArray<string>,
  at: Instant,
) =>
  checked({
    type: "ActivityDetailsUpdated",
    data: {
      activityId,
      details: activityDetails(title, "2026-12-06T06:00:00.000Z", "2026-12-06T08:00:00.000Z"),
      changed: ["startsAt", "endsAt"],
      notify: [...notify],
      updatedAt: at,
    },
  });

/** `ActivityCancelled` with the couriers to tell. */
export const activityCancelled = (activityId: string, notify: ReadonlyArray<string>, at: Instant) =>
  checked({
    type: "ActivityCancelled",
    data: { activityId, reason: "暴雨预警", notify: [...notify], cancelledAt: at },
  });

/** `ReportAccepted`: routed to a handler. */
export const reportAccepted = (reportId: string, handlerId: string, at: Instant) =>
  checked({
    type: "ReportAccepted",
    data: {
      reportId,
      category: "river",
      handlerId,
      dueHours: 48,
      dueAt: "2026-11-18T02:00:00.000Z",
      acceptedAt: at,
      by: { role: "staff", id: "staff-wang" },
    },
  });

/** `ReportResolved`: "is it fixed?" to the reporter. */
export const reportResolved = (reportId: string, reporterId: string, at: Instant) =>
  checked({
    type: "ReportResolved",
    data: {
      reportId,
      reporterId,
      note: "已清理河道垃圾",
      resolvedAt: at,
      confirmationDueAt: "2026-11-23T02:00:00.000Z",
      by: { role: "handler", id: "h-river" },
    },
  });

/** `ReportBecameOverdue` of a report with its handler, at a station. */
export const reportOverdue = (reportId: string, handlerId: string, at: Instant) =>
  checked({
    type: "ReportBecameOverdue",
    data: {
      reportId,
      category: "river",
      handlerId,
      dueAt: "2026-11-15T02:00:00.000Z",
      flaggedAt: at,
      stationId: "wanda",
      by: { role: "system", id: "system:reports-deadlines" },
    },
  });

/** `SuggestionAnswered` to its author. */
export const suggestionAnswered = (
  suggestionId: string,
  authorId: string,
  answer: string,
  at: Instant,
) =>
  checked({
    type: "SuggestionAnswered",
    data: { suggestionId, authorId, answer, answeredAt: at, by: "staff-wang" },
  });

/** `SuggestionAdopted` to its author. */
export const suggestionAdopted = (suggestionId: string, authorId: string, at: Instant) =>
  checked({
    type: "SuggestionAdopted",
    data: {
      suggestionId,
      authorId,
      topic: "station-services",
      plan: "下月起服务站延长开放到晚上十点",
      adoptedAt: at,
      by: "staff-wang",
    },
  });

/** `SuggestionDeclined` to its author. */
export const suggestionDeclined = (suggestionId: string, authorId: string, at: Instant) =>
  checked({
    type: "SuggestionDeclined",
    data: { suggestionId, authorId, reason: "场地不够", declinedAt: at, by: "staff-wang" },
  });

/** `SuggestionResponseBecameOverdue` without a station. */
export const suggestionOverdue = (suggestionId: string, at: Instant) =>
  checked({
    type: "SuggestionResponseBecameOverdue",
    data: {
      suggestionId,
      topic: "station-services",
      submittedAt: "2026-11-01T02:00:00.000Z",
      dueAt: "2026-11-08T02:00:00.000Z",
      flaggedAt: at,
    },
  });

/** `WishDrafted` by a courier. */
export const wishDrafted = (wishId: string, courierId: string, title: string, at: Instant) =>
  checked({
    type: "WishDrafted",
    data: {
      wishId,
      courierId,
      stationId: "wanda",
      title,
      description: "跑单时听导航用",
      category: "daily-necessities",
      estimatedValueFen: 9_900,
      funding: { mode: "sponsor" },
      draftedAt: at,
    },
  });

/** `WishClaimed` by a sponsor, wholly funded or not. */
export const wishClaimed = (
  wishId: string,
  courierId: string,
  sponsorId: string,
  fullyFunded: boolean,
  at: Instant,
) =>
  checked({
    type: "WishClaimed",
    data: {
      wishId,
      courierId,
      funder: { kind: "sponsor", sponsorId },
      shareFen: 9_900,
      pledgedAt: at,
      dueAt: "2026-11-30T10:00:00.000Z",
      fullyFunded,
    },
  });

/** `WishRedeemed` with points, wholly funded, due at the station. */
export const wishRedeemed = (wishId: string, courierId: string, at: Instant) =>
  checked({
    type: "WishRedeemed",
    data: {
      wishId,
      courierId,
      shareFen: 9_900,
      points: 99,
      hold: {
        transferId: derivedFixtureId("a"),
        account: `courier-${courierId}`,
        amount: 99,
        timeoutAt: "2026-12-30T00:00:00.000Z",
        reference: `wish-${wishId}`,
      },
      attempt: 1,
      redeemedAt: at,
      fullyFunded: true,
      dueAt: "2026-11-30T10:00:00.000Z",
    },
  });

/** `WishHoldConfirmed`: the ledger holds the wish's points. */
export const wishHoldConfirmed = (wishId: string, at: Instant) =>
  checked({
    type: "WishHoldConfirmed",
    data: { wishId, transferId: derivedFixtureId("a"), confirmedAt: at },
  });

/** `WishThanked` by the courier, to a sponsor (or the community's own funding). */
export const wishThanked = (
  wishId: string,
  courierId: string,
  funder:
    | { readonly kind: "sponsor"; readonly sponsorId: string }
    | { readonly kind: "community"; readonly staffId: string },
  at: Instant,
) =>
  checked({
    type: "WishThanked",
    data: { wishId, courierId, funder, note: "谢谢老板！", public: true, thankedAt: at },
  });

/** `CatalogueRedemptionOpened`: a reward redeemed, to be picked up. */
export const catalogueRedemptionOpened = (
  redemptionId: string,
  courierId: string,
  itemTitle: string,
  at: Instant,
) =>
  checked({
    type: "CatalogueRedemptionOpened",
    data: {
      redemptionId,
      itemId: "power-bank",
      courierId,
      quantity: 1,
      itemTitle,
      stationId: "wanda",
      hold: {
        transferId: derivedFixtureId("b"),
        account: `courier-${courierId}`,
        amount: 200,
        timeoutAt: "2026-12-30T00:00:00.000Z",
        reference: `catalogue-${redemptionId}`,
      },
      dueAt: "2026-11-23T10:00:00.000Z",
      openedAt: at,
    },
  });

/** `CatalogueRedemptionHoldConfirmed`: the reward is ready to pick up. */
export const catalogueHoldConfirmed = (redemptionId: string, at: Instant) =>
  checked({
    type: "CatalogueRedemptionHoldConfirmed",
    data: { redemptionId, transferId: derivedFixtureId("b"), confirmedAt: at },
  });

/** The aggregate each fixture's event belongs to, for envelopes. */
export const aggregateOf = (event: NoticeSourceEvent): string => {
  if (
    event.type.startsWith("Courier") ||
    event.type === "SignUpsPaused" ||
    event.type === "ConsentWithdrawn"
  ) {
    return "courier";
  }
  if (event.type.startsWith("Activity")) return "activity";
  if (event.type.startsWith("Report")) return "report";
  if (event.type.startsWith("Suggestion")) return "suggestion";
  if (event.type.startsWith("Wish")) return "wish";
  return "catalogueRedemption";
};
