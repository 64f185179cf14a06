// `npm run -s burst-bootstrap -- clusters/<name>/cluster.ts [--token-placeholder]`: writes the
// encrypted bootstrap Secret of the cluster's burst nodes (see burst-bootstrap/write-secret.ts).
// Exit 0 written, 1 failed (message on stderr), 2 usage.
import { dirname, resolve } from "node:path";
import { loadClusterEntry } from "@helix-cluster/core";
import { writeBurstBootstrapSecret } from "./burst-bootstrap/write-secret.js";

const args = process.argv.slice(2);
const entry = args.find((a) => !a.startsWith("--"));
const unknown = args.filter((a) => a.startsWith("--") && a !== "--token-placeholder");
if (!entry || unknown.length > 0) {
  console.error("usage: npm run -s burst-bootstrap -- clusters/<name>/cluster.ts [--token-placeholder]");
  process.exit(2);
}
try {
  const written = await writeBurstBootstrapSecret({
    cluster: await loadClusterEntry(entry),
    clusterDir: dirname(resolve(entry)),
    placeholder: args.includes("--token-placeholder"),
  });
  console.log(`wrote ${written}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
