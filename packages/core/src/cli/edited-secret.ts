import { parse } from "yaml";
import type { JsonValue } from "../model/kube-object.js";
import { SopsError } from "../secrets/errors.js";
import { parseMappingDocument } from "../secrets/yaml-tree.js";
import { validateStrict } from "../validate/strict-schema.js";

/**
 * What is wrong with a Secret as written in the editor: not valid YAML (with its line), not one
 * mapping, not a v1 Secret, or fields the Secret schema rejects (unknown fields, non-string
 * values). Empty when it can be encrypted. Messages never quote the text: it is plaintext.
 */
export async function editedSecretProblems(text: string): Promise<string[]> {
  try {
    parseMappingDocument(text);
  } catch (error) {
    if (error instanceof SopsError) return [error.message];
    throw error;
  }
  const secret = parse(text) as { [key: string]: JsonValue };
  if (secret.apiVersion !== "v1" || secret.kind !== "Secret") {
    return [
      `must be a Secret (apiVersion: v1, kind: Secret), found apiVersion ${JSON.stringify(secret.apiVersion)}, kind ${JSON.stringify(secret.kind)}`,
    ];
  }
  const { Secret } = await import("kubernetes-models/v1/Secret");
  return validateStrict(Secret, secret).map((v) => `${v.path}: ${v.message}`);
}
