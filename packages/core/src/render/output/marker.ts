import { MARKER_FILE } from "./tree-path.js";

/** Who writes a folder: the cluster and which of its trees ("rendered", "bootstrap"). */
export interface TreeOwner {
  readonly cluster: string;
  readonly tree: string;
}

const TOOL = "helix-cluster";

/**
 * The marker's content: a few `key: value` lines after a comment saying what the folder is.
 * Deterministic (no time, no version), so the committed marker never changes between renders.
 */
export function markerText(owner: TreeOwner): string {
  for (const value of [owner.cluster, owner.tree])
    if (/[\r\n]/.test(value)) throw new Error(`marker value ${JSON.stringify(value)} spans lines`);
  return [
    `# Written by ${TOOL} render: every file in this folder is replaced or removed by the next render,`,
    "# so change the cluster's TypeScript instead of these files. The render writes only into a folder",
    `# holding this ${MARKER_FILE} file for the same cluster and tree (or an empty or missing one).`,
    `tool: ${TOOL}`,
    `cluster: ${owner.cluster}`,
    `tree: ${owner.tree}`,
    "",
  ].join("\n");
}

/** The owner a marker names, or undefined when the text is not a marker this tool wrote. */
export function parseMarker(text: string): TreeOwner | undefined {
  const fields = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^([a-z]+): (.*)$/.exec(line);
    if (m?.[1] !== undefined && m[2] !== undefined) fields.set(m[1], m[2]);
  }
  const cluster = fields.get("cluster");
  const tree = fields.get("tree");
  if (fields.get("tool") !== TOOL || !cluster || !tree) return undefined;
  return { cluster, tree };
}
