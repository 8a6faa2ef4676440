import { create, ReplicaIdentifierSchema, type Identifier } from '@applogs/proto';
import type { V1Pod } from '@kubernetes/client-node';
import { failedPrecondition, notFound } from './errors';
import { KNATIVE_REVISION_LABEL, KNATIVE_SERVICE_LABEL, knativeServiceName, shortPodName } from './knative-names';
import type { PodDirectory } from './pod-directory';
import type { Replica } from './replica';

/** Knative's sidecar; its proxy logs are not the app's logs. */
const SIDECAR_CONTAINERS = new Set(['queue-proxy']);

/** An app's pods as resolved at one moment, and where to watch them from. */
export interface AppPods {
  replicas: Replica[];
  /** Every pod of the app in the list, of any revision and phase. */
  pods: V1Pod[];
  /** The list's resourceVersion: a watch from here misses nothing. */
  resourceVersion: string;
  /** Selects every pod of the app, of every revision. */
  selector: string;
  service: string;
  /** The latest ready revision; undefined without a Knative Service (then every pod of the app counts). */
  revision: string | undefined;
}

/** Resolves a TailLogs target to the replicas (pods and containers) whose logs it covers. */
export class ReplicaResolver {
  constructor(
    private readonly pods: PodDirectory,
    readonly namespace: string,
  ) {}

  async resolveApp(appId: Identifier): Promise<AppPods> {
    const service = knativeServiceName(appId);
    const selector = `${KNATIVE_SERVICE_LABEL}=${service}`;
    // During a rollout both revisions' pods carry the service label: only the latest ready one is the app now.
    const [revision, list] = await Promise.all([this.latestRevision(service), this.pods.listPods(this.namespace, selector)]);
    // A pending pod has no log yet; asking for it would fail the whole call.
    const pods = list.pods.filter((pod) => isOfRevision(pod, revision) && pod.status?.phase !== 'Pending');
    if (pods.length === 0) {
      const shown = revision ? `${selector},${KNATIVE_REVISION_LABEL}=${revision}` : selector;
      throw notFound(`no replicas found for app ${describeApp(appId)} (pods labelled ${shown} in namespace ${this.namespace})`);
    }
    const replicas = pods.map((pod) => this.replicaOf(pod, appId)).sort((a, b) => a.pod.localeCompare(b.pod));
    return { replicas, pods: list.pods, resourceVersion: list.resourceVersion, selector, service, revision };
  }

  async resolveReplica(appId: Identifier, podName: string): Promise<Replica> {
    const pod = await this.pods.getPod(this.namespace, podName);
    if (!pod) throw notFound(`pod ${podName} not found in namespace ${this.namespace}`);
    // Without this check any pod of the namespace could be read by naming it (Flyte lets it through).
    if (pod.metadata?.labels?.[KNATIVE_SERVICE_LABEL] !== knativeServiceName(appId)) {
      throw notFound(`pod ${podName} is not a replica of app ${describeApp(appId)}`);
    }
    return this.replicaOf(pod, appId);
  }

  latestRevision(service: string): Promise<string | undefined> {
    return this.pods.latestReadyRevision(this.namespace, service);
  }

  replicaOf(pod: V1Pod, appId: Identifier): Replica {
    const podName = pod.metadata?.name ?? '';
    const container = pod.spec?.containers.find((c) => !SIDECAR_CONTAINERS.has(c.name))?.name;
    if (!container) throw failedPrecondition(`pod ${podName} has no user container, only sidecars`);
    return {
      id: create(ReplicaIdentifierSchema, { appId, name: podName }),
      namespace: this.namespace,
      pod: podName,
      container,
      shortName: shortPodName(podName, knativeServiceName(appId)),
      follow: pod.status?.phase === 'Running',
      restartCount: restartCountOf(pod, container),
    };
  }
}

export function isOfRevision(pod: V1Pod, revision: string | undefined): boolean {
  return revision === undefined || pod.metadata?.labels?.[KNATIVE_REVISION_LABEL] === revision;
}

export function restartCountOf(pod: V1Pod, container: string): number {
  return pod.status?.containerStatuses?.find((status) => status.name === container)?.restartCount ?? 0;
}

export function describeApp(appId: Identifier): string {
  return `${appId.project}/${appId.domain}/${appId.name}`;
}
