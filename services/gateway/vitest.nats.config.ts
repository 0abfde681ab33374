import { defineProject } from "vitest/config";
import { sharedConfig } from "../../vitest.shared.js";
import { httpSuitesOverNats } from "./src/testing/http-suites.js";

// The gateway's HTTP suites again, with the services on NATS and the MongoDB wire server
// (FerretDB in the tests) instead of the in-process bus and the memory store: every route
// they cover is then covered over NATS too, and together they must answer every route the
// gateway serves (src/testing/route-records.ts). The global setup starts the servers when
// NATS_URL / MONGODB_URI are not set.
// Not mergeConfig: it would add the shared `include` (every test) to this list.
export default defineProject({
  resolve: sharedConfig.resolve,
  ssr: sharedConfig.ssr,
  test: {
    name: "service-gateway-nats",
    globalSetup: ["../../scripts/vitest-global-setup.mjs", "./src/testing/route-records-setup.ts"],
    include: [...httpSuitesOverNats],
    env: { ...sharedConfig.test?.env, CS_GATEWAY_SUITE: "nats" },
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
