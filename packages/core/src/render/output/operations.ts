/**
 * One change to an owned folder, as recorded in the journal before it is made. Each can be
 * undone from what is on disk alone (see `undoOperation`), so a journal left by a killed render
 * is rolled back without knowing how far it got.
 *
 * - `remove`: a file, link or other non-folder entry moves to backup `n` (`rename`).
 * - `rmdir`: an emptied folder goes.
 * - `mkdir`: a new folder.
 * - `create`: a new file, written in place (it did not exist: undoing removes it).
 * - `replace`: a changed file; its new bytes are staged as `n`, the old file is hard-linked to
 *   backup `n`, then the staged file is renamed over it, so the path always holds a whole file.
 */
export type Operation =
  | { readonly kind: "remove"; readonly path: string; readonly n: number }
  | { readonly kind: "rmdir"; readonly path: string }
  | { readonly kind: "mkdir"; readonly path: string }
  | { readonly kind: "create"; readonly path: string }
  | { readonly kind: "replace"; readonly path: string; readonly n: number };

/** The order changes are made in: removals first, so nothing is in the way of what is created. */
export const OPERATION_ORDER: readonly Operation["kind"][] = [
  "remove",
  "rmdir",
  "mkdir",
  "create",
  "replace",
];
