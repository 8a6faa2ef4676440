import { KubeConfig } from '@kubernetes/client-node';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Where an in-cluster pod finds its service account (client-node reads it from there too). */
const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

const UNREADABLE: Record<string, string> = { ENOENT: 'no such file', EACCES: 'permission denied', EISDIR: 'a directory' };

/** The cluster the data plane reads, loaded and checked once at start. */
export interface ClusterAccess {
  kubeConfig: KubeConfig;
  /** The API server's address. */
  server: string;
  /** Why the connection to it is not protected (plain http, or no certificate check), when it is not. */
  insecurity: string | undefined;
}

type Env = { KUBECONFIG?: string; HOME?: string };

/** A kubeconfig the data plane cannot use; the message names KUBECONFIG (or where the config came from) and what to fix. */
export class KubeconfigError extends Error {
  override name = 'KubeconfigError';
}

/**
 * The cluster to read, the way kubectl finds it: the files in $KUBECONFIG (merged, the first one's
 * current-context wins), else ~/.kube/config, else the in-cluster service account. Anything that would only
 * fail later, on the first call (a missing file, bad YAML, no current context or cluster), is a KubeconfigError
 * naming KUBECONFIG now; so is a connection that neither encrypts nor authenticates the API server, unless
 * `allowInsecure`.
 */
export function loadClusterAccess(env: Env, allowInsecure: boolean): ClusterAccess {
  const { kubeConfig, source } = loadKubeConfig(env);
  const cluster = currentCluster(kubeConfig, source);
  const insecurity = cluster.server.startsWith('http:')
    ? `the API server ${cluster.server} is plain http: neither encrypted nor authenticated`
    : cluster.skipTLSVerify
      ? `cluster "${cluster.name}" sets insecure-skip-tls-verify: the API server at ${cluster.server} is not authenticated`
      : undefined;
  if (insecurity && !allowInsecure) {
    throw new KubeconfigError(`${source}: ${insecurity}; give the cluster an https server and its CA, or set APPLOGS_ALLOW_INSECURE_KUBE=true to accept that`);
  }
  return { kubeConfig, server: cluster.server, insecurity };
}

/** `source` names where the config came from, as the start of an error message. */
function loadKubeConfig(env: Env): { kubeConfig: KubeConfig; source: string } {
  const kubeConfig = new KubeConfig();
  const files = (env.KUBECONFIG ?? '').split(delimiter).filter(Boolean);
  if (files.length > 0) {
    const source = `KUBECONFIG="${env.KUBECONFIG}"`;
    files.forEach((file, i) => {
      const loaded = i === 0 ? kubeConfig : new KubeConfig();
      loadFile(loaded, file, source);
      if (loaded !== kubeConfig) kubeConfig.mergeConfig(loaded);
    });
    return { kubeConfig, source };
  }
  const home = env.HOME ? join(env.HOME, '.kube', 'config') : undefined;
  if (home && existsSync(home)) {
    const source = `KUBECONFIG is not set, so ${home} is read`;
    loadFile(kubeConfig, home, source);
    return { kubeConfig, source };
  }
  if (existsSync(SERVICE_ACCOUNT_TOKEN)) {
    kubeConfig.loadFromCluster();
    return { kubeConfig, source: 'KUBECONFIG is not set, so the in-cluster service account is used' };
  }
  throw new KubeconfigError(
    `KUBECONFIG is not set, there is no ${home ?? '~/.kube/config'} and no in-cluster service account: set KUBECONFIG to the kubeconfig file of the cluster`,
  );
}

function loadFile(kubeConfig: KubeConfig, file: string, source: string): void {
  try {
    kubeConfig.loadFromFile(file);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (code) throw new KubeconfigError(`${source}: cannot read ${file} (${UNREADABLE[code] ?? code}): point KUBECONFIG at a readable kubeconfig file`);
    // YAML errors quote the offending lines: the first line says what and where.
    throw new KubeconfigError(`${source}: ${file} is not a valid kubeconfig (${message.split('\n')[0]}): fix it or point KUBECONFIG at another`);
  }
}

function currentCluster(kubeConfig: KubeConfig, source: string) {
  const contextName = kubeConfig.getCurrentContext();
  if (!contextName) {
    throw new KubeconfigError(`${source}: the kubeconfig sets no current-context: set one (kubectl config use-context NAME)`);
  }
  const context = kubeConfig.getContextObject(contextName);
  if (!context) throw new KubeconfigError(`${source}: current-context "${contextName}" is not one of its contexts: add it or choose another`);
  const cluster = kubeConfig.getCluster(context.cluster);
  if (!cluster) {
    throw new KubeconfigError(`${source}: context "${contextName}" names cluster "${context.cluster}", which the kubeconfig does not define: add it`);
  }
  return cluster;
}
