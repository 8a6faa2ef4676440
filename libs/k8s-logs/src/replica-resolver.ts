import type { Identifier } from '@applogs/proto';
import type { V1Pod } from '@kubernetes/client-node';
import { failedPrecondition, notFound } from './errors';
import { KNATIVE_REVISION_LABEL, KNATIVE_SERVICE_LABEL, knativeServiceName, shortPodName } from './knative-names';
import type { PodDirectory } from './pod-directory';
import type { Replica } from './replica';
import type { TailTarget } from './tail-target';

/** Knative's sidecar; its proxy logs are not the app's logs. */
const SIDECAR_CONTAINERS = new Set(['queue-proxy']);

/** Resolves a TailLogs target to the replicas (pods and containers) whose logs it covers. */
export class ReplicaResolver {
  constructor(
    private readonly pods: PodDirectory,
    private readonly namespace: string,
  ) {}

  async resolve(target: TailTarget): Promise<Replica[]> {
    return target.kind === 'app' ? this.appReplicas(target.appId) : [await this.oneReplica(target.appId, target.podName)];
  }

  private async appReplicas(appId: Identifier): Promise<Replica[]> {
    const service = knativeServiceName(appId);
    // During a rollout both revisions' pods carry the service label: only the latest ready one is the app now.
    const revision = await this.pods.latestReadyRevision(this.namespace, service);
    const selector = revision
      ? `${KNATIVE_SERVICE_LABEL}=${service},${KNATIVE_REVISION_LABEL}=${revision}`
      : `${KNATIVE_SERVICE_LABEL}=${service}`;
    // A pending pod has no log yet; asking for it would fail the whole call.
    const pods = (await this.pods.listPods(this.namespace, selector)).filter((pod) => pod.status?.phase !== 'Pending');
    if (pods.length === 0) {
      throw notFound(`no replicas found for app ${describeApp(appId)} (pods labelled ${selector} in namespace ${this.namespace})`);
    }
    return pods.map((pod) => this.replicaOf(pod, appId, service));
  }

  private async oneReplica(appId: Identifier, podName: string): Promise<Replica> {
    const pod = await this.pods.getPod(this.namespace, podName);
    if (!pod) throw notFound(`pod ${podName} not found in namespace ${this.namespace}`);
    const service = knativeServiceName(appId);
    // Without this check any pod of the namespace could be read by naming it (Flyte lets it through).
    if (pod.metadata?.labels?.[KNATIVE_SERVICE_LABEL] !== service) {
      throw notFound(`pod ${podName} is not a replica of app ${describeApp(appId)}`);
    }
    return this.replicaOf(pod, appId, service);
  }

  private replicaOf(pod: V1Pod, appId: Identifier, service: string): Replica {
    const podName = pod.metadata?.name ?? '';
    const container = pod.spec?.containers.find((c) => !SIDECAR_CONTAINERS.has(c.name))?.name;
    if (!container) throw failedPrecondition(`pod ${podName} has no user container, only sidecars`);
    return {
      id: { app_id: appId, name: podName },
      namespace: this.namespace,
      pod: podName,
      container,
      shortName: shortPodName(podName, service),
      follow: pod.status?.phase === 'Running',
    };
  }
}

export function describeApp(appId: Identifier): string {
  return `${appId.project}/${appId.domain}/${appId.name}`;
}
