import { createHash, type Hash, timingSafeEqual } from "node:crypto";
import { SopsError } from "./errors.js";
import { type SopsValue, valueText } from "./values.js";

// With mac_only_encrypted, sops seeds the hash with sha256("sops") so the two MAC modes never collide.
const MAC_ONLY_ENCRYPTED_SEED = createHash("sha256").update("sops").digest();

/**
 * Accumulates sops's MAC: SHA-512 over the plaintext bytes of every non-null value in
 * document order (only the encrypted ones when `mac_only_encrypted` is set), uppercase hex.
 */
export class MacHasher {
  readonly #hash: Hash = createHash("sha512");
  readonly #onlyEncrypted: boolean;

  constructor(macOnlyEncrypted: boolean) {
    this.#onlyEncrypted = macOnlyEncrypted;
    if (macOnlyEncrypted) this.#hash.update(MAC_ONLY_ENCRYPTED_SEED);
  }

  /** Adds one value, as sops does while walking the tree. */
  add(value: SopsValue, encrypted: boolean): void {
    if (!this.#onlyEncrypted || encrypted) this.#hash.update(valueText(value), "utf8");
  }

  /** The finished MAC as sops prints it (`%X`). */
  digest(): string {
    return this.#hash.digest("hex").toUpperCase();
  }
}

/** Compares a stored MAC with the recomputed one in constant time; throws SopsError on mismatch. */
export function assertMacMatches(stored: SopsValue, computed: string): void {
  const expected = Buffer.from(computed, "utf8");
  const actual = Buffer.from(stored.type === "str" ? stored.value : "", "utf8");
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    throw new SopsError("MAC mismatch: the file was modified after it was encrypted", "tampered");
  }
}
