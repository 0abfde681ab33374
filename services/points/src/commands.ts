import {
  clockAt,
  courierFactsOf,
  decisionTime,
  PolicyBook,
  StationIds,
} from "@courier-station/contracts";
import type {
  CommandEnvelope,
  CommandOutcome,
  CommunityId,
  CourierFacts,
  Instant,
} from "@courier-station/core";
import {
  type Bus,
  type ExecutionFailure,
  executeCommand,
  type Logger,
  type RemoteError,
  type RequestFailure,
  type Store,
  type StoreFailure,
} from "@courier-station/kit";
import {
  courierOfTrigger,
  earnedAtOfTrigger,
  PendingTransferNotFound,
  type PointsAccountCommand,
  type PointsAccountError,
  type PointsAccountEvent,
  type PointsAccountState,
  pointsAccountDecider,
  pointsAccountIdOf,
} from "@courier-station/points";
import { Clock, Effect, Option } from "effect";
import { holdingAccountOf, projectAccount } from "./read-models.js";

/** What running a points command needs. */
export type PointsCommandServices = Store | Bus | PolicyBook | StationIds;

/** What running a points command can fail with. */
export type PointsCommandFailure =
  | ExecutionFailure<PointsAccountError>
  | PendingTransferNotFound
  | RemoteError
  | RequestFailure;

/**
 * How often a command is decided again when other writers keep winning the race on its
 * account: a courier redeeming many things at once makes one account busy, and each
 * attempt decides on the fresh balance, so retrying is always right.
 */
const maxAttempts = 200;

/** The time whose policy decides a command: an earning's fact time, else the decision time. */
const factTimeOf = (command: PointsAccountCommand, now: Instant): Instant =>
  command.type === "EarnPoints" ? earnedAtOfTrigger(command.data.trigger) : now;

/** The courier a command names, when it names one (not only their account). */
const courierNamedBy = (command: PointsAccountCommand): string | undefined => {
  switch (command.type) {
    case "AdjustPoints":
    case "ExpireEarnedPoints":
      return command.data.courierId;
    case "EarnPoints":
      return courierOfTrigger(command.data.trigger);
    default:
      return undefined;
  }
};

/**
 * A post, void or expiry of a hold that does not name its `account`, with the account
 * that holds it (from the holds' read model); every other command as it is. A hold the
 * service does not know is refused (`points.pending_transfer_not_found`).
 */
const routed = (
  community: CommunityId,
  command: PointsAccountCommand,
): Effect.Effect<PointsAccountCommand, PendingTransferNotFound | StoreFailure, Store> =>
  Effect.gen(function* () {
    if (pointsAccountIdOf(command) !== undefined) return command;
    if (
      command.type !== "PostPendingTransfer" &&
      command.type !== "VoidPendingTransfer" &&
      command.type !== "ExpirePendingTransfer"
    ) {
      return command;
    }
    const pendingTransferId = command.data.pendingTransferId;
    const account = yield* holdingAccountOf(community, pendingTransferId);
    if (Option.isNone(account)) {
      return yield* Effect.fail(new PendingTransferNotFound({ pendingTransferId }));
    }
    return {
      ...command,
      data: { ...command.data, account: account.value },
    } as PointsAccountCommand;
  });

/**
 * Runs a command of a courier's points account: routed to the account (a hold's post,
 * void or expiry by the hold when it does not say), decided under the policy in force at
 * the fact's time (an earning's event time, else now) with the courier's facts for an
 * earning (a courier who withdrew consent earns nothing), written in one append, then the
 * account's read models brought up to date. A failure to update them is logged, not
 * answered: the consumer of the service's own events catches up.
 *
 * @example
 * const outcome = yield* executePointsCommand(envelope, log);
 * return commandReplyOf(outcome);
 */
export const executePointsCommand = (
  envelope: CommandEnvelope<PointsAccountCommand>,
  log: Logger,
): Effect.Effect<
  CommandOutcome<PointsAccountState, PointsAccountEvent>,
  PointsCommandFailure,
  PointsCommandServices
> =>
  Effect.gen(function* () {
    const now = yield* decisionTime;
    const ids = yield* StationIds;
    const book = yield* PolicyBook;
    const community = envelope.community;
    const command = yield* routed(community, envelope.command);
    const { policy } = yield* book.inForceAt(community, factTimeOf(command, now));
    let courier: CourierFacts | undefined;
    if (command.type === "EarnPoints") {
      const courierId = courierOfTrigger(command.data.trigger);
      courier = (yield* courierFactsOf(community, [courierId])).get(courierId);
    }
    const startedAt = yield* Clock.currentTimeMillis;
    const outcome = yield* executeCommand(
      pointsAccountDecider,
      { ...envelope, command },
      {
        clock: clockAt(now),
        ids,
        facts: courier === undefined ? { policy } : { policy, courier },
        maxAttempts,
      },
    );
    yield* projectAccount(
      community,
      outcome.record.id,
      courierNamedBy(command),
      // Applied: the record is what the append just stored, at its version, after the
      // events it appended.
      outcome.kind === "applied"
        ? {
            state: outcome.record.state,
            version: outcome.record.version,
            events: outcome.events,
            startedAt,
          }
        : undefined,
    ).pipe(
      Effect.catchAll((failure) =>
        Effect.sync(() =>
          log.warn(
            { account: outcome.record.id, code: (failure as { code?: string }).code },
            "points read models left to catch up",
          ),
        ),
      ),
    );
    return outcome;
  });
