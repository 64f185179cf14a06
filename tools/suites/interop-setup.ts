// Global setup of the interop suite: it fails at once, naming every missing tool and its package,
// instead of letting each test die on a bare `spawnSync age ENOENT`.
import { interopToolsProblem } from "./external.js";

export default function requireInteropTools(): void {
  const problem = interopToolsProblem();
  if (problem) throw new Error(problem);
}
