// @helix-cluster/core/testing: the test kit of namespace packages. A package test composes the
// package (with stand-ins for what it integrates with) into a neutral cluster whose secrets are
// encrypted at test time to a throw-away key: no test reads a real cluster or its keys.
export { type BuildContext, buildContextOf, type ClusterFacts, NO_FACTS } from "../model/build-context.js";
export { type CrdStandInOptions, crdStandIn } from "./crd-stand-in.js";
export { expectValidates } from "./expect-validates.js";
export { kustomizationFolders, kustomizeBuild } from "./kustomize-build.js";
export { resourceMetricsStandIn } from "./metrics-stand-in.js";
export { NEUTRAL_BUCKET_SLOTS, neutralSettings } from "./neutral-settings.js";
export { titledCodeBlocks } from "./readme-blocks.js";
export { type RenderedReadmeExample, renderReadmeExample } from "./readme-example.js";
export { type TestCluster, type TestClusterOptions, testCluster, throwAwayKey } from "./test-cluster.js";
