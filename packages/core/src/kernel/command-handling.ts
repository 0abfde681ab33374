import { Either } from "effect";
import { authorize, Forbidden } from "./access.js";
import { canonicalJson, firstDifference } from "./canonical-json.js";
import type { Decider, DecisionContext } from "./decider.js";
import { isDerivedId } from "./derived-id.js";
import type { CommandEnvelope, DomainCommand, DomainEvent, EventEnvelope } from "./envelope.js";
import { streamName } from "./envelope.js";
import { DomainError } from "./errors.js";
import type { CommandId, CommunityId, EventId, IdGenerator } from "./ids.js";
import { localized } from "./localized-text.js";
import type { Clock, Instant } from "./time.js";

/**
 * What a runner remembers of an accepted command, kept with the aggregate so that the
 * same `commandId` sent again returns the first outcome.
 */
export interface CommandReceipt {
  readonly commandId: CommandId;
  /** The actor id and the command body, canonicalised, to tell a retry from a reuse. */
  readonly body: string;
  readonly eventIds: ReadonlyArray<EventId>;
  /** The aggregate's version after the command. */
  readonly version: number;
  readonly at: Instant;
}

/** One aggregate instance as a store keeps it: its state, version and command receipts. */
export interface AggregateRecord<State> {
  readonly aggregate: string;
  readonly id: string;
  readonly community: CommunityId;
  readonly state: State;
  /** How many events the stream holds; 0 before the first. */
  readonly version: number;
  readonly receipts: ReadonlyArray<CommandReceipt>;
}

/**
 * The record of an aggregate that has no events yet.
 *
 * @example
 * const record = newAggregateRecord(courierDecider, "jinshan-wanda", "c-1");
 */
export const newAggregateRecord = <State>(
  decider: { readonly aggregate: string; readonly initialState: () => State },
  community: CommunityId,
  id: string,
): AggregateRecord<State> => ({
  aggregate: decider.aggregate,
  id,
  community,
  state: decider.initialState(),
  version: 0,
  receipts: [],
});

/** A command id was sent again with a different body (or by another actor). */
export class CommandIdConflict extends DomainError("CommandIdConflict", {
  code: "command.id_conflict",
  httpStatus: 409,
  text: (props: { readonly commandId: string; readonly field: string }) =>
    localized(
      `指令编号 ${props.commandId} 已用于另一条内容不同的指令（不同之处：${props.field || "整体"}）`,
      `Command id ${props.commandId} was already used for a different command (differs at: ${props.field || "the whole command"})`,
    ),
}) {}

/**
 * A command carried the version its sender last saw (`expected`, an HTTP `If-Match`), and
 * the aggregate is another instance or has moved on since: someone else changed it first.
 */
export class VersionPreconditionFailed extends DomainError("VersionPreconditionFailed", {
  code: "command.version_precondition_failed",
  httpStatus: 412,
  text: (props: { readonly expected: string; readonly actual: string }) =>
    localized(
      `记录已被他人更改（您看到的是 ${props.expected}，现在是 ${props.actual}），请刷新后再试`,
      `The record was changed by someone else (you saw ${props.expected}, it is now ${props.actual}); reload it and try again`,
    ),
}) {}

/** What running a command did. */
export type CommandOutcome<State, Event extends DomainEvent> =
  | {
      /**
       * The command was decided now; `events` are new (none when the decider accepted it
       * as a no-op) and `record` is what to store: with the new receipt either way.
       */
      readonly kind: "applied";
      readonly record: AggregateRecord<State>;
      readonly events: ReadonlyArray<EventEnvelope<Event>>;
      readonly receipt: CommandReceipt;
    }
  | {
      /** The same command was accepted before; nothing changes and nothing is stored. */
      readonly kind: "duplicate";
      readonly record: AggregateRecord<State>;
      readonly receipt: CommandReceipt;
    };

/** What a runner needs besides the decider, the record and the command. */
export interface CommandRuntime<Context extends DecisionContext> {
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** The rest of the decision context (the policy, looked-up facts). */
  readonly facts: Omit<Context, keyof DecisionContext>;
}

const bodyOf = (envelope: CommandEnvelope): string =>
  canonicalJson({ actor: envelope.actor.id, command: envelope.command });

