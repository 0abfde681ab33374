import { defineConfig } from "vitest/config";

/**
 * Test settings every workspace shares. Workspace packages resolve to their TypeScript
 * sources through the `@courier-station/source` export condition, so tests and type
 * checks never see a stale `dist`.
 */
export const sharedConfig = defineConfig({
  resolve: { conditions: ["@courier-station/source"] },
  ssr: { resolve: { conditions: ["@courier-station/source"] } },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts", "*.test.ts"],
    // Passwords hashed at scrypt N=2^12 instead of 2^17: suites sign staff in hundreds of
    // times, and the production cost is a deliberate half second of work each time.
    env: { CS_TEST_PASSWORD_COST: "12" },
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
