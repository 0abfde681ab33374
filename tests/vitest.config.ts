import { defineProject, mergeConfig } from "vitest/config";
import { sharedConfig } from "../vitest.shared.js";

/** End-to-end tests: they start nats-server and FerretDB unless NATS_URL and MONGODB_URI are set. */
export default mergeConfig(
  sharedConfig,
  defineProject({
    test: {
      name: "tests",
      include: ["**/*.test.ts"],
      exclude: ["node_modules/**"],
      globalSetup: ["../scripts/vitest-global-setup.mjs"],
    },
  }),
);
