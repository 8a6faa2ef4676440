import { formatSeconds } from './nano-time';
import type { SimKnativeService } from './pod-store';

type Json = Record<string, unknown>;

export function knativeServiceJson(svc: SimKnativeService): Json {
  const ready = svc.latestReadyRevisionName !== undefined;
  const url = `http://${svc.name}.${svc.namespace}.example.com`;
  const status: Json = { observedGeneration: 1 };
  if (ready) {
    status.latestReadyRevisionName = svc.latestReadyRevisionName;
    status.latestCreatedRevisionName = svc.latestReadyRevisionName;
  }
  status.url = url;
  status.address = { url: `http://${svc.name}.${svc.namespace}.svc.cluster.local` };
  // A service without a ready revision is not Ready in Knative; say so instead of lying.
  status.conditions = [
    ready
      ? { type: 'Ready', status: 'True', lastTransitionTime: formatSeconds(svc.createdNs) }
      : { type: 'Ready', status: 'Unknown', reason: 'RevisionMissing', lastTransitionTime: formatSeconds(svc.createdNs) },
  ];
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: {
      name: svc.name,
      namespace: svc.namespace,
      uid: svc.uid,
      generation: 1,
      resourceVersion: svc.resourceVersion,
      creationTimestamp: formatSeconds(svc.createdNs),
    },
    spec: {
      template: { spec: { containers: [{ image: `example.com/${svc.name}:latest` }] } },
      traffic: [{ latestRevision: true, percent: 100 }],
    },
    status,
  };
}

export function knativeServiceListJson(services: readonly SimKnativeService[], resourceVersion: string): Json {
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'ServiceList',
    metadata: { resourceVersion },
    items: services.map(knativeServiceJson),
  };
}
