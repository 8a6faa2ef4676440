import type { KubeApi } from '@applogs/k8s-logs';
import { PeriodicHealthProbe, type HealthReporter } from '@applogs/service-kit';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

/** A probe with no answer after this long has failed, and its request is aborted. */
const PROBE_TIMEOUT_MS = 5000;

/**
 * The data plane's health: SERVING while the Kubernetes API lets it list pods in the apps' namespace with its
 * own credentials (KubeApi.checkAccess), NOT_SERVING while it does not. The first answer is known before the
 * server listens; then it is asked every `intervalMs`.
 */
export class KubernetesHealth implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly probe: PeriodicHealthProbe;

  constructor(reporter: HealthReporter, kubeApi: KubeApi, options: { namespace: string; intervalMs: number }) {
    this.probe = new PeriodicHealthProbe(reporter, (signal) => kubeApi.checkAccess(options.namespace, signal), {
      intervalMs: options.intervalMs,
      timeoutMs: PROBE_TIMEOUT_MS,
      target: 'the Kubernetes API',
    });
  }

  onApplicationBootstrap(): Promise<void> {
    return this.probe.start();
  }

  onApplicationShutdown(): void {
    this.probe.stop();
  }
}
