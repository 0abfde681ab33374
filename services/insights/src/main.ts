import { readFileSync } from "node:fs";
import { PolicyBook } from "@courier-station/contracts";
import { type CommunityPolicy, jinshanPolicy, parsePolicy } from "@courier-station/core";
import { runMain, storeLayerFor } from "@courier-station/kit";
import { Effect, Either, Layer } from "effect";
import { z } from "zod";
import { insightsService } from "./service.js";

/**
 * The insights service on its own: `npm start -w @courier-station/service-insights`, on
 * the store and bus the configuration names (NATS and MongoDB when `NATS_URL` and
 * `MONGODB_URI` are set). It reads the deployment's event log, so it runs on the same
 * store as the other services. Policies come from the registry over the bus; a version
 * the registry only names is the deployment's policy file (`CS_POLICY_FILE`), else
 * Jinshan's; a policy file that does not read or parse stops the start.
 */
const ProgramSettings = z.strictObject({ policyFile: z.string().min(1).optional() });

const configuredPolicy = (file: string | undefined): Effect.Effect<CommunityPolicy, Error> =>
  Effect.gen(function* () {
    if (file === undefined) return jinshanPolicy();
    const text = yield* Effect.try({
      try: () => readFileSync(file, "utf8"),
      catch: (cause) => new Error(`The policy file ${file} cannot be read`, { cause }),
    });
    const parsed = parsePolicy(text);
    if (Either.isLeft(parsed)) {
      return yield* Effect.fail(new Error(`${parsed.left.text["zh-CN"]}\n${parsed.left.text.en}`));
    }
    return parsed.right;
  });

runMain({
  services: [insightsService()],
  config: {
    argv: process.argv.slice(2),
    settings: ProgramSettings,
    settingsVariables: { CS_POLICY_FILE: ["policyFile"] },
  },
  layer: (config) => {
    const settings = config.settings as z.output<typeof ProgramSettings>;
    // A policy file that does not read or parse stops the start with every problem listed.
    return Layer.mergeAll(
      storeLayerFor(config.store),
      Layer.unwrapEffect(
        Effect.map(configuredPolicy(settings.policyFile), (policy) =>
          PolicyBook.fromRegistry({ configured: () => policy }),
        ),
      ),
    );
  },
});
