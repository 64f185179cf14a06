import { type AlloyBlock, attr, block, raw, renderAlloy } from "./syntax.js";

/**
 * Configuration of the node log collector: container logs of the pods of its own node, read from
 * /var/log/pods, parsed as CRI and pushed to Loki (`lokiPush`: its push URL) with namespace, pod,
 * container and node labels.
 */
export function podLogsConfig(clusterLabel: string, lokiPush: string): string {
  const rule = (...body: ReturnType<typeof attr>[]) => block("rule", undefined, ...body);
  const blocks: AlloyBlock[] = [
    block("logging", undefined, attr("level", "info"), attr("format", "logfmt")),
    block(
      "discovery.kubernetes",
      "pods",
      attr("role", "pod"),
      // The chart sets HOSTNAME to the node name: each collector watches only its own node's pods.
      block(
        "selectors",
        undefined,
        attr("role", "pod"),
        attr("field", raw('"spec.nodeName=" + sys.env("HOSTNAME")')),
      ),
    ),
    block(
      "discovery.relabel",
      "pods",
      attr("targets", raw("discovery.kubernetes.pods.targets")),
      rule(attr("source_labels", ["__meta_kubernetes_namespace"]), attr("target_label", "namespace")),
      rule(attr("source_labels", ["__meta_kubernetes_pod_name"]), attr("target_label", "pod")),
      rule(
        attr("source_labels", ["__meta_kubernetes_pod_container_name"]),
        attr("target_label", "container"),
      ),
      rule(attr("source_labels", ["__meta_kubernetes_pod_node_name"]), attr("target_label", "node")),
      rule(
        attr("source_labels", ["__meta_kubernetes_pod_label_app_kubernetes_io_name"]),
        attr("target_label", "app"),
      ),
      rule(
        attr("source_labels", ["__meta_kubernetes_namespace", "__meta_kubernetes_pod_container_name"]),
        attr("separator", "/"),
        attr("target_label", "service_name"),
      ),
      rule(
        attr("source_labels", ["__meta_kubernetes_pod_uid", "__meta_kubernetes_pod_container_name"]),
        attr("separator", "/"),
        attr("target_label", "__path__"),
        attr("replacement", "/var/log/pods/*$1/*.log"),
      ),
    ),
    block("local.file_match", "pods", attr("path_targets", raw("discovery.relabel.pods.output"))),
    block(
      "loki.source.file",
      "pods",
      attr("targets", raw("local.file_match.pods.targets")),
      attr("forward_to", [raw("loki.process.pods.receiver")]),
    ),
    block(
      "loki.process",
      "pods",
      block("stage.cri", undefined),
      attr("forward_to", [raw("loki.write.loki.receiver")]),
    ),
    block(
      "loki.write",
      "loki",
      block("endpoint", undefined, attr("url", lokiPush)),
      attr("external_labels", { cluster: clusterLabel }),
    ),
  ];
  return renderAlloy(blocks);
}
