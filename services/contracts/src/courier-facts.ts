import { type CourierFacts, systemActor } from "@courier-station/core";
import type { Bus, RemoteError, RequestFailure } from "@courier-station/kit";
import { Effect } from "effect";
import { call } from "./call.js";
import { registryFactsContract } from "./registry.js";

/**
 * The facts about couriers that a decision needs, from the registry over the bus, by id;
 * a courier the registry does not know is absent from the map. Asked fresh for every
 * decision: a courier verified a moment ago can sign up at once.
 *
 * @example
 * const facts = yield* courierFactsOf("jinshan-wanda", ["c-1"]);
 * facts.get("c-1")?.status; // "active"
 */
export const courierFactsOf = (
  community: string,
  courierIds: ReadonlyArray<string>,
): Effect.Effect<ReadonlyMap<string, CourierFacts>, RemoteError | RequestFailure, Bus> => {
  const unique = [...new Set(courierIds)];
  if (unique.length === 0) return Effect.succeed(new Map());
  const batches: string[][] = [];
  for (let start = 0; start < unique.length; start += 200) {
    batches.push(unique.slice(start, start + 200));
  }
  return Effect.forEach(batches, (batch) =>
    call(registryFactsContract, "GetCourierFacts", community, {
      actor: systemActor("courier-facts"),
      courierIds: batch,
    }),
  ).pipe(
    Effect.map(
      (replies) =>
        new Map(
          replies.flatMap((reply) =>
            reply.couriers.map((facts) => [facts.courierId, facts as CourierFacts] as const),
          ),
        ),
    ),
  );
};
