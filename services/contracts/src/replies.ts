import type { CommandOutcome, DomainEvent } from "@courier-station/core";
import { z } from "zod";

/**
 * What a command endpoint replies: whether the command was applied now or had been
 * before (`duplicate`: the same `commandId` and body, answered with the first outcome),
 * the aggregate it went to, its version after the command and the ids of the events it
 * produced (none for a no-op).
 */
export const CommandReply = z.strictObject({
  outcome: z.enum(["applied", "duplicate"]),
  aggregate: z.string(),
  id: z.string(),
  version: z.number().int().nonnegative(),
  eventIds: z.array(z.string()),
});
/** What a command endpoint replies. */
export type CommandReply = z.infer<typeof CommandReply>;

/**
 * The reply to a command from core's outcome of it.
 *
 * @example
 * const outcome = yield* executeCommand(courierDecider, envelope, runtime);
 * return commandReplyOf(outcome);
 */
export const commandReplyOf = <State, Event extends DomainEvent>(
  outcome: CommandOutcome<State, Event>,
): CommandReply => ({
  outcome: outcome.kind,
  aggregate: outcome.record.aggregate,
  id: outcome.record.id,
  version: outcome.receipt.version,
  eventIds: [...outcome.receipt.eventIds],
});
