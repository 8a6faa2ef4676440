import type { Demand } from '@applogs/service-kit';
import { concat, defer, filter, map, of, type Observable } from 'rxjs';
import { LogLinesEncoder } from './log-lines-encoder';
import type { PodLogSource } from './pod-log-source';
import type { Replica } from './replica';

export interface TailOptions {
  tailLines: number;
}

/**
 * How a replica is tailed: one log request for its container, whose body is cut into lines and encoded as
 * TailLogsResponse messages of LogLines with at most 100 lines each. Every chunk the upstream delivers is
 * flushed at once, so lines are never held back waiting for a batch to fill. Cold: subscribing opens the
 * request, unsubscribing aborts it; it completes when the upstream body ends (a non-followed pod after its
 * tail). Reading pauses while `demand` (the caller's gRPC flow control) is not ready.
 */
export function tailReplica(source: PodLogSource, replica: Replica, options: TailOptions, demand: Demand): Observable<Buffer> {
  return defer(() => {
    const encoder = new LogLinesEncoder(replica.id, replica.shortName);
    const query = { ...replica, tailLines: options.tailLines };
    return concat(
      source.chunks(query, demand).pipe(map((chunk) => encoder.push(chunk))),
      defer(() => of(encoder.flush())),
    ).pipe(filter((message): message is Buffer => message !== undefined));
  });
}
