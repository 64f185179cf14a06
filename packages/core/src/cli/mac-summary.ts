import type { SecretCopyCount } from "../validate/secret-copies.js";
import type { SecretMacCount } from "../validate/secret-files.js";

const files = (n: number): string => `${n} secret file${n === 1 ? "" : "s"}`;

/**
 * The summary clause on secret MACs: "; MACs of 56 secret files verified", or, when no age key
 * of theirs was at hand, that they were not verified. Empty when there are no secret files.
 */
export function macSummary({ verified, unverified }: SecretMacCount): string {
  if (unverified === 0) return verified === 0 ? "" : `; MACs of ${files(verified)} verified`;
  if (verified === 0) return `; MACs of ${files(unverified)} not verified (no age key)`;
  return `; MACs of ${verified} of ${files(verified + unverified)} verified (no age key for the others)`;
}

const keys = (n: number): string => `${n} copied secret key${n === 1 ? "" : "s"}`;

/**
 * The summary clause on keys copied from another Secret: "; 5 copied secret keys equal to their
 * source", or that they were not compared (no age key). Empty when no key is copied.
 */
export function copySummary({ compared, uncompared }: SecretCopyCount): string {
  if (uncompared === 0) return compared === 0 ? "" : `; ${keys(compared)} equal to their source`;
  if (compared === 0) return `; ${keys(uncompared)} not compared with their source (no age key)`;
  return `; ${compared} of ${keys(compared + uncompared)} compared with their source (no age key for the others)`;
}
