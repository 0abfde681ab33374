import { readFileSync } from "node:fs";
import { StationIds } from "@courier-station/contracts";
import { jinshanPolicy, parsePolicy } from "@courier-station/core";
import { runMain, storeLayerFor } from "@courier-station/kit";
import { Effect, Either, Layer } from "effect";
import { z } from "zod";
import { ConfiguredPolicy } from "./policy.js";
import { RegistrySecrets, RegistrySettings, registrySettingsVariables } from "./secrets.js";
import { registryService } from "./service.js";

/**
 * The registry on its own: `npm start -w @courier-station/service-registry`, on the
 * store and bus the configuration names (NATS and MongoDB when `NATS_URL` and
 * `MONGODB_URI` are set). Its secrets come from `settings.registry` or the environment
 * (`CS_SEAL_KEY`, `CS_SEAL_KEY_ID`, `CS_SEAL_PREVIOUS_KEYS`, `CS_MOBILE_KEY_SECRET`); the
 * deployment's policy from `settings.policyFile` (`CS_POLICY_FILE`), else Jinshan's. The
 * registry reads communities' policy versions from its own store, so it needs no
 * `PolicyBook` over the bus.
 */
const ProgramSettings = z.strictObject({
  registry: RegistrySettings,
  policyFile: z.string().min(1).optional(),
});

const configuredPolicy = (file: string | undefined) =>
  Layer.effect(
    ConfiguredPolicy,
    Effect.gen(function* () {
      if (file === undefined) {
        const policy = jinshanPolicy();
        return () => policy;
      }
      const text = yield* Effect.try({
        try: () => readFileSync(file, "utf8"),
        catch: (cause) => new Error(`The policy file ${file} cannot be read`, { cause }),
      });
      const parsed = parsePolicy(text);
      if (Either.isLeft(parsed)) {
        return yield* Effect.fail(
          new Error(`${parsed.left.text["zh-CN"]}\n${parsed.left.text.en}`),
        );
      }
      const policy = parsed.right;
      return () => policy;
    }),
  );

runMain({
  services: [registryService()],
  config: {
    argv: process.argv.slice(2),
    settings: ProgramSettings,
    settingsVariables: { ...registrySettingsVariables, CS_POLICY_FILE: ["policyFile"] },
  },
  layer: (config) => {
    const settings = config.settings as z.output<typeof ProgramSettings>;
    return Layer.mergeAll(
      storeLayerFor(config.store),
      RegistrySecrets.layer(settings.registry),
      configuredPolicy(settings.policyFile),
      StationIds.layer,
    );
  },
});
