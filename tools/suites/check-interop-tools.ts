// `npm run test:interop` runs this first: a clear message and exit 1 when a tool is missing, before
// vitest starts (whose own report would add a misleading "No test files found").
import { interopToolsProblem } from "./external.js";

const problem = interopToolsProblem();
if (problem) {
  console.error(problem);
  process.exit(1);
}
