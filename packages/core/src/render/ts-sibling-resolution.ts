import { existsSync } from "node:fs";
import { registerHooks } from "node:module";

/** Whether this Node runs TypeScript files itself (type stripping, Node ≥ 22.18 / 23.6). */
export function canStripTypes(): boolean {
  const features = process.features as { typescript?: string | false };
  return Boolean(features.typescript) && typeof registerHooks === "function";
}

let registered = false;

/**
 * Lets TypeScript files outside node_modules import their siblings the way `nodenext` writes it
 * (`./settings.js` for `settings.ts`), which Node's type stripping does not map by itself. The
 * hook runs in-thread and only looks at relative `.js` imports from `.ts` files, so every other
 * module loads as before. Registered once per process.
 */
export function registerTsSiblingResolution(): void {
  if (registered) return;
  registered = true;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const parent = context.parentURL;
      if (
        parent?.startsWith("file:") &&
        /\.[cm]?ts$/.test(parent) &&
        !parent.includes("/node_modules/") &&
        /^\.\.?\//.test(specifier) &&
        /\.[cm]?js$/.test(specifier)
      ) {
        const sibling = new URL(specifier.replace(/js$/, "ts"), parent);
        if (!existsSync(new URL(specifier, parent)) && existsSync(sibling))
          return nextResolve(sibling.href, context);
      }
      return nextResolve(specifier, context);
    },
  });
}
