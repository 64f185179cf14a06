import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import stringify from "safe-stable-stringify";

/** The sha256 of a value's canonical JSON (keys sorted): the same input, the same key. */
export function digestOf(value: unknown): string {
  return createHash("sha256")
    .update(stringify(value) ?? "")
    .digest("hex");
}

/**
 * A folder of JSON results keyed by digest. Writes go to a temporary file renamed into place, so
 * a reader never sees half a result; an unreadable entry is a miss.
 */
export class ResultCache {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
  }

  async get<T>(key: string): Promise<T | undefined> {
    try {
      return JSON.parse(await readFile(this.#file(key), "utf8")) as T;
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: unknown): Promise<void> {
    await mkdir(this.#dir, { recursive: true });
    const file = this.#file(key);
    const temp = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
    await writeFile(temp, JSON.stringify(value));
    await rename(temp, file);
  }

  #file(key: string): string {
    return join(this.#dir, `${key}.json`);
  }
}
