import { create, ReplicaIdentifierSchema, type Identifier } from '@applogs/proto';
import type { V1Pod } from '@kubernetes/client-node';
import { failedPrecondition, notFound } from './errors';
import { KNATIVE_REVISION_LABEL, KNATIVE_SERVICE_LABEL, knativeServiceName, shortPodName } from './knative-names';
import type { PodDirectory } from './pod-directory';
import type { Replica } from './replica';

/** Knative's sidecar; its proxy logs are not the app's logs. */
const SIDECAR_CONTAINERS = new Set(['queue-proxy']);

/** Every pod of an app as listed at one moment, and where to watch them from. */
export interface AppListing {
  /** Every pod of the app in the list, of any revision and phase, by name. */
  pods: ReadonlyMap<string, V1Pod>;
  /** The list's resourceVersion: a watch from here misses nothing. */
  resourceVersion: string;
  /** The latest ready revision; undefined without a Knative Service (then every pod of the app counts). */
  revision: string | undefined;
}

/** Resolves a TailLogs target to the replicas (pods and containers) whose logs it covers. */
export class ReplicaResolver {
  constructor(
    private readonly pods: PodDirectory,
    readonly namespace: string,
  ) {}

  /** The app's replicas now (one list, one read of its Knative Service); NOT_FOUND when it has none. */
  async resolveApp(appId: Identifier): Promise<Replica[]> {
    const listing = await this.listApp(knativeServiceName(appId));
    return this.replicasOf(appId, listing.pods, listing.revision);
  }

  /** Every pod of the Knative Service `service`, of every revision, and its latest ready revision. */
  async listApp(service: string): Promise<AppListing> {
    // During a rollout both revisions' pods carry the service label: only the latest ready one is the app now.
    const [revision, list] = await Promise.all([this.latestRevision(service), this.pods.listPods(this.namespace, appSelector(service))]);
    return { pods: new Map(list.pods.map((pod) => [pod.metadata?.name ?? '', pod])), resourceVersion: list.resourceVersion, revision };
  }

  /** The replicas among an app's pods: of the revision, not pending, by pod name; NOT_FOUND when there is none. */
  replicasOf(appId: Identifier, all: ReadonlyMap<string, V1Pod>, revision: string | undefined): Replica[] {
    // A pending pod has no log yet; asking for it would fail the whole call.
    const pods = [...all.values()].filter((pod) => isOfRevision(pod, revision) && pod.status?.phase !== 'Pending');
    if (pods.length === 0) {
      const selector = appSelector(knativeServiceName(appId));
      const shown = revision ? `${selector},${KNATIVE_REVISION_LABEL}=${revision}` : selector;
      throw notFound(`no replicas found for app ${describeApp(appId)} (pods labelled ${shown} in namespace ${this.namespace})`);
    }
    return pods.map((pod) => this.replicaOf(pod, appId)).sort((a, b) => a.pod.localeCompare(b.pod));
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

/** Selects every pod of the app, of every revision. */
export function appSelector(service: string): string {
  return `${KNATIVE_SERVICE_LABEL}=${service}`;
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
