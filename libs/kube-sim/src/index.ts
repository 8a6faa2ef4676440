export type { KnativeAppSpec, PodSpec, Scenario } from './types';
export { KubeSim } from './kube-sim-server';
export { readKubeconfigAccess } from './kubeconfig';
export { simControl, simGet } from './sim-client';
export { CertificateAuthority } from './certificates';
export { endlessLineToken } from './endless-line';
