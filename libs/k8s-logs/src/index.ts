export { ApiAgent } from './api-agent';
export { AppLogStream } from './app-log-stream';
export { KubeApi } from './kube-api';
export { KubeconfigError, loadClusterAccess, type ClusterAccess } from './kube-config';
export { KubePodLogSource } from './kube-pod-log-source';
export { DEFAULT_MAX_LINE_BYTES, MAX_LINE_BYTES_RANGE } from './log-lines-encoder';
export { ReplicaResolver } from './replica-resolver';
export type { RetryPolicy } from './retry-policy';
