import { defineProject, mergeConfig } from "vitest/config";
import { sharedConfig } from "../../vitest.shared.js";

// The global setup starts nats-server and FerretDB when NATS_URL / MONGODB_URI are not
// set, for the suite that runs the gateway and the services on NATS and MongoDB.
export default mergeConfig(
  sharedConfig,
  defineProject({
    test: {
      name: "service-gateway",
      globalSetup: ["../../scripts/vitest-global-setup.mjs"],
    },
  }),
);
