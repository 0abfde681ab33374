import { readFileSync } from "node:fs";
import { PolicyBook, StationIds } from "@courier-station/contracts";
import { jinshanPolicy, parsePolicy } from "@courier-station/core";
import { runMain, storeLayerFor } from "@courier-station/kit";
import { Effect, Either, Layer } from "effect";
import { z } from "zod";
import { reportsService } from "./service.js";

/**
 * The reports service on its own: `npm start -w @courier-station/service-reports`, on
 * the store and bus the configuration names (NATS and MongoDB when `NATS_URL` and
 * `MONGODB_URI` are set). Communities' policies come from the registry over the bus
 * (`PolicyBook.fromRegistry`); a version the registry only names is the deployment's
 * policy file (`settings.policyFile`, `CS_POLICY_FILE`), else Jinshan's.
 */
const ProgramSettings = z.strictObject({ policyFile: z.string().min(1).optional() });

const configuredPolicy = (file: string | undefined) =>
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
  services: [reportsService()],
  config: {
    argv: process.argv.slice(2),
    settings: ProgramSettings,
    settingsVariables: { CS_POLICY_FILE: ["policyFile"] },
  },
  layer: (config) => {
    const settings = config.settings as z.output<typeof ProgramSettings>;
    return Layer.mergeAll(
      storeLayerFor(config.store),
      Layer.unwrapEffect(
        Effect.map(configuredPolicy(settings.policyFile), (policy) =>
          PolicyBook.fromRegistry({ configured: () => policy }),
        ),
      ),
      StationIds.layer,
    );
  },
});
