import { formatSeconds } from './nano-time';

type Json = Record<string, unknown>;

export function namespaceJson(name: string, createdNs: bigint): Json {
  return {
    kind: 'Namespace',
    apiVersion: 'v1',
    metadata: { name, creationTimestamp: formatSeconds(createdNs), labels: { 'kubernetes.io/metadata.name': name } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

export function namespaceListJson(namespaces: ReadonlyArray<{ name: string; createdNs: bigint }>, resourceVersion: string): Json {
  return {
    kind: 'NamespaceList',
    apiVersion: 'v1',
    metadata: { resourceVersion },
    items: namespaces.map((n) => namespaceJson(n.name, n.createdNs)),
  };
}
