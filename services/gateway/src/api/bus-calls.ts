import { Bus, type BusApi } from "@courier-station/kit";
import { Cause, Effect, Exit } from "effect";

/**
 * Runs an effect that needs the bus and returns its value, or throws its failure as it is
 * (a `RemoteError` from a service, a bus failure), so that an express handler's rejection
 * reaches the problem-details handler with its shape.
 *
 * @example
 * const reply = await runOnBus(bus, call(registryContract, "GetCommunity", community, { actor }));
 */
export const runOnBus = async <A, E>(bus: BusApi, effect: Effect.Effect<A, E, Bus>): Promise<A> => {
  const exit = await Effect.runPromiseExit(Effect.provideService(effect, Bus, bus));
  if (Exit.isSuccess(exit)) return exit.value;
  throw Cause.squash(exit.cause);
};
