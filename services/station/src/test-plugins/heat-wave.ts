import { defineService, endpoint } from "@courier-station/kit";
import { Effect } from "effect";
import { z } from "zod";

/*
 * A district's own service as a plugin would bring it: one endpoint that answers the
 * alert level for a temperature. Loaded by the station's tests from `plugins:`.
 */

/** The heat-wave service of a district. */
export const heatWaveService = defineService({
  name: "heat-wave",
  version: "1.0.0",
  description: "A district's heat-wave welfare service (a test plugin).",
  endpoints: [
    endpoint({
      name: "AlertLevel",
      input: z.strictObject({ celsius: z.number().min(-60).max(60) }),
      handler: ({ celsius }) =>
        Effect.succeed({ level: celsius >= 40 ? "red" : celsius >= 37 ? "orange" : "none" }),
    }),
  ],
});