/**
 * Runs a command through a decider, with authorisation and idempotency by `commandId`:
 *
 * 1. the actor must be allowed to send the command in the community: the decider's own
 *    permission table (`decider.permissions`) lists their role for the command, and they
 *    act in the community (see `authorize`); a command id in the namespace of derived
 *    ids (`d-…`) is for the `system` role only, so no caller can take the id of a flow's
 *    command first;
 * 2. if the aggregate already accepted this `commandId` with the same body, the
 *    outcome is `duplicate` and nothing changes; with a different body (or another
 *    actor) it is a {@link CommandIdConflict} naming the first differing field;
 * 3. a command carrying `expected` (the aggregate and version its sender last saw) is
 *    refused with {@link VersionPreconditionFailed} unless the record is that one at
 *    that version;
 * 4. otherwise the decider decides; its events get ids, versions and metadata, the
 *    state evolves, and a receipt is added.
 *
 * A command accepted with no events (a no-op: an update with nothing to change,
 * consent to the version already given) gets a receipt too, with no event ids and the
 * record's version; state and version stay. Stored, it makes the same id sent again a
 * `duplicate` even after other commands changed the state, instead of a new decision
 * that could undo them. A refused command changes nothing and leaves no receipt, so
 * nothing is stored for it and the id can be sent again.
 *
 * @example
 * const outcome = handleCommand(suggestionDecider, record, envelope, {
 *   clock: systemClock, ids: uuidV7Ids(), facts: { policy, courier: courierFacts(courierState) },
 * });
 * if (Either.isRight(outcome) && outcome.right.kind === "applied") {
 *   // store outcome.right.record (with its new receipt) and outcome.right.events
 *   // (perhaps none) in one write
 * }
 */
export const handleCommand = <
  Command extends DomainCommand,
  State,
  Event extends DomainEvent,
  Failure,
  Context extends DecisionContext,
>(
  decider: Decider<Command, State, Event, Failure, Context>,
  record: AggregateRecord<State>,
  envelope: CommandEnvelope<Command>,
  runtime: CommandRuntime<Context>,
): Either.Either<
  CommandOutcome<State, Event>,
  Failure | Forbidden | CommandIdConflict | VersionPreconditionFailed
> => {
  const allowed = authorize(
    envelope.actor,
    envelope.community,
    envelope.command.type,
    // A decider built without a table (from plain JavaScript) is refused every command
    // rather than allowed every one.
    decider.permissions ?? {},
  );
  if (Either.isLeft(allowed)) return Either.left(allowed.left);
  // Command ids in the derived namespace are the system's flows' own (`derivedId`): a
  // caller who sent one first would make the flow's command a conflict.
  if (envelope.actor.role !== "system" && isDerivedId(envelope.commandId)) {
    return Either.left(
      new Forbidden({
        commandType: envelope.command.type,
        role: envelope.actor.role,
        community: envelope.community,
        reason: "command_id",
      }),
    );
  }

  const body = bodyOf(envelope);
  const earlier = record.receipts.find((receipt) => receipt.commandId === envelope.commandId);
  if (earlier !== undefined) {
    if (earlier.body === body) return Either.right({ kind: "duplicate", record, receipt: earlier });
    const field = firstDifference(JSON.parse(earlier.body), JSON.parse(body)) ?? "";
    return Either.left(new CommandIdConflict({ commandId: envelope.commandId, field }));
  }
  // After the duplicate check, so that a retry of a command that was applied is answered
  // as a duplicate rather than refused for the version it moved the aggregate to.
  const expected = envelope.expected;
  if (
    expected !== undefined &&
    (expected.aggregate !== record.aggregate ||
      expected.id !== record.id ||
      expected.version !== record.version)
  ) {
    return Either.left(
      new VersionPreconditionFailed({
        expected: `${expected.aggregate} ${expected.id} v${expected.version}`,
        actual: `${record.aggregate} ${record.id} v${record.version}`,
      }),
    );
  }

  const now = runtime.clock.now();
  const context = {
    ...runtime.facts,
    now,
    actor: envelope.actor,
    community: envelope.community,
    commandId: envelope.commandId,
  } as Context;
  const decision = decider.decide(envelope.command, record.state, context);
  if (Either.isLeft(decision)) return Either.left(decision.left);
  const stream = streamName(record.aggregate, record.id);
  let state = record.state;
  const events: Array<EventEnvelope<Event>> = [];
  decision.right.forEach((event, index) => {
    state = decider.evolve(state, event);
    events.push({
      id: runtime.ids.next() as EventId,
      type: event.type,
      data: event.data,
      aggregate: record.aggregate,
      stream,
      version: record.version + index + 1,
      community: envelope.community,
      actor: envelope.actor,
      time: now,
      causationId: envelope.causationId ?? envelope.commandId,
      correlationId: envelope.correlationId ?? envelope.commandId,
    } as EventEnvelope<Event>);
  });
  const version = record.version + events.length;
  const receipt: CommandReceipt = {
    commandId: envelope.commandId,
    body,
    eventIds: events.map((event) => event.id),
    version,
    at: now,
  };
  return Either.right({
    kind: "applied",
    record: { ...record, state, version, receipts: [...record.receipts, receipt] },
    events,
    receipt,
  });
};
