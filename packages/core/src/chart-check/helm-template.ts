import { spawn } from "node:child_process";
import type { JsonObject } from "../model/json-path.js";

/** What `helm template` is run with: the release as helm-controller would install it. */
export interface TemplateRequest {
  readonly chartFile: string;
  readonly releaseName: string;
  readonly namespace: string;
  /** Capabilities.KubeVersion, e.g. "v1.36.3+k3s1". */
  readonly kubeVersion: string;
  /** Capabilities.APIVersions beyond Helm's built-in ones ("group/version" and "group/version/Kind"). */
  readonly apiVersions: readonly string[];
  readonly values: JsonObject;
  /** Skip the chart's values.schema.json (an explicit, reasoned setting of the component). */
  readonly skipSchemaValidation: boolean;
  /** Include the chart's crds/ folders, as helm-controller installs them. @default true */
  readonly includeCrds?: boolean;
  /** Include the chart's test hooks (`helm.sh/hook: test`), created only by `helm test`. @default true */
  readonly includeTests?: boolean;
}

/** A run that takes longer is stopped (a marker value can make a chart loop a million times). */
const TIMEOUT_MS = 120_000;
/** An output larger than this is stopped for the same reason. */
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

/** The rendered manifest, or Helm's error message. */
export type TemplateResult =
  | { readonly ok: true; readonly manifest: string }
  | { readonly ok: false; readonly error: string };

/**
 * Runs `helm template`, CRDs included unless told otherwise (helm-controller's install.crds
 * CreateReplace), with the values on stdin, so no values file is ever written. Resolves with Helm's message on a template
 * error; rejects only when helm cannot be started.
 */
export function helmTemplate(helm: string, req: TemplateRequest): Promise<TemplateResult> {
  const args = [
    "template",
    req.releaseName,
    req.chartFile,
    "--namespace",
    req.namespace,
    "--kube-version",
    req.kubeVersion,
    ...(req.includeCrds === false ? [] : ["--include-crds"]),
    ...(req.includeTests === false ? ["--skip-tests"] : []),
    "--values",
    "-",
    ...req.apiVersions.flatMap((v) => ["--api-versions", v]),
    ...(req.skipSchemaValidation ? ["--skip-schema-validation"] : []),
  ];
  return new Promise((resolve, reject) => {
    // A clean environment: no user Helm config, plugins or repositories can change the output.
    const child = spawn(helm, args, {
      stdio: ["pipe", "pipe", "pipe"],
      env: {
        PATH: process.env.PATH ?? "",
        HOME: "/nonexistent",
        HELM_CONFIG_HOME: "/nonexistent",
        HELM_CACHE_HOME: "/nonexistent",
        HELM_DATA_HOME: "/nonexistent",
      },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let stopped = "";
    const stop = (why: string): void => {
      stopped = why;
      child.kill("SIGKILL");
    };
    const timer = setTimeout(() => stop(`helm template took more than ${TIMEOUT_MS / 1000} s`), TIMEOUT_MS);
    child.stdout.on("data", (b: Buffer) => {
      size += b.length;
      if (size > MAX_OUTPUT_BYTES) stop(`helm template printed more than ${MAX_OUTPUT_BYTES >> 20} MiB`);
      else out.push(b);
    });
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (stopped) resolve({ ok: false, error: stopped });
      else if (code === 0) resolve({ ok: true, manifest: Buffer.concat(out).toString("utf8") });
      else resolve({ ok: false, error: helmMessage(Buffer.concat(err).toString("utf8"), code) });
    });
    child.stdin.on("error", () => {
      // helm may exit before reading all values (e.g. a bad chart file); its stderr says why.
    });
    child.stdin.end(JSON.stringify(req.values));
  });
}

/** Helm's error without the "Error: " prefix and the usage hints, on one line per cause. */
function helmMessage(stderr: string, code: number | null): string {
  const lines = stderr
    .split("\n")
    .map((l) => l.trimEnd())
    .filter((l) => l !== "" && !l.startsWith("Use --debug") && !/^WARNING: /.test(l));
  const text = lines.join(" ").replace(/^Error: /, "");
  return text || `helm exited with code ${code ?? "unknown"} and no message`;
}
