import { Kustomization } from "@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1/Kustomization";
import { GitRepository } from "@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/GitRepository";
import type { HealthCheck, KustomizationOptions } from "../model/component.js";

/** Namespace of Flux and of every Flux Kustomization we render. */
export const FLUX_NAMESPACE = "flux-system";
/** Name of the GitRepository every Kustomization syncs from (as `flux bootstrap` names it). */
export const FLUX_GIT_SOURCE = "flux-system";
/** Secret with the cluster's age private key, created once at bootstrap (never in git). */
export const SOPS_AGE_SECRET = "sops-age";

/** Options of a Flux Kustomization: the component's options plus where it applies from. */
export interface FluxKustomizationOptions extends KustomizationOptions {
  readonly name: string;
  /** Path inside the git repository, "./…". */
  readonly path: string;
  /** Names of Kustomizations (in flux-system) to wait for: all of them, here. @default [] */
  readonly dependsOn?: readonly string[];
  /** @default [] */
  readonly healthChecks?: readonly HealthCheck[];
}

/**
 * A Flux Kustomization in flux-system applying one path of this repository, with SOPS decryption
 * by the cluster's age key.
 */
export function fluxKustomization(opts: FluxKustomizationOptions): Kustomization {
  const dependsOn = [...new Set(opts.dependsOn ?? [])].sort().map((name) => ({ name }));
  const healthChecks = (opts.healthChecks ?? []).map((h) => ({ ...h }));
  return new Kustomization({
    metadata: { name: opts.name, namespace: FLUX_NAMESPACE },
    spec: {
      interval: opts.interval ?? "30m",
      retryInterval: opts.retryInterval ?? "1m",
      timeout: opts.timeout ?? "5m",
      path: opts.path,
      prune: opts.prune ?? true,
      wait: opts.wait ?? true,
      sourceRef: { kind: "GitRepository", name: FLUX_GIT_SOURCE, namespace: FLUX_NAMESPACE },
      decryption: { provider: "sops", secretRef: { name: SOPS_AGE_SECRET } },
      ...(dependsOn.length > 0 ? { dependsOn } : {}),
      ...(healthChecks.length > 0 ? { healthChecks } : {}),
    },
  });
}

/** Options of the GitRepository Flux syncs this repository from. */
export interface GitSourceOptions {
  readonly url: string;
  /** @default "main" */
  readonly branch?: string;
  /** Secret with git credentials. */
  readonly secretName?: string;
  /** @default "1m" */
  readonly interval?: string;
}

/** The root GitRepository ("flux-system") of a cluster. */
export function gitSource(opts: GitSourceOptions): GitRepository {
  return new GitRepository({
    metadata: { name: FLUX_GIT_SOURCE, namespace: FLUX_NAMESPACE },
    spec: {
      interval: opts.interval ?? "1m",
      url: opts.url,
      ref: { branch: opts.branch ?? "main" },
      ...(opts.secretName ? { secretRef: { name: opts.secretName } } : {}),
    },
  });
}
