// ESLint runs one rule here: Nx's package boundaries (Biome is the linter for everything else).
// Dependencies point one way: a namespace package imports core only, a cluster imports namespace
// packages and core, the tools import what they render and check; nothing imports a cluster.
import nx from "@nx/eslint-plugin";
import tsParser from "@typescript-eslint/parser";

export default [
  {
    ignores: [
      "**/node_modules/**",
      "**/dist/**",
      "**/generated/**",
      "clusters/*/rendered/**",
      "clusters/*/bootstrap/**",
      "tmp/**",
      ".nx/**",
    ],
  },
  {
    files: ["**/*.ts", "**/*.mts", "**/*.js", "**/*.mjs"],
    languageOptions: { parser: tsParser, ecmaVersion: "latest", sourceType: "module" },
    plugins: { "@nx": nx },
    linterOptions: { reportUnusedDisableDirectives: "off" },
    rules: {
      "@nx/enforce-module-boundaries": [
        "error",
        {
          enforceBuildableLibDependency: false,
          // The clusters' tests share the render checks of tools/ (a test helper, not a dependency).
          allow: ["../../tools/cluster-checks.js"],
          depConstraints: [
            { sourceTag: "type:core", onlyDependOnLibsWithTags: ["type:core"] },
            { sourceTag: "type:namespace", onlyDependOnLibsWithTags: ["type:core"] },
            { sourceTag: "type:cluster", onlyDependOnLibsWithTags: ["type:core", "type:namespace"] },
            {
              sourceTag: "type:tools",
              onlyDependOnLibsWithTags: ["type:core", "type:namespace", "type:tools"],
            },
          ],
        },
      ],
    },
  },
];
