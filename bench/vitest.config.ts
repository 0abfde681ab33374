import { defineProject, mergeConfig } from "vitest/config";
import { sharedConfig } from "../vitest.shared.js";

/**
 * The benchmarks' smoke test: every scenario at its smallest size, so none can rot. It
 * starts nats-server and FerretDB unless NATS_URL and MONGODB_URI are set.
 */
export default mergeConfig(
  sharedConfig,
  defineProject({
    test: {
      name: "bench",
      globalSetup: ["../scripts/vitest-global-setup.mjs"],
      testTimeout: 120_000,
    },
  }),
);
