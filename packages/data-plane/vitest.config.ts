import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["helix-source"] },
  ssr: { resolve: { conditions: ["helix-source"] } },
  test: {
    globalSetup: ["../../tools/suites/private-tmpdir.ts"],
    include: ["src/**/*.test.ts"],
    // The interop and upstream-data suites need what npm cannot install: npm run test:interop, test:upstream.
    exclude: [...configDefaults.exclude, "**/*.interop.test.ts", "**/*.upstream.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
