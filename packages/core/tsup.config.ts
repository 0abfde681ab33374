import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: { compilerOptions: { composite: false } },
  tsconfig: "tsconfig.build.json",
  sourcemap: true,
  clean: true,
  target: "es2022",
  splitting: false,
  treeshake: true,
  // @noble/hashes and @noble/ciphers are ESM-only: left external, `dist/index.cjs` would
  // `require()` them, which Node.js allows by default only from 20.19 on the 20 line and
  // from 22.12 on, not on Node.js 21 or 22.0–22.11 that `engines` also admits, nor in
  // CommonJS tooling such as Jest. Bundled, the few functions used (tree-shaken) travel
  // in both builds; the versions are pinned exactly, so nothing newer would be picked up
  // from npm anyway. They stay dependencies for the `src` the package also ships.
  noExternal: [/^@noble\//],
});
