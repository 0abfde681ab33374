import { decisionTime } from "@courier-station/contracts";
import {
  type CommandId,
  type CommunityId,
  derivedId,
  millisOf,
  systemActor,
} from "@courier-station/core";
import { type Logger, type ReadModelDefinition, Store } from "@courier-station/kit";
import {
  type CatalogueRedemptionState,
  nextCatalogueRedemptionTimer,
  nextWishTimer,
  type WishState,
} from "@courier-station/wishes";
import { Effect, Either, Option } from "effect";
import { executeCatalogueRedemptionCommand, executeWishCommand } from "./commands.js";
import {
  type CatalogueRedemptionRow,
  catalogueRedemptionKey,
  catalogueRedemptionRows,
  type WishRow,
  wishKey,
  wishRows,
  writeCatalogueRedemptionRow,
  writeWishRows,
} from "./read-models.js";
import { isLastingRefusal } from "./refusals.js";

/** The actor of the wish timer (wall expiry, claims past their hand-over deadline). */
export const wishTimerActor = systemActor("wishes-wish-timer");
/** The actor of the catalogue pickup timer. */
export const pickupTimerActor = systemActor("wishes-pickup-timer");

/** How many rows one run of a timer handles at most; the next run goes on. */
const rowsPerRun = 1_000;
const pageSize = 200;

const codeOf = (error: unknown): string =>
  (error as { readonly code?: string }).code ?? "internal.error";

/**
 * Walks the rows with a timer due by now, soonest first, and hands each to `fire`; stops
 * at the first row not yet due, or after {@link rowsPerRun}.
 */
const dueRows = <
  Row extends { readonly timerAtMillis: number | null; readonly hasTimer: boolean },
  E,
  R,
>(
  definition: ReadModelDefinition<Row>,
  fire: (row: Row) => Effect.Effect<void, E, R>,
) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const rows = yield* store.readModel(definition);
    const nowMillis = millisOf(yield* decisionTime);
    let after: string | undefined;
    let handled = 0;
    for (;;) {
      const page = yield* rows.find({
        where: { hasTimer: true } as never,
        orderBy: { field: "timerAtMillis" as keyof Row & string },
        limit: pageSize,
        ...(after === undefined ? {} : { after }),
      });
      for (const { document: row } of page.items) {
        if (row.timerAtMillis === null || row.timerAtMillis > nowMillis) return;
        if (handled >= rowsPerRun) return;
        handled += 1;
        yield* fire(row);
      }
      if (page.next === undefined) return;
      after = page.next;
    }
  });

/**
 * One run of the wish timer: the wishes whose timer is due (`nextWishTimer`: `ExpireWish`
 * at the end of their time on the wall, `ReleaseWishClaim` once a claim or redemption is
 * past its hand-over deadline), soonest first, each sent as `system` under an id derived
 * from the wish, the command and its time, so a run repeated after a crash, or by two
 * instances, changes a wish once. A wish that moved on meanwhile is refused by its
 * decider (`wish.deadline_not_reached`, a transition no longer allowed) and its rows are
 * caught up from the store.
 *
 * @example
 * yield* runWishTimers(log);
 */
export const runWishTimers = (log: Logger) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const fire = (row: WishRow) =>
      Effect.gen(function* () {
        const community = row.community as CommunityId;
        const due = nextWishTimer(row.wish as WishState);
        if (due === undefined) return;
        const outcome = yield* executeWishCommand(
          {
            commandId: derivedId(
              "wish-timer",
              community,
              row.wishId,
              due.command.type,
              due.at,
            ) as CommandId,
            community,
            actor: wishTimerActor,
            command: due.command,
          },
          log,
        ).pipe(Effect.either);
        if (Either.isRight(outcome)) return;
        if (!isLastingRefusal(outcome.left)) return yield* Effect.fail(outcome.left);
        log.warn(
          { wishId: row.wishId, command: due.command.type, code: codeOf(outcome.left) },
          "a wish's timer was refused; its rows are caught up",
        );
        const record = yield* store.load<WishState>(wishKey(community, row.wishId));
        if (Option.isSome(record)) yield* writeWishRows(record.value);
      });
    return yield* dueRows(wishRows, fire);
  });

/**
 * One run of the catalogue pickup timer: the redemptions not picked up by their deadline
 * (`nextCatalogueRedemptionTimer`), soonest first, each expired as `system` under an id
 * derived from the redemption and its deadline; the hold is then voided by the points
 * service and the units go back into stock by the catalogue flow.
 *
 * @example
 * yield* runPickupTimers(log);
 */
export const runPickupTimers = (log: Logger) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const fire = (row: CatalogueRedemptionRow) =>
      Effect.gen(function* () {
        const community = row.community as CommunityId;
        const due = nextCatalogueRedemptionTimer(row.redemption as CatalogueRedemptionState);
        if (due === undefined) return;
        const outcome = yield* executeCatalogueRedemptionCommand(
          {
            commandId: derivedId(
              "pickup-timer",
              community,
              row.redemptionId,
              due.command.type,
              due.at,
            ) as CommandId,
            community,
            actor: pickupTimerActor,
            command: due.command,
          },
          log,
        ).pipe(Effect.either);
        if (Either.isRight(outcome)) return;
        if (!isLastingRefusal(outcome.left)) return yield* Effect.fail(outcome.left);
        log.warn(
          { redemptionId: row.redemptionId, code: codeOf(outcome.left) },
          "a redemption's pickup timer was refused; its row is caught up",
        );
        const record = yield* store.load<CatalogueRedemptionState>(
          catalogueRedemptionKey(community, row.redemptionId),
        );
        if (Option.isSome(record)) yield* writeCatalogueRedemptionRow(record.value);
      });
    return yield* dueRows(catalogueRedemptionRows, fire);
  });
