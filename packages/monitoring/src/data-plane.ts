import type { DataPlaneEndpoints, HostPort, MonitoringOptions } from "./options.js";

/** The data-plane endpoints with their defaults filled in. */
export function dataPlane(opts: MonitoringOptions): Required<{ [K in keyof DataPlaneEndpoints]: HostPort }> {
  const d = opts.dataPlane ?? {};
  return {
    mysql: d.mysql ?? { host: "mysql.data-plane.svc.cluster.local", port: 6446 },
    redis: d.redis ?? { host: "redis-master.data-plane.svc.cluster.local", port: 6379 },
    rabbitmq: d.rabbitmq ?? { host: "rabbitmq.data-plane.svc.cluster.local", port: 5672 },
  };
}
