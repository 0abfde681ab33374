import { decisionTime, PolicyBook } from "@courier-station/contracts";
import {
  type CommandId,
  type CommunityId,
  type CourierId,
  derivedId,
  millisOf,
  systemActor,
} from "@courier-station/core";
import { type Logger, Store } from "@courier-station/kit";
import {
  balancesIn,
  expiryTransfersFrom,
  localPeriodsOf,
  type PointsAccountCommand,
  type PointsAccountState,
  pointsCommandIdOf,
} from "@courier-station/points";
import { Effect, Either, Option } from "effect";
import { executePointsCommand } from "./commands.js";
import { isLastingRefusal } from "./flows.js";
import {
  accountKey,
  accountRows,
  type HoldRow,
  holdRowId,
  holdRows,
  projectAccount,
} from "./read-models.js";

/** The actor of the hold-timeout timer. */
export const holdTimeoutActor = systemActor("points-hold-timeouts");
/** The actor of the points-expiry timer. */
export const pointsExpiryActor = systemActor("points-expiry");

/** How many rows one run of a timer handles at most; the next run goes on. */
const rowsPerRun = 1_000;
const pageSize = 200;

const codeOf = (error: unknown): string =>
  (error as { readonly code?: string }).code ?? "internal.error";

/**
 * After a hold's expiry was refused as resolved already, its row is brought up to date
 * from the account; a row the account's events never resolve (a hold it does not know)
 * is closed, so the timer does not ask again every run.
 */
const settleHoldRow = (row: HoldRow, code: string, log: Logger) =>
  Effect.gen(function* () {
    const community = row.community as CommunityId;
    yield* projectAccount(community, row.account);
    const store = yield* Store;
    const holds = yield* store.readModel(holdRows);
    const current = yield* holds.get(holdRowId(community, row.holdId));
    if (Option.isNone(current) || !current.value.document.open) return;
    log.warn({ holdId: row.holdId, code }, "a hold the account does not hold open was closed");
    yield* holds.upsert(
      holdRowId(community, row.holdId),
      { ...current.value.document, open: false },
      { expectedRevision: current.value.revision },
    );
  });

/**
 * One run of the hold-timeout timer: the open holds whose timeout has passed, soonest
 * first (from the holds' read model), each expired with `ExpirePendingTransfer` under its
 * derived id (`expiryTransferIdOf(holdId)`), so a run repeated after a crash expires each
 * once. A hold posted or voided meanwhile is refused as resolved, and its row caught up.
 *
 * @example
 * yield* expireTimedOutHolds(log);
 */
export const expireTimedOutHolds = (log: Logger) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const holds = yield* store.readModel(holdRows);
    const nowMillis = millisOf(yield* decisionTime);
    let after: string | undefined;
    let handled = 0;
    for (;;) {
      const page = yield* holds.find({
        where: { open: true },
        orderBy: { field: "timeoutAtMillis" },
        limit: pageSize,
        ...(after === undefined ? {} : { after }),
      });
      for (const { document: row } of page.items) {
        if (row.timeoutAtMillis > nowMillis || handled >= rowsPerRun) return;
        handled += 1;
        const command: PointsAccountCommand = {
          type: "ExpirePendingTransfer",
          data: {
            pendingTransferId: row.holdId as never,
            account: row.account as never,
          },
        };
        const outcome = yield* executePointsCommand(
          {
            commandId: pointsCommandIdOf(command) as CommandId,
            community: row.community as CommunityId,
            actor: holdTimeoutActor,
            command,
          },
          log,
        ).pipe(Effect.either);
        if (Either.isRight(outcome)) continue;
        if (!isLastingRefusal(outcome.left)) return yield* Effect.fail(outcome.left);
        yield* settleHoldRow(row, codeOf(outcome.left), log);
      }
      if (page.next === undefined) return;
      after = page.next;
    }
  });

/**
 * One run of the points-expiry timer: for the accounts with earned points left, oldest
 * month first, those whose points the policy in force now expires (the package's
 * `expiryTransfersFrom` says which: none without `points.expiryMonths`) get
 * `ExpireEarnedPoints`, under an id derived from the account and its posted debits, so a
 * run repeated after a crash sends the same command and a later run, after anything
 * changed, a new one. Points earned this month (in UTC, a month at most behind the
 * community's) never expire yet, so the walk stops there.
 *
 * @example
 * yield* expireEarnedPoints(log);
 */
export const expireEarnedPoints = (log: Logger) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const book = yield* PolicyBook;
    const rows = yield* store.readModel(accountRows);
    const now = yield* decisionTime;
    const thisMonth = localPeriodsOf(now, "UTC").month;
    let after: string | undefined;
    let handled = 0;
    for (;;) {
      const page = yield* rows.find({
        where: { expiryCandidate: true },
        orderBy: { field: "oldestLotMonth" },
        limit: pageSize,
        ...(after === undefined ? {} : { after }),
      });
      for (const { document: row } of page.items) {
        if (row.oldestLotMonth === null || row.oldestLotMonth >= thisMonth) return;
        if (handled >= rowsPerRun) return;
        handled += 1;
        const community = row.community as CommunityId;
        const { policy } = yield* book.inForceAt(community, now);
        if (policy.points.expiryMonths === undefined) continue;
        const loaded = yield* store.load<PointsAccountState>(accountKey(community, row.account), {
          // The state only: receipts grow with the account's history and are not read here.
          withoutReceipts: true,
        });
        if (Option.isNone(loaded)) continue;
        const state = loaded.value.state;
        const own = balancesIn(state, row.account);
        const due = expiryTransfersFrom(row.account as never, state.lots, own, now, policy);
        if (due.length === 0) continue;
        if (row.courierId === null) {
          log.warn(
            { account: row.account },
            "points due to expire on an account of unknown courier",
          );
          continue;
        }
        const outcome = yield* executePointsCommand(
          {
            commandId: derivedId(
              "points-expiry-run",
              community,
              row.account,
              String(own.debitsPosted),
            ) as CommandId,
            community,
            actor: pointsExpiryActor,
            command: {
              type: "ExpireEarnedPoints",
              data: { courierId: row.courierId as CourierId },
            },
          },
          log,
        ).pipe(Effect.either);
        if (Either.isRight(outcome)) continue;
        if (!isLastingRefusal(outcome.left)) return yield* Effect.fail(outcome.left);
        log.warn({ account: row.account, code: codeOf(outcome.left) }, "points expiry refused");
      }
      if (page.next === undefined) return;
      after = page.next;
    }
  });
