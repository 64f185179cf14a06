import { EXTERNAL_SUITES, INTEROP_TOOLS, missingInteropTools, suiteFiles } from "./external.js";

/**
 * The closing lines of `npm test`: each suite it does not run, its size, what it needs, which tools
 * are missing on this PATH, and how to run it.
 */
export function externalSuitesNotice(root: string, path = process.env.PATH ?? ""): string {
  const missing = missingInteropTools(path);
  const lines = ["", "Not run by npm test (they need what npm cannot install):"];
  for (const suite of EXTERNAL_SUITES) {
    lines.push(
      `  npm run ${suite.script}: ${suiteFiles(root, suite).length} test files; needs ${suite.needs}`,
    );
  }
  lines.push(
    missing.length === 0
      ? `  ${INTEROP_TOOLS.map((t) => t.command).join(" and ")} are on PATH here.`
      : `  Missing here: ${missing.map((t) => t.command).join(", ")} (apt-get install -y ${missing.map((t) => t.aptPackage).join(" ")}).`,
    "  .ci/run installs the tools, fetches the upstream data and runs both.",
  );
  return lines.join("\n");
}
