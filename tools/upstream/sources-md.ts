import type { UpstreamManifest } from "./manifest.js";

function cell(text: string): string {
  return text.replaceAll("|", "/").replaceAll("\n", " ");
}

/**
 * A SOURCES.md for a fetched upstream folder: the provenance table `npm run generate` reads (file,
 * upstream repo, path, tag, commit, licence), written from the manifest so that a fetched copy
 * gives the generator exactly what the original folder's SOURCES.md gave it.
 */
export function sourcesMarkdown(manifest: UpstreamManifest): string {
  const rows = manifest.files.map((f) =>
    [f.file, f.source.repo, f.source.path, f.source.tag, f.source.commit, f.source.licence]
      .map(cell)
      .join(" | "),
  );
  return [
    "# Upstream data sources",
    "",
    "Written by `npm run upstream` from tools/upstream/manifest.json of helix-cluster: every file below was",
    "fetched from its raw URL and verified against the SHA-256 the manifest pins.",
    "",
    "| file | upstream repo | path | tag | commit | licence |",
    "|---|---|---|---|---|---|",
    ...rows.map((r) => `| ${r} |`),
    "",
  ].join("\n");
}
