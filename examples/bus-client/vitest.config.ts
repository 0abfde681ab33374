import { defineProject, mergeConfig } from "vitest/config";
import { sharedConfig } from "../../vitest.shared.js";

/** Runs the client against a station on NATS: the global setup starts nats-server when NATS_URL is missing. */
export default mergeConfig(
  sharedConfig,
  defineProject({
    test: { name: "example-bus-client", globalSetup: ["../../scripts/vitest-global-setup.mjs"] },
  }),
);
