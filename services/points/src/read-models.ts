import { PolicyBook } from "@courier-station/contracts";
import {
  type AccountId,
  type CommunityId,
  CourierId,
  type EventEnvelope,
  type Instant,
  millisOf,
} from "@courier-station/core";
import {
  defineReadModel,
  type InvalidDocument,
  type InvalidQuery,
  type ReadModelApi,
  type ReadModelDefinition,
  type RemoteError,
  type RequestFailure,
  type RevisionConflict,
  Store,
  type StoreApi,
  type StoredDocument,
  type StoreFailure,
} from "@courier-station/kit";
import {
  type Balances,
  balancesIn,
  courierAccountId,
  courierStatement,
  localPeriodsOf,
  openHoldsOf,
  type PointsAccountEvent,
  type PointsAccountState,
  pointsAccountDecider,
  remainingLots,
  type Transfer,
  type TransferReason,
} from "@courier-station/points";
import { Clock, Effect, Option } from "effect";

/*
 * The points service's read models. Every row is a pure function of a courier account's
 * stream (its state at a version, or its events up to one), written by
 * `projectAccount` right after a command and again by the consumer of the service's own
 * events, and replaced only by a row made at a higher version, so the two never undo each
 * other and a crash between them loses nothing.
 */

/** The store key of a courier's points account. */
export const accountKey = (community: CommunityId, account: string) => ({
  community,
  aggregate: pointsAccountDecider.aggregate,
  id: account,
});

/**
 * A courier account as the ledger totals and the expiry timer read it: its position,
 * and its part of every system account (`balances`, the state's own), at a version.
 */
export interface PointsAccountRow {
  readonly community: string;
  /** Null when the account id hides it and no command named it yet. */
  readonly courierId: string | null;
  readonly account: string;
  /** The aggregate's version the row was made at; every event up to it is projected. */
  readonly version: number;
  readonly balance: number;
  readonly held: number;
  readonly available: number;
  readonly openHolds: number;
  /** The balances of this courier account and of the system accounts within its partition. */
  readonly balances: Readonly<Record<string, Balances>>;
  /** Whether some month's earned points are left (what expiry may take). */
  readonly expiryCandidate: boolean;
  /** The oldest local month (`YYYY-MM`) with points left; null when none. */
  readonly oldestLotMonth: string | null;
  /**
   * The local month of the newest transfer projected, whose statement month row is
   * written (before this row), so the next transfer of that month need not look for
   * it. Absent on rows made before it was kept, and until a first transfer.
   */
  readonly latestMonth?: string;
}

/** The courier accounts: ledger totals per community, the expiry timer's candidates. */
export const accountRows: ReadModelDefinition<PointsAccountRow> = defineReadModel<PointsAccountRow>(
  {
    name: "points_accounts",
    indexes: {
      community: "string",
      courierId: "string",
      expiryCandidate: "boolean",
      oldestLotMonth: "string",
    },
  },
);

/** The id of an account's row. */
export const accountRowId = (community: string, account: string): string =>
  `${community}:${account}`;

/** How a hold stands. */
export type HoldStatus = "open" | "posted" | "voided" | "expired";

/**
 * A hold (冻结积分) of a courier account, from the events that made and resolved it: which
 * account holds it (to route a post or void that does not say), and, while open, when it
 * times out (for the timer and the courier's list of holds).
 */
export interface HoldRow {
  readonly community: string;
  readonly holdId: string;
  readonly account: string;
  readonly courierId: string | null;
  /** The version of the event that last changed the hold. */
  readonly version: number;
  readonly amount: number;
  readonly reason: TransferReason;
  readonly reference: string;
  readonly heldAt: Instant;
  readonly timeoutAt: Instant;
  readonly timeoutAtMillis: number;
  readonly open: boolean;
  readonly status: HoldStatus;
  readonly resolvedAt?: Instant;
}

/** Holds by id; open ones by account and by timeout. */
export const holdRows: ReadModelDefinition<HoldRow> = defineReadModel<HoldRow>({
  name: "points_holds",
  indexes: {
    community: "string",
    account: "string",
    open: "boolean",
    timeoutAtMillis: "number",
  },
});

