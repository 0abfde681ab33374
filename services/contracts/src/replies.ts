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

/**
 * The version of the aggregate a single-resource view was read from: how many events its
 * stream held when the view was made. The gateway answers it as the view's `ETag`, the
 * same tag a command's answer carries, so a client can send it back as `If-Match`.
 */
export const ViewVersion = z
  .number()
  .int()
  .nonnegative()
  .describe(
    "The version of the aggregate the view was read from (its stream's event count); the gateway's ETag",
  );

/** The field a versioned view adds to its schema: `Schema.extend(versionShape)`. */
export const versionShape = { version: ViewVersion } as const;

/**
 * A view's type without its `version`: what a service builds before it adds the version of
 * the record it read. Distributes over unions, so each kind of view keeps its own fields.
 */
export type Unversioned<View> = View extends unknown ? Omit<View, "version"> : never;
