/**
 * The code blocks of a Markdown text that carry a title, by title: a fence opened as
 * ```ts title="cluster.ts"``` or ```yaml title="rendered/cert-manager/namespace.yaml"```. A package
 * README's example is tested by importing the titled entry and comparing each titled output
 * block with the rendered file of that path, so the README renders exactly as shown.
 */
export function titledCodeBlocks(markdown: string): Map<string, string> {
  const blocks = new Map<string, string>();
  const fence = /^(`{3,})[\w-]*[ \t]+title="([^"]+)"[^\n]*\n([\s\S]*?)^\1[ \t]*$/gm;
  for (const m of markdown.matchAll(fence)) {
    const [, , title = "", text = ""] = m;
    if (blocks.has(title)) throw new Error(`two code blocks are titled "${title}": titles must be unique`);
    blocks.set(title, text);
  }
  return blocks;
}
