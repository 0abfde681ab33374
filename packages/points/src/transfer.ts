import {
  AccountId,
  bilingual,
  freeText,
  Instant,
  Points,
  RecordedTransferId,
} from "@courier-station/core";
import { z } from "zod";
import type { SystemAccountKind } from "./accounts.js";

/**
 * Why points move (the transfer's reason code):
 *
 * | reason                 | 中文         | from → to                         |
 * | ---------------------- | ------------ | --------------------------------- |
 * | `participation`        | 活动参与     | issuance → courier                |
 * | `report`               | 民情前哨     | issuance → courier                |
 * | `suggestion`           | 小哥有话说   | issuance → courier                |
 * | `patrol`               | 护河巡河     | issuance → courier                |
 * | `welcome`              | 报到欢迎     | issuance → courier                |
 * | `campaign_bonus`       | 活动加成     | issuance → courier                |
 * | `wish_redemption`      | 微心愿兑换   | courier → redemption              |
 * | `catalogue_redemption` | 积分商品兑换 | courier → redemption              |
 * | `expiry`               | 积分过期     | courier → expiry                  |
 * | `adjustment`           | 人工调整     | adjustment ↔ courier (either way) |
 */
export const TransferReason = z.enum([
  "participation",
  "report",
  "suggestion",
  "patrol",
  "welcome",
  "campaign_bonus",
  "wish_redemption",
  "catalogue_redemption",
  "expiry",
  "adjustment",
]);
/** Why points move. */
export type TransferReason = z.infer<typeof TransferReason>;

/** The reasons by which a courier earns points (credited from the issuance account). */
export const EarningReason = TransferReason.extract([
  "participation",
  "report",
  "suggestion",
  "patrol",
  "welcome",
  "campaign_bonus",
]);
/** A reason by which a courier earns points. */
export type EarningReason = z.infer<typeof EarningReason>;

/** Whether a reason is one by which a courier earns points. */
export const isEarningReason = (reason: TransferReason): reason is EarningReason =>
  (EarningReason.options as ReadonlyArray<string>).includes(reason);

/**
 * Which way points flow for each reason: `toCourier` debits the named system account
 * and credits the courier; `fromCourier` debits the courier and credits it; `either`
 * allows both (manual adjustments). The ledger refuses a transfer whose accounts do not
 * match its reason, so a swapped debit and credit can never mint points.
 */
export const reasonFlows: Readonly<
  Record<
    TransferReason,
    {
      readonly system: SystemAccountKind;
      readonly direction: "toCourier" | "fromCourier" | "either";
    }
  >
> = {
  participation: { system: "issuance", direction: "toCourier" },
  report: { system: "issuance", direction: "toCourier" },
  suggestion: { system: "issuance", direction: "toCourier" },
  patrol: { system: "issuance", direction: "toCourier" },
  welcome: { system: "issuance", direction: "toCourier" },
  campaign_bonus: { system: "issuance", direction: "toCourier" },
  wish_redemption: { system: "redemption", direction: "fromCourier" },
  catalogue_redemption: { system: "redemption", direction: "fromCourier" },
  expiry: { system: "expiry", direction: "fromCourier" },
  adjustment: { system: "adjustment", direction: "either" },
};

/**
 * An amount that moves: a positive safe integer number of points. (A transfer of zero
 * points is refused: it would record nothing.)
 */
export const TransferAmount = z
  .number()
  .int(bilingual("积分须为整数", "points are a whole number"))
  .min(1, bilingual("积分须大于 0", "points must be more than 0"))
  .max(
    Number.MAX_SAFE_INTEGER,
    bilingual("积分不能超过 2^53 - 1", "points must not exceed 2^53 - 1"),
  )
  .brand<"Points">();
/** A positive amount of points. */
export type TransferAmount = z.infer<typeof TransferAmount>;

/**
 * What caused a transfer: an event id, or a reference such as `wish-<wishId>`.
 * 1 to 128 letters, digits, `_`, `:` or `-`.
 */
export const TransferReference = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_:-]{0,127}$/,
    bilingual(
      "来源标识须为 1 至 128 位字母、数字、“_”“:”或“-”",
      "a reference is 1 to 128 letters, digits, '_', ':' or '-'",
    ),
  );
/** What caused a transfer. */
export type TransferReference = z.infer<typeof TransferReference>;

/** A note on a transfer: required for manual adjustments (the audit trail says why). */
export const TransferNote = freeText({ subject: { zhCN: "说明", en: "the note" }, max: 500 });
/** A note on a transfer. */
export type TransferNote = z.infer<typeof TransferNote>;

/**
 * What a transfer is, after TigerBeetle:
 *
 * - `single`: points move at once (posted);
 * - `pending`: points are reserved (a hold) until posted, voided or timed out;
 * - `post`: posts a pending transfer, all or part of it; the rest is released;
 * - `void`: releases a pending transfer;
 * - `expire`: releases a pending transfer whose timeout has passed.
 */
export const TransferKind = z.enum(["single", "pending", "post", "void", "expire"]);
/** What a transfer is. */
export type TransferKind = z.infer<typeof TransferKind>;

/** The caps of earning, by local period. */
export const CapPeriod = z.enum(["day", "week", "month"]);
/** A cap period. */
export type CapPeriod = z.infer<typeof CapPeriod>;

/**
 * How an earning transfer was computed: the earning rule, when the points were
 * earned (the time of the event that earned them: caps, campaigns and expiry count from
 * it), what the rule gave before caps, and which cap cut it, if any.
 */
export const EarningDetails = z.strictObject({
  /** The rule: `welcome`, `participation`, `report`, `corroboration`, `suggestion`, `patrol` or `campaign-<id>`. */
  rule: z.string().min(1).max(80),
  /** The type of the event that earned the points (`ParticipationConfirmed`, …). */
  trigger: z.string().min(1).max(80),
  earnedAt: Instant,
  /** What the rule gave before caps. */
  requested: Points,
  /** The cap that cut the amount (the remainder of it was awarded), if any. */
  cappedBy: CapPeriod.optional(),
});
/** How an earning transfer was computed. */
export type EarningDetails = z.infer<typeof EarningDetails>;

/**
 * A transfer as the ledger records it: the event data of every ledger event, and the
 * lines of every statement. Amounts are integers; `at` is when the ledger recorded it.
 *
 * - `single`, `pending`: `amount` moved or held;
 * - `post`: `amount` posted and `heldAmount` released from the pending transfer;
 * - `void`, `expire`: `amount` released.
 */
export const Transfer = z.strictObject({
  /** Chosen by a caller, or derived by the system (`d-…`). */
  id: RecordedTransferId,
  kind: TransferKind,
  debitAccount: AccountId,
  creditAccount: AccountId,
  amount: Points,
  reason: TransferReason,
  reference: TransferReference,
  /** The id of the actor who asked for it (a staff member, `system:<flow>`, …). */
  actor: z.string().min(1).max(128),
  at: Instant,
  /** For `post`, `void` and `expire`: the pending transfer they resolve. */
  pendingTransferId: RecordedTransferId.optional(),
  /** For `post`: the amount the pending transfer held (all of it is released). */
  heldAmount: Points.optional(),
  /** For `pending`: when the hold times out. */
  timeoutAt: Instant.optional(),
  /** Why (required for adjustments). */
  note: z.string().max(500).optional(),
  /** For earnings: how they were computed. */
  earning: EarningDetails.optional(),
});
/** A transfer as the ledger records it. */
export type Transfer = z.infer<typeof Transfer>;
