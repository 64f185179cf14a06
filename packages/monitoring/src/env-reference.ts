/** "${NAME}": a reference Grafana and the Grafana backends expand from their environment at start-up. */
export function envReference(name: string): string {
  return `\${${name}}`;
}
