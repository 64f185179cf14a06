import type { Node } from "yaml";

/**
 * Drops the comments attached to a node. sops encrypts comments that sit inside an
 * encrypted subtree (as `#ENC[...]`); we drop them instead, because a comment next to a
 * secret is as likely to leak it as the value itself and nothing downstream reads them.
 */
export function stripComments(node: Node): void {
  node.commentBefore = undefined;
  node.comment = undefined;
  node.spaceBefore = undefined;
}