/** The id of a hold's row: hold ids are unique in a community. */
export const holdRowId = (community: string, holdId: string): string => `${community}:${holdId}`;

/**
 * One event of a courier account filed under the local month it belongs to in a
 * statement: a transfer under the month it was recorded in, an event that earned nothing
 * under the month it counted in (as `courierMonthlyStatement` places them).
 */
export interface StatementLineRow {
  readonly community: string;
  readonly account: string;
  /** `<community>:<account>:<YYYY-MM>`: the statement a line belongs to. */
  readonly accountMonth: string;
  readonly version: number;
  readonly event: PointsAccountEvent;
}

/** The events of each courier's statement months, in version order. */
export const statementLineRows: ReadModelDefinition<StatementLineRow> =
  defineReadModel<StatementLineRow>({
    name: "points_statement_lines",
    indexes: { accountMonth: "string", version: "number" },
  });

/**
 * Where a courier account stood when a local month's first transfer was recorded: the
 * opening of its statement, kept so a statement reads its month only.
 */
export interface StatementMonthRow {
  readonly community: string;
  readonly account: string;
  /** `<community>:<account>`. */
  readonly accountKey: string;
  /** `YYYY-MM`, local to the community's time zone. */
  readonly month: string;
  /** The version of the month's first transfer. */
  readonly version: number;
  readonly openingBalance: number;
  readonly openingHeld: number;
}

/** The months of each courier account that have transfers, with their openings. */
export const statementMonthRows: ReadModelDefinition<StatementMonthRow> =
  defineReadModel<StatementMonthRow>({
    name: "points_statement_months",
    indexes: { accountKey: "string", month: "string" },
  });

/** The `accountMonth` of a statement line. */
export const accountMonthOf = (community: string, account: string, month: string): string =>
  `${community}:${account}:${month}`;

const versionDigits = 12;

/** The id of a statement line: ordered by version within the account. */
export const statementLineRowId = (community: string, account: string, version: number): string =>
  `${community}:${account}:${String(version).padStart(versionDigits, "0")}`;

/** The id of a statement month's row. */
export const statementMonthRowId = (community: string, account: string, month: string): string =>
  `${community}:${account}:${month}`;

/**
 * Writes a row made at an aggregate's version unless the row there is as new or newer;
 * a race with another writer is settled by the revision, then decided again. Answers
 * the revision written, or undefined when the row there was as new.
 */
export const upsertIfNewer = <Row extends { readonly version: number }>(
  definition: ReadModelDefinition<Row>,
  id: string,
  row: Row,
  read?: Option.Option<StoredDocument<Row>>,
): Effect.Effect<number | undefined, StoreFailure | InvalidDocument, Store> =>
  Effect.gen(function* () {
    const store = yield* Store;
    const rows: ReadModelApi<Row> = yield* store.readModel(definition);
    for (let attempt = 1; ; attempt++) {
      // The row the caller has just read, if it gives one, saves reading (and parsing) it
      // again: the write is guarded by its revision, so a row changed since is a
      // RevisionConflict and the next attempt reads it afresh.
      const existing = attempt === 1 && read !== undefined ? read : yield* rows.get(id);
      if (Option.isSome(existing) && existing.value.document.version >= row.version) {
        return undefined;
      }
      const written = yield* rows
        .upsert(id, row, {
          expectedRevision: Option.match(existing, {
            onNone: () => 0,
            onSome: (found) => found.revision,
          }),
        })
        .pipe(Effect.either);
      if (written._tag === "Right") return written.right;
      const failure = written.left;
      if (failure._tag !== "RevisionConflict") return yield* Effect.fail(failure);
      // Writers racing on one row write the same content for one version; many in a row
      // winning against this one means something is wrong.
      if (attempt >= 10) return yield* Effect.die(failure);
    }
  });

