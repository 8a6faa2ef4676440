import type { V1Pod } from '@kubernetes/client-node';

/** The Kubernetes reads that resolving replicas needs; KubeApi implements it against a real API server. */
export interface PodDirectory {
  listPods(namespace: string, labelSelector: string): Promise<V1Pod[]>;
  /** undefined when the pod does not exist. */
  getPod(namespace: string, name: string): Promise<V1Pod | undefined>;
  /** The Knative Service's `status.latestReadyRevisionName`; undefined when the service or the field is absent. */
  latestReadyRevision(namespace: string, service: string): Promise<string | undefined>;
}
