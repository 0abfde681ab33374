import {
  decisionTime,
  type LedgerAccountTotals,
  type LedgerTotalsView,
  type PointsBalanceView,
  type PointsHoldView,
  type PointsPosition,
  type PointsStatementLine,
  type PointsStatementView,
  PolicyBook,
  statementMonthLineLimit,
} from "@courier-station/contracts";
import {
  type AccountId,
  type Actor,
  type CommunityId,
  type CourierId,
  type Instant,
  millisOf,
  NotYourself,
} from "@courier-station/core";
import { maximumPageSize, Store } from "@courier-station/kit";
import {
  type Balances,
  balancesIn,
  courierAccountId,
  courierMonthlyStatement,
  courierStatement,
  initialPointsAccountState,
  localPeriodsOf,
  openHoldsOf,
  type PointsAccountEvent,
  type PointsAccountState,
  systemAccountKinds,
  systemBalancesOf,
  type Transfer,
} from "@courier-station/points";
import { Effect, Either, Option } from "effect";
import {
  accountKey,
  accountMonthOf,
  accountRowId,
  accountRows,
  type HoldRow,
  holdRows,
  type StatementLineRow,
  statementLineRows,
  statementMonthRowId,
  statementMonthRows,
} from "./read-models.js";

/**
 * Who may read a courier's points: staff, auditors and the system any courier's; a
 * courier their own only (`courier.not_yourself`).
 *
 * @example
 * yield* mayReadPointsOf(actor, courierId);
 */
export const mayReadPointsOf = (
  actor: Actor,
  courierId: string,
): Either.Either<void, NotYourself> =>
  actor.role === "courier" && actor.id !== courierId
    ? Either.left(new NotYourself({ courierId, actorId: actor.id }))
    : Either.right(undefined);

const positionOf = (balance: number, held: number): PointsPosition => ({
  balance,
  held,
  available: balance - held,
});

const shifted = (
  opening: PointsPosition,
  by: { readonly balance: number; readonly held: number },
): PointsPosition => positionOf(opening.balance + by.balance, opening.held + by.held);

const monthKeyOf = (year: number, month: number): string =>
  `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}`;

/**
 * Where a courier account stood when a local month began, from the statement months:
 * the month's own opening when it has transfers; else the opening of the first later
 * month that has some (nothing moved in between); else the account's position now.
 */
const openingOfMonth = (community: CommunityId, account: string, month: string) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const months = yield* store.readModel(statementMonthRows);
    const own = yield* months.get(statementMonthRowId(community, account, month));
    if (Option.isSome(own)) {
      return positionOf(own.value.document.openingBalance, own.value.document.openingHeld);
    }
    let after: string | undefined;
    let successor: PointsPosition | undefined;
    // Newest first: statements are mostly asked for recent months, so the walk is short.
    for (;;) {
      const page = yield* months.find({
        where: { accountKey: accountRowId(community, account) },
        orderBy: { field: "month", direction: "descending" },
        limit: 100,
        ...(after === undefined ? {} : { after }),
      });
      for (const item of page.items) {
        if (item.document.month < month)
          return successor ?? (yield* positionNow(community, account));
        successor = positionOf(item.document.openingBalance, item.document.openingHeld);
      }
      if (page.next === undefined) break;
      after = page.next;
    }
    return successor ?? (yield* positionNow(community, account));
  });

/** The account's position as far as its statement lines are projected. */
const positionNow = (community: CommunityId, account: string) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const rows = yield* store.readModel(accountRows);
    const row = yield* rows.get(accountRowId(community, account));
    return Option.match(row, {
      onNone: () => positionOf(0, 0),
      onSome: (found) => positionOf(found.document.balance, found.document.held),
    });
  });

/** The events filed under one statement month, in version order, up to the limit. */
const linesOfMonth = (community: CommunityId, account: string, month: string) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const lines = yield* store.readModel(statementLineRows);
    const found: StatementLineRow[] = [];
    let after: string | undefined;
    for (;;) {
      const page = yield* lines.find({
        where: { accountMonth: accountMonthOf(community, account, month) },
        orderBy: { field: "version" },
        limit: maximumPageSize,
        ...(after === undefined ? {} : { after }),
      });
      for (const item of page.items) {
        if (found.length >= statementMonthLineLimit) return { found, truncated: true };
        found.push(item.document);
      }
      if (page.next === undefined) return { found, truncated: false };
      after = page.next;
    }
  });