/** An account's row from its state at a version. */
export const accountRowOf = (
  community: string,
  account: string,
  courierId: string | null,
  state: PointsAccountState,
  version: number,
): PointsAccountRow => {
  const own = balancesIn(state, account);
  const balance = own.creditsPosted - own.debitsPosted;
  const left = remainingLots(state.lots, own).filter((lot) => lot.remaining > 0);
  const oldest = left.map((lot) => lot.month).sort()[0];
  return {
    community,
    courierId,
    account,
    version,
    balance,
    held: own.debitsPending,
    available: balance - own.debitsPending,
    openHolds: openHoldsOf(state).length,
    balances: state.balances,
    expiryCandidate: oldest !== undefined,
    oldestLotMonth: oldest ?? null,
  };
};

const transferOfEvent = (event: PointsAccountEvent): Transfer | undefined =>
  event.type === "PointsNotEarned" ? undefined : event.data.transfer;

const holdStatusOf = (event: PointsAccountEvent): HoldStatus | undefined => {
  switch (event.type) {
    case "PendingTransferPosted":
      return "posted";
    case "PendingTransferVoided":
      return "voided";
    case "PendingTransferExpired":
      return "expired";
    default:
      return undefined;
  }
};

/**
 * The courier of a courier account when the account id shows it (`courier-<courierId>`);
 * null for the derived account id of a very long courier id, which hides it.
 */
export const courierIdOfAccount = (account: string): string | null => {
  const candidate = account.slice("courier-".length);
  const parsed = CourierId.safeParse(candidate);
  return parsed.success && courierAccountId(parsed.data) === account ? candidate : null;
};

/**
 * A courier account as a command has just stored it: its state and version, and the
 * events the command appended (the stream's last ones, up to that version).
 */
export interface StoredAccount {
  readonly state: PointsAccountState;
  readonly version: number;
  readonly events?: ReadonlyArray<EventEnvelope<PointsAccountEvent>>;
  /**
   * When (Effect's clock, milliseconds) the command began, before it was decided: no
   * row of an event it appended can be older, so within a minute of it the statement
   * lines of those events are written as fresh (see the store's `WriteOptions.fresh`).
   */
  readonly startedAt?: number;
}

/** How long after a command began its events' statement lines count as fresh. */
const freshForMs = 60_000;

/**
 * The account rows each store last held as this process read or wrote them, by row id.
 * A row is a function of its account's stream at its version and rows only ever move
 * to newer versions, so one remembered at a version shows the stored row is at that
 * version or newer: a command that appended right after it projects from it without
 * reading it (its revision guards the write, so a row changed since is read then).
 * Per store, so that stations in one process never mix; bounded like the store's own
 * caches.
 */
const rememberedRows = new WeakMap<StoreApi, Map<string, StoredDocument<PointsAccountRow>>>();
const rememberedRowsLimit = 10_000;

const rowsRememberedBy = (store: StoreApi): Map<string, StoredDocument<PointsAccountRow>> => {
  const known = rememberedRows.get(store);
  if (known !== undefined) return known;
  const made = new Map<string, StoredDocument<PointsAccountRow>>();
  rememberedRows.set(store, made);
  return made;
};

const rememberRow = (store: StoreApi, row: StoredDocument<PointsAccountRow>): void => {
  const known = rowsRememberedBy(store);
  const before = known.get(row.id);
  if (before !== undefined && before.document.version > row.document.version) return;
  known.delete(row.id);
  known.set(row.id, row);
  if (known.size > rememberedRowsLimit) {
    const oldest = known.keys().next();
    if (oldest.done !== true) known.delete(oldest.value);
  }
};

/** What `projectAccount` can fail with. */
export type ProjectionFailure =
  | StoreFailure
  | InvalidDocument
  | InvalidQuery
  | RevisionConflict
  | RemoteError
  | RequestFailure;

