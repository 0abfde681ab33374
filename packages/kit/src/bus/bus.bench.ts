import { Effect, type Layer, ManagedRuntime } from "effect";
import { afterAll, bench, describe } from "vitest";
import { z } from "zod";
import { testEvent } from "./bus.contract.js";
import { Bus, busEndpoint } from "./bus.js";
import { InProcessBus } from "./in-process-bus.js";
import { eventFilter } from "./subjects.js";

/*
 * Request/reply round trips and publish-to-handled events on the in-process bus.
 * `npm run bench` (or `npx vitest bench --run --project kit`).
 */

// NATS is measured by hand (figures in the README): vitest's bench mode runs no
// afterAll hook, so the streams a NATS bench creates could not be removed.
const adapters: Array<readonly [string, Layer.Layer<Bus, unknown>]> = [
  ["in-process", InProcessBus.layer()],
];

for (const [name, layer] of adapters) {
  describe(`bus: ${name}`, () => {
    const runtime = ManagedRuntime.make(layer);
    afterAll(() => runtime.dispose());
    let handled = 0;
    const ready = runtime.runPromise(
      Effect.gen(function* () {
        const bus = yield* Bus;
        yield* Effect.forkDaemon(
          Effect.scoped(
            Effect.gen(function* () {
              yield* bus.serve({
                name: "bench",
                version: "1.0.0",
                endpoints: [
                  busEndpoint({
                    name: "Echo",
                    input: z.strictObject({ commandId: z.string(), amount: z.number().int() }),
                    handler: (request) => Effect.succeed(request.input),
                  }),
                ],
              });
              yield* bus.subscribe({
                name: "bench",
                subjects: [eventFilter({}, bus.subjectRoot)],
                handler: () =>
                  Effect.sync(() => {
                    handled += 1;
                  }),
              });
              yield* Effect.never;
            }),
          ),
        );
        yield* Effect.sleep(200);
      }),
    );
    const to = { community: "jinshan-wanda", service: "bench", endpoint: "Echo" };

    bench("request/reply, parsed both ways", async () => {
      await ready;
      await runtime.runPromise(
        Effect.flatMap(Bus, (bus) =>
          bus.request({ to, payload: { commandId: "c-1", amount: 10 } }),
        ),
      );
    });

    bench("100 events published and handled", async () => {
      await ready;
      const target = handled + 100;
      await runtime.runPromise(
        Effect.flatMap(Bus, (bus) =>
          Effect.forEach(
            Array.from({ length: 100 }, () => testEvent()),
            bus.publish,
          ),
        ),
      );
      while (handled < target) await new Promise((resolve) => setTimeout(resolve, 1));
    });
  });
}
