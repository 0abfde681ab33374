import { defineConfig } from "vitest/config";

/** The root runs every workspace's tests as one vitest run, one project each. */
export default defineConfig({
  test: {
    projects: [
      "packages/*",
      "services/*/vitest.config.ts",
      // The gateway's HTTP suites again, on NATS and the MongoDB wire server.
      "services/gateway/vitest.nats.config.ts",
      "examples/*",
      "apps/*",
      "tests",
      "bench",
    ],
  },
});