const transferOf = (event: PointsAccountEvent): Transfer | undefined =>
  event.type === "PointsNotEarned" ? undefined : event.data.transfer;

/**
 * Where a courier account stood at an instant: the opening of that local month, and the
 * month's transfers recorded up to the instant.
 */
const positionAt = (community: CommunityId, account: string, at: Instant) =>
  Effect.gen(function* () {
    const book = yield* PolicyBook;
    const { policy } = yield* book.inForceAt(community, at);
    const month = localPeriodsOf(at, policy.general.timeZone).month;
    const opening = yield* openingOfMonth(community, account, month);
    const { found } = yield* linesOfMonth(community, account, month);
    const atMillis = millisOf(at);
    const transfers = found.flatMap((line) => {
      const transfer = transferOf(line.event);
      return transfer !== undefined && millisOf(transfer.at) <= atMillis ? [transfer] : [];
    });
    // From a zero opening, the closing position is the month's movement up to the instant.
    const moved = courierStatement(account as AccountId, transfers).closing;
    return shifted(opening, moved);
  });

/**
 * A courier's balance, read from their account in the store (so a reader sees their own
 * write at once): posted balance, held, available, open holds; with `since`, the position
 * then (from the statement read models) and the change since.
 *
 * @example
 * const view = yield* balanceOf(community, courierId, undefined);
 */
export const balanceOf = (
  community: CommunityId,
  courierId: CourierId,
  since: Instant | undefined,
) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const account = courierAccountId(courierId);
    const loaded = yield* store.load<PointsAccountState>(accountKey(community, account), {
      // State and version only: no receipt, whose count grows with the account's history.
      withoutReceipts: true,
    });
    const state = Option.match(loaded, {
      onNone: initialPointsAccountState,
      onSome: (record) => record.state,
    });
    const version = Option.match(loaded, { onNone: () => 0, onSome: (record) => record.version });
    const own = balancesIn(state, account);
    const now = positionOf(own.creditsPosted - own.debitsPosted, own.debitsPending);
    const view: PointsBalanceView = {
      courierId,
      account,
      ...now,
      openHolds: openHoldsOf(state).length,
      version,
    };
    if (since === undefined) return view;
    const then = yield* positionAt(community, account, since);
    return {
      ...view,
      changedSince: {
        since,
        position: then,
        balanceChange: now.balance - then.balance,
        heldChange: now.held - then.held,
        availableChange: now.available - then.available,
      },
    } satisfies PointsBalanceView;
  });

/**
 * A courier's statement of one local month (in the time zone of the policy in force
 * now), from the statement read models and the points package's
 * `courierMonthlyStatement`: the opening kept for the month, its events, the lines with
 * running positions, totals and what earned nothing; the lines one page at a time.
 *
 * @example
 * const november = yield* statementOf(community, courierId, 2026, 11, { limit: 50 });
 */
export const statementOf = (
  community: CommunityId,
  courierId: CourierId,
  year: number,
  month: number,
  page: { readonly after?: string | undefined; readonly limit?: number | undefined },
) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const book = yield* PolicyBook;
    const now = yield* decisionTime;
    const { policy } = yield* book.inForceAt(community, now);
    const timeZone = policy.general.timeZone;
    const account = courierAccountId(courierId);
    const key = monthKeyOf(year, month);
    const opening = yield* openingOfMonth(community, account, key);
    const { found, truncated } = yield* linesOfMonth(community, account, key);
    const statement = courierMonthlyStatement(
      account,
      found.map((line) => line.event),
      { year, month },
      timeZone,
    );
    // The statement's lines are the month's transfers in order, with positions from a
    // zero opening; the versions come from the rows in the same order.
    const versions = found.flatMap((line) =>
      transferOf(line.event) === undefined ? [] : [line.version],
    );
    const lineByVersion = new Map<number, PointsStatementLine>();
    statement.lines.forEach((line, index) => {
      const version = versions[index];
      if (version === undefined) return;
      lineByVersion.set(version, {
        version,
        transfer: line.transfer,
        balanceChange: line.balanceChange,
        heldChange: line.heldChange,
        ...shifted(opening, line),
      });
    });
    const lines = yield* store.readModel(statementLineRows);
    const shown = yield* lines.find({
      where: { accountMonth: accountMonthOf(community, account, key) },
      orderBy: { field: "version" },
      limit: page.limit ?? 50,
      ...(page.after === undefined ? {} : { after: page.after }),
    });
    const view: PointsStatementView = {
      courierId,
      account,
      year,
      month,
      timeZone,
      opening,
      closing: shifted(opening, statement.closing),
      totals: statement.totals,
      notEarned: [...statement.notEarned],
      truncated,
      items: shown.items.flatMap((item) => {
        const line = lineByVersion.get(item.document.version);
        return line === undefined ? [] : [line];
      }),
      ...(shown.next === undefined ? {} : { next: shown.next }),
    };
    return view;
  });

