import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parse } from 'yaml';

export const KUBE_SIM_CONTEXT = 'kube-sim';

/** What a client needs to reach a KubeSim: its address, the CA its certificate is signed by (https only) and its token. */
export interface KubeSimAccess {
  url: string;
  /** PEM; undefined when the sim serves plain HTTP. */
  caCertificate: string | undefined;
  token: string;
}

/**
 * A kubeconfig for the sim: the CA's certificate inline, or for a plain-HTTP sim `insecure-skip-tls-verify`
 * (@kubernetes/client-node 1.x refuses http servers without it). Strings are JSON-quoted, which is valid YAML.
 */
export function kubeconfigYaml(access: KubeSimAccess, namespace: string): string {
  const q = JSON.stringify;
  const trust = access.caCertificate
    ? `    certificate-authority-data: ${q(Buffer.from(access.caCertificate).toString('base64'))}`
    : '    insecure-skip-tls-verify: true';
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${q(KUBE_SIM_CONTEXT)}`,
    '  cluster:',
    `    server: ${q(access.url)}`,
    trust,
    'users:',
    `- name: ${q(KUBE_SIM_CONTEXT)}`,
    '  user:',
    `    token: ${q(access.token)}`,
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
  // It holds the bearer token: the usual kubeconfig permissions.
  writeFileSync(path, yaml, { mode: 0o600 });
  return path;
}

/**
 * Reads back what writeKubeconfigFile wrote, for tools in another process that talk to the sim directly
 * (the benchmark's raw reader, the container health check). Not a general kubeconfig reader.
 */
export function readKubeconfigAccess(path: string): KubeSimAccess {
  const config = parse(readFileSync(path, 'utf8'));
  const cluster = config?.clusters?.find((c: { name?: string }) => c.name === KUBE_SIM_CONTEXT)?.cluster;
  const user = config?.users?.find((u: { name?: string }) => u.name === KUBE_SIM_CONTEXT)?.user;
  if (!cluster?.server || !user?.token) throw new Error(`${path} is not a kubeconfig written by kube-sim`);
  const ca = cluster['certificate-authority-data'];
  return { url: cluster.server, caCertificate: ca ? Buffer.from(ca, 'base64').toString('utf8') : undefined, token: user.token };
}
