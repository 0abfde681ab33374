import { defineProject, mergeConfig } from "vitest/config";
import { sharedConfig } from "../../vitest.shared.js";

/** Runs the plugin on NATS beside a station: the global setup starts nats-server when NATS_URL is missing. */
export default mergeConfig(
  sharedConfig,
  defineProject({
    test: {
      name: "example-plugin-service",
      globalSetup: ["../../scripts/vitest-global-setup.mjs"],
    },
  }),
);
