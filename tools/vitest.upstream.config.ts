import { resolve } from "node:path";
import { defineConfig } from "vitest/config";
import { EXTERNAL_SUITES } from "./suites/external.js";

const root = resolve(import.meta.dirname, "..");
const suite = EXTERNAL_SUITES.find((s) => s.script === "test:upstream");

/**
 * `npm run test:upstream`: the tests that read the upstream data (CRDs, values schemas, charts,
 * the Taskfile schema), after `npm run upstream` has fetched or verified it.
 */
export default defineConfig({
  root,
  resolve: { conditions: ["helix-source"] },
  ssr: { resolve: { conditions: ["helix-source"] } },
  test: {
    dir: root,
    include: [...(suite?.include ?? [])],
    globalSetup: ["tools/suites/private-tmpdir.ts", "tools/suites/upstream-setup.ts"],
    // generate and conformance each run several processes of their own: one file at a time.
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
