import { defineConfig } from "tsup";

export default defineConfig({
  // One entry per subpath of `exports`: "." (index), "./mongodb" and "./testing".
  entry: {
    index: "src/index.ts",
    mongodb: "src/mongodb.ts",
    testing: "src/testing.ts",
  },
  format: ["esm", "cjs"],
  dts: { compilerOptions: { composite: false } },
  tsconfig: "tsconfig.build.json",
  sourcemap: true,
  clean: true,
  target: "es2022",
  // Shared code (the Store tag, its errors, the MongoDB adapter that `storeLayerFor`
  // imports dynamically) goes into chunks that every entry imports, so a program that
  // imports "." and "./mongodb" holds one copy of each class, and the main entry loads
  // the adapter only when the configuration asks for MongoDB. tsup splits CJS too.
  splitting: true,
  treeshake: true,
  // Optional peers, never bundled: the MongoDB driver (loaded when the store connects)
  // and what the contract suites of "./testing" import.
  external: ["mongodb", "vitest", "fast-check"],
});
