import { AppLogsService, HealthCheckResponse_ServingStatus as ServingStatus } from '@applogs/proto';

export { ServingStatus };

/** The fully qualified name of the service both planes serve, as health checks and reflection name it. */
export const APP_LOGS_SERVICE_NAME = AppLogsService.typeName;

/**
 * Always SERVING while the process answers: for liveness probes. The other services follow a plane's
 * dependencies (Kubernetes, the data plane), and restarting a plane because of an outage elsewhere fixes nothing.
 */
export const LIVENESS_SERVICE = 'liveness';

/** What a plane reports: it can serve its callers now, or it cannot. */
export type HealthStatus = 'SERVING' | 'NOT_SERVING';

/**
 * One plane's `grpc.health.v1.Health` state: the overall status (service `""`) and each named service's move
 * together, since a plane serves one thing; `liveness` is always SERVING. The transports (health-service.ts)
 * answer Check, Watch and List from it.
 */
export class HealthReporter {
  private current: HealthStatus;
  private readonly listeners = new Set<(status: HealthStatus) => void>();

  constructor(
    readonly services: readonly string[],
    initial: HealthStatus = 'NOT_SERVING',
  ) {
    this.current = initial;
  }

  get status(): HealthStatus {
    return this.current;
  }

  /** Sets every service's status; returns whether it changed. */
  set(status: HealthStatus): boolean {
    if (status === this.current) return false;
    this.current = status;
    this.listeners.forEach((listener) => listener(status));
    return true;
  }

  /** Calls `listener` on every change from now on; returns what stops it. */
  onChange(listener: (status: HealthStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A service's status as the health protocol says it; undefined for a service this plane does not serve. */
  statusOf(service: string): ServingStatus | undefined {
    if (service === LIVENESS_SERVICE) return ServingStatus.SERVING;
    if (service !== '' && !this.services.includes(service)) return undefined;
    return this.current === 'SERVING' ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
  }

  /** Every service this plane answers for, with its status (the health protocol's List). */
  statuses(): Record<string, ServingStatus> {
    return Object.fromEntries(['', ...this.services, LIVENESS_SERVICE].map((service) => [service, this.statusOf(service)!]));
  }
}

/** A plane's health: the overall status and AppLogsService's, NOT_SERVING until it is known to serve. */
export function appLogsHealthReporter(): HealthReporter {
  return new HealthReporter([APP_LOGS_SERVICE_NAME]);
}
