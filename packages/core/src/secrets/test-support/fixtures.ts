import { type AgeKeyPair, generateAgeKeyPair } from "../age-keys.js";

/** Fixed clock so `lastmodified` is predictable in assertions. */
export const NOW = new Date("2025-06-01T12:00:00.987Z");
export const NOW_STAMP = "2025-06-01T12:00:00Z";

/**
 * A Kubernetes Secret with both stringData and data, values of every sops type, a list,
 * an empty string and a multi-line value. Written in the style `yaml` re-emits, so a
 * decrypted file can be compared to it byte for byte.
 */
export const SECRET_YAML = `# Rendered by helix-cluster
apiVersion: v1
kind: Secret
metadata:
  name: app-credentials
  namespace: apps
  labels:
    app.kubernetes.io/name: app # kept in clear
  annotations:
    helix.dev/rotation: "30"
type: Opaque
stringData:
  username: admin
  password: "p@ss: w0rd #1"
  port: 5432
  ratio: 0.75
  weight: 2.0
  enabled: true
  pin: "0042"
  empty: ""
  hosts:
    - db-0.internal
    - db-1.internal
  config.yaml: |
    listen: 0.0.0.0
    debug: false
data:
  tls.key: LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t
`;

/** Every secret plaintext in SECRET_YAML that must never appear in an encrypted file. */
export const SECRET_STRINGS = [
  "admin",
  "p@ss: w0rd #1",
  "db-0.internal",
  "listen: 0.0.0.0",
  "LS0tLS1CRUdJTiBQ",
];

/** Generates `count` fresh age key pairs. */
export async function keyPairs(count: number): Promise<AgeKeyPair[]> {
  return Promise.all(Array.from({ length: count }, () => generateAgeKeyPair()));
}
