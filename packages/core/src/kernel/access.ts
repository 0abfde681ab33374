import { Either } from "effect";
import { type Actor, actsIn, type Role } from "./actors.js";
import { DomainError } from "./errors.js";
import type { CommunityId } from "./ids.js";
import { localized } from "./localized-text.js";

/** Which roles may send each command type. A command missing from the table is refused. */
export type CommandPermissions = Readonly<Record<string, ReadonlyArray<Role>>>;

/**
 * The permission table of one decider: every command type of its union, with the roles
 * that may send it. Keyed by the union, so a command added to a decider without saying
 * who may send it does not type-check; each package declares the tables of its own
 * deciders beside them.
 *
 * @example
 * export const stationPermissions: DeciderPermissions<StationCommand> = {
 *   OpenStation: ["staff"],
 *   // … one entry per command of StationCommand
 * };
 */
export type DeciderPermissions<Command extends { readonly type: string }> = {
  readonly [Type in Command["type"]]: ReadonlyArray<Role>;
};

/**
 * The actor's role may not send this command, or not in this community, or not under a
 * command id in the namespace of derived ids (`d-…`), which is the system's own.
 */
export class Forbidden extends DomainError("Forbidden", {
  code: "access.forbidden",
  httpStatus: 403,
  text: (props: {
    readonly commandType: string;
    readonly role: Role;
    readonly community: string;
    readonly reason: "role" | "community" | "command_id";
  }) =>
    props.reason === "role"
      ? localized(
          `角色“${props.role}”无权执行“${props.commandType}”`,
          `The role "${props.role}" may not send "${props.commandType}"`,
        )
      : props.reason === "community"
        ? localized(
            `无权在社区“${props.community}”执行“${props.commandType}”`,
            `Not allowed to send "${props.commandType}" in community "${props.community}"`,
          )
        : localized(
            `“${props.commandType}”的指令编号以“d-”开头：该前缀留给系统流程派生的编号，请另选一个`,
            `The command id of "${props.commandType}" starts with 'd-', which is kept for ids the system's flows derive: choose another`,
          ),
}) {}

/**
 * Whether an actor may send a command type in a community, by a permission table:
 * the actor's role must be listed for the command, and the actor must belong to the
 * community (the `system` role belongs to all). Unknown commands are refused.
 *
 * Rules that depend on the aggregate's state (a courier may only cancel their own
 * wish) are not here: they are in that aggregate's `decide`.
 *
 * @example
 * authorize(staffOfJinshan, "jinshan-wanda", "VerifyCourier", commandPermissions);
 * // Either.right(undefined)
 */
export const authorize = (
  actor: Actor,
  community: CommunityId,
  commandType: string,
  permissions: CommandPermissions,
): Either.Either<void, Forbidden> => {
  const roles = Object.hasOwn(permissions, commandType) ? permissions[commandType] : undefined;
  if (roles === undefined || !roles.includes(actor.role)) {
    return Either.left(new Forbidden({ commandType, role: actor.role, community, reason: "role" }));
  }
  if (!actsIn(actor, community)) {
    return Either.left(
      new Forbidden({ commandType, role: actor.role, community, reason: "community" }),
    );
  }
  return Either.right(undefined);
};
