// What Renovate's regex manager (renovate.json) finds in the sources: the pins it can bump.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** One pinned version as Renovate's regex manager captures it. */
export interface Pin {
  readonly file: string;
  readonly datasource: string;
  readonly depName: string;
  readonly registryUrl?: string;
  readonly currentValue: string;
}

interface RegexManager {
  readonly customType: string;
  readonly managerFilePatterns: readonly string[];
  readonly matchStrings: readonly string[];
}

/** renovate.json's regex managers, compiled as Renovate does (a `/…/` file pattern is a regex). */
export function regexManagers(root: string): { files: RegExp[]; matches: RegExp[] }[] {
  const config = JSON.parse(readFileSync(join(root, "renovate.json"), "utf8")) as {
    customManagers?: readonly RegexManager[];
  };
  return (config.customManagers ?? [])
    .filter((m) => m.customType === "regex")
    .map((m) => ({
      files: m.managerFilePatterns.map((p) => new RegExp(p.replace(/^\/(.*)\/$/, "$1"))),
      matches: m.matchStrings.map((s) => new RegExp(s, "g")),
    }));
}

/** Every committed file a regex manager reads, with the pins it captures and its hint count. */
export function scanPins(root: string): { file: string; hints: number; pins: Pin[] }[] {
  const tracked = execFileSync("git", ["ls-files"], { cwd: root, encoding: "utf8" }).split("\n");
  const out: { file: string; hints: number; pins: Pin[] }[] = [];
  for (const manager of regexManagers(root)) {
    for (const file of tracked.filter((f) => manager.files.some((re) => re.test(f)))) {
      const text = readFileSync(join(root, file), "utf8");
      const pins: Pin[] = [];
      for (const re of manager.matches) {
        for (const m of text.matchAll(re)) {
          const g = m.groups ?? {};
          pins.push({
            file,
            datasource: g.datasource ?? "",
            depName: g.depName ?? "",
            ...(g.registryUrl ? { registryUrl: g.registryUrl } : {}),
            currentValue: g.currentValue ?? "",
          });
        }
      }
      out.push({ file, hints: (text.match(/\brenovate: /g) ?? []).length, pins });
    }
  }
  return out;
}
