import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { renderClusterEntry } from "../render/render-cluster.js";
import { ClusterProblemsError } from "../validate/problem.js";
import { copySummary, macSummary } from "./mac-summary.js";
import type { CliOutput } from "./output.js";
import { CHECK_CHARTS_USAGE, DIFF_USAGE, SECRETS_USAGE } from "./usage.js";

const USAGE = `usage: helix-cluster <command> [options]   (--version, --help)

commands:
  render <cluster entry> [--out DIR]   validate and write the Flux tree (default <entry folder>/rendered)
  validate <cluster entry>             validate only; writes nothing
${DIFF_USAGE}
${CHECK_CHARTS_USAGE}
${SECRETS_USAGE}

Every problem is listed with cluster › package › component › Kind/name › field path.`;

/** Runs the CLI with the given arguments; returns the process exit code. */
export async function main(
  argv: readonly string[],
  out: CliOutput = process.stdout,
  err: CliOutput = process.stderr,
): Promise<number> {
  // Loaded on demand: a render needs neither git worktrees nor, without an age key, the SOPS crypto.
  if (argv[0] === "secrets") {
    const { secretsCommand } = await import("./secrets-command.js");
    return secretsCommand(argv.slice(1), { out, err });
  }
  if (argv[0] === "check-charts") {
    const { checkChartsCommand } = await import("./check-charts-command.js");
    return checkChartsCommand(argv.slice(1), { out, err });
  }
  if (argv[0] === "diff") {
    const { diffCommand } = await import("./diff-command.js");
    return diffCommand(argv.slice(1), { out, err });
  }
  let parsed: ReturnType<typeof parseMain>;
  try {
    parsed = parseMain(argv);
  } catch (error) {
    err.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  const { positionals, values } = parsed;
  if (values.version) {
    out.write(`${coreVersion()}\n`);
    return 0;
  }
  const [command, ...entries] = positionals;
  if (values.help || !command) {
    out.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  if (command !== "render" && command !== "validate") {
    err.write(`unknown command "${command}"\n${USAGE}\n`);
    return 2;
  }
  if (entries.length === 0) {
    err.write(
      `${command} needs a cluster entry, e.g. helix-cluster ${command} clusters/<name>/cluster.ts\n${USAGE}\n`,
    );
    return 2;
  }
  if (values.out && entries.length > 1) {
    err.write("--out takes one cluster entry\n");
    return 2;
  }
  const started = performance.now();
  let objects = 0;
  let files = 0;
  const macs = { verified: 0, unverified: 0 };
  const copies = { compared: 0, uncompared: 0 };
  let failed = false;
  for (const entry of entries) {
    try {
      const report = await renderClusterEntry(entry, {
        write: command === "render",
        ...(values.out ? { outDir: values.out } : {}),
      });
      objects += report.objects;
      files += report.files.size + report.bootstrapFiles.size;
      macs.verified += report.secretMacs.verified;
      macs.unverified += report.secretMacs.unverified;
      copies.compared += report.secretCopies.compared;
      copies.uncompared += report.secretCopies.uncompared;
    } catch (error) {
      failed = true;
      err.write(`${error instanceof ClusterProblemsError ? error.message : String(error)}\n`);
    }
  }
  if (failed) return 1;
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const verb = command === "render" ? "rendered" : "validated";
  out.write(
    `${verb} ${entries.length} cluster${entries.length === 1 ? "" : "s"}: ${objects} objects, ${files} files in ${seconds} s${macSummary(macs)}${copySummary(copies)}\n`,
  );
  return 0;
}

function parseMain(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      out: { type: "string" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
    },
  });
}

/** The version of @helix-cluster/core this CLI belongs to (its package.json, from src/ or dist/). */
function coreVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version?: string;
  };
  return manifest.version ?? "unknown";
}
