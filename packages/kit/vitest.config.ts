import { defineProject, mergeConfig } from "vitest/config";
import { sharedConfig } from "../../vitest.shared.js";

// The global setup starts nats-server and FerretDB when NATS_URL / MONGODB_URI are not
// set (a run of this project alone), so the bus and store tests always have servers.
export default mergeConfig(
  sharedConfig,
  defineProject({
    test: { name: "kit", globalSetup: ["../../scripts/vitest-global-setup.mjs"] },
  }),
);
