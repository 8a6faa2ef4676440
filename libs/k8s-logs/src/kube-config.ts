import { KubeConfig } from '@kubernetes/client-node';

/**
 * The cluster the data plane reads, the way kubectl finds it: $KUBECONFIG, else the in-cluster service
 * account, else ~/.kube/config.
 */
export function loadKubeConfig(): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromDefault();
  return kubeConfig;
}
