import { registryFactsContract } from "@courier-station/contracts";
import { systemActor } from "@courier-station/core";
import { Bus, type BusApi, type StoreApi } from "@courier-station/kit";
import { Effect } from "effect";
import { gatewayAccounts } from "./auth/accounts.js";

/** What `/readyz` answers: whether the bus and the store answer. */
export interface Readiness {
  readonly ok: boolean;
  readonly bus: "ok" | "unavailable";
  readonly store: "ok" | "unavailable";
}

/**
 * Whether the gateway can serve: the store answers a read, and the bus carries a request
 * to the registry and back (any answer, a refusal included, proves both ends).
 */
export const readiness = async (bus: BusApi, store: StoreApi): Promise<Readiness> => {
  const storeOk = await Effect.runPromise(
    store.readModel(gatewayAccounts).pipe(
      Effect.flatMap((accounts) => accounts.count()),
      Effect.as(true),
      Effect.catchAll(() => Effect.succeed(false)),
      Effect.timeoutTo({ duration: "2 seconds", onSuccess: (ok) => ok, onTimeout: () => false }),
    ),
  );
  const busOk = await Effect.runPromise(
    Effect.flatMap(Bus, (client) =>
      client.request({
        to: {
          community: "readiness-probe",
          service: registryFactsContract.service,
          endpoint: "GetCommunityPolicyVersions",
        },
        payload: { actor: systemActor("gateway-readiness") },
        timeoutMs: 2_000,
      }),
    ).pipe(
      Effect.provideService(Bus, bus),
      Effect.as(true),
      Effect.catchAll(() => Effect.succeed(false)),
    ),
  );
  return {
    ok: storeOk && busOk,
    bus: busOk ? "ok" : "unavailable",
    store: storeOk ? "ok" : "unavailable",
  };
};
