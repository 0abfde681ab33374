import { defineProject, mergeConfig } from "vitest/config";
import { sharedConfig } from "../../vitest.shared.js";

// The global setup starts nats-server and FerretDB when NATS_URL / MONGODB_URI are not
// set, for the test that counts an award's round trips on the MongoDB store.
export default mergeConfig(
  sharedConfig,
  defineProject({
    test: {
      name: "service-points",
      globalSetup: ["../../scripts/vitest-global-setup.mjs"],
    },
  }),
);
