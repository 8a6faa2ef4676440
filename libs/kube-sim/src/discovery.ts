/**
 * Legacy (non-aggregated) discovery documents. kubectl first asks for aggregated discovery via
 * Accept; a plain application/json answer makes it fall back to these per-group lists.
 */
export const KNATIVE_GROUP = 'serving.knative.dev';
export const KNATIVE_VERSION = 'v1';

export function versionJson(): Record<string, unknown> {
  return {
    major: '1',
    minor: '30',
    gitVersion: 'v1.30.0-kube-sim',
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2024-04-17T00:00:00Z',
    goVersion: 'go1.22.2',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

export function apiVersionsJson(serverAddress: string): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

export function apiGroupListJson(): Record<string, unknown> {
  const groupVersion = { groupVersion: `${KNATIVE_GROUP}/${KNATIVE_VERSION}`, version: KNATIVE_VERSION };
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [{ name: KNATIVE_GROUP, versions: [groupVersion], preferredVersion: groupVersion }],
  };
}

export function coreResourceListJson(): Record<string, unknown> {
  return {
    kind: 'APIResourceList',
    groupVersion: 'v1',
    resources: [
      {
        name: 'pods',
        singularName: 'pod',
        namespaced: true,
        kind: 'Pod',
        verbs: ['get', 'list', 'watch'],
        shortNames: ['po'],
        categories: ['all'],
      },
      { name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] },
      // kubectl looks the namespace up after a NotFound to word its error message.
      { name: 'namespaces', singularName: 'namespace', namespaced: false, kind: 'Namespace', verbs: ['get', 'list'], shortNames: ['ns'] },
    ],
  };
}

export function knativeResourceListJson(): Record<string, unknown> {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: `${KNATIVE_GROUP}/${KNATIVE_VERSION}`,
    resources: [
      {
        name: 'services',
        singularName: 'service',
        namespaced: true,
        kind: 'Service',
        verbs: ['get', 'list'],
        shortNames: ['kservice', 'ksvc'],
        categories: ['all', 'knative', 'serving'],
      },
    ],
  };
}
