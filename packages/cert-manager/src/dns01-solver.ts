import { type SecretRef, secretRef } from "@helix-cluster/core";
import {
  CLOUDFLARE_TOKEN_KEY,
  CLOUDFLARE_TOKEN_SECRET,
  type Dns01Solver,
  ROUTE53_ACCESS_KEY_ID_KEY,
  ROUTE53_SECRET_ACCESS_KEY_KEY,
} from "./options.js";

/** The `dns01` block of an ACME solver, as cert-manager's ClusterIssuer reads it. */
export type Dns01Spec =
  | { cloudflare: { apiTokenSecretRef: { name: string; key: string } } }
  | {
      route53: {
        region: string;
        hostedZoneID?: string;
        role?: string;
        accessKeyIDSecretRef?: { name: string; key: string };
        secretAccessKeySecretRef?: { name: string; key: string };
      };
    };

/** The cert-manager `dns01` solver block of a provider option. */
export function dns01Spec(solver: Dns01Solver): Dns01Spec {
  if ("cloudflare" in solver) {
    const c = solver.cloudflare;
    return {
      cloudflare: {
        apiTokenSecretRef: {
          name: c.apiTokenSecret ?? CLOUDFLARE_TOKEN_SECRET,
          key: c.apiTokenKey ?? CLOUDFLARE_TOKEN_KEY,
        },
      },
    };
  }
  const r = solver.route53;
  const secret = r.accessKeySecret;
  return {
    route53: {
      region: r.region,
      ...(r.hostedZoneId === undefined ? {} : { hostedZoneID: r.hostedZoneId }),
      ...(r.role === undefined ? {} : { role: r.role }),
      ...(secret === undefined
        ? {}
        : {
            accessKeyIDSecretRef: { name: secret, key: ROUTE53_ACCESS_KEY_ID_KEY },
            secretAccessKeySecretRef: { name: secret, key: ROUTE53_SECRET_ACCESS_KEY_KEY },
          }),
    },
  };
}

/** The SOPS secrets a provider option needs: the Cloudflare token, or Route53 static keys if named. */
export function dns01Secrets(solver: Dns01Solver): SecretRef[] {
  if ("cloudflare" in solver)
    return [
      secretRef(solver.cloudflare.apiTokenSecret ?? CLOUDFLARE_TOKEN_SECRET, [
        solver.cloudflare.apiTokenKey ?? CLOUDFLARE_TOKEN_KEY,
      ]),
    ];
  const secret = solver.route53.accessKeySecret;
  return secret === undefined
    ? []
    : [secretRef(secret, [ROUTE53_ACCESS_KEY_ID_KEY, ROUTE53_SECRET_ACCESS_KEY_KEY])];
}
