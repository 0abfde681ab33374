import { call, wishesContract } from "@courier-station/contracts";
import {
  type CommandId,
  type CommunityId,
  type EventEnvelope,
  isDomainError,
  systemActor,
} from "@courier-station/core";
import { type ConsumerContext, Store } from "@courier-station/kit";
import {
  courierOfTrigger,
  earningCommandIdOf,
  type PointsAccountCommand,
  PointsTrigger,
  pointsCommandIdOf,
} from "@courier-station/points";
import {
  type CatalogueRedemptionCommand,
  CatalogueRedemptionEvent,
  type HoldOutcome,
  holdOutcomeCommandFor,
  holdVoidTransferId,
  pointsCommandsFor,
  type WishCommand,
  WishEvent,
} from "@courier-station/wishes";
import { Effect, Either, Option } from "effect";
import type { z } from "zod";
import { executePointsCommand } from "./commands.js";
import { accountRowId, accountRows, projectAccount } from "./read-models.js";

/*
 * The points service's flows: durable consumers whose every effect is a command with an
 * id derived from the event, so a redelivered event (after a crash at any step, a lost
 * acknowledgement, a republish) sends the same commands, which the accounts' receipts
 * answer `duplicate`.
 */

/** The actor of the earning flow. */
export const earningActor = systemActor("points-earning");
/** The actor of the wishes' points flow (holds, posts, voids, and the reports back). */
export const wishesFlowActor = systemActor("points-wishes");

/**
 * Failures that pass: the store or the bus is busy or away, another writer kept winning,
 * another service answered with a fault. The event comes again later (and after the
 * consumer's deliveries, the dead letters). Anything else that is a domain error is a
 * refusal no retry would change.
 */
const passingTags: ReadonlySet<string> = new Set([
  "StoreUnavailable",
  "StoreCorrupt",
  "VersionConflict",
  "RevisionConflict",
  "BusUnavailable",
  "BusTimeout",
  "NoResponders",
  "ReplyInvalid",
  "ServiceStopping",
  "InternalFault",
]);

/**
 * Whether a failure is a refusal that will not change by trying again: a domain error
 * that is not a passing failure of the store or the bus, nor a remote fault (5xx).
 *
 * @example
 * if (!isLastingRefusal(error)) return yield* Effect.fail(error); // redelivered later
 */
export const isLastingRefusal = (error: unknown): boolean => {
  if (!isDomainError(error) || passingTags.has(error._tag)) return false;
  const status = (error as { readonly status?: unknown }).status;
  return !(typeof status === "number" && status >= 500);
};

const codeOf = (error: unknown): string => (isDomainError(error) ? error.code : "internal.error");

/**
 * An event that may earn points (`pointsTriggerTypes`) → `EarnPoints` on the courier's
 * account, under `earningCommandIdOf(event id)` (the id the account requires, derived
 * from the event), decided by the policy in force at the event's fact time with the
 * courier's facts. An event seen again is the same command: `duplicate`, nothing earned
 * twice. An event that is not a trigger after all is logged and skipped.
 */
export const earnFromEvent = (event: EventEnvelope, context: ConsumerContext) =>
  Effect.gen(function* () {
    const parsed = PointsTrigger.safeParse(event);
    if (!parsed.success) {
      context.log.warn({ eventId: event.id, type: event.type }, "not an earning event: skipped");
      return;
    }
    const trigger = parsed.data;
    const outcome = yield* executePointsCommand(
      {
        commandId: earningCommandIdOf(trigger.id),
        community: event.community,
        actor: earningActor,
        command: { type: "EarnPoints", data: { trigger } },
        causationId: event.id,
        correlationId: event.correlationId,
      },
      context.log,
    ).pipe(Effect.either);
    if (Either.isRight(outcome)) return;
    if (!isLastingRefusal(outcome.left)) return yield* Effect.fail(outcome.left);
    context.log.warn(
      { eventId: event.id, courierId: courierOfTrigger(trigger), code: codeOf(outcome.left) },
      "points not earned: refused",
    );
  });

/**
 * The refusals of a void that mean the hold is released already: voided before (another
 * delivery), expired by the timer, or never made (the ledger refused it, and the wish was
 * cancelled before it heard).
 */
const voidDoneCodes: ReadonlySet<string> = new Set([
  "points.pending_transfer_already_voided",
  "points.pending_transfer_already_expired",
  "points.pending_transfer_not_found",
]);

/** A post refused because the hold was posted by an earlier delivery. */
const postDoneCodes: ReadonlySet<string> = new Set(["points.pending_transfer_already_posted"]);

const sendToLedger = (
  event: EventEnvelope,
  command: PointsAccountCommand,
  context: ConsumerContext,
) =>
  executePointsCommand(
    {
      commandId: pointsCommandIdOf(command) as CommandId,
      community: event.community,
      actor: wishesFlowActor,
      command,
      causationId: event.id,
      correlationId: event.correlationId,
    },
    context.log,
  ).pipe(Effect.either);

/** The wishes service's endpoints a hold's outcome is reported to. */
type HoldOutcomeEndpoint =
  | "ConfirmWishHold"
  | "RecordWishRedemptionFailed"
  | "ConfirmCatalogueRedemptionHold"
  | "RecordCatalogueRedemptionFailed";

/**
 * Tells the wishes service a hold's outcome: the wish or catalogue redemption command
 * `holdOutcomeCommandFor` gives, called through `wishesContract`'s endpoint of that command
 * type (`cs.<community>.wishes.<Type>`) as `system`, with a command id derived
 * from the event, so a redelivery sends the same command and the wish answers `duplicate`.
 * Answers whether the wishes service took it; a conflict on the id means an earlier
 * delivery reported another outcome.
 */
