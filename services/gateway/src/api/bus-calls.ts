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
  // A forked fiber starts at once and runs until it waits; on the in-process bus a
  // service that reads SQLite answers without waiting, so the exit is read at once
  // instead of through a promise made for it (one per request, in the gateway's hottest
  // path). A call that does wait is observed until it ends, as `runPromiseExit` would.
  const fiber = Effect.runFork(Effect.provideService(effect, Bus, bus));
  const exit =
    fiber.unsafePoll() ??
    (await new Promise<Exit.Exit<A, E>>((resolve) => {
      fiber.addObserver(resolve);
    }));
  if (Exit.isSuccess(exit)) return exit.value;
  throw Cause.squash(exit.cause);
};
