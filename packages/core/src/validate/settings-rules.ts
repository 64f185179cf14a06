import ipaddr from "ipaddr.js";
import type { InputIssue } from "./check-input.js";
import {
  ageRecipientProblem,
  type Cidr,
  dns1123SubdomainProblem,
  domainNameProblem,
  emailProblem,
  invisibleCharacterProblem,
  ipv4Problem,
  parseCidr,
  timeZoneProblem,
  urlProblem,
} from "./syntax.js";

// The settings arrive unchecked (a cluster entry runs without tsc): every rule looks at the shape
// it needs and skips a field of the wrong type, which the schema check already reports.
type Loose = Readonly<Record<string, unknown>>;
const isObject = (v: unknown): v is Loose => typeof v === "object" && v !== null && !Array.isArray(v);
const asObject = (v: unknown): Loose => (isObject(v) ? v : {});
const asList = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);
const asString = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** A k3s release tag, e.g. "v1.36.3+k3s1" or "v1.36.0-rc1+k3s1". */
const K3S_VERSION = /^v\d+\.\d+\.\d+(-rc\d+)?\+k3s\d+$/;
/** An EKS minor version, e.g. "1.36". */
const EKS_VERSION = /^1\.\d+$/;
/** An AWS (or S3-compatible) region name, e.g. "eu-central-1". */
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
/** An EC2 instance type, e.g. "m7i.xlarge". */
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
/** A taint as k3s takes it: key[=value]:Effect. */
const TAINT = /^([^=:\s]+)(=([^:\s]*))?:(NoSchedule|PreferNoSchedule|NoExecute)$/;
/** A label name (the part after an optional "prefix/"), and a label value (may be empty). */
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
/** An S3 bucket name: 3–63 of a-z, 0-9, "." and "-", alphanumeric ends, not an IP address. */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** A POSIX user name as useradd accepts it. */
const USER = /^[a-z_][a-z0-9_-]{0,31}$/;

/**
 * Checks what the settings schema cannot: addresses, blocks and their overlaps, an odd number of
 * k3s servers, names, time zone, e-mail, domain, git URL, age recipients, versions and buckets.
 * Each issue names its field as `settings.<path>`.
 */
export function checkSettingsRules(settings: unknown): InputIssue[] {
  const s = asObject(settings);
  const issues: InputIssue[] = [];
  const add = (path: string, message: string | undefined): void => {
    if (message !== undefined) issues.push({ path: `settings.${path}`, message });
  };
  const str = (path: string, value: unknown, check: (v: string) => string | undefined): void => {
    const text = asString(value);
    if (text !== undefined) add(path, check(text));
  };

  str("domain", s.domain, domainNameProblem);
  str("clusterDomain", s.clusterDomain, domainNameProblem);
  str("acmeEmail", s.acmeEmail, emailProblem);
  str("timeZone", s.timeZone, timeZoneProblem);
  checkGit(asObject(s.git), str);
  checkRecipients(s.sopsAgeRecipients, add, str);
  checkBuckets(asObject(s.buckets), str);

  const k3s = s.distribution === "k3s";
  const nodes = asList(s.nodes);
  if (!k3s && nodes.length > 0)
    add("nodes", "nodes are installed by k3s: an eks cluster's nodes come from settings.eks");
  if (!k3s && s.bootstrap !== undefined) add("bootstrap", "is for k3s clusters only: remove it");
  if (k3s && s.eks !== undefined)
    add("eks", 'is for eks clusters only: remove it, or set distribution: "eks"');
  if (s.distribution === "eks" && s.eks === undefined)
    add("eks", "is required for an eks cluster (region, kubernetesVersion)");
  if (k3s && nodes.length > 0 && s.k3sVersion === undefined)
    add("k3sVersion", 'is required for a k3s cluster with nodes, e.g. "v1.36.3+k3s1"');
  str("k3sVersion", s.k3sVersion, (v) =>
    K3S_VERSION.test(v) ? undefined : `"${v}" is not a k3s release like "v1.36.3+k3s1"`,
  );

  const addresses = checkNodes(nodes, k3s, add, str);
  checkPool(s.loadBalancerPool, addresses, add);
  checkBootstrap(asObject(s.bootstrap), add, str);
  checkEks(asObject(s.eks), add, str);
  return issues;
}

type Add = (path: string, message: string | undefined) => void;
type Str = (path: string, value: unknown, check: (v: string) => string | undefined) => void;

