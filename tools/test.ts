/**
 * `npm test`: typecheck, lint and test of every project through Nx (arguments are passed on), then,
 * in its last lines, the suites it does not run because they need what npm cannot install, and how
 * to run them. Exits with Nx's status; Ctrl-C or a termination signal stops Nx too.
 */
import { spawn } from "node:child_process";
import { constants } from "node:os";
import { NX_BIN, WORKSPACE_ROOT } from "./e2e/workspace-clone.js";
import { externalSuitesNotice } from "./suites/notice.js";

const child = spawn(
  process.execPath,
  [NX_BIN, "run-many", "-t", "typecheck", "lint", "test", "--output-style=static", ...process.argv.slice(2)],
  { cwd: WORKSPACE_ROOT, stdio: "inherit" },
);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("error", (error) => {
  console.error(`npm test: cannot start Nx: ${error.message}`);
  process.exit(1);
});
child.on("close", (code, signal) => {
  console.log(externalSuitesNotice(WORKSPACE_ROOT));
  process.exit(code ?? 128 + (signal ? constants.signals[signal] : 0));
});
