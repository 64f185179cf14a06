import { describe, expect, it } from "vitest";
import { constraintsMet } from "./capability-key.js";
import { mergeTemplateUse, templateUseOf, valueStrings } from "./chart-template-use.js";

describe("templateUseOf", () => {
  it("given literal API version questions, collects exactly those and nothing else", () => {
    const use = templateUseOf([
      '{{- if .Capabilities.APIVersions.Has "monitoring.coreos.com/v1" }}kind: ServiceMonitor{{ end }}',
      "{{ if $.Capabilities.APIVersions.Has `policy/v1` }}x{{ end }}",
    ]);
    expect(use).toEqual({
      apiVersionQueries: ["monitoring.coreos.com/v1", "policy/v1"],
      readsKubeVersion: false,
      kubeVersionConstraints: [],
      varies: false,
    });
  });

  it("given a question it cannot read, or the whole Capabilities, counts every answer and the Kubernetes version as read", () => {
    for (const text of [
      "{{ if .Capabilities.APIVersions.Has $version }}x{{ end }}",
      '{{ if regexMatch "v1" (.Capabilities | toString) }}x{{ end }}',
      '{{ index . "Capabilities" }}',
    ]) {
      expect(templateUseOf([text]), text).toMatchObject({ apiVersionQueries: "any", readsKubeVersion: true });
    }
  });

  it("given the Kubernetes version in a template, counts it read; outside an action or in a comment, not", () => {
    expect(
      templateUseOf(['{{ semverCompare ">=1.25" .Capabilities.KubeVersion.GitVersion }}']).readsKubeVersion,
    ).toBe(true);
    const quiet = templateUseOf([
      "# .Capabilities.KubeVersion in YAML text, outside any action\n{{/* .Capabilities.KubeVersion and now */}}",
      "{{ .Capabilities.HelmVersion.Version }}",
    ]);
    expect(quiet).toMatchObject({ apiVersionQueries: [], readsKubeVersion: false, varies: false });
  });

  it("given random, clock or unsorted key functions, says the output varies; sorted keys do not", () => {
    for (const text of [
      "{{ randAlphaNum 16 }}",
      '{{ genCA "ca" 365 }}',
      '{{ now | date "2006" }}',
      "{{ range keys .Values.x }}{{ . }}{{ end }}",
    ]) {
      expect(templateUseOf([text]).varies, text).toBe(true);
    }
    expect(templateUseOf(["{{ range (keys .Values.x | sortAlpha) }}{{ . }}{{ end }}"]).varies).toBe(false);
    expect(templateUseOf(['{{ include "x.keys" . }} {{ .Values.now }}']).varies).toBe(false);
  });

  it("given values holding a template (tpl), reads their strings too and merges with the chart's use", () => {
    const fromValues = templateUseOf(
      valueStrings({ a: ['{{ .Capabilities.APIVersions.Has "b/v1" }}'], n: 1 }),
    );
    const merged = mergeTemplateUse(
      templateUseOf(['{{ .Capabilities.APIVersions.Has "a/v1" }}']),
      fromValues,
    );
    expect(merged.apiVersionQueries).toEqual(["a/v1", "b/v1"]);
  });
});

describe("constraintsMet", () => {
  it("given Chart.yaml kubeVersion constraints in Helm's syntax, tells whether each is met", () => {
    expect(constraintsMet([">= 1.22.0-0", "^1.25.0-0", ">=1.16.0-0, <1.30.0"], "v1.36.3+k3s1")).toEqual([
      true,
      true,
      false,
    ]);
    expect(constraintsMet([">=1.37.0-0"], "v1.36")).toEqual([false]);
  });

  it("given a pre-release Kubernetes version or an unreadable constraint, cannot tell", () => {
    expect(constraintsMet([">=1.22.0-0"], "v1.36.0-eks-1")).toBeUndefined();
    expect(constraintsMet(["not a range !"], "v1.36.3")).toBeUndefined();
  });
});
