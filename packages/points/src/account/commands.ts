import {
  AccountId,
  CourierId,
  Instant,
  RecordedTransferId,
  TransferId,
} from "@courier-station/core";
import { z } from "zod";
import { PointsTrigger } from "../earning/triggers.js";
import { TransferAmount, TransferNote, TransferReason, TransferReference } from "../transfer.js";

/**
 * The data of a transfer to create: the fields of {@link CreateTransfer}, also the
 * items of {@link CreateTransfers}.
 */
export const CreateTransferData = z.strictObject({
  /**
   * Chosen by the flow that sends it (only `system` does), or derived from the cause
   * (a wish's hold). The command runs under this id as its command id (see
   * `pointsCommandIdOf`), so the transfer is recorded once.
   */
  transferId: RecordedTransferId,
  debitAccount: AccountId,
  creditAccount: AccountId,
  /** A positive safe integer. */
  amount: TransferAmount,
  reason: TransferReason,
  /** The cause: an event id, or e.g. `wish-<wishId>`. */
  reference: TransferReference,
  /** Makes it a pending transfer (a hold) that times out at `timeoutAt` unless posted or voided. */
  pending: z.strictObject({ timeoutAt: Instant }).optional(),
  /** Why; required when the reason is `adjustment`. */
  note: TransferNote.optional(),
});
/** The data of a transfer to create. */
export type CreateTransferData = z.infer<typeof CreateTransferData>;

/**
 * Moves points between a courier account and a system account, at once or as a hold
 * (`pending`). One side must be a courier account and the other a system account, in
 * the direction the reason says (see `reasonFlows`).
 *
 * @example
 * const hold: CreateTransfer = {
 *   type: "CreateTransfer",
 *   data: {
 *     transferId: wishHoldTransferId(wishId, 1), // derived: `d-…`
 *     debitAccount: courierAccountId(courierId),
 *     creditAccount: systemAccountId("redemption"),
 *     amount: TransferAmount.parse(300),
 *     reason: "wish_redemption",
 *     reference: `wish-${wishId}`,
 *     pending: { timeoutAt },
 *   },
 * };
 */
export const CreateTransfer = z.strictObject({
  type: z.literal("CreateTransfer"),
  data: CreateTransferData,
});
/** Moves points between a courier account and a system account. */
export type CreateTransfer = z.infer<typeof CreateTransfer>;

/**
 * Creates several transfers on one courier account, all or none (a linked chain):
 * if one is refused, none is created and the refusal is that transfer's. A batch is one
 * command, so its transfers' ids are derived from its command id:
 * `batchTransferIdOf(commandId, index)`.
 */
export const CreateTransfers = z.strictObject({
  type: z.literal("CreateTransfers"),
  data: z.strictObject({ transfers: z.array(CreateTransferData).min(1).max(100) }),
});
/** Creates several transfers on one courier account, all or none. */
export type CreateTransfers = z.infer<typeof CreateTransfers>;

/**
 * The courier account that holds a pending transfer. Optional in the commands that
 * resolve one: a service routes the command by it, and without it looks the account up
 * by `pendingTransferId`.
 */
const holdingAccount = AccountId.optional();

/**
 * Posts a pending transfer (a hold): all of it, or `amount` of it (no more than it
 * holds); the rest is released. At most once, and only before its timeout.
 *
 * @example
 * { type: "PostPendingTransfer", data: { transferId: postingOf(hold).transferId, pendingTransferId: hold.transferId } }
 */
export const PostPendingTransfer = z.strictObject({
  type: z.literal("PostPendingTransfer"),
  data: z.strictObject({
    transferId: RecordedTransferId,
    pendingTransferId: RecordedTransferId,
    amount: TransferAmount.optional(),
    account: holdingAccount,
  }),
});
/** Posts a pending transfer. */
export type PostPendingTransfer = z.infer<typeof PostPendingTransfer>;

