import {
  type Actor,
  accept,
  type CommandEnvelope,
  type CommandId,
  type CommunityId,
  type Decider,
  type DeciderPermissions,
  DomainError,
  type EventEnvelope,
  type EventId,
  type Instant,
  localized,
  manualClock,
  refuse,
  sequentialIds,
  streamName,
} from "@courier-station/core";
import type { ExecutionRuntime } from "../../commands/execute-command.js";

/*
 * A small decider for the store's and executeCommand's tests: a counter that is
 * incremented and can be closed (a terminal state); `SetTotal` moves the total to a
 * value (a no-op when it is there already) and `Touch` is always a no-op. Not exported
 * from the package.
 */

/** The counter's commands. */
export type CounterCommand =
  | {
      readonly type: "Increment";
      readonly data: { readonly counterId: string; readonly by: number };
    }
  | { readonly type: "IncrementTwice"; readonly data: { readonly counterId: string } }
  | { readonly type: "Close"; readonly data: { readonly counterId: string } }
  | {
      readonly type: "SetTotal";
      readonly data: { readonly counterId: string; readonly total: number };
    }
  | { readonly type: "Touch"; readonly data: { readonly counterId: string } };

/** The counter's events. */
export type CounterEvent =
  | { readonly type: "Incremented"; readonly data: { readonly by: number; readonly total: number } }
  | { readonly type: "Closed"; readonly data: { readonly total: number } };

/** The counter's state. */
export interface CounterState {
  readonly total: number;
  readonly closed: boolean;
  readonly increments: number;
}

/** A closed counter takes no more increments. */
export class CounterClosed extends DomainError("CounterClosed", {
  code: "counter.closed",
  httpStatus: 422,
  text: (props: { readonly counterId: string }) =>
    localized(`计数器 ${props.counterId} 已关闭`, `Counter ${props.counterId} is closed`),
}) {}

/** An increment must be a positive whole number. */
export class IncrementInvalid extends DomainError("IncrementInvalid", {
  code: "counter.increment_invalid",
  httpStatus: 400,
  text: (props: { readonly by: number }) =>
    localized(
      `增量 ${props.by} 须为正整数`,
      `The increment ${props.by} must be a positive whole number`,
    ),
}) {}

/** Who may send the counter's commands: the counter decider's table. */
export const counterPermissions: DeciderPermissions<CounterCommand> = {
  Increment: ["staff", "system"],
  IncrementTwice: ["staff", "system"],
  Close: ["staff"],
  SetTotal: ["staff", "system"],
  Touch: ["staff", "system"],
};

/** The counter decider. */
export const counterDecider: Decider<
  CounterCommand,
  CounterState,
  CounterEvent,
  CounterClosed | IncrementInvalid
> = {
  aggregate: "counter",
  idOf: (command) => command.data.counterId,
  permissions: counterPermissions,
  initialState: () => ({ total: 0, closed: false, increments: 0 }),
  decide: (command, state) => {
    if (command.type === "Touch") return accept();
    if (state.closed) return refuse(new CounterClosed({ counterId: command.data.counterId }));
    switch (command.type) {
      case "Increment":
        if (!Number.isSafeInteger(command.data.by) || command.data.by <= 0) {
          return refuse(new IncrementInvalid({ by: command.data.by }));
        }
        return accept({
          type: "Incremented",
          data: { by: command.data.by, total: state.total + command.data.by },
        } as const);
      case "IncrementTwice":
        return accept(
          { type: "Incremented", data: { by: 1, total: state.total + 1 } } as const,
          { type: "Incremented", data: { by: 1, total: state.total + 2 } } as const,
        );
      case "Close":
        return accept({ type: "Closed", data: { total: state.total } } as const);
      case "SetTotal":
        if (command.data.total === state.total) return accept();
        return accept({
          type: "Incremented",
          data: { by: command.data.total - state.total, total: command.data.total },
        } as const);
    }
  },
  evolve: (state, event) => {
    switch (event.type) {
      case "Incremented":
        return { ...state, total: event.data.total, increments: state.increments + 1 };
      case "Closed":
        return { ...state, closed: true };
    }
  },
};

/** The community of the tests. */
export const testCommunity = "jinshan-wanda" as CommunityId;

/** A staff member of the test community. */
export const testStaff: Actor = { role: "staff", id: "staff-1", communities: [testCommunity] };

/** A command envelope for the counter. */
export const counterCommand = (
  commandId: string,
  command: CounterCommand,
  community: CommunityId = testCommunity,
  actor: Actor = { ...testStaff, communities: [community] },
): CommandEnvelope<CounterCommand> => ({
  commandId: commandId as CommandId,
  community,
  actor,
  command,
});

/** A runtime for the counter: a fixed clock and event ids unique in this process. */
export const counterRuntime = (
  overrides: Partial<ExecutionRuntime<import("@courier-station/core").DecisionContext>> = {},
): ExecutionRuntime<import("@courier-station/core").DecisionContext> => ({
  clock: manualClock("2026-11-28T03:00:00.000Z"),
  ids: uniqueEventIds(),
  facts: {},
  ...overrides,
});

let idRun = 0;
/** Event ids unique across the tests of one process (each runtime gets its own prefix). */
export const uniqueEventIds = () => {
  idRun += 1;
  return sequentialIds(`e${process.pid}x${Date.now().toString(36)}x${idRun}`);
};

/** A bare event envelope of a counter stream at a version, for tests that append directly. */
export const counterEvent = (
  counterId: string,
  version: number,
  data: unknown = { by: 1, total: version },
  community: CommunityId = testCommunity,
  id: string = uniqueEventIds().next(),
): EventEnvelope => ({
  id: id as EventId,
  type: "Incremented",
  aggregate: "counter",
  stream: streamName("counter", counterId),
  version,
  community,
  actor: testStaff,
  time: "2026-11-28T03:00:00.000Z" as Instant,
  causationId: "cmd",
  correlationId: "cmd",
  data,
});
