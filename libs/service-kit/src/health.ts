import { APP_LOGS_PACKAGE, APP_LOGS_SERVICE } from '@applogs/proto';
import type { Server } from '@grpc/grpc-js';
import { HealthImplementation, protoPath as HEALTH_PROTO_PATH } from 'grpc-health-check';

export { HEALTH_PROTO_PATH };

/** The standard gRPC health service (grpc/health/v1/health.proto). */
export const HEALTH_SERVICE = 'grpc.health.v1.Health';

/** The fully qualified name of the service both planes serve, as health checks and reflection name it. */
export const APP_LOGS_SERVICE_NAME = `${APP_LOGS_PACKAGE}.${APP_LOGS_SERVICE}`;

/**
 * Always SERVING while the process answers: for liveness probes. The other services follow a plane's
 * dependencies (Kubernetes, the data plane), and restarting a plane because of an outage elsewhere fixes nothing.
 */
export const LIVENESS_SERVICE = 'liveness';

/** What a plane reports: it can serve its callers now, or it cannot. */
export type HealthStatus = 'SERVING' | 'NOT_SERVING';

/**
 * One server's `grpc.health.v1.Health`: the overall status (service `""`) and each named service's move
 * together, since a plane serves one thing. Check and Watch are grpc-health-check's; Watch streams are told
 * of a change only, not of a status set again.
 */
export class HealthReporter {
  private readonly implementation: HealthImplementation;
  private current: HealthStatus;
  private readonly listeners = new Set<(status: HealthStatus) => void>();

  constructor(
    readonly services: readonly string[],
    initial: HealthStatus = 'NOT_SERVING',
  ) {
    this.current = initial;
    this.implementation = new HealthImplementation({
      ...Object.fromEntries(['', ...services].map((service) => [service, initial])),
      [LIVENESS_SERVICE]: 'SERVING',
    });
  }

  get status(): HealthStatus {
    return this.current;
  }

  /** Sets every service's status; returns whether it changed. */
  set(status: HealthStatus): boolean {
    if (status === this.current) return false;
    this.current = status;
    for (const service of ['', ...this.services]) this.implementation.setStatus(service, status);
    this.listeners.forEach((listener) => listener(status));
    return true;
  }

  /** Calls `listener` on every change from now on; returns what stops it. */
  onChange(listener: (status: HealthStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  addToServer(server: Pick<Server, 'addService'>): void {
    // grpc-health-check declares its own structural Server type, which grpc-js's Server satisfies.
    this.implementation.addToServer(server as Parameters<HealthImplementation['addToServer']>[0]);
  }
}

/** A plane's health: the overall status and AppLogsService's, NOT_SERVING until it is known to serve. */
export function appLogsHealthReporter(): HealthReporter {
  return new HealthReporter([APP_LOGS_SERVICE_NAME]);
}
