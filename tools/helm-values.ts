// `npm run -s helm-values -- <cluster> <namespace>/<component> [--chart]`: the values of a rendered
// HelmRelease as YAML (or, with --chart, its chart as `<oci url> --version <v>`). The one-time
// `helm install` of what must run before Flux can (Cilium, CoreDNS) takes the chart from here, pinned
// in one place, and its values from bootstrap/helm/ (no objects of CRDs Flux installs later).
import { readFile } from "node:fs/promises";
import { parse, stringify } from "yaml";
import { argv, path } from "zx";

const [cluster, component] = argv._.map(String);
if (!cluster || !component) {
  console.error("usage: npm run -s helm-values -- <cluster> <namespace>/<component>");
  process.exit(2);
}
const folder = path.resolve(import.meta.dirname, "..", "clusters", cluster, "rendered", component);
const release = parse(await readFile(path.join(folder, "helmrelease.yaml"), "utf8")) as {
  kind?: string;
  spec?: { values?: unknown };
};
if (release.kind !== "HelmRelease") throw new Error(`${folder}/helmrelease.yaml is not a HelmRelease`);
if (argv.chart) {
  const source = parse(await readFile(path.join(folder, "ocirepository.yaml"), "utf8")) as {
    spec: { url: string; ref: { tag: string } };
  };
  process.stdout.write(`${source.spec.url} --version ${source.spec.ref.tag}\n`);
} else {
  process.stdout.write(stringify(release.spec?.values ?? {}, { lineWidth: 0 }));
}
