import type { V1Pod } from '@kubernetes/client-node';

export interface PodList {
  pods: V1Pod[];
  /** Where a watch continues from, so no change between the list and the watch is missed. */
  resourceVersion: string;
}

export type PodEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface PodWatchHandlers {
  onEvent(type: PodEventType, pod: V1Pod): void;
  /**
   * The watch ended: cleanly (`error` undefined; Kubernetes ends watches after a while), because its
   * resourceVersion is too old (`expired`: list again), or with an error.
   */
  onEnd(outcome: { error?: Error; expired?: boolean }): void;
}

/** The Kubernetes reads that following an app needs; KubeApi implements it against a real API server. */
export interface PodDirectory {
  listPods(namespace: string, labelSelector: string): Promise<PodList>;
  /** Watches pods from `resourceVersion` on; the returned function stops the watch. */
  watchPods(namespace: string, labelSelector: string, resourceVersion: string, handlers: PodWatchHandlers): Promise<() => void>;
  /** undefined when the pod does not exist. */
  getPod(namespace: string, name: string): Promise<V1Pod | undefined>;
  /** The Knative Service's `status.latestReadyRevisionName`; undefined when the service or the field is absent. */
  latestReadyRevision(namespace: string, service: string): Promise<string | undefined>;
}
