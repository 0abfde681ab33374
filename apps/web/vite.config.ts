import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/**
 * The web pages as a single-page app. `npm run dev` proxies the gateway's routes to a
 * station on port 3000 (`npm start`); the build goes to `dist`, which the gateway serves
 * at `/`.
 */
export default defineConfig({
  plugins: [react()],
  // React 19 is this workspace's own; the libraries hoisted to the root must use it too,
  // not the root's React of another workspace (two copies break hooks).
  resolve: { dedupe: ["react", "react-dom"] },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 2048,
    // `dist/.vite/manifest.json`: which chunks each area loads, read by
    // scripts/bundle-size.test.ts (the gateway does not serve dot-directories).
    manifest: true,
  },
  server: {
    proxy: {
      "/v1": "http://127.0.0.1:3000",
      "/healthz": "http://127.0.0.1:3000",
    },
  },
});
