// The helix-cluster CLI run from the workspace sources: `npm run helix-cluster -- secrets check clusters`.
import { runCli } from "@helix-cluster/core";

process.exitCode = await runCli(process.argv.slice(2));
