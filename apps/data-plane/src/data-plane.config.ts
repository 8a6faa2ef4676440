import { DEFAULT_MAX_LINE_BYTES, KubeconfigError, MAX_LINE_BYTES_RANGE, loadClusterAccess, type ClusterAccess, type RetryPolicy } from '@applogs/k8s-logs';
import {
  ConfigError,
  envAddress,
  envBoolean,
  envDnsLabel,
  envInteger,
  envInternalSecurity,
  envLogLevel,
  envOptionalAddress,
  requireProtectedInternalAddress,
  type InternalSecurity,
} from '@applogs/service-kit';

type Env = Record<string, string | undefined>;

/** Every setting of the data plane, read from the environment once at start-up and validated. */
export class DataPlaneConfig {
  /** Where the internal AppLogsService listens. */
  readonly address: string;
  /** Where Prometheus metrics are served (`/metrics`); undefined: off. */
  readonly metricsAddress: string | undefined;
  readonly logLevel: string;
  /** Concurrent TailLogs calls; the next one is refused with RESOURCE_EXHAUSTED. */
  readonly maxStreams: number;
  /** Concurrent TailLogs calls of one caller (as the control plane names it). */
  readonly maxStreamsPerCaller: number;
  /** The namespace the apps' Knative services and pods live in. */
  readonly namespace: string;
  /** Lines of history each replica's tail starts with, when the caller does not say. */
  readonly tailLines: number;
  /** The most lines of history a caller may ask for (`tail_lines`). */
  readonly maxTailLines: number;
  /** A longer log line is sent in pieces of at most this many bytes of message. */
  readonly maxLineBytes: number;
  /** How a broken replica log stream is retried. */
  readonly retry: RetryPolicy;
  /** A followed log stream silent this long (while we read) gets its log probed: resumed if broken, kept if quiet; 0 disables. */
  readonly stallTimeoutMs: number;
  /** A request to the Kubernetes API (a lookup, the probe of a silent stream) with no answer this long has failed. */
  readonly kubeTimeoutMs: number;
  /** A call with nothing to send for this long sends the replica list again, so that proxies keep it open. */
  readonly keepAliveMs: number;
  /** How often the health service probes the Kubernetes API. */
  readonly healthIntervalMs: number;
  /** Who may call: mutual TLS and/or the shared secret; neither only on loopback. */
  readonly internal: InternalSecurity;
  /** The cluster to read (KUBECONFIG), loaded and checked here so that a bad one stops the start. */
  readonly cluster: ClusterAccess;

  constructor(env: Env) {
    this.address = envAddress(env, 'APPLOGS_DATA_PLANE_ADDR', '127.0.0.1:8091');
    this.metricsAddress = envOptionalAddress(env, 'APPLOGS_DATA_PLANE_METRICS_ADDR', '127.0.0.1:9091');
    this.logLevel = envLogLevel(env, 'APPLOGS_LOG_LEVEL', 'info');
    this.maxStreams = envInteger(env, 'APPLOGS_MAX_STREAMS', 100, { min: 1, max: 100_000 });
    this.maxStreamsPerCaller = envInteger(env, 'APPLOGS_MAX_STREAMS_PER_CALLER', this.maxStreams, { min: 1, max: this.maxStreams });
    this.namespace = envDnsLabel(env, 'APPLOGS_NAMESPACE', 'flyte');
    this.maxTailLines = envInteger(env, 'APPLOGS_MAX_TAIL_LINES', 1000, { min: 0, max: 1_000_000 });
    this.tailLines = envInteger(env, 'APPLOGS_TAIL_LINES', Math.min(1000, this.maxTailLines), { min: 0, max: this.maxTailLines });
    this.maxLineBytes = envInteger(env, 'APPLOGS_MAX_LINE_BYTES', DEFAULT_MAX_LINE_BYTES, MAX_LINE_BYTES_RANGE);
    this.retry = {
      initialDelayMs: envInteger(env, 'APPLOGS_RETRY_INITIAL_MS', 500, { min: 1, max: 60_000 }),
      maxDelayMs: envInteger(env, 'APPLOGS_RETRY_MAX_MS', 30_000, { min: 1, max: 600_000 }),
      maxAttempts: envInteger(env, 'APPLOGS_RETRY_ATTEMPTS', 8, { min: 0, max: 1000 }),
    };
    this.stallTimeoutMs = envInteger(env, 'APPLOGS_STALL_TIMEOUT_MS', 30_000, { min: 0, max: 86_400_000 });
    this.kubeTimeoutMs = envInteger(env, 'APPLOGS_KUBE_TIMEOUT_MS', 10_000, { min: 100, max: 600_000 });
    this.keepAliveMs = envInteger(env, 'APPLOGS_KEEPALIVE_MS', 15_000, { min: 0, max: 600_000 });
    this.healthIntervalMs = envInteger(env, 'APPLOGS_HEALTH_INTERVAL_MS', 5000, { min: 100, max: 600_000 });
    this.internal = envInternalSecurity(env);
    requireProtectedInternalAddress('APPLOGS_DATA_PLANE_ADDR', this.address, this.internal);
    // Last: it reads files, and every cheaper setting should be reported first.
    this.cluster = clusterAccess(env, envBoolean(env, 'APPLOGS_ALLOW_INSECURE_KUBE', false));
  }
}

/** The cluster of KUBECONFIG (or ~/.kube/config, or the service account); a kubeconfig it cannot use stops the start. */
function clusterAccess(env: Env, allowInsecure: boolean): ClusterAccess {
  try {
    return loadClusterAccess(env, allowInsecure);
  } catch (error) {
    if (error instanceof KubeconfigError) throw new ConfigError(error.message);
    throw error;
  }
}
