import { defineProject, mergeConfig } from "vitest/config";
import { sharedConfig } from "../../vitest.shared.js";

// The global setup starts nats-server (and FerretDB) when NATS_URL / MONGODB_URI are not
// set, for the test that runs the service on NATS.
export default mergeConfig(
  sharedConfig,
  defineProject({
    test: {
      name: "service-notifications",
      globalSetup: ["../../scripts/vitest-global-setup.mjs"],
    },
  }),
);
