import { resolve, sep } from "node:path";

/**
 * The marker file at the root of every folder the writer owns. A folder is written only when it
 * has this file (naming the same cluster and tree), or is missing or empty.
 */
export const MARKER_FILE = ".helix-rendered";

/**
 * The writer's own state inside an owned folder: lock, file index, journal and the backups of a
 * write in progress. Git-ignored, never rendered output, safe to lose.
 */
export const STATE_DIR = ".helix-render";

/**
 * Segments of printable characters other than "/" and "\\", none of them "." or "..", joined by
 * single slashes.
 */
const PLAIN_PATH =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  /^(?!\.\.?(?:\/|$))[^\u0000-\u001f\u007f/\\]+(?:\/(?!\.\.?(?:\/|$))[^\u0000-\u001f\u007f/\\]+)*$/;

/**
 * Why a relative path could leave its folder, or undefined for a plain "/"-separated path inside
 * it. Control characters are refused too (the index and journal are one line or one JSON string
 * per path), and so is the writer's own state folder.
 */
export function unsafePathReason(rel: string): string | undefined {
  // One test for the common case (tens of thousands of paths per render); reasons only on failure.
  if (PLAIN_PATH.test(rel) && !/^[A-Za-z]:/.test(rel) && rel.split("/", 1)[0] !== STATE_DIR) return undefined;
  if (rel === "") return "is empty";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f\u007f]/.test(rel)) return "contains a control character (NUL, newline, tab…)";
  if (rel.includes("\\")) return "contains a backslash";
  if (rel.startsWith("/")) return "is absolute";
  if (/^[A-Za-z]:/.test(rel)) return "starts with a drive letter";
  const segments = rel.split("/");
  for (const segment of segments) {
    if (segment === "") return "has an empty segment (// or a trailing /)";
    if (segment === "." || segment === "..") return `has a "${segment}" segment`;
  }
  if (segments[0] === STATE_DIR) return `is inside the writer's own ${STATE_DIR}/ folder`;
  return undefined;
}

/** Like {@link unsafePathReason}, for a path a caller asks to write: the marker is the writer's too. */
export function plannedPathReason(rel: string): string | undefined {
  return rel === MARKER_FILE ? `is the writer's own ${MARKER_FILE} marker` : unsafePathReason(rel);
}

/**
 * The absolute path of `rel` inside `root`, checked a second time after resolution so that no
 * path the writer touches can leave the folder it owns, whatever the planner produced.
 */
export function pathInside(root: string, rel: string): string {
  const full = resolve(root, rel);
  if (!full.startsWith(root.endsWith(sep) ? root : root + sep))
    throw new Error(`path "${rel}" resolves to ${full}, outside ${root}`);
  return full;
}

/** True for the writer's own files (marker, state) at any depth of a tree, which are not output. */
export function isWriterOwnPath(rel: string): boolean {
  const segments = rel.split(/[\\/]/);
  return segments.includes(STATE_DIR) || segments.at(-1) === MARKER_FILE;
}
