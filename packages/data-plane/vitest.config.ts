import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["helix-source"] },
  ssr: { resolve: { conditions: ["helix-source"] } },
  test: { include: ["src/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 60_000 },
});
