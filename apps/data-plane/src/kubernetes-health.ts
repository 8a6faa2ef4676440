import { requestOptions } from '@applogs/k8s-logs';
import { PeriodicHealthProbe, type HealthCheck, type HealthReporter } from '@applogs/service-kit';
import { ApiException, CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

/** A probe with no answer after this long has failed, and its request is aborted. */
const PROBE_TIMEOUT_MS = 5000;

/**
 * Lists at most one pod in the apps' namespace with the data plane's own credentials: it proves that the API
 * answers, that the credentials are accepted, and that RBAC lets us list pods there, for the price of a
 * tiny request.
 */
export function kubernetesApiCheck(kubeConfig: KubeConfig, namespace: string): HealthCheck {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const server = kubeConfig.getCurrentCluster()?.server ?? 'the configured cluster';
  return async (signal) => {
    try {
      // The request aborts with the probe.
      await core.listNamespacedPod({ namespace, limit: 1 }, requestOptions({ signal }));
    } catch (error) {
      if (error instanceof ApiException) {
        throw new Error(`listing pods in namespace ${namespace} at ${server} answered HTTP ${error.code}: ${statusMessage(error.body)}`);
      }
      throw new Error(`cannot list pods in namespace ${namespace} at ${server}: ${(error as Error)?.message ?? String(error)}`);
    }
  };
}

/** The `message` of a Kubernetes Status body, which client-node hands over as JSON text or as an object. */
function statusMessage(body: unknown): string {
  if (typeof body === 'string') {
    try {
      return statusMessage(JSON.parse(body));
    } catch {
      return body.slice(0, 200);
    }
  }
  const message = (body as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : 'no details';
}

/**
 * The data plane's health: SERVING while the Kubernetes API answers `kubernetesApiCheck`, NOT_SERVING while
 * it does not. The first answer is known before the server listens; then it is asked every `intervalMs`.
 */
export class KubernetesHealth implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly probe: PeriodicHealthProbe;

  constructor(reporter: HealthReporter, kubeConfig: KubeConfig, options: { namespace: string; intervalMs: number }) {
    this.probe = new PeriodicHealthProbe(reporter, kubernetesApiCheck(kubeConfig, options.namespace), {
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
