import { z } from "zod";
import { Actor } from "./actors.js";
import { CommandId, CommunityId, type CorrelationId, EventId } from "./ids.js";
import { Instant } from "./time.js";
import { bilingual } from "./validation.js";

/** The name of an aggregate kind in lower camel case: `courier`, `activity`, `wish`. */
export const AggregateName = z
  .string()
  .regex(
    /^[a-z][A-Za-z0-9]{0,39}$/,
    bilingual(
      "聚合名须为 1 至 40 位字母或数字，以小写字母开头（如 courier）",
      "an aggregate name is 1 to 40 letters or digits, starting with a lower-case letter (courier)",
    ),
  );
/** The name of an aggregate kind. */
export type AggregateName = z.infer<typeof AggregateName>;

/** An event type in the past tense and PascalCase: `CourierRegistered`. */
export const EventType = z
  .string()
  .regex(
    /^[A-Z][A-Za-z0-9]{0,79}$/,
    bilingual(
      "事件类型须为 1 至 80 位字母或数字，以大写字母开头（如 CourierRegistered）",
      "an event type is 1 to 80 letters or digits, starting with a capital (CourierRegistered)",
    ),
  );

/**
 * A domain event as a decider produces it: its type and its data. The envelope adds
 * who, when, where and why.
 */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/**
 * A domain command as a caller sends it: its type (imperative, PascalCase:
 * `RegisterCourier`) and its data.
 */
export interface DomainCommand<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/**
 * An event with everything the rest of the system needs to know about it.
 *
 * - `id`: unique; also the `Nats-Msg-Id`, so JetStream drops duplicates.
 * - `stream`: `<aggregate>-<aggregate id>`; `version`: its position in that stream, from 1.
 * - `community`, `actor`, `time`: where, who and when.
 * - `causationId`: the command (or event) that caused it; `correlationId`: the conversation.
 */
export const EventEnvelope = z.strictObject({
  id: EventId,
  type: EventType,
  aggregate: AggregateName,
  stream: z.string().min(3).max(120),
  version: z.number().int().min(1),
  community: CommunityId,
  actor: Actor,
  time: Instant,
  causationId: z.string().min(1).max(128),
  correlationId: z.string().min(1).max(128),
  data: z.unknown(),
});

/** An event with its metadata. `Event` is the decider's own event union. */
export type EventEnvelope<Event extends DomainEvent = DomainEvent> = Omit<
  z.infer<typeof EventEnvelope>,
  "type" | "data"
> &
  Event;

/**
 * A command with its metadata: the caller-chosen `commandId` (sending it again returns
 * the first outcome), the community it is for, the actor the edge authenticated, and
 * optional correlation and causation ids for flows.
 */
export interface CommandEnvelope<Command extends DomainCommand = DomainCommand> {
  readonly commandId: CommandId;
  readonly community: CommunityId;
  readonly actor: Actor;
  readonly command: Command;
  // `| undefined` so that what `commandEnvelopeOf` parses is a CommandEnvelope as it is.
  readonly correlationId?: CorrelationId | string | undefined;
  readonly causationId?: string | undefined;
  /**
   * The version of the aggregate the sender last saw (an HTTP `If-Match`): when the
   * aggregate is no longer at it, the command is refused with `VersionPreconditionFailed`
   * and nothing is stored, so two people editing the same thing cannot overwrite each
   * other unknowingly. Absent: no precondition.
   */
  readonly expected?: ExpectedVersion | undefined;
}

/** The aggregate instance and version a command's sender expects it to be at. */
export const ExpectedVersion = z.strictObject({
  aggregate: AggregateName,
  id: z.string().min(1).max(120),
  version: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});
/** The aggregate instance and version a command's sender expects it to be at. */
export type ExpectedVersion = z.infer<typeof ExpectedVersion>;

/** The zod schema of a {@link CommandEnvelope} around a given command schema. */
export const commandEnvelopeOf = <Command extends z.ZodType>(command: Command) =>
  z.strictObject({
    commandId: CommandId,
    community: CommunityId,
    actor: Actor,
    command,
    correlationId: z.string().min(1).max(128).optional(),
    causationId: z.string().min(1).max(128).optional(),
    expected: ExpectedVersion.optional(),
  });

/**
 * The stream name of an aggregate instance.
 *
 * @example
 * streamName("courier", "c-1"); // "courier-c-1"
 */
export const streamName = (aggregate: string, id: string): string => `${aggregate}-${id}`;
