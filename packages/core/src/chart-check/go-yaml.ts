import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * Re-emits one YAML document through kubectl's own (Go) YAML parser. Some charts ship YAML that
 * Go and so the API server accept but YAML 1.2 rejects (e.g. a quoted scalar whose continuation
 * lines are not indented); the check must read them as the cluster would.
 */
export async function throughGoYaml(kubectl: string, document: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "helix-go-yaml-"));
  try {
    await writeFile(join(dir, "object.yaml"), document);
    await writeFile(join(dir, "kustomization.yaml"), "resources:\n  - object.yaml\n");
    const { stdout } = await run(kubectl, ["kustomize", dir], { maxBuffer: 256 * 1024 * 1024 });
    return stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
