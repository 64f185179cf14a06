// Wrapper child for machines without GNU time: runs a script in this very process
// (`node … rusage-child.mjs <script> [args…]`), then prints `maxRssKib=<n>` on stderr from
// process.resourceUsage(), the peak memory of the whole run, and `cpuMs=<n>`, its user + system time.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [script, ...rest] = process.argv.slice(2);
if (!script) {
  console.error("usage: rusage-child.mjs <script> [args…]");
  process.exit(2);
}
process.argv = [process.argv[0] ?? "node", resolve(script), ...rest];
await import(pathToFileURL(resolve(script)).href);
process.on("exit", () => {
  const usage = process.resourceUsage();
  process.stderr.write(
    `maxRssKib=${usage.maxRSS}\ncpuMs=${(usage.userCPUTime + usage.systemCPUTime) / 1000}\n`,
  );
});
