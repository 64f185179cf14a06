// Syntax checks of the strings users write into settings and names. Each returns what is wrong in
// words (to follow the field's path in a problem), or undefined when the value is fine.
import { bech32 } from "@scure/base";
import ipaddr from "ipaddr.js";

/** Control, format (zero-width, bidi overrides), separator, private-use and unassigned characters. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}]/u;

/** The first invisible or control character of a string, named by code point. */
export function invisibleCharacterProblem(value: string): string | undefined {
  const found = INVISIBLE.exec(value)?.[0];
  if (found === undefined) return undefined;
  const code = found.codePointAt(0)?.toString(16).toUpperCase().padStart(4, "0");
  return `contains the invisible or control character U+${code}: retype it`;
}

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A DNS-1123 label (namespaces, Services, node-local names): ≤ 63 of a-z, 0-9, "-", alphanumeric ends. */
export function dns1123LabelProblem(value: string): string | undefined {
  const invisible = invisibleCharacterProblem(value);
  if (invisible) return invisible;
  if (value.length === 0) return "is empty: a DNS-1123 label needs 1 to 63 characters";
  if (value.length > 63) return `is ${value.length} characters long: a DNS-1123 label has at most 63`;
  if (!LABEL.test(value))
    return `"${value}" is not a DNS-1123 label: lower-case letters, digits and "-" only, starting and ending with a letter or digit`;
  return undefined;
}

/** A DNS-1123 subdomain (most object names): dot-separated labels, ≤ 253 characters. */
export function dns1123SubdomainProblem(value: string): string | undefined {
  const invisible = invisibleCharacterProblem(value);
  if (invisible) return invisible;
  if (value.length === 0) return "is empty: a name needs 1 to 253 characters";
  if (value.length > 253) return `is ${value.length} characters long: a DNS-1123 subdomain has at most 253`;
  if (!value.split(".").every((label) => LABEL.test(label)))
    return `"${value}" is not a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit`;
  return undefined;
}

/** A fully qualified domain name such as "helix.example.com" (at least two labels, no trailing dot). */
export function domainNameProblem(value: string): string | undefined {
  const invisible = invisibleCharacterProblem(value);
  if (invisible) return invisible;
  const labels = value.split(".");
  const wrong =
    value.length > 253 ||
    labels.length < 2 ||
    labels.some((l) => l.length > 63 || !LABEL.test(l)) ||
    /^[0-9]+$/.test(labels.at(-1) ?? "");
  return wrong
    ? `"${value}" is not a domain name: lower-case labels of a-z, 0-9 and "-" joined by dots, e.g. "helix.example.com"`
    : undefined;
}

/** An e-mail address: a local part and a domain name. */
export function emailProblem(value: string): string | undefined {
  const at = value.lastIndexOf("@");
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  const localOk =
    at > 0 &&
    local.length <= 64 &&
    /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/.test(local);
  if (!localOk || domainNameProblem(domain) !== undefined)
    return `"${value}" is not an e-mail address like "platform@example.com"`;
  return undefined;
}

/** A dotted-quad IPv4 address such as "10.0.0.1". */
export function ipv4Problem(value: string): string | undefined {
  return ipaddr.IPv4.isValidFourPartDecimal(value)
    ? undefined
    : `"${value}" is not an IPv4 address like "10.40.0.11"`;
}

/** A parsed CIDR block. */
export type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** A CIDR block "address/prefix" whose address is the block's first one, or what is wrong with it. */
export function parseCidr(value: string): { cidr: Cidr } | { problem: string } {
  let cidr: Cidr;
  try {
    cidr = ipaddr.parseCIDR(value);
  } catch {
    return { problem: `"${value}" is not a CIDR block like "10.40.0.240/28"` };
  }
  const [address, prefix] = cidr;
  const network =
    address.kind() === "ipv4"
      ? ipaddr.IPv4.networkAddressFromCIDR(value)
      : ipaddr.IPv6.networkAddressFromCIDR(value);
  if (network.toString() !== address.toString())
    return { problem: `"${value}" has host bits set: the block starts at ${network.toString()}/${prefix}` };
  return { cidr };
}

/** An age X25519 recipient: bech32 with prefix "age" and a 32-byte key ("age1…"). */
export function ageRecipientProblem(value: string): string | undefined {
  try {
    const { prefix, bytes } = bech32.decodeToBytes(value);
    if (prefix === "age" && bytes.length === 32 && value === value.toLowerCase()) return undefined;
  } catch {
    // Reported below, with what a recipient looks like.
  }
  return `"${value}" is not an age public key (bech32 "age1…", 62 characters, as age-keygen prints)`;
}

/** A URL with one of the given schemes and a host. */
export function urlProblem(value: string, schemes: readonly string[]): string | undefined {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url && schemes.includes(url.protocol.replace(/:$/, "")) && url.hostname !== "") return undefined;
  return `"${value}" is not a ${schemes.join(" or ")} URL with a host`;
}

/** Time zones of the IANA database this Node knows, plus the UTC names it leaves out of its list. */
function knownTimeZones(): Set<string> {
  return new Set([...Intl.supportedValuesOf("timeZone"), "UTC", "Etc/UTC"]);
}

/**
 * An IANA time zone name, spelled exactly (Kubernetes CronJobs and Go read it case-sensitively). A
 * link such as "Europe/Kyiv" is accepted when it resolves to a zone of the list.
 */
export function timeZoneProblem(value: string): string | undefined {
  const known = knownTimeZones();
  if (known.has(value)) return undefined;
  let resolved: string | undefined;
  try {
    resolved = new Intl.DateTimeFormat("en-US", { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    resolved = undefined;
  }
  const spelledLikeIana = value.split("/").every((part) => /^[A-Z][A-Za-z0-9_+-]*$/.test(part));
  if (resolved !== undefined && known.has(resolved) && spelledLikeIana) return undefined;
  return `"${value}" is not a known IANA time zone, e.g. "Etc/UTC" or "Europe/Berlin"`;
}
