/**
 * Which validation layer found a problem (the layers of README.md's "Validation");
 * "input": the cluster's settings, a package's options or a name, checked before the build;
 * "chart": the chart check on what a chart templates.
 */
export type ProblemLayer =
  | "input"
  | "build"
  | "schema"
  | "values"
  | "reference"
  | "policy"
  | "secret"
  | "output"
  | "chart";

/** One problem found while building, validating or writing a cluster. */
export interface Problem {
  readonly layer: ProblemLayer;
  readonly cluster: string;
  readonly package?: string;
  readonly component?: string;
  /** "Kind/name" or "Kind/namespace/name". */
  readonly object?: string;
  /** JSON pointer inside the object, e.g. "/spec/interval". */
  readonly path?: string;
  readonly message: string;
}

/** Where a problem was found, without the message. */
export type ProblemContext = Omit<Problem, "layer" | "message" | "path">;

/** One line per problem: "cluster › package › component › Kind/name › /path: message [layer]". */
export function formatProblem(p: Problem): string {
  const where = [p.cluster, p.package, p.component, p.object].filter((s): s is string => !!s).join(" › ");
  const path = p.path ? ` › ${p.path}` : "";
  return `${where}${path}: ${p.message} [${p.layer}]`;
}

/** Thrown when a cluster has problems; carries all of them, not only the first. */
export class ClusterProblemsError extends Error {
  readonly problems: readonly Problem[];
  constructor(problems: readonly Problem[]) {
    const lines = problems.map((p) => `  - ${formatProblem(p)}`);
    super(`${problems.length} problem${problems.length === 1 ? "" : "s"} found:\n${lines.join("\n")}`);
    this.name = "ClusterProblemsError";
    this.problems = problems;
  }
}
