import {
  type Actor,
  type AggregateRecord,
  CommandId,
  type CommandReceipt,
  CommunityId,
  type CommunityPolicy,
  CourierId,
  DAY,
  EventId,
  HOUR,
  handleCommand,
  type Instant,
  manualClock,
  newAggregateRecord,
  sequentialIds,
  systemActor,
  TransferId,
} from "@courier-station/core";
import { Either } from "effect";
import { pointsCommandIdOf } from "../account/command-ids.js";
import type { PointsAccountCommand } from "../account/commands.js";
import { pointsAccountDecider } from "../account/index.js";
import type { PointsAccountState } from "../account/state.js";
import { courierAccountId, systemAccountId } from "../accounts.js";
import { PointsTrigger } from "../earning/triggers.js";
import type { TransferAmount } from "../transfer.js";

/*
 * A long, ordinary life of one courier's points account, for the test that its state
 * stays small and for the benchmark: each day the courier volunteers and reports, every
 * few days redeems a wish (a hold, later posted, voided or left to expire), now and then
 * staff adjust, and expiry runs monthly. Commands go through `handleCommand` the way the
 * kit's store runs them: with only the receipt of the command at hand (the store keeps
 * every receipt and loads the one asked for), not all of them.
 */

/** The community of the simulated account. */
export const LIFE_COMMUNITY = CommunityId.parse("jinshan-wanda");

const flow = systemActor("points-life");
const staff: Actor = { role: "staff", id: "staff-1", communities: [LIFE_COMMUNITY] };

/** One command of the life, at its time, by its actor. */
export interface LifeStep {
  readonly at: Instant;
  readonly actor: Actor;
  readonly command: PointsAccountCommand;
}

const instantAt = (millis: number): Instant => new Date(millis).toISOString() as Instant;

/**
 * The commands of a courier's life from `start`, day after day, for ever (take as many
 * as needed). Deterministic: the same every run.
 */
export function* courierLife(courierName: string, start: Instant): Generator<LifeStep> {
  const courierId = CourierId.parse(courierName);
  const account = courierAccountId(courierId);
  const redemption = systemAccountId("redemption");
  const open: Array<{ readonly id: TransferId; readonly timeoutAt: number; readonly day: number }> =
    [];
  for (let day = 0; ; day++) {
    const morning = Date.parse(start) + day * DAY;
    const confirmedAt = instantAt(morning + 2 * HOUR);
    yield {
      at: instantAt(morning + 3 * HOUR),
      actor: flow,
      command: {
        type: "EarnPoints",
        data: {
          trigger: PointsTrigger.parse({
            id: EventId.parse(`evt-${courierName}-${day}-p`),
            type: "ParticipationConfirmed",
            time: confirmedAt,
            data: {
              activityId: `act-${day}`,
              courierId,
              activityKind: "volunteering",
              hours: 2,
              confirmedAt,
            },
          }),
        },
      },
    };
    const verifiedAt = instantAt(morning + 5 * HOUR);
    yield {
      at: instantAt(morning + 6 * HOUR),
      actor: flow,
      command: {
        type: "EarnPoints",
        data: {
          trigger: PointsTrigger.parse({
            id: EventId.parse(`evt-${courierName}-${day}-r`),
            type: "ReportVerified",
            time: verifiedAt,
            data: { reportId: `r-${day}`, reporterId: courierId, category: "noise", verifiedAt },
          }),
        },
      },
    };
    // Holds made three days ago are settled: posted, voided, or (one in three) left to
    // expire once their timeout has passed.
    for (const hold of [...open]) {
      const settleDay = hold.day + 3;
      const due = day >= settleDay && (hold.day % 9 !== 6 || morning >= hold.timeoutAt);
      if (!due) continue;
      open.splice(open.indexOf(hold), 1);
      const holding = { account };
      if (hold.day % 9 === 0) {
        yield {
          at: instantAt(morning + 7 * HOUR),
          actor: flow,
          command: {
            type: "PostPendingTransfer",
            data: {
              transferId: TransferId.parse(`${hold.id}-post`),
              pendingTransferId: hold.id,
              ...holding,
            },
          },
        };
      } else if (hold.day % 9 === 3) {
        yield {
          at: instantAt(morning + 7 * HOUR),
          actor: flow,
          command: {
            type: "VoidPendingTransfer",
            data: {
              transferId: TransferId.parse(`${hold.id}-void`),
              pendingTransferId: hold.id,
              ...holding,
            },
          },
        };
      } else {
        yield {
          at: instantAt(morning + 7 * HOUR),
          actor: flow,
          command: {
            type: "ExpirePendingTransfer",
            data: { pendingTransferId: hold.id, ...holding },
          },
        };
      }
    }
    if (day % 3 === 0) {
      const id = TransferId.parse(`wish-${courierName}-${day}-hold`);
      const timeoutAt = morning + 5 * DAY;
      open.push({ id, timeoutAt, day });
      yield {
        at: instantAt(morning + 8 * HOUR),
        actor: flow,
        command: {
          type: "CreateTransfer",
          data: {
            transferId: id,
            debitAccount: account,
            creditAccount: redemption,
            amount: 12 as TransferAmount,
            reason: "wish_redemption",
            reference: `wish-${courierName}-${day}`,
            pending: { timeoutAt: instantAt(timeoutAt) },
          },
        },
      };
    }
    if (day % 10 === 5) {
      yield {
        at: instantAt(morning + 9 * HOUR),
        actor: staff,
        command: {
          type: "AdjustPoints",
          data: {
            transferId: TransferId.parse(`adjustment-${courierName}-${day}`),
            courierId,
            direction: day % 20 === 5 ? "grant" : "deduct",
            amount: 3 as TransferAmount,
            note: "补记 / correction",
          },
        },
      };
    }
    if (day % 30 === 29) {
      yield {
        at: instantAt(morning + 10 * HOUR),
        actor: flow,
        command: { type: "ExpireEarnedPoints", data: { courierId } },
      };
    }
  }
}

