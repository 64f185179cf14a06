import { noOptionsSchema } from "../generated/inputs/no-options-schema.js";
import type { ChartValuesSchema } from "../validate/chart-values.js";
import type { InputSchema } from "../validate/input-schema.js";
import type { BuildContext } from "./build-context.js";
import type { ClusterSettings } from "./cluster-settings.js";
import type { Component } from "./component.js";

/** One namespace and the components deployed into it. */
export interface NamespaceSpec {
  /** Namespace name. */
  readonly name: string;
  /** Labels of the Namespace object (e.g. Pod Security, mesh injection). @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations of the Namespace object. @default {} */
  readonly annotations?: Readonly<Record<string, string>>;
  /** The namespace exists in every cluster (kube-system): no Namespace object is rendered. @default false */
  readonly builtIn?: boolean;
  /** Components deployed into this namespace. */
  readonly components: readonly Component[];
}

/** Options a cluster passed to a package, with the schema they must satisfy. */
export interface PackageOptions {
  /** What the cluster entry passed (unchecked until the render validates it). */
  readonly value: unknown;
  /** JSON Schema of the package's options interface (generated: `npm run generate:schemas`). */
  readonly schema: InputSchema;
}

/** The options of a package that takes none: `{}` (or nothing). */
// biome-ignore lint/suspicious/noEmptyInterface: the schema generator derives NO_OPTIONS from this (an object with no keys).
export interface NoOptions {}

/** Options schema of a package that takes none: only `{}` (or nothing) is accepted. */
export const NO_OPTIONS: InputSchema = Object.freeze(noOptionsSchema);

/** A namespace package instantiated with its options, waiting for the cluster's settings. */
export interface NamespacePackage {
  /** npm package name, e.g. "@helix-cluster/cert-manager"; named in every error. */
  readonly packageName: string;
  /**
   * The options the cluster passed and their schema, validated before any package is built.
   * Absent only for a package that takes no options.
   * @default undefined
   */
  readonly options?: PackageOptions;
  /**
   * The generated values schemas of the charts this package pins, every version it holds (its
   * `src/generated/values` index). Core registers them before the build, so a release of one of
   * these charts at a version with no schema here fails validation instead of going unchecked:
   * a chart bump cannot skip its values check. @default []
   */
  readonly chartValuesSchemas?: readonly ChartValuesSchema[];
  /**
   * Builds the namespaces of this package for one cluster. Core calls it more than once, each time
   * with what the previous build of every package installed and provided, until that is stable:
   * it must be a pure function of its arguments.
   */
  readonly build: (settings: ClusterSettings, context: BuildContext) => readonly NamespaceSpec[];
}

/** Definition of a single-namespace package (the common case). */
export interface NamespacePackageDefinition<Options> {
  readonly packageName: string;
  readonly namespace: string;
  /**
   * JSON Schema of `Options`, generated from the interface (`npm run generate:schemas`), or
   * NO_OPTIONS. The options a cluster passes are checked against it before the build: an unknown
   * key or a wrong type is reported as `cluster › package › options.<path>`.
   */
  readonly optionsSchema: InputSchema;
  readonly labels?: (settings: ClusterSettings, options: Options) => Readonly<Record<string, string>>;
  readonly builtIn?: boolean;
  /** See NamespacePackage.chartValuesSchemas. @default [] */
  readonly chartValuesSchemas?: readonly ChartValuesSchema[];
  readonly components: (
    settings: ClusterSettings,
    options: Options,
    context: BuildContext,
  ) => readonly Component[];
}

/**
 * Declares a namespace package with one namespace: returns the typed factory a cluster entry calls,
 * `certManager({ … })`, whose result the cluster builds with its settings.
 */
export function defineNamespacePackage<Options extends object>(
  def: NamespacePackageDefinition<Options>,
): (options?: Options) => NamespacePackage {
  return (options = {} as Options) => ({
    packageName: def.packageName,
    options: { value: options, schema: def.optionsSchema },
    ...(def.chartValuesSchemas ? { chartValuesSchemas: def.chartValuesSchemas } : {}),
    build: (settings, context) => [
      {
        name: def.namespace,
        labels: def.labels?.(settings, options) ?? {},
        builtIn: def.builtIn ?? false,
        components: def.components(settings, options, context),
      },
    ],
  });
}
