import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const KUBE_SIM_CONTEXT = 'kube-sim';
export const KUBE_SIM_TOKEN = 'kube-sim';

/**
 * A kubeconfig for a plain-HTTP server. `insecure-skip-tls-verify` is required even for http://:
 * @kubernetes/client-node 1.x refuses http servers without it. Strings are JSON-quoted, which is valid YAML.
 */
export function kubeconfigYaml(server: string, namespace: string): string {
  const q = JSON.stringify;
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${q(KUBE_SIM_CONTEXT)}`,
    '  cluster:',
    `    server: ${q(server)}`,
    '    insecure-skip-tls-verify: true',
    'users:',
    `- name: ${q(KUBE_SIM_CONTEXT)}`,
    '  user:',
    `    token: ${q(KUBE_SIM_TOKEN)}`,
    'contexts:',
    `- name: ${q(KUBE_SIM_CONTEXT)}`,
    '  context:',
    `    cluster: ${q(KUBE_SIM_CONTEXT)}`,
    `    user: ${q(KUBE_SIM_CONTEXT)}`,
    `    namespace: ${q(namespace)}`,
    `current-context: ${q(KUBE_SIM_CONTEXT)}`,
    'preferences: {}',
    '',
  ].join('\n');
}

export function writeKubeconfigFile(path: string, yaml: string): string {
  mkdirSync(dirname(path), { recursive: true });
  // Contains a (fake) bearer token; keep the usual kubeconfig permissions anyway.
  writeFileSync(path, yaml, { mode: 0o600 });
  return path;
}
