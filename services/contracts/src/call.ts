import { Bus, RemoteError, type RequestFailure } from "@courier-station/kit";
import { Effect } from "effect";
import type { z } from "zod";
import type { EndpointContract, ServiceContract } from "./contract.js";

/** How long a call waits for its reply, and headers to send with it. */
export interface CallOptions {
  readonly timeoutMs?: number;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Calls an endpoint of a service over the bus, in a community: the payload is what the
 * contract's input schema takes, the reply is parsed with its output schema, and a
 * refusal fails with a `RemoteError` carrying the remote code, text (zh-CN and en),
 * details and status.
 *
 * @example
 * const reply = yield* call(registryContract, "VerifyCourier", "jinshan-wanda", envelope);
 * reply.outcome; // "applied"
 */
export const call = <
  Endpoints extends Record<string, EndpointContract>,
  Name extends keyof Endpoints & string,
>(
  contract: ServiceContract<Endpoints>,
  name: Name,
  community: string,
  payload: z.input<Endpoints[Name]["input"]>,
  options: CallOptions = {},
): Effect.Effect<z.output<Endpoints[Name]["output"]>, RemoteError | RequestFailure, Bus> =>
  Effect.gen(function* () {
    const bus = yield* Bus;
    const endpoint = contract.endpoints[name] as EndpointContract;
    const reply = yield* bus.request({
      to: { community, service: contract.service, endpoint: endpoint.name },
      payload,
      output: endpoint.output as z.ZodType<z.output<Endpoints[Name]["output"]>>,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.headers === undefined ? {} : { headers: options.headers }),
    });
    if (!reply.ok) return yield* Effect.fail(RemoteError.fromReport(reply.error, reply.status));
    return reply.value;
  });