export const reportHoldOutcome = (
  event: EventEnvelope,
  command: WishCommand | CatalogueRedemptionCommand,
  context: ConsumerContext,
) =>
  Effect.gen(function* () {
    const name = command.type as HoldOutcomeEndpoint;
    const reply = yield* call(wishesContract, name, event.community, {
      commandId: context.derivedId("hold-outcome"),
      community: event.community,
      actor: wishesFlowActor,
      command,
      causationId: event.id,
      correlationId: event.correlationId,
      // The command is one of the four hold reports, built by the wishes package.
    } as z.input<(typeof wishesContract.endpoints)[HoldOutcomeEndpoint]["input"]>).pipe(
      Effect.either,
    );
    if (Either.isRight(reply)) return "taken" as const;
    const failure = reply.left;
    // The bus away, the wishes service busy or at fault: the event comes again later.
    if (!isLastingRefusal(failure)) return yield* Effect.fail(failure);
    if (failure.code === "command.id_conflict") return "reported-otherwise" as const;
    context.log.warn(
      { eventId: event.id, command: command.type, code: failure.code },
      "the wishes service refused a hold's outcome",
    );
    return "refused" as const;
  });

/**
 * A wish or catalogue redemption event → the ledger commands `pointsCommandsFor` gives
 * (a hold on a redemption, a post on a hand-over, a void on a cancellation, rejection,
 * release or expiry), each under its transfer id as command id; then, for a hold, its
 * outcome told to the wishes service (`holdOutcomeCommandFor`). A void refused as already
 * voided, already expired or never held counts as done, as does a post already posted.
 * A refusal of the hold itself (not enough points) is the outcome to report. If an
 * earlier delivery reported the hold refused and it was placed since (the points came in
 * between), the wish has given up on it: the hold is voided, with the id the wish's own
 * void would have had.
 */
export const applyWishPoints = (event: EventEnvelope, context: ConsumerContext) =>
  Effect.gen(function* () {
    const parsed =
      event.aggregate === "catalogueRedemption"
        ? CatalogueRedemptionEvent.safeParse({ type: event.type, data: event.data })
        : WishEvent.safeParse({ type: event.type, data: event.data });
    if (!parsed.success) {
      context.log.warn({ eventId: event.id, type: event.type }, "not a wish event: skipped");
      return;
    }
    const wishEvent = parsed.data;
    for (const command of pointsCommandsFor(wishEvent)) {
      const outcome = yield* sendToLedger(event, command, context);
      if (Either.isLeft(outcome) && !isLastingRefusal(outcome.left)) {
        return yield* Effect.fail(outcome.left);
      }
      const refusal = Either.isLeft(outcome) ? codeOf(outcome.left) : undefined;
      if (wishEvent.type === "WishRedeemed" || wishEvent.type === "CatalogueRedemptionOpened") {
        const result: HoldOutcome =
          refusal === undefined ? { ok: true } : { ok: false, code: refusal };
        const report =
          wishEvent.type === "WishRedeemed"
            ? holdOutcomeCommandFor(wishEvent, result)
            : holdOutcomeCommandFor(wishEvent, result);
        const told = yield* reportHoldOutcome(event, report, context);
        if (told === "reported-otherwise" && result.ok) {
          yield* voidAbandonedHold(event, wishEvent.data.hold, context);
        }
        continue;
      }
      if (refusal === undefined) continue;
      const done =
        command.type === "VoidPendingTransfer"
          ? voidDoneCodes.has(refusal)
          : command.type === "PostPendingTransfer" && postDoneCodes.has(refusal);
      if (!done) {
        context.log.error(
          { eventId: event.id, command: command.type, code: refusal },
          "the ledger refused a wish's points command",
        );
      }
    }
  });

const voidAbandonedHold = (
  event: EventEnvelope,
  hold: { readonly transferId: string; readonly account: string },
  context: ConsumerContext,
) =>
  Effect.gen(function* () {
    const command: PointsAccountCommand = {
      type: "VoidPendingTransfer",
      data: {
        transferId: holdVoidTransferId(hold.transferId as never) as never,
        pendingTransferId: hold.transferId as never,
        account: hold.account as never,
      },
    };
    const outcome = yield* sendToLedger(event, command, context);
    if (Either.isLeft(outcome)) {
      if (!isLastingRefusal(outcome.left)) return yield* Effect.fail(outcome.left);
      if (!voidDoneCodes.has(codeOf(outcome.left))) {
        context.log.error(
          { eventId: event.id, code: codeOf(outcome.left) },
          "an abandoned hold could not be voided",
        );
      }
    }
  });

/**
 * A points account event → the account's read models brought up to its stored version
 * (so rows a crash missed, or another instance's commands changed, catch up). The
 * account's row is read first: at the event's version or past it, the command that
 * stored the event (or a later one) has projected it, and nothing more is read.
 */
export const followAccount = (event: EventEnvelope) =>
  Effect.gen(function* () {
    const community = event.community as CommunityId;
    const account = event.stream.slice(`${event.aggregate}-`.length);
    const store = yield* Store;
    const rows = yield* store.readModel(accountRows);
    const row = yield* rows.get(accountRowId(community, account));
    if (Option.isSome(row) && row.value.document.version >= event.version) return;
    yield* projectAccount(community, account, undefined, undefined, row);
  });