function checkGit(git: Loose, str: Str): void {
  str("git.url", git.url, (v) => urlProblem(v, ["https", "http", "ssh"]));
  str("git.branch", git.branch, (v) =>
    v === "" || /[\s~^:?*[\\]|\.\.|@\{|^[/.]|[/.]$|\.lock$|\/\//.test(v) || invisibleCharacterProblem(v)
      ? `"${v}" is not a valid git branch name`
      : undefined,
  );
  str("git.path", git.path, (v) =>
    v.startsWith("/") || v.split("/").includes("..")
      ? `"${v}" must be a path inside the repository, e.g. "./clusters/<name>/rendered"`
      : invisibleCharacterProblem(v),
  );
  str("git.secretName", git.secretName, dns1123SubdomainProblem);
}

/** Each recipient's syntax, once each. An empty list is left to the secret check: it fails as soon as a component declares a secret. */
function checkRecipients(value: unknown, add: Add, str: Str): void {
  const recipients = asList(value);
  const seen = new Set<string>();
  recipients.forEach((r, i) => {
    str(`sopsAgeRecipients[${i}]`, r, ageRecipientProblem);
    if (typeof r === "string" && seen.has(r)) add(`sopsAgeRecipients[${i}]`, "appears twice");
    if (typeof r === "string") seen.add(r);
  });
}

function checkBuckets(buckets: Loose, str: Str): void {
  for (const [name, bucket] of Object.entries(buckets)) {
    const b = asObject(bucket);
    str(`buckets.${name}.bucket`, b.bucket, (v) =>
      BUCKET.test(v) && !/\.\.|\.-|-\./.test(v) && !ipaddr.IPv4.isValidFourPartDecimal(v)
        ? undefined
        : `"${v}" is not an S3 bucket name: 3 to 63 of a-z, 0-9, "." and "-", starting and ending with a letter or digit`,
    );
    str(`buckets.${name}.region`, b.region, (v) =>
      REGION.test(v) ? undefined : `"${v}" is not a region name like "eu-central-1"`,
    );
    str(`buckets.${name}.endpoint`, b.endpoint, (v) => urlProblem(v, ["https", "http"]));
  }
}

/** Checks the node inventory; returns the valid IPv4 addresses with the path of their node. */
function checkNodes(nodes: readonly unknown[], k3s: boolean, add: Add, str: Str): Map<string, string> {
  const names = new Map<string, number>();
  const addresses = new Map<string, string>();
  let servers = 0;
  nodes.forEach((node, i) => {
    const n = asObject(node);
    const at = `nodes[${i}]`;
    str(`${at}.name`, n.name, dns1123SubdomainProblem);
    if (typeof n.name === "string") {
      const first = names.get(n.name);
      if (first !== undefined) add(`${at}.name`, `"${n.name}" is also the name of nodes[${first}]`);
      else names.set(n.name, i);
    }
    str(`${at}.address`, n.address, ipv4Problem);
    if (typeof n.address === "string" && ipv4Problem(n.address) === undefined) {
      const first = addresses.get(n.address);
      if (first !== undefined) add(`${at}.address`, `${n.address} is also the address of ${first}`);
      else addresses.set(n.address, at);
    }
    if (n.role === "server") servers++;
    for (const [key, value] of Object.entries(asObject(n.labels))) {
      add(`${at}.labels[${JSON.stringify(key)}]`, labelKeyProblem(key));
      str(`${at}.labels[${JSON.stringify(key)}]`, value, (v) =>
        LABEL_VALUE.test(v)
          ? undefined
          : `"${v}" is not a label value: at most 63 of A-Z, a-z, 0-9, "-", "_", "."`,
      );
    }
    asList(n.taints).forEach((t, j) => {
      str(`${at}.taints[${j}]`, t, (v) =>
        TAINT.test(v) && labelKeyProblem(TAINT.exec(v)?.[1] ?? "") === undefined
          ? undefined
          : `"${v}" is not a taint "key=value:Effect" (Effect NoSchedule, PreferNoSchedule or NoExecute)`,
      );
    });
  });
  if (k3s && nodes.length > 0 && (servers === 0 || servers % 2 === 0)) {
    add(
      "nodes",
      servers === 0
        ? 'has no node with role "server": k3s needs 1, 3, 5… servers to run the control plane'
        : `has ${servers} servers: embedded etcd needs an odd number (1, 3, 5…) to keep a quorum when one fails`,
    );
  }
  return addresses;
}

/** A label key: an optional DNS subdomain prefix and "/", then a name of ≤ 63 characters. */
function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf("/");
  const prefix = slash === -1 ? undefined : key.slice(0, slash);
  const name = key.slice(slash + 1);
  if ((prefix === undefined || dns1123SubdomainProblem(prefix) === undefined) && LABEL_NAME.test(name))
    return undefined;
  return `"${key}" is not a label key: [prefix/]name, the prefix a DNS subdomain, the name ≤ 63 of A-Z, a-z, 0-9, "-", "_", "."`;
}

function checkPool(value: unknown, addresses: ReadonlyMap<string, string>, add: Add): void {
  const blocks: { at: string; text: string; cidr: Cidr }[] = [];
  for (const [i, entry] of asList(value).entries()) {
    const at = `loadBalancerPool[${i}]`;
    if (typeof entry !== "string") continue;
    const parsed = parseCidr(entry);
    if ("problem" in parsed) {
      add(at, parsed.problem);
      continue;
    }
    for (const other of blocks) {
      if (overlaps(other.cidr, parsed.cidr)) add(at, `${entry} overlaps ${other.text} (${other.at})`);
    }
    for (const [address, node] of addresses) {
      const ip = ipaddr.IPv4.parse(address);
      if (parsed.cidr[0].kind() === "ipv4" && ip.match(parsed.cidr as [ipaddr.IPv4, number]))
        add(
          at,
          `${entry} contains ${address}, the address of ${node}: Cilium would hand it to a LoadBalancer`,
        );
    }
    blocks.push({ at, text: entry, cidr: parsed.cidr });
  }
}

function overlaps(a: Cidr, b: Cidr): boolean {
  if (a[0].kind() !== b[0].kind()) return false;
  // Two aligned blocks overlap exactly when the wider one contains the other's first address.
  const [wide, narrow] = a[1] <= b[1] ? [a, b] : [b, a];
  return narrow[0].match(wide as [(typeof narrow)[0], number]);
}

function checkBootstrap(bootstrap: Loose, add: Add, str: Str): void {
  const hostOrIp = (v: string): string | undefined =>
    ipv4Problem(v) === undefined || domainNameProblem(v) === undefined
      ? undefined
      : `"${v}" is neither an IPv4 address nor a domain name`;
  str("bootstrap.apiEndpoint", bootstrap.apiEndpoint, hostOrIp);
  for (const [i, v] of asList(bootstrap.tlsSans).entries()) str(`bootstrap.tlsSans[${i}]`, v, hostOrIp);
  str("bootstrap.sshUser", bootstrap.sshUser, (v) =>
    USER.test(v)
      ? undefined
      : `"${v}" is not a user name: a-z, 0-9, "_" and "-", starting with a letter or "_"`,
  );
  const port = bootstrap.sshPort;
  if (typeof port === "number" && !(Number.isInteger(port) && port >= 1 && port <= 65535))
    add("bootstrap.sshPort", `${port} is not a TCP port (an integer from 1 to 65535)`);
}

function checkEks(eks: Loose, add: Add, str: Str): void {
  str("eks.region", eks.region, (v) =>
    REGION.test(v) ? undefined : `"${v}" is not an AWS region like "eu-central-1"`,
  );
  str("eks.kubernetesVersion", eks.kubernetesVersion, (v) =>
    EKS_VERSION.test(v) ? undefined : `"${v}" is not an EKS Kubernetes minor version like "1.36"`,
  );
  for (const [i, v] of asList(eks.nodeInstanceTypes).entries())
    str(`eks.nodeInstanceTypes[${i}]`, v, (t) =>
      INSTANCE_TYPE.test(t) ? undefined : `"${t}" is not an EC2 instance type like "m7i.xlarge"`,
    );
  const count = asObject(eks.nodeCount);
  const { min, desired, max } = count;
  for (const [key, n] of Object.entries({ min, desired, max })) {
    if (typeof n === "number" && !(Number.isInteger(n) && n >= 0))
      add(`eks.nodeCount.${key}`, `${n} is not a node count (an integer ≥ 0)`);
  }
  if (
    typeof min === "number" &&
    typeof desired === "number" &&
    typeof max === "number" &&
    !(min <= desired && desired <= max && max >= 1)
  )
    add("eks.nodeCount", `min ${min}, desired ${desired}, max ${max}: need min ≤ desired ≤ max and max ≥ 1`);
}