/** A courier account run the way a service runs it, and what it has recorded so far. */
export interface SimulatedAccount {
  /** Runs one command; the events it recorded, or the refusal's code. */
  readonly run: (step: LifeStep) => Either.Either<number, string>;
  readonly record: () => AggregateRecord<PointsAccountState>;
  /** How many transfers the account has recorded. */
  readonly transfers: () => number;
}

/**
 * A courier account behind a store like the kit's: one record (state and version), and
 * every command receipt kept aside and loaded by command id. A benchmark may leave the
 * receipts out (`keepReceipts: false`): a store keeps them on disk, not in the service's
 * memory, and a life never sends a command twice.
 */
export const simulatedAccount = (
  courierName: string,
  policy: CommunityPolicy,
  options: { readonly keepReceipts?: boolean } = {},
): SimulatedAccount => {
  let record = newAggregateRecord(
    pointsAccountDecider,
    LIFE_COMMUNITY,
    courierAccountId(CourierId.parse(courierName)),
  );
  const receipts = new Map<string, CommandReceipt>();
  let transfers = 0;
  let commands = 0;
  return {
    run: (step) => {
      commands += 1;
      const commandId = CommandId.parse(pointsCommandIdOf(step.command) ?? `cmd-${commands}`);
      const earlier = receipts.get(commandId);
      const outcome = handleCommand(
        pointsAccountDecider,
        { ...record, receipts: earlier === undefined ? [] : [earlier] },
        { commandId, community: LIFE_COMMUNITY, actor: step.actor, command: step.command },
        {
          clock: manualClock(step.at),
          ids: sequentialIds(`evt-${record.version}`),
          facts: { policy },
        },
      );
      if (Either.isLeft(outcome)) return Either.left(outcome.left.code);
      if (outcome.right.kind === "duplicate") return Either.right(0);
      if (options.keepReceipts !== false) receipts.set(commandId, outcome.right.receipt);
      record = { ...outcome.right.record, receipts: [] };
      const recorded = outcome.right.events.filter(
        (event) => event.type !== "PointsNotEarned",
      ).length;
      transfers += recorded;
      return Either.right(recorded);
    },
    record: () => record,
    transfers: () => transfers,
  };
};
