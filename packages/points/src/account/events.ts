import { CourierId, EventId, Instant, Points } from "@courier-station/core";
import { z } from "zod";
import { CapPeriod, Transfer } from "../transfer.js";

/** A transfer was created: points moved (`single`) or were held (`pending`). */
export const TransferCreated = z.strictObject({
  type: z.literal("TransferCreated"),
  data: z.strictObject({ transfer: Transfer }),
});
/** A transfer was created. */
export type TransferCreated = z.infer<typeof TransferCreated>;

/** A pending transfer was posted, all of it or part (the rest released). */
export const PendingTransferPosted = z.strictObject({
  type: z.literal("PendingTransferPosted"),
  data: z.strictObject({ transfer: Transfer }),
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
 * An event that could earn points earned nothing, and why: a cap was reached or the
 * rule gives nothing. Recorded so the courier's statement can say so and the event is
 * not considered again.
 */
export const PointsNotEarned = z.strictObject({
  type: z.literal("PointsNotEarned"),
  data: z.strictObject({
    triggerId: EventId,
    triggerType: z.string().min(1).max(80),
    courierId: CourierId,
    reason: z.enum(["capped", "not_eligible", "consent_withdrawn"]),
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
 * The event that records a transfer of a given kind.
 *
 * @example
 * transferEventOf(transfer); // { type: "PendingTransferPosted", data: { transfer } }
 */
export const transferEventOf = (transfer: Transfer): TransferEvent => {
  switch (transfer.kind) {
    case "single":
    case "pending":
      return { type: "TransferCreated", data: { transfer } };
    case "post":
      return { type: "PendingTransferPosted", data: { transfer } };
    case "void":
      return { type: "PendingTransferVoided", data: { transfer } };
    case "expire":
      return { type: "PendingTransferExpired", data: { transfer } };
  }
};
