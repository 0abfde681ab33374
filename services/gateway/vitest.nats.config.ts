import { defineProject } from "vitest/config";
import { sharedConfig } from "../../vitest.shared.js";

// The gateway's HTTP suites again, with the services on NATS and the MongoDB wire server
// (FerretDB in the tests) instead of the in-process bus and the memory store: every route
// they cover is then covered over NATS too. The global setup starts the servers when
// NATS_URL / MONGODB_URI are not set.
// Not mergeConfig: it would add the shared `include` (every test) to this list.
export default defineProject({
  resolve: sharedConfig.resolve,
  ssr: sharedConfig.ssr,
  test: {
    name: "service-gateway-nats",
    globalSetup: ["../../scripts/vitest-global-setup.mjs"],
    include: [
      "src/courier-day.test.ts",
      "src/staff-day.test.ts",
      "src/bad-input.test.ts",
      "src/open311/open311.test.ts",
      "src/auth/sign-in.test.ts",
      "src/api/if-match.test.ts",
    ],
    env: { CS_GATEWAY_SUITE: "nats" },
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