/**
 * Brings a courier account's rows up to its stored version: the statement lines and
 * months and the holds of every event not yet projected (read from the stream after the
 * row's version), then the account's row from the state. Idempotent and safe to run in
 * several places at once: every row is a function of the stream at a version, and is
 * only ever replaced by a newer one. The months are local to the time zone of the policy
 * in force when each event happened. `courierId` names the account's courier when the
 * caller knows it (an account id derived from a very long courier id hides it);
 * `stored` is the account's state and version as a command has just stored them, which
 * saves loading them, with the events it appended, which save reading the stream when
 * they are all the row lacks; `read` is the account's row as the caller has just read
 * it, which saves reading it again.
 *
 * @example
 * yield* projectAccount(community, courierAccountId(courierId), courierId);
 */
export const projectAccount = (
  community: CommunityId,
  account: AccountId | string,
  courierId?: string,
  stored?: StoredAccount,
  read?: Option.Option<StoredDocument<PointsAccountRow>>,
): Effect.Effect<void, ProjectionFailure, Store | PolicyBook> =>
  Effect.gen(function* () {
    const store = yield* Store;
    const book = yield* PolicyBook;
    const key = accountKey(community, account);
    // The state a command has just stored, when the caller gives it, is the stream's at
    // its version, so it is not loaded (and parsed) again; otherwise state and version
    // only: loading every receipt would grow with the account's history.
    const loaded: Option.Option<StoredAccount> =
      stored === undefined
        ? yield* store.load<PointsAccountState>(key, { withoutReceipts: true })
        : Option.some<StoredAccount>(stored);
    if (Option.isNone(loaded)) return;
    const record = loaded.value;
    const accounts = yield* store.readModel(accountRows);
    const rowId = accountRowId(community, account);
    // The row as this process last wrote or read it, when it is at the version the
    // command appended after: the row's state before the command's events, as stored.
    const remembered = rowsRememberedBy(store).get(rowId);
    const appendedAfter = (stored?.events?.[0]?.version ?? 0) - 1;
    const existing =
      read ??
      (remembered !== undefined && remembered.document.version === appendedAfter
        ? Option.some(remembered)
        : yield* accounts.get(rowId));
    if (Option.isSome(existing)) rememberRow(store, existing.value);
    const courier =
      courierId ??
      Option.getOrNull(Option.flatMapNullable(existing, (row) => row.document.courierId)) ??
      courierIdOfAccount(account);
    const from = Option.match(existing, {
      onNone: () => 0,
      onSome: (row) => row.document.version,
    });
    if (from >= record.version) return;
    let balance = Option.match(existing, {
      onNone: () => 0,
      onSome: (row) => row.document.balance,
    });
    let held = Option.match(existing, { onNone: () => 0, onSome: (row) => row.document.held });
    // The events a command has just appended are the stream's newest: when they reach
    // back to the row's version they are all it lacks, and the stream is not read.
    const appended = stored?.events ?? [];
    const firstAppended = appended[0]?.version;
    const events =
      firstAppended !== undefined &&
      firstAppended <= from + 1 &&
      appended.at(-1)?.version === record.version
        ? appended.filter((envelope) => envelope.version > from)
        : ((yield* store.readStream(key, {
            afterVersion: from,
            limit: record.version - from,
          })) as ReadonlyArray<EventEnvelope<PointsAccountEvent>>);
    // The row names the month of its newest transfer, whose month row was written before
    // it: a transfer in that month needs no look for its month row.
    let latestMonth = Option.match(existing, {
      onNone: () => undefined,
      onSome: (row) => row.document.latestMonth,
    });
    // The versions the command has just appended, while it is recent: their lines were
    // written by nobody before it began, and a line written meanwhile is still found.
    const startedAt = stored?.startedAt;
    const freshVersions = new Set(
      startedAt !== undefined && (yield* Clock.currentTimeMillis) - startedAt < freshForMs
        ? appended.map((envelope) => envelope.version)
        : [],
    );
    const months = yield* store.readModel(statementMonthRows);
    const lines = yield* store.readModel(statementLineRows);
    const holds = yield* store.readModel(holdRows);
    const monthOf = (at: Instant) =>
      Effect.map(
        book.inForceAt(community, at),
        (inForce) => localPeriodsOf(at, inForce.policy.general.timeZone).month,
      );
    for (const envelope of events) {
      const event = { type: envelope.type, data: envelope.data } as PointsAccountEvent;
      const transfer = transferOfEvent(event);
      const month = yield* monthOf(
        transfer === undefined
          ? (event as Extract<PointsAccountEvent, { type: "PointsNotEarned" }>).data.earnedAt
          : transfer.at,
      );
      if (transfer !== undefined) {
        const monthId = statementMonthRowId(community, account, month);
        if (month !== latestMonth && Option.isNone(yield* months.get(monthId))) {
          yield* upsertIfNewer(statementMonthRows, monthId, {
            community,
            account,
            accountKey: accountRowId(community, account),
            month,
            version: envelope.version,
            openingBalance: balance,
            openingHeld: held,
          });
        }
        const [line] = courierStatement(account as AccountId, [transfer]).lines;
        balance += line?.balanceChange ?? 0;
        held += line?.heldChange ?? 0;
        yield* projectHold(holds, community, account, courier, envelope.version, event, transfer);
        latestMonth = month;
      }
      yield* lines.upsert(
        statementLineRowId(community, account, envelope.version),
        {
          community,
          account,
          accountMonth: accountMonthOf(community, account, month),
          version: envelope.version,
          event,
        },
        { fresh: freshVersions.has(envelope.version) },
      );
    }
    const made = accountRowOf(community, account, courier, record.state, record.version);
    const row = latestMonth === undefined ? made : { ...made, latestMonth };
    const revision = yield* upsertIfNewer(accountRows, rowId, row, existing);
    if (revision !== undefined) rememberRow(store, { id: rowId, revision, document: row });
  });

