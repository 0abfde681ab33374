import { Either } from "effect";
import type { DeciderPermissions } from "./access.js";
import type { Actor } from "./actors.js";
import type { DomainCommand, DomainEvent } from "./envelope.js";
import type { CommandId, CommunityId } from "./ids.js";
import type { Instant } from "./time.js";

/**
 * What every decision may know besides the command and the state: the time, who asks,
 * in which community, and under which command id. Deciders that need more (the policy,
 * facts about other aggregates looked up by the service) extend this interface; the
 * service fills it in.
 */
export interface DecisionContext {
  readonly now: Instant;
  readonly actor: Actor;
  readonly community: CommunityId;
  /**
   * The id of the command being decided; `handleCommand` always sets it. A decider whose
   * idempotency rests on the command receipts (the points account, which runs every
   * transfer under its transfer id) requires it; the others may ignore it.
   */
  readonly commandId?: CommandId;
}

/** The events a command produces, or the typed reason it is refused. */
export type Decision<Event, Failure> = Either.Either<ReadonlyArray<Event>, Failure>;

/**
 * A decider (after Jérémie Chassaing and Emmett): the whole behaviour of one aggregate
 * as three pure functions.
 *
 * - `initialState()`: the state before the first event;
 * - `decide(command, state, context)`: the events a command produces, or an error;
 * - `evolve(state, event)`: the state after an event.
 *
 * `aggregate` names the kind (`courier`), and `idOf` says which instance a command
 * is for, so a runner can load the right stream. `permissions` says which roles may send
 * each of its commands; `handleCommand` checks it before anything else.
 *
 * @example
 * const result = courierDecider.decide(command, state, context);
 * if (Either.isRight(result)) state = result.right.reduce(courierDecider.evolve, state);
 */
export interface Decider<
  Command extends DomainCommand,
  State,
  Event extends DomainEvent,
  Failure,
  Context extends DecisionContext = DecisionContext,
> {
  readonly aggregate: string;
  readonly idOf: (command: Command) => string;
  /** Who may send each command of the decider (declared beside it, in its package). */
  readonly permissions: DeciderPermissions<Command>;
  readonly initialState: () => State;
  readonly decide: (command: Command, state: State, context: Context) => Decision<Event, Failure>;
  readonly evolve: (state: State, event: Event) => State;
}

/**
 * Accepts a command with these events.
 *
 * @example
 * return accept({ type: "CourierVerified", data: { courierId, verifiedAt: context.now } });
 */
export const accept = <const Event>(...events: ReadonlyArray<Event>): Decision<Event, never> =>
  Either.right(events);

/**
 * Refuses a command with a typed error.
 *
 * @example
 * return refuse(new CourierNotActive({ courierId }));
 */
export const refuse = <Failure>(failure: Failure): Decision<never, Failure> => Either.left(failure);

/**
 * The state after a sequence of events, from the initial state.
 *
 * @example
 * const state = replay(courierDecider, events);
 */
export const replay = <State, Event extends DomainEvent>(
  decider: {
    readonly initialState: () => State;
    readonly evolve: (state: State, event: Event) => State;
  },
  events: Iterable<Event>,
): State => {
  let state = decider.initialState();
  for (const event of events) state = decider.evolve(state, event);
  return state;
};
