import { resolve } from "node:path";
import { defineConfig } from "vitest/config";
import { EXTERNAL_SUITES } from "./suites/external.js";

const root = resolve(import.meta.dirname, "..");
const suite = EXTERNAL_SUITES.find((s) => s.script === "test:interop");

/** `npm run test:interop`: the tests that call age and ansible-inventory, across the workspace. */
export default defineConfig({
  root,
  resolve: { conditions: ["helix-source"] },
  ssr: { resolve: { conditions: ["helix-source"] } },
  test: {
    dir: root,
    include: [...(suite?.include ?? [])],
    globalSetup: ["tools/suites/private-tmpdir.ts", "tools/suites/interop-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
