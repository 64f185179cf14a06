import { parseArgs } from "node:util";
import { diffRevisions } from "../diff/diff-revisions.js";
import { formatDiffMarkdown } from "../diff/format-markdown.js";
import { formatDiffText } from "../diff/format-text.js";
import type { CliOutput } from "./output.js";
import { DIFF_USAGE } from "./usage.js";

interface Io {
  readonly out: CliOutput;
  readonly err: CliOutput;
}

/**
 * Runs `helix-cluster diff --base <rev> [entries…] [--format text|markdown]`: renders the revision in
 * a temporary git worktree and the working tree, prints what changed per cluster. Returns 0 when
 * both sides rendered, 1 when a render failed or the diff could not run, 2 on a usage error.
 */
export async function diffCommand(args: readonly string[], io: Io, cwd = process.cwd()): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    io.err.write(`${error instanceof Error ? error.message : String(error)}\nusage:\n${DIFF_USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const format = values.format ?? "text";
  if (values.help) {
    io.out.write(`usage:\n${DIFF_USAGE}\n`);
    return 0;
  }
  if (!values.base || (format !== "text" && format !== "markdown")) {
    io.err.write(`usage:\n${DIFF_USAGE}\n`);
    return 2;
  }
  try {
    const diff = await diffRevisions({ base: values.base, entries: positionals, cwd });
    io.out.write(format === "markdown" ? formatDiffMarkdown(diff) : formatDiffText(diff));
    return diff.clusters.some((c) => c.baseError || c.headError) ? 1 : 0;
  } catch (error) {
    io.err.write(`diff: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      base: { type: "string" },
      format: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}
