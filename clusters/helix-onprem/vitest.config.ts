import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["helix-source"] },
  ssr: { resolve: { conditions: ["helix-source"] } },
  test: { include: ["*.test.ts"], testTimeout: 120_000, hookTimeout: 120_000 },
});
