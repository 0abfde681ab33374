import { actsIn, type CommunityId, Forbidden } from "@courier-station/core";
import { type EndpointContext, type EndpointDefinition, endpoint } from "@courier-station/kit";
import { Effect } from "effect";
import type { z } from "zod";
import type { Asker, CommandContract, QueryContract } from "./contract.js";
import type { CommandReply } from "./replies.js";

/**
 * Serves a command endpoint of a contract. The kit parses the envelope with the
 * contract's schema before the handler runs; the handler decides (through
 * `executeCommand`, whose `handleCommand` checks the package's permission table) and
 * replies with `commandReplyOf(outcome)`.
 *
 * @example
 * serveCommand(registryContract.endpoints.VerifyCourier, (envelope) =>
 *   executeCommand(courierDecider, envelope, runtime).pipe(Effect.map(commandReplyOf)));
 */
export const serveCommand = <Contract extends CommandContract, R>(
  contract: Contract,
  handler: (
    envelope: z.output<Contract["input"]>,
    context: EndpointContext,
  ) => Effect.Effect<CommandReply, unknown, R>,
): EndpointDefinition<R> =>
  endpoint({
    name: contract.name,
    description: contract.description,
    input: contract.input,
    output: contract.output,
    // The kit calls the handler only with input the contract's schema accepted.
    handler: handler as (
      envelope: unknown,
      context: EndpointContext,
    ) => Effect.Effect<CommandReply, unknown, R>,
  });

/**
 * Whether an actor may ask a query in a community: anyone may ask a `public` query (the
 * anonymous actor too); otherwise their role is one the contract names and they belong to
 * the community (the `system` role belongs to all), and the anonymous actor never may.
 *
 * @example
 * mayAsk(contract, staff, "jinshan-wanda"); // true
 * mayAsk(registryContract.endpoints.GetStation, anonymousActor, "jinshan-wanda"); // true
 */
export const mayAsk = (
  contract: Pick<QueryContract, "roles" | "public">,
  actor: Asker,
  community: string,
): boolean => {
  if (contract.public === true) return true;
  if (actor.role === "anonymous") return false;
  return contract.roles.includes(actor.role) && actsIn(actor, community as CommunityId);
};

/**
 * Serves a query endpoint of a contract: the actor's role and community are checked
 * against the contract before the handler reads anything (a refusal is core's
 * `Forbidden`, 403); the handler maps what it reads through the package's view for the
 * actor.
 *
 * @example
 * serveQuery(registryContract.endpoints.GetCourier, ({ actor, courierId }, context) =>
 *   loadCourier(context.community, courierId).pipe(Effect.map((state) => courierViewFor(actor, state))));
 */
export const serveQuery = <Contract extends QueryContract, R>(
  contract: Contract,
  handler: (
    input: z.output<Contract["input"]> & { readonly actor: Asker },
    context: EndpointContext,
  ) => Effect.Effect<z.output<Contract["output"]>, unknown, R>,
): EndpointDefinition<R> =>
  endpoint({
    name: contract.name,
    description: contract.description,
    input: contract.input,
    output: contract.output,
    handler: (input, context) => {
      const query = input as z.output<Contract["input"]> & { readonly actor: Asker };
      if (!mayAsk(contract, query.actor, context.community)) {
        const role = query.actor.role;
        // The anonymous actor reaches here only when a contract's input takes it without
        // marking the query public: refused as a role no table names.
        return Effect.fail(
          role === "anonymous"
            ? new Forbidden({
                commandType: contract.name,
                role: "system",
                community: context.community,
                reason: "role",
              })
            : new Forbidden({
                commandType: contract.name,
                role,
                community: context.community,
                reason: contract.roles.includes(role) ? "community" : "role",
              }),
        );
      }
      return handler(query, context);
    },
  });
