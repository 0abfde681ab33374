import { AccountId, CourierId, Instant, RecordedTransferId } from "@courier-station/core";
import {
  AdjustPoints,
  CreateTransfer,
  CreateTransfers,
  EarnPoints,
  ExpireEarnedPoints,
  ExpirePendingTransfer,
  PointsNotEarned,
  PostPendingTransfer,
  SystemAccountKind,
  Transfer,
  TransferReason,
  TransferReference,
  VoidPendingTransfer,
} from "@courier-station/points";
import { z } from "zod";
import {
  commandContract,
  defineContract,
  listQueryContract,
  pageRequestShape,
  queryContract,
} from "./contract.js";

const wholePoints = z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);
const countOf = z.number().int().min(0);

/**
 * A courier's position at a moment (the points package's `StatementPosition`): the posted
 * balance, the points held by holds, and what they can spend (`balance − held`).
 */
export const PointsPosition = z.strictObject({
  balance: wholePoints,
  held: wholePoints,
  available: wholePoints,
});
/** A courier's position at a moment. */
export type PointsPosition = z.infer<typeof PointsPosition>;

/** How a courier's position moved over a span of time. */
export const PointsChange = z.strictObject({
  balanceChange: wholePoints,
  heldChange: wholePoints,
  availableChange: wholePoints,
});
/** How a courier's position moved over a span of time. */
export type PointsChange = z.infer<typeof PointsChange>;

/**
 * A courier's points now (积分余额), read from their account: posted balance, held and
 * available points, the number of open holds, the account's version, and — when asked
 * with `since` — how the position changed since then (`changedSince`, with the position
 * at that time).
 */
export const PointsBalanceView = z.strictObject({
  courierId: CourierId,
  account: AccountId,
  ...PointsPosition.shape,
  openHolds: countOf,
  /** The account's version: how many events it has recorded. */
  version: countOf,
  changedSince: z
    .strictObject({ since: Instant, position: PointsPosition, ...PointsChange.shape })
    .optional(),
});
/** A courier's points now. */
export type PointsBalanceView = z.infer<typeof PointsBalanceView>;

/** One line of a courier's statement: a transfer and the position after it. */
export const PointsStatementLine = z.strictObject({
  /** The account's version at this transfer: the order of the statement. */
  version: z.number().int().min(1),
  transfer: Transfer,
  balanceChange: wholePoints,
  heldChange: wholePoints,
  ...PointsPosition.shape,
});
/** One line of a courier's statement. */
export type PointsStatementLine = z.infer<typeof PointsStatementLine>;

/** What moved in a statement's month, posted only (the points package's `StatementTotals`). */
export const PointsStatementTotals = z.strictObject({
  earned: countOf,
  spent: countOf,
  expired: countOf,
  granted: countOf,
  deducted: countOf,
});
/** What moved in a statement's month. */
export type PointsStatementTotals = z.infer<typeof PointsStatementTotals>;

/** How many lines of a month a statement reads at most; a month with more says `truncated`. */
export const statementMonthLineLimit = 5_000;

/**
 * A courier's statement of one local month (积分明细), in the community's time zone:
 * the position when it began and ended, the totals, the events that earned nothing in it
 * and why, and its transfer lines one page at a time (`items`, `next`).
 */
export const PointsStatementView = z.strictObject({
  courierId: CourierId,
  account: AccountId,
  year: z.number().int(),
  month: z.number().int().min(1).max(12),
  timeZone: z.string(),
  opening: PointsPosition,
  closing: PointsPosition,
  totals: PointsStatementTotals,
  notEarned: z.array(PointsNotEarned.shape.data),
  /** The month had more than {@link statementMonthLineLimit} lines; figures cover those only. */
  truncated: z.boolean(),
  items: z.array(PointsStatementLine),
  next: z.string().optional(),
});
/** A courier's statement of one month. */
export type PointsStatementView = z.infer<typeof PointsStatementView>;

/** An open hold (冻结积分) on a courier's points: what it holds, for what, until when. */
export const PointsHoldView = z.strictObject({
  holdId: RecordedTransferId,
  /** Absent only for an account whose id hides its courier (a very long courier id). */
  courierId: CourierId.optional(),
  account: AccountId,
  amount: z.number().int().min(1),
  reason: TransferReason,
  reference: TransferReference,
  heldAt: Instant,
  timeoutAt: Instant,
});
/** An open hold on a courier's points. */
export type PointsHoldView = z.infer<typeof PointsHoldView>;

/**
 * The balances of one account or of a group of accounts, after TigerBeetle: debits and
 * credits, posted and pending, with the posted balance (credits − debits) and the pending
 * one.
 */
