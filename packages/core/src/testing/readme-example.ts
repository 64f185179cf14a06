import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { ClusterDefinition } from "../model/cluster.js";
import type { ClusterSettings } from "../model/cluster-settings.js";
import { expectValidates } from "./expect-validates.js";
import { neutralSettings } from "./neutral-settings.js";
import { titledCodeBlocks } from "./readme-blocks.js";

/** A package README's example, rendered. */
export interface RenderedReadmeExample {
  /** Each output block the README shows: its rendered path (the title without "rendered/") and text. */
  readonly shown: ReadonlyMap<string, string>;
  /** Every file the example renders, by path under `rendered/`. */
  readonly files: ReadonlyMap<string, string>;
}

const ENTRY = "cluster.ts";
const OUTPUT = "rendered/";

/**
 * Renders the example of `<packageDir>/README.md`: its ```ts title="cluster.ts"``` block is written
 * to a temporary folder inside the package (so its imports resolve as in a consumer's repository),
 * imported, and rendered with full validation and `kubectl kustomize` (see expectValidates) with
 * the example's own settings, only its age recipients replaced by a throw-away key. Returns the
 * blocks titled "rendered/<path>" beside the files that rendered, for the test to compare. Throws
 * when the README lacks either kind of block, or when the example does not validate.
 */
export async function renderReadmeExample(packageDir: string): Promise<RenderedReadmeExample> {
  const readme = join(packageDir, "README.md");
  const blocks = titledCodeBlocks(await readFile(readme, "utf8"));
  const entry = blocks.get(ENTRY);
  const shown = new Map(
    [...blocks]
      .filter(([title]) => title.startsWith(OUTPUT))
      .map(([title, text]) => [title.slice(OUTPUT.length), text]),
  );
  if (entry === undefined || shown.size === 0)
    throw new Error(
      `${readme}: the example needs a \`\`\`ts title="${ENTRY}"\`\`\` block and at least one \`\`\`yaml title="${OUTPUT}<path>"\`\`\` block of what it renders`,
    );
  const dir = await mkdtemp(join(packageDir, ".readme-example-"));
  try {
    await writeFile(join(dir, ENTRY), entry);
    const module = (await import(pathToFileURL(join(dir, ENTRY)).href)) as { default: ClusterDefinition };
    const cluster = module.default;
    const report = await expectValidates({
      name: cluster.name,
      namespaces: cluster.namespaces,
      settings: ownSettings(cluster.settings),
      ...(cluster.patches ? { patches: cluster.patches } : {}),
    });
    return { shown, files: report.files };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The example's settings over none of the neutral ones: a field the example leaves out stays out,
 * so the README shows every setting its render needs. Only the age recipients are the test's.
 */
function ownSettings(settings: ClusterSettings): Partial<ClusterSettings> {
  const { sopsAgeRecipients: _, ...own } = settings;
  const unset = Object.fromEntries(
    Object.keys(neutralSettings("unused"))
      .filter((key) => key !== "sopsAgeRecipients")
      .map((key) => [key, undefined]),
  );
  return { ...unset, ...own };
}
