import { defineProject, mergeConfig } from "vitest/config";
import { sharedConfig } from "../../vitest.shared.js";

// The pages in Debian's Chromium against the real station program: the global setup
// builds the app once; each test file starts one station and reuses one browser.
export default mergeConfig(
  sharedConfig,
  defineProject({
    test: {
      name: "web",
      include: ["e2e/**/*.test.ts", "scripts/**/*.test.ts"],
      globalSetup: ["./e2e/global-setup.ts"],
      fileParallelism: false,
      testTimeout: 120_000,
      hookTimeout: 180_000,
    },
  }),
);
