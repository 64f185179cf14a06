/** Values of prometheus-community/prometheus-operator-crds that this package sets. */
export interface PrometheusOperatorCrdsValues {
  crds?: {
    /** Annotations on every CRD. */
    annotations?: Record<string, string>;
  };
}
