/**
 * The test suites `npm test` does not run, because they need what npm cannot install: system tools
 * (the interop suite) or the upstream data (CRDs, values schemas, charts; never committed here).
 * `npm test` names them in its last lines; `.ci/run` and the pull-request workflow run them.
 */
import { accessSync, constants, globSync } from "node:fs";
import { delimiter, join } from "node:path";

/** A command-line tool a suite calls, and where it comes from. */
export interface ExternalTool {
  /** The command looked up on PATH. */
  readonly command: string;
  /** The Debian package that provides it. */
  readonly aptPackage: string;
  /** What the tests check with it. */
  readonly purpose: string;
}

/** One suite outside `npm test`. */
export interface ExternalSuite {
  /** The npm script that runs it. */
  readonly script: string;
  /** Test files of the suite, as globs from the workspace root. */
  readonly include: readonly string[];
  /** What it needs that npm cannot provide, in a few words. */
  readonly needs: string;
}

/** The tools of the interop suite. */
export const INTEROP_TOOLS: readonly ExternalTool[] = [
  { command: "age", aptPackage: "age", purpose: "SOPS files read and written by the age CLI" },
  {
    command: "ansible-inventory",
    aptPackage: "ansible-core",
    purpose: "the rendered Ansible inventories read by Ansible itself",
  },
];

/** Suffix of the interop suite's test files. */
export const INTEROP_SUFFIX = ".interop.test.ts";
/** Suffix of the upstream-data suite's test files. */
export const UPSTREAM_SUFFIX = ".upstream.test.ts";

function filesUnder(suffix: string): string[] {
  return [`packages/*/src/**/*${suffix}`, `clusters/*/*${suffix}`, `tools/**/*${suffix}`];
}

/** The suites outside `npm test`. */
export const EXTERNAL_SUITES: readonly ExternalSuite[] = [
  {
    script: "test:interop",
    include: filesUnder(INTEROP_SUFFIX),
    needs: INTEROP_TOOLS.map((t) => t.command).join(" and "),
  },
  {
    script: "test:upstream",
    include: filesUnder(UPSTREAM_SUFFIX),
    needs: "the upstream data (npm run upstream fetches and verifies it)",
  },
];

/** Test files of a suite under `root`, sorted by code point. */
export function suiteFiles(root: string, suite: ExternalSuite): string[] {
  return suite.include
    .flatMap((pattern) => globSync(pattern, { cwd: root, exclude: (f) => f.includes("node_modules") }))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Where `command` is on `path` (an executable file), or undefined. */
export function onPath(command: string, path = process.env.PATH ?? ""): string | undefined {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const file = join(dir, command);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/** The interop tools missing from `path`. */
export function missingInteropTools(path = process.env.PATH ?? ""): ExternalTool[] {
  return INTEROP_TOOLS.filter((t) => onPath(t.command, path) === undefined);
}

/** What is missing for the interop suite and how to install it, or undefined when nothing is. */
export function interopToolsProblem(path = process.env.PATH ?? ""): string | undefined {
  const missing = missingInteropTools(path);
  if (missing.length === 0) return undefined;
  return [
    `the interop suite needs ${INTEROP_TOOLS.map((t) => t.command).join(", ")} on PATH; missing:`,
    ...missing.map((t) => `  ${t.command} (Debian package ${t.aptPackage}): ${t.purpose}`),
    `install them (apt-get install -y ${missing.map((t) => t.aptPackage).join(" ")}), then run npm run test:interop again`,
  ].join("\n");
}