/**
 * Voids a pending transfer: the held points are released. At most once; a void after
 * the timeout is still accepted (the points are released either way) unless the hold
 * was already expired.
 */
export const VoidPendingTransfer = z.strictObject({
  type: z.literal("VoidPendingTransfer"),
  data: z.strictObject({
    transferId: RecordedTransferId,
    pendingTransferId: RecordedTransferId,
    account: holdingAccount,
  }),
});
/** Voids a pending transfer. */
export type VoidPendingTransfer = z.infer<typeof VoidPendingTransfer>;

/**
 * Expires a pending transfer whose timeout has passed: the held points are released.
 * The ledger never reads the clock, so a timer sends this; the expiring transfer's id
 * is derived from the pending one (`expiryTransferId`), so sending it twice is a no-op.
 */
export const ExpirePendingTransfer = z.strictObject({
  type: z.literal("ExpirePendingTransfer"),
  data: z.strictObject({ pendingTransferId: RecordedTransferId, account: holdingAccount }),
});
/** Expires a timed-out pending transfer. */
export type ExpirePendingTransfer = z.infer<typeof ExpirePendingTransfer>;

/**
 * A manual adjustment by staff (人工调整): grants points to a courier or deducts them,
 * against the adjustment account, with a note that says why. The transfer, its actor
 * and its note stay in the account's history (the audit trail). It runs under its
 * transfer id as its command id.
 */
export const AdjustPoints = z.strictObject({
  type: z.literal("AdjustPoints"),
  data: z.strictObject({
    /**
     * Chosen by staff (or their client): never in the namespace of derived ids, so an
     * adjustment cannot take the id of an earning, an expiry or a hold's resolution.
     */
    transferId: TransferId,
    courierId: CourierId,
    direction: z.enum(["grant", "deduct"]),
    amount: TransferAmount,
    note: TransferNote,
    /** What it corrects, if anything (a transfer or event id); defaults to the transfer id. */
    reference: TransferReference.optional(),
  }),
});
/** A manual adjustment by staff. */
export type AdjustPoints = z.infer<typeof AdjustPoints>;

/**
 * Earns the points an event gives a courier by the community's rules (see
 * `pointsEarnedBy`). It runs under `earningCommandIdOf(event id)`, so the same event seen
 * again is the same command and earns nothing more.
 */
export const EarnPoints = z.strictObject({
  type: z.literal("EarnPoints"),
  data: z.strictObject({ trigger: PointsTrigger }),
});
/** Earns the points an event gives. */
export type EarnPoints = z.infer<typeof EarnPoints>;

/**
 * Expires a courier's earned points older than the policy's `expiryMonths`, oldest
 * first (see `expiryTransfers`). A timer sends it; repeating it is a no-op.
 */
export const ExpireEarnedPoints = z.strictObject({
  type: z.literal("ExpireEarnedPoints"),
  data: z.strictObject({ courierId: CourierId }),
});
/** Expires a courier's earned points past the policy's age. */
export type ExpireEarnedPoints = z.infer<typeof ExpireEarnedPoints>;

/** Every command of a courier's points account. */
export const PointsAccountCommand = z.discriminatedUnion("type", [
  CreateTransfer,
  CreateTransfers,
  PostPendingTransfer,
  VoidPendingTransfer,
  ExpirePendingTransfer,
  AdjustPoints,
  EarnPoints,
  ExpireEarnedPoints,
]);
/** Every command of a courier's points account. */
export type PointsAccountCommand = z.infer<typeof PointsAccountCommand>;

/** The command types of the points ledger. */
export const pointsCommandTypes: ReadonlyArray<PointsAccountCommand["type"]> = [
  "CreateTransfer",
  "CreateTransfers",
  "PostPendingTransfer",
  "VoidPendingTransfer",
  "ExpirePendingTransfer",
  "AdjustPoints",
  "EarnPoints",
  "ExpireEarnedPoints",
];
