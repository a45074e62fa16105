import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const source = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run the TypeScript sources of sibling packages directly; no build step before `vitest`.
    // The subpath comes first: an alias matches its key as a prefix, so `@latchkey/core` alone would turn
    // `@latchkey/core/testing` into `core/src/index.ts/testing`.
    alias: {
      "@latchkey/core/testing": fileURLToPath(new URL("./packages/core/src/testing/index.ts", import.meta.url)),
      "@latchkey/core": source("core"),
      "@latchkey/store": source("store"),
      "@latchkey/server": source("server"),
      "@latchkey/sdk": source("sdk"),
      "@latchkey/cli": source("cli"),
    },
  },
  test: {
    include: ["packages/*/src/**/*.test.ts", "packages/*/test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
