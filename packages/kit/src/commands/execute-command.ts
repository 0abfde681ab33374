import {
  type CommandEnvelope,
  type CommandIdConflict,
  type CommandOutcome,
  type CommandRuntime,
  type Decider,
  type DecisionContext,
  type DomainCommand,
  type DomainEvent,
  type Forbidden,
  handleCommand,
  newAggregateRecord,
  type VersionPreconditionFailed,
} from "@courier-station/core";
import { Duration, Effect, Either, Option, Random, Schedule } from "effect";
import { Store } from "../store/store.js";
import type { InvalidDocument, StoreFailure, VersionConflict } from "../store/store-errors.js";

/** How `executeCommand` retries when another write wins the race. */
export interface RetryOptions {
  /**
   * How many times at most to load, decide and append; default 10. After the last
   * attempt the `VersionConflict` is the outcome (a busy aggregate: the caller may send
   * the same command again later).
   */
  readonly maxAttempts?: number;
  /**
   * The longest pause before a retry, in milliseconds; default 50. Each pause is random,
   * from 1 ms up to `min(2^attempt, maxBackoffMs)`, so racing writers spread out; it is
   * taken on Effect's Clock (see {@link versionConflictBackoff}).
   */
  readonly maxBackoffMs?: number;
}

/**
 * The pauses between attempts after a `VersionConflict`: at most `maxAttempts - 1`
 * retries, each after a random pause from 1 ms up to `min(2^retry, maxBackoffMs)` ms, so
 * racing writers spread out. On Effect's Clock, so a test moves it
 * with `TestClock` instead of waiting.
 *
 * @example
 * Effect.retry(append, { schedule: versionConflictBackoff(10, 50) });
 */
export const versionConflictBackoff = (
  maxAttempts: number,
  maxBackoffMs: number,
): Schedule.Schedule<unknown, unknown> =>
  Schedule.exponential(Duration.millis(2)).pipe(
    Schedule.union(Schedule.spaced(Duration.millis(Math.max(1, maxBackoffMs)))),
    Schedule.modifyDelayEffect((_, delay) =>
      Effect.map(Random.nextIntBetween(1, Duration.toMillis(delay) + 1), Duration.millis),
    ),
    Schedule.intersect(Schedule.recurs(Math.max(0, maxAttempts - 1))),
  );

/**
 * What `executeCommand` needs: core's `CommandRuntime` (clock, ids, facts) and retry
 * settings. Who may send what is the decider's own `permissions`, not the runtime's.
 */
export type ExecutionRuntime<Context extends DecisionContext> = CommandRuntime<Context> &
  RetryOptions;

/** Everything `executeCommand` can fail with: the decider's refusals, access, command-id reuse, and the store's. */
export type ExecutionFailure<Failure> =
  | Failure
  | Forbidden
  | CommandIdConflict
  | VersionPreconditionFailed
  | VersionConflict
  | InvalidDocument
  | StoreFailure;

/**
 * Runs a command against the store: load the aggregate (or start a new one), decide
 * with core's `handleCommand` (authorisation, idempotency by `commandId`, envelopes),
 * and append the outcome as one write guarded by the version it was loaded at. When
 * another writer got there first (`VersionConflict`), it loads again and the decider
 * decides again on the fresh state, up to `maxAttempts` times.
 *
 * The outcome is core's `CommandOutcome`: `applied` with the new events, or `duplicate`
 * with the receipt of the first time the command was applied. A command whose write
 * succeeded but whose reply was lost (a crash, a timeout) is answered `duplicate` when
 * sent again with the same id, with the same event ids, and nothing happens twice.
 *
 * A command the decider accepts with no events (a no-op: an update to the values
 * already there) is `applied` with an empty list, and its receipt alone is stored,
 * guarded by the version like any write. So the same id sent again is `duplicate` even
 * after another command changed the state — decided again, it could undo that change.
 * The one exception is a no-op on an aggregate that does not exist yet: a store keeps
 * no record without events, so nothing is stored and the command, sent again, is
 * decided again (the deciders of this project refuse commands to an aggregate that
 * does not exist, rather than accepting them with no events).
 *
 * The record in the outcome holds the receipts loaded for this command only (the store
 * loads one receipt, not all, to keep commands fast on long-lived aggregates).
 *
 * @example
 * const outcome = yield* executeCommand(courierDecider, envelope, {
 *   clock: systemClock,
 *   ids: uuidV7Ids(),
 *   facts: {
 *     policy,
 *     mobileKeyOf: (number) => mobileNumberKey(number, secret),
 *     registeredMobileKeys: (key) => owners.get(key), // from store.uniqueKeyOwner
 *     personalData: personalDataSeal(secret),
 *   },
 * });
 * if (outcome.kind === "applied") relay.wake();
 */
export const executeCommand = <
  Command extends DomainCommand,
  State,
  Event extends DomainEvent,
  Failure,
  Context extends DecisionContext,
>(
  decider: Decider<Command, State, Event, Failure, Context>,
  envelope: CommandEnvelope<Command>,
  runtime: ExecutionRuntime<Context>,
): Effect.Effect<CommandOutcome<State, Event>, ExecutionFailure<Failure>, Store> =>
  Effect.gen(function* () {
    const store = yield* Store;
    const maxAttempts = Math.max(1, runtime.maxAttempts ?? 10);
    const key = {
      community: envelope.community,
      aggregate: decider.aggregate,
      id: decider.idOf(envelope.command),
    };
    // One load → decide → append; a VersionConflict is retried on the schedule below.
    // The load is `toAppend` (the store may answer with the head it knows, the append
    // refuses a stale one); an answer given without appending is decided again on a
    // load that reads the head, so no refusal, duplicate or no-op rests on a stale one.
    const decide = (toAppend: boolean) =>
      Effect.map(
        store.load<State>(key, { receiptsFor: envelope.commandId, toAppend }),
        (loaded) => {
          const record = Option.getOrElse(loaded, () =>
            newAggregateRecord(decider, envelope.community, key.id),
          );
          return { record, decided: handleCommand(decider, record, envelope, runtime) };
        },
      );
    const attempt = Effect.gen(function* () {
      let { record, decided } = yield* decide(true);
      if (
        Either.isLeft(decided) ||
        decided.right.kind !== "applied" ||
        decided.right.events.length === 0
      ) {
        ({ record, decided } = yield* decide(false));
      }
      if (Either.isLeft(decided)) return yield* Effect.fail(decided.left);
      const outcome = decided.right;
      if (outcome.kind === "duplicate") return outcome;
      // A no-op on an aggregate that does not exist leaves nothing to keep a receipt
      // with (a store has no record without events); see the doc comment above.
      if (outcome.events.length === 0 && record.version === 0) return outcome;
      yield* store.append({
        record: outcome.record,
        expectedVersion: record.version,
        events: outcome.events,
        receipt: outcome.receipt,
      });
      return outcome;
    });
    return yield* Effect.retry(attempt, {
      schedule: versionConflictBackoff(maxAttempts, runtime.maxBackoffMs ?? 50),
      while: (failure) =>
        typeof failure === "object" &&
        failure !== null &&
        (failure as { readonly _tag?: unknown })._tag === "VersionConflict",
    });
  });
