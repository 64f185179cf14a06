/**
 * The one convention every package uses for an optional service: its options field is
 * `service?: ServiceOptions | false`. `false` leaves the service out of the cluster; absent means
 * the package's default (on with default options, unless the package documents it as off, e.g. a
 * service of one distribution only); an object turns it on with those options.
 */
export type ServiceToggle<Options extends object> = Options | false;

/**
 * The options of an optional service, or undefined when it is left out: `value` itself when it is
 * an object, `fallback` when it is absent (`{}`: on with defaults; `false`: off unless asked for).
 */
export function enabledOptions<Options extends object>(
  value: ServiceToggle<Options> | undefined,
  fallback: ServiceToggle<Options> = {} as Options,
): Options | undefined {
  const v = value ?? fallback;
  return v === false ? undefined : v;
}
