import { readFileSync } from "node:fs";
import { PolicyBook } from "@courier-station/contracts";
import { type CommunityPolicy, jinshanPolicy, parsePolicy } from "@courier-station/core";
import { runMain, storeLayerFor } from "@courier-station/kit";
import { Either, Layer } from "effect";
import { z } from "zod";
import { Notifier } from "./notifier.js";
import { notificationsService } from "./service.js";

/**
 * The notifications service on its own: `npm start -w @courier-station/service-notifications`,
 * on the store and bus the configuration names (NATS and MongoDB when `NATS_URL` and
 * `MONGODB_URI` are set). Policies (time zone, default language) come from the registry
 * over the bus; a version the registry only names is the deployment's policy file
 * (`settings.policyFile`, `CS_POLICY_FILE`), else Jinshan's. Notices go to the log as
 * their outside channel: a district with SMS or WeChat runs the service with its own
 * `Notifier` layer instead.
 */
const ProgramSettings = z.strictObject({ policyFile: z.string().min(1).optional() });

const configuredPolicy = (file: string | undefined): CommunityPolicy => {
  if (file === undefined) return jinshanPolicy();
  const parsed = parsePolicy(readFileSync(file, "utf8"));
  if (Either.isLeft(parsed)) {
    throw new Error(`${parsed.left.text["zh-CN"]}\n${parsed.left.text.en}`);
  }
  return parsed.right;
};

runMain({
  services: [notificationsService()],
  config: {
    argv: process.argv.slice(2),
    settings: ProgramSettings,
    settingsVariables: { CS_POLICY_FILE: ["policyFile"] },
  },
  layer: (config) => {
    const settings = config.settings as z.output<typeof ProgramSettings>;
    // Read once, before anything starts: a bad policy file stops the start.
    const policy = configuredPolicy(settings.policyFile);
    return Layer.mergeAll(
      storeLayerFor(config.store),
      PolicyBook.fromRegistry({ configured: () => policy }),
      Notifier.logging,
    );
  },
});
