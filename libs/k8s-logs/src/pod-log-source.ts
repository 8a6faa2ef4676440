import type { Demand } from '@applogs/flow-control';
import type { Observable } from 'rxjs';

export interface PodLogQuery {
  namespace: string;
  pod: string;
  container: string;
  follow: boolean;
  /** Start with the last N lines; absent when resuming from `sinceTime`. */
  tailLines?: number;
  /** RFC3339; Kubernetes returns the lines from that second on. */
  sinceTime?: string;
  /** The container's last terminated instance instead of the running one. */
  previous?: boolean;
}

/**
 * The raw body of a pod's log, `TIMESTAMP MESSAGE\n` lines cut into arbitrary chunks. Cold: subscribing opens
 * the request, unsubscribing aborts it. After each chunk, reading pauses until `demand` is ready again.
 * It completes when Kubernetes ends the body (a followed container stopped, restarted or was deleted) and
 * fails with an AppLogsError otherwise. KubePodLogSource reads it from the Kubernetes API.
 */
export interface PodLogSource {
  chunks(query: PodLogQuery, demand: Demand): Observable<Buffer>;
}
