import type { Demand } from '@applogs/service-kit';
import type { Observable } from 'rxjs';

export interface PodLogQuery {
  namespace: string;
  pod: string;
  container: string;
  follow: boolean;
  tailLines: number;
}

/**
 * The raw body of a pod's log, `TIMESTAMP MESSAGE\n` lines cut into arbitrary chunks. Cold: subscribing opens
 * the request, unsubscribing aborts it. After each chunk, reading pauses until `demand` is ready again.
 * KubePodLogSource reads it from the Kubernetes API.
 */
export interface PodLogSource {
  chunks(query: PodLogQuery, demand: Demand): Observable<Buffer>;
}
