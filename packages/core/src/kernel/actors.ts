import { z } from "zod";
import { CommunityId } from "./ids.js";
import { bilingual } from "./validation.js";

/**
 * The roles of the programme:
 * - `courier` 小哥: a registered rider or courier;
 * - `staff` 工作人员: station or community staff who verify, moderate, triage and answer;
 * - `sponsor` 圆梦人: a merchant or resident who fulfils wishes;
 * - `handler` 处置人: a department or grid worker who resolves sentinel reports;
 * - `auditor`: reads everything of a community, changes nothing;
 * - `system`: the services' own process managers (points earned, holds expired).
 */
export const Role = z.enum(["courier", "staff", "sponsor", "handler", "auditor", "system"]);
/** A role of the programme. */
export type Role = z.infer<typeof Role>;

const actorId = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_:-]{0,127}$/,
    bilingual(
      "操作者标识须为 1 至 128 位字母、数字、“_”“:”或“-”",
      "an actor id is 1 to 128 letters, digits, '_', ':' or '-'",
    ),
  );

/**
 * Who sends a command: a role, an id in that role (a courier's actor id is their
 * courier id) and the communities the actor belongs to. The edge (gateway, token)
 * sets it; a command body never chooses its own actor.
 *
 * The `system` role acts for every community; others act only in their own.
 */
export const Actor = z.strictObject({
  role: Role,
  id: actorId,
  communities: z.array(CommunityId).max(64).readonly(),
});
/** Who sends a command. */
export type Actor = z.infer<typeof Actor>;

/**
 * The actor of the services' own flows (process managers, timers).
 *
 * @example
 * systemActor("points-earning");
 */
export const systemActor = (id: string): Actor => ({
  role: "system",
  id: `system:${id}`,
  communities: [],
});

/** Whether an actor may act in a community: `system` everywhere, others in their own. */
export const actsIn = (actor: Actor, community: CommunityId): boolean =>
  actor.role === "system" || actor.communities.includes(community);
