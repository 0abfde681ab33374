import {
  type Actor,
  type AggregateRecord,
  CommandId,
  CommunityId,
  CourierId,
  type EventEnvelope,
  handleCommand,
  type Instant,
  jinshanPolicy,
  manualClock,
  newAggregateRecord,
  type Points,
  sequentialIds,
  type TransferId,
} from "@courier-station/core";
import { Store } from "@courier-station/kit";
import { courierAccountId, pointsAccountDecider } from "@courier-station/points";
import { Effect, Either } from "effect";

/*
 * A community's event log made fast for the scenarios that read one: couriers' points
 * accounts, each given its transfers by real commands (`AdjustPoints` through
 * `handleCommand`, the decider's own events and state), and each account written to the
 * store in one append, as a long-lived aggregate's history would stand in the log.
 */

const community = CommunityId.parse("jinshan-wanda");
const staff: Actor = { role: "staff", id: "staff-bench", communities: [community] };
const policy = jinshanPolicy();

/** How a log is shaped: how many couriers, how many transfers each, over how many days. */
export interface LogShape {
  readonly couriers: number;
  readonly transfersPerCourier: number;
  /** The days the transfers spread over, ending at `until`. */
  readonly days: number;
  readonly until: number;
  /** A prefix for ids, so two logs in one store do not meet. */
  readonly prefix?: string;
}

/** One courier account's history: its record after every command, and the events. */
const accountHistory = (
  shape: LogShape,
  courier: number,
): { readonly record: AggregateRecord<unknown>; readonly events: EventEnvelope[] } => {
  const courierId = CourierId.parse(`${shape.prefix ?? "c"}-${courier}`);
  let record: AggregateRecord<unknown> = newAggregateRecord(
    pointsAccountDecider,
    community,
    courierAccountId(courierId),
  );
  const events: EventEnvelope[] = [];
  const step = (shape.days * 86_400_000) / shape.transfersPerCourier;
  const from = shape.until - shape.days * 86_400_000;
  for (let index = 0; index < shape.transfersPerCourier; index++) {
    // The last transfer of every account lands within a minute before `until`.
    const at = new Date(
      from + Math.floor((index + 1) * step) - 60_000 + (courier % 60) * 1_000,
    ).toISOString() as Instant;
    const transferId = `${shape.prefix ?? "c"}-${courier}-t${index}`;
    const outcome = handleCommand(
      pointsAccountDecider,
      record as never,
      {
        commandId: CommandId.parse(transferId),
        community,
        actor: staff,
        command: {
          type: "AdjustPoints",
          data: {
            transferId: transferId as TransferId,
            courierId,
            direction: index % 5 === 4 ? "deduct" : "grant",
            amount: (1 + (index % 5)) as Points,
            note: "benchmark history",
          },
        },
      },
      { clock: manualClock(at), ids: sequentialIds(`${transferId}-e`), facts: { policy } },
    );
    if (Either.isLeft(outcome))
      throw new Error(`a history command was refused: ${outcome.left.code}`);
    if (outcome.right.kind !== "applied") throw new Error("a history command was a duplicate");
    record = { ...outcome.right.record, receipts: [] };
    events.push(...outcome.right.events);
  }
  return { record, events };
};

/**
 * Writes the log into the store (one append per account) and sequences it; returns how
 * many events it holds.
 */
export const writeLog = (
  shape: LogShape,
  onProgress?: (couriers: number) => void,
): Effect.Effect<number, unknown, Store> =>
  Effect.gen(function* () {
    const store = yield* Store;
    let written = 0;
    for (let courier = 0; courier < shape.couriers; courier++) {
      const { record, events } = accountHistory(shape, courier);
      yield* store.append({ record, expectedVersion: 0, events });
      written += events.length;
      if (onProgress !== undefined && (courier + 1) % 1_000 === 0) onProgress(courier + 1);
    }
    yield* store.sequencePending();
    return written;
  });
