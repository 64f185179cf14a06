import { parse } from "yaml";
import type { PlacedSecret } from "../render/assemble.js";
import { SopsError } from "../secrets/errors.js";

/** How many copied keys were compared with their source, and how many could not be (no age key). */
export interface SecretCopyCount {
  readonly compared: number;
  readonly uncompared: number;
}

/** A problem with one copied key. */
export interface SecretCopyProblem {
  readonly secret: PlacedSecret;
  readonly message: string;
}

/** What {@link checkSecretCopies} found. */
export interface SecretCopyCheck {
  readonly problems: readonly SecretCopyProblem[];
  readonly copies: SecretCopyCount;
}

type SecretDoc = { data?: Record<string, unknown>; stringData?: Record<string, unknown> } | null;

/** The keys a Secret document declares (values unread: SOPS leaves the keys in clear). */
const keysOf = (doc: SecretDoc): Set<string> =>
  new Set([...Object.keys(doc?.data ?? {}), ...Object.keys(doc?.stringData ?? {})]);

/** The plain value of a key of a decrypted Secret: stringData as is, data base64-decoded. */
function plainValue(doc: SecretDoc, key: string): string | undefined {
  const s = doc?.stringData?.[key];
  if (s !== undefined) return String(s);
  const d = doc?.data?.[key];
  return d === undefined ? undefined : Buffer.from(String(d), "base64").toString("utf8");
}

/** The percent-decoded password of a URL, or undefined when it is not a URL with one. */
function urlPassword(value: string): string | undefined {
  try {
    const password = new URL(value).password;
    return password === "" ? undefined : decodeURIComponent(password);
  } catch {
    return undefined;
  }
}

const sourcePath = (namespace: string, name: string): string => `secrets/${namespace}/${name}.sops.yaml`;

/**
 * Checks each Secret key declared as a copy of another Secret's key (`secretRef(…, { source })`):
 * the key is one the Secret declares, the source file exists and holds the source key, and, when
 * `identities` open both files, both values are equal. A difference names both files and keys;
 * nothing decrypted is kept or logged. `read` returns a file of the cluster folder, or undefined.
 */
export async function checkSecretCopies(
  secrets: readonly PlacedSecret[],
  read: (path: string) => Promise<string | undefined>,
  identities: readonly string[],
): Promise<SecretCopyCheck> {
  const problems: SecretCopyProblem[] = [];
  let compared = 0;
  let uncompared = 0;
  const decrypted = new Map<string, Promise<SecretDoc | undefined>>();
  const open = (path: string, text: string): Promise<SecretDoc | undefined> => {
    let doc = decrypted.get(path);
    if (!doc) {
      doc =
        identities.length === 0
          ? Promise.resolve(undefined)
          : // Loaded only with a key at hand: without one, a render never loads the age crypto.
            import("../secrets/decrypt.js")
              .then(({ decryptSopsYaml }) => decryptSopsYaml(text, identities))
              .then(
                (plain) => parse(plain) as SecretDoc,
                (error: unknown) => {
                  if (error instanceof SopsError) return undefined;
                  throw error;
                },
              );
      decrypted.set(path, doc);
    }
    return doc;
  };
  const seen = new Set<string>();
  for (const secret of secrets) {
    const source = secret.ref.source;
    if (!source || seen.has(secret.sourcePath)) continue;
    seen.add(secret.sourcePath);
    const report = (message: string): void => {
      problems.push({ secret, message });
    };
    const from = sourcePath(source.namespace, source.name);
    const [ownText, sourceText] = await Promise.all([read(secret.sourcePath), read(from)]);
    if (sourceText === undefined) {
      report(
        `copies keys of Secret ${source.namespace}/${source.name}, but ${from} does not exist: create it, or fix the source`,
      );
      continue;
    }
    if (ownText === undefined) continue; // its own missing file is reported by the secret file check
    const sourceKeys = keysOf(parse(sourceText) as SecretDoc);
    const pairs = Object.entries(source.keys);
    for (const [own, theirs] of pairs) {
      if (!secret.ref.keys.includes(own))
        report(`source maps key "${own}", which the Secret does not declare`);
      if (!sourceKeys.has(theirs))
        report(`copies "${own}" from "${theirs}" of ${from}, which lacks that key`);
    }
    const [ownDoc, sourceDoc] = await Promise.all([open(secret.sourcePath, ownText), open(from, sourceText)]);
    for (const [own, theirs] of pairs) {
      if (!ownDoc || !sourceDoc) {
        uncompared++;
        continue;
      }
      compared++;
      const whole = plainValue(ownDoc, own);
      const b = plainValue(sourceDoc, theirs);
      const within = source.within?.[own];
      const a = whole === undefined || within === undefined ? whole : urlPassword(whole);
      if (whole !== undefined && a === undefined) {
        report(
          `${secret.sourcePath} key "${own}" is not a URL with a password, which its source declares it holds`,
        );
      } else if (a !== undefined && b !== undefined && a !== b) {
        const holds = within === undefined ? "differs from" : "holds a URL whose password differs from";
        report(
          `${secret.sourcePath} key "${own}" ${holds} ${from} key "${theirs}", its source: make them equal (helix-cluster secrets edit), one source per credential`,
        );
      }
    }
  }
  return { problems, copies: { compared, uncompared } };
}