const projectHold = (
  holds: ReadModelApi<HoldRow>,
  community: string,
  account: string,
  courierId: string | null,
  version: number,
  event: PointsAccountEvent,
  transfer: Transfer,
) =>
  Effect.gen(function* () {
    if (transfer.kind === "pending" && transfer.timeoutAt !== undefined) {
      yield* upsertIfNewer(holdRows, holdRowId(community, transfer.id), {
        community,
        holdId: transfer.id,
        account,
        courierId,
        version,
        amount: transfer.amount,
        reason: transfer.reason,
        reference: transfer.reference,
        heldAt: transfer.at,
        timeoutAt: transfer.timeoutAt,
        timeoutAtMillis: millisOf(transfer.timeoutAt),
        open: true,
        status: "open",
      });
      return;
    }
    const status = holdStatusOf(event);
    const holdId = transfer.pendingTransferId;
    if (status === undefined || holdId === undefined) return;
    const found = yield* holds.get(holdRowId(community, holdId));
    // The hold's own event comes first in the stream, so its row exists; a row missing
    // anyway is made from the resolution, which names the same accounts and reason.
    const hold: HoldRow = Option.match(found, {
      onSome: (row) => row.document,
      onNone: () => ({
        community,
        holdId,
        account,
        courierId,
        version,
        amount: transfer.heldAmount ?? transfer.amount,
        reason: transfer.reason,
        reference: transfer.reference,
        heldAt: transfer.at,
        timeoutAt: transfer.at,
        timeoutAtMillis: millisOf(transfer.at),
        open: true,
        status: "open" as const,
      }),
    });
    yield* upsertIfNewer(holdRows, holdRowId(community, holdId), {
      ...hold,
      version,
      open: false,
      status,
      resolvedAt: transfer.at,
    });
  });

/**
 * The account that holds a hold, from the holds' read model: how a post, void or expiry
 * that does not name its `account` is routed.
 */
export const holdingAccountOf = (
  community: CommunityId,
  holdId: string,
): Effect.Effect<Option.Option<string>, StoreFailure, Store> =>
  Effect.gen(function* () {
    const store = yield* Store;
    const holds = yield* store.readModel(holdRows);
    const row = yield* holds.get(holdRowId(community, holdId));
    return Option.map(row, (found) => found.document.account);
  });