const holdViewOf = (row: HoldRow): PointsHoldView => ({
  holdId: row.holdId as PointsHoldView["holdId"],
  ...(row.courierId === null ? {} : { courierId: row.courierId as CourierId }),
  account: row.account as AccountId,
  amount: row.amount,
  reason: row.reason,
  reference: row.reference,
  heldAt: row.heldAt,
  timeoutAt: row.timeoutAt,
});

/**
 * Open holds, soonest timeout first: one courier's, or the community's.
 *
 * @example
 * const page = yield* openHoldsPage(community, courierId, { limit: 20 });
 */
export const openHoldsPage = (
  community: CommunityId,
  courierId: CourierId | undefined,
  page: { readonly after?: string | undefined; readonly limit?: number | undefined },
) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const holds = yield* store.readModel(holdRows);
    const found = yield* holds.find({
      where: {
        community,
        open: true,
        ...(courierId === undefined ? {} : { account: courierAccountId(courierId) }),
      },
      orderBy: { field: "timeoutAtMillis" },
      limit: page.limit ?? 50,
      ...(page.after === undefined ? {} : { after: page.after }),
    });
    return {
      items: found.items.map((item) => holdViewOf(item.document)),
      ...(found.next === undefined ? {} : { next: found.next }),
    };
  });

const totalsOf = (balances: Balances): LedgerAccountTotals => ({
  debitsPosted: balances.debitsPosted,
  creditsPosted: balances.creditsPosted,
  debitsPending: balances.debitsPending,
  creditsPending: balances.creditsPending,
  balance: balances.creditsPosted - balances.debitsPosted,
  pending: balances.creditsPending - balances.debitsPending,
});

/**
 * The community's ledger totals from the accounts' rows: each system account is the sum
 * of its parts in every courier account's partition (`systemBalancesOf`), the couriers'
 * the sum of their own; all balances together are zero.
 *
 * @example
 * const totals = yield* ledgerTotalsOf(community);
 * totals.sum; // { balance: 0, pending: 0 }
 */
export const ledgerTotalsOf = (community: CommunityId) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const rows = yield* store.readModel(accountRows);
    const partitions: PointsAccountState[] = [];
    const couriers = { debitsPosted: 0, creditsPosted: 0, debitsPending: 0, creditsPending: 0 };
    let after: string | undefined;
    for (;;) {
      const page = yield* rows.find({
        where: { community },
        limit: maximumPageSize,
        ...(after === undefined ? {} : { after }),
      });
      for (const { document: row } of page.items) {
        partitions.push({ ...initialPointsAccountState(), balances: row.balances });
        const own = row.balances[row.account];
        if (own !== undefined) {
          couriers.debitsPosted += own.debitsPosted;
          couriers.creditsPosted += own.creditsPosted;
          couriers.debitsPending += own.debitsPending;
          couriers.creditsPending += own.creditsPending;
        }
      }
      if (page.next === undefined) break;
      after = page.next;
    }
    const system = systemBalancesOf(partitions);
    const all = [couriers, ...systemAccountKinds.map((kind) => system[kind])].map(totalsOf);
    const view: LedgerTotalsView = {
      systemAccounts: {
        issuance: totalsOf(system.issuance),
        redemption: totalsOf(system.redemption),
        expiry: totalsOf(system.expiry),
        adjustment: totalsOf(system.adjustment),
      },
      couriers: totalsOf(couriers),
      courierAccounts: partitions.length,
      sum: {
        balance: all.reduce((sum, totals) => sum + totals.balance, 0),
        pending: all.reduce((sum, totals) => sum + totals.pending, 0),
      },
    };
    return view;
  });