export const LedgerAccountTotals = z.strictObject({
  debitsPosted: countOf,
  creditsPosted: countOf,
  debitsPending: countOf,
  creditsPending: countOf,
  balance: wholePoints,
  pending: wholePoints,
});
/** The balances of one account or of a group of accounts. */
export type LedgerAccountTotals = z.infer<typeof LedgerAccountTotals>;

/**
 * The community's ledger totals: each system account (summed over every courier
 * account's part of it), all courier accounts together, and the sum of every balance,
 * posted and pending — zero in a ledger that balances.
 */
export const LedgerTotalsView = z.strictObject({
  systemAccounts: z.strictObject(
    Object.fromEntries(SystemAccountKind.options.map((kind) => [kind, LedgerAccountTotals])) as {
      [Kind in SystemAccountKind]: typeof LedgerAccountTotals;
    },
  ),
  couriers: LedgerAccountTotals,
  courierAccounts: countOf,
  sum: z.strictObject({ balance: wholePoints, pending: wholePoints }),
});
/** The community's ledger totals. */
export type LedgerTotalsView = z.infer<typeof LedgerTotalsView>;

/**
 * The points service's endpoints: every command of a courier's points account
 * (`pointsAccountDecider` of `@courier-station/points`; who may send each is its
 * permission table: staff adjust by hand, the rest is the services' own flows), and the
 * queries of balances, statements, holds and the community's ledger.
 */
export const pointsContract = defineContract({
  service: "points",
  description:
    "One points account per courier (积分): balances, holds, statements and earning by the community's policy.",
  endpoints: {
    CreateTransfer: commandContract(
      CreateTransfer,
      "Moves points between a courier account and a system account, at once or as a hold (system flows only), under its transfer id as command id.",
    ),
    CreateTransfers: commandContract(
      CreateTransfers,
      "Several transfers on one courier account, all or none (system flows only); their ids derive from the command id.",
    ),
    PostPendingTransfer: commandContract(
      PostPendingTransfer,
      "Posts a hold, all or part of it (system flows only); routed to the account that holds it when `account` is not given.",
    ),
    VoidPendingTransfer: commandContract(
      VoidPendingTransfer,
      "Voids a hold, releasing its points (system flows only); routed to the account that holds it when `account` is not given.",
    ),
    ExpirePendingTransfer: commandContract(
      ExpirePendingTransfer,
      "Expires a hold past its timeout (the hold-timeout timer); routed to the account that holds it when `account` is not given.",
    ),
    AdjustPoints: commandContract(
      AdjustPoints,
      "A staff adjustment (人工调整) granting or deducting points, with a note saying why; under its transfer id as command id.",
    ),
    EarnPoints: commandContract(
      EarnPoints,
      "Earns what an event gives a courier by the policy in force at the event's fact time (the earning flow), once per event.",
    ),
    ExpireEarnedPoints: commandContract(
      ExpireEarnedPoints,
      "Expires a courier's points older than the policy's expiryMonths, oldest first (the expiry timer).",
    ),
    GetPointsBalance: queryContract({
      name: "GetPointsBalance",
      description:
        "A courier's balance, held and available points; with `since`, how they changed since then. A courier asks for their own only.",
      roles: ["courier", "staff", "auditor", "system"],
      parameters: { courierId: CourierId, since: Instant.optional() },
      output: PointsBalanceView,
    }),
    GetPointsStatement: queryContract({
      name: "GetPointsStatement",
      description:
        "A courier's statement of one local month: opening and closing position, totals, what earned nothing and why, and the lines a page at a time. A courier asks for their own only.",
      roles: ["courier", "staff", "auditor"],
      parameters: {
        courierId: CourierId,
        year: z.number().int().min(2000).max(2200),
        month: z.number().int().min(1).max(12),
        ...pageRequestShape,
      },
      output: PointsStatementView,
    }),
    ListOpenHolds: listQueryContract({
      name: "ListOpenHolds",
      description:
        "Open holds, soonest timeout first: one courier's (a courier's own, always), or the community's for staff.",
      roles: ["courier", "staff", "auditor", "system"],
      parameters: { courierId: CourierId.optional() },
      item: PointsHoldView,
    }),
    GetLedgerTotals: queryContract({
      name: "GetLedgerTotals",
      description:
        "The community's ledger: each system account, the courier accounts together, and the sum of all balances, which is zero.",
      roles: ["staff", "auditor", "system"],
      parameters: {},
      output: LedgerTotalsView,
    }),
  },
});
