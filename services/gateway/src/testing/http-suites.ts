/**
 * The gateway's HTTP suites that run again with the services on NATS and the MongoDB wire
 * server (`vitest.nats.config.ts`): every route the gateway serves must be answered in one
 * of them (see `route-records.ts`).
 */
export const httpSuitesOverNats: ReadonlyArray<string> = [
  "src/courier-day.test.ts",
  "src/staff-day.test.ts",
  "src/bad-input.test.ts",
  "src/open311/open311.test.ts",
  "src/auth/sign-in.test.ts",
  "src/public-page.test.ts",
  "src/api/if-match.test.ts",
  "src/station-life.test.ts",
  "src/handling.test.ts",
  "src/giving.test.ts",
];

/** The environment variable naming the directory the suites of one run record their routes in. */
export const routeRecordsVariable = "CS_GATEWAY_ROUTE_RECORDS";
