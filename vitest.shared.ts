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
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
