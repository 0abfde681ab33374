import { CourierId, EventId, Instant, Points } from "@courier-station/core";
import { z } from "zod";
import { isCourierAccount } from "../accounts.js";
import { earnedAtOf } from "../earning/earned-so-far.js";
import { localPeriodsOf } from "../earning/periods.js";
import { CapPeriod, Transfer } from "../transfer.js";

/**
 * The local day, ISO week and month (in the community's time zone when it was decided)
 * that a credit to a courier counts in: for the caps, the day, week and month of when it
 * was earned; for expiry, the month. Carried by the events of credits, so that `evolve`,
 * which has no policy, keeps the account's totals in the community's time zone.
 */
export const CountedPeriods = z.strictObject({
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  week: z.string().regex(/^\d{4}-W\d{2}$/),
  month: z.string().regex(/^\d{4}-\d{2}$/),
});
/** The local periods a credit counts in. */
export type CountedPeriods = z.infer<typeof CountedPeriods>;

/**
 * A transfer was created: points moved (`single`) or were held (`pending`). A credit to
 * the courier says which local periods it counts in (`countsIn`).
 */
export const TransferCreated = z.strictObject({
  type: z.literal("TransferCreated"),
  data: z.strictObject({ transfer: Transfer, countsIn: CountedPeriods.optional() }),
});
/** A transfer was created. */
export type TransferCreated = z.infer<typeof TransferCreated>;

/**
 * A pending transfer was posted, all of it or part (the rest released). A post that
 * credits the courier says which local periods it counts in (`countsIn`).
 */
export const PendingTransferPosted = z.strictObject({
  type: z.literal("PendingTransferPosted"),
  data: z.strictObject({ transfer: Transfer, countsIn: CountedPeriods.optional() }),
});
/** A pending transfer was posted. */
export type PendingTransferPosted = z.infer<typeof PendingTransferPosted>;

/** A pending transfer was voided: its points were released. */
export const PendingTransferVoided = z.strictObject({
  type: z.literal("PendingTransferVoided"),
  data: z.strictObject({ transfer: Transfer }),
});
/** A pending transfer was voided. */
export type PendingTransferVoided = z.infer<typeof PendingTransferVoided>;

/** A pending transfer timed out and expired: its points were released. */
export const PendingTransferExpired = z.strictObject({
  type: z.literal("PendingTransferExpired"),
  data: z.strictObject({ transfer: Transfer }),
});
/** A pending transfer expired. */
export type PendingTransferExpired = z.infer<typeof PendingTransferExpired>;

/**
 * An event that could earn points earned nothing, and why: a cap was reached
 * (`capped`), the rule gives nothing (`not_eligible`), it came more than
 * `EARNING_WINDOW_DAYS` after its fact (`too_late`), or the courier had withdrawn their
 * consent by its time (`consent_withdrawn`). Recorded so the courier's statement
 * can say so.
 */
export const PointsNotEarned = z.strictObject({
  type: z.literal("PointsNotEarned"),
  data: z.strictObject({
    triggerId: EventId,
    triggerType: z.string().min(1).max(80),
    courierId: CourierId,
    reason: z.enum(["capped", "not_eligible", "too_late", "consent_withdrawn"]),
    requested: Points,
    cappedBy: CapPeriod.optional(),
    earnedAt: Instant,
  }),
});
/** An event earned nothing. */
export type PointsNotEarned = z.infer<typeof PointsNotEarned>;

/** Every event of a courier's points account. */
export const PointsAccountEvent = z.discriminatedUnion("type", [
  TransferCreated,
  PendingTransferPosted,
  PendingTransferVoided,
  PendingTransferExpired,
  PointsNotEarned,
]);
/** Every event of a courier's points account. */
export type PointsAccountEvent = z.infer<typeof PointsAccountEvent>;

/** The events that record a transfer (every one but `PointsNotEarned`). */
export type TransferEvent = Exclude<PointsAccountEvent, PointsNotEarned>;

/**
 * The local periods a transfer counts in for its courier, in a time zone: those of when
 * it was earned, for a posted credit to a courier (single or post); none otherwise.
 *
 * @example
 * countedPeriodsOf(transfer, "Asia/Shanghai"); // { day: "2026-11-28", week: "2026-W48", month: "2026-11" }
 */
export const countedPeriodsOf = (
  transfer: Transfer,
  timeZone: string,
): CountedPeriods | undefined =>
  (transfer.kind === "single" || transfer.kind === "post") &&
  isCourierAccount(transfer.creditAccount)
    ? localPeriodsOf(earnedAtOf(transfer), timeZone)
    : undefined;

/**
 * The event that records a transfer of a given kind, decided in a community's time zone
 * (a credit to the courier carries the periods it counts in).
 *
 * @example
 * transferEventOf(transfer, policy.general.timeZone); // { type: "PendingTransferPosted", data: { transfer, countsIn } }
 */
export const transferEventOf = (transfer: Transfer, timeZone: string): TransferEvent => {
  const countsIn = countedPeriodsOf(transfer, timeZone);
  switch (transfer.kind) {
    case "single":
    case "pending":
      return {
        type: "TransferCreated",
        data: countsIn === undefined ? { transfer } : { transfer, countsIn },
      };
    case "post":
      return {
        type: "PendingTransferPosted",
        data: countsIn === undefined ? { transfer } : { transfer, countsIn },
      };
    case "void":
      return { type: "PendingTransferVoided", data: { transfer } };
    case "expire":
      return { type: "PendingTransferExpired", data: { transfer } };
  }
};
