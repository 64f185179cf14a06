import { lstatSync, readdirSync, readFileSync, realpathSync, type Stats, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { codeOf } from "./fs-errors.js";
import { parseMarker, type TreeOwner } from "./marker.js";
import { MARKER_FILE, STATE_DIR } from "./tree-path.js";

/** What a writable folder is now: missing, empty (or holding only the writer's own files), or marked as ours. */
export type FolderState = "missing" | "fresh" | "owned";

/** The verdict on an output folder: where to write (symbolic links resolved), or why not. */
export type FolderClaim =
  | { readonly ok: true; readonly dir: string; readonly state: FolderState }
  | { readonly ok: false; readonly reason: string };

const OTHER_FOLDER = "choose an empty or new folder (--out)";

/**
 * Decides, reading only, whether a render may write `path` for `owner`: only a missing or empty
 * folder, or one whose marker names the same cluster and tree. A folder holding anything else
 * (a cluster's sources, a repository, `/`), a file, a dangling symbolic link or another cluster's
 * output is refused with a reason naming it and what to do. A symbolic link to a folder is
 * judged by its target, which is where the files go.
 */
export function claimFolder(path: string, owner: TreeOwner): FolderClaim {
  const given = resolve(path);
  let info: Stats | undefined;
  try {
    info = lstatSync(given, { throwIfNoEntry: false });
  } catch (error) {
    if (codeOf(error) === "ENOTDIR") return missingFolder(given);
    throw error;
  }
  if (!info) return missingFolder(given);
  let dir = given;
  if (info.isSymbolicLink()) {
    try {
      dir = realpathSync(given);
    } catch {
      return refuse(`it is a symbolic link to a missing path; remove the link or ${OTHER_FOLDER}`);
    }
    info = statSync(dir);
  }
  if (!info.isDirectory()) return refuse(`it is a file, not a folder; ${OTHER_FOLDER}`);
  const entries = readdirSync(dir);
  const marker = entries.includes(MARKER_FILE) ? readMarker(join(dir, MARKER_FILE)) : undefined;
  const it = dir === given ? "it" : `it (a link to ${dir})`;
  if (marker) {
    if (marker.cluster !== owner.cluster)
      return refuse(
        `${it} holds the output of cluster "${marker.cluster}" (its ${MARKER_FILE} says so), not of "${owner.cluster}"; ${OTHER_FOLDER}`,
      );
    if (marker.tree !== owner.tree)
      return refuse(
        `${it} holds the ${marker.tree} tree of cluster "${marker.cluster}", not its ${owner.tree} tree; ${OTHER_FOLDER}`,
      );
    return { ok: true, dir, state: "owned" };
  }
  if (entries.every((e) => e === MARKER_FILE || e === STATE_DIR)) return { ok: true, dir, state: "fresh" };
  const shown = entries.filter((e) => e !== STATE_DIR).sort();
  const sample = shown.slice(0, 3).join(", ") + (shown.length > 3 ? ", …" : "");
  return refuse(
    `${it} is not empty (${sample}) and has no ${MARKER_FILE} marker of a render, so it may hold files that are not the render's; ${OTHER_FOLDER}, or, if it holds only an earlier render's output, delete it and render again`,
  );
}

/** A folder to create: allowed unless an existing parent is not a folder. */
function missingFolder(given: string): FolderClaim {
  let ancestor = dirname(given);
  while (ancestor !== dirname(ancestor) && !entryExists(ancestor)) ancestor = dirname(ancestor);
  let real: string;
  try {
    real = realpathSync(ancestor);
  } catch {
    return refuse(`it cannot be created: ${ancestor} is a symbolic link to a missing path`);
  }
  if (!statSync(real).isDirectory())
    return refuse(`it cannot be created: ${ancestor} is a file, not a folder; ${OTHER_FOLDER}`);
  return { ok: true, dir: join(real, relative(ancestor, given)), state: "missing" };
}

/** True when something is at `path`; false also when a parent of it is a file (ENOTDIR). */
function entryExists(path: string): boolean {
  try {
    return lstatSync(path, { throwIfNoEntry: false }) !== undefined;
  } catch (error) {
    if (codeOf(error) === "ENOTDIR") return false;
    throw error;
  }
}

/** The owner a marker file names; undefined when it is not a regular file holding a marker. */
function readMarker(file: string): TreeOwner | undefined {
  if (!lstatSync(file).isFile()) return undefined;
  return parseMarker(readFileSync(file, "utf8"));
}

function refuse(reason: string): FolderClaim {
  return { ok: false, reason };
}
