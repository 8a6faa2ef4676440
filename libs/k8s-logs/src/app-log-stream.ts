import type { TailLogsMessage, TailLogsRequest, TailLogsResponse } from '@applogs/proto';
import type { Demand } from '@applogs/service-kit';
import { concat, defer, merge, of, switchMap, type Observable } from 'rxjs';
import type { PodLogSource } from './pod-log-source';
import type { Replica } from './replica';
import type { ReplicaResolver } from './replica-resolver';
import { tailReplica, type TailOptions } from './replica-tail';
import { tailTargetOf } from './tail-target';

/**
 * The TailLogs stream: the replica list first, then every replica's tail merged as it arrives. Cold and
 * lazy: nothing touches Kubernetes until subscription, and unsubscribing aborts every upstream request.
 * Completes when every replica's tail has ended. Every replica pauses while `demand` is not ready.
 */
export class AppLogStream {
  constructor(
    private readonly resolver: ReplicaResolver,
    private readonly logs: PodLogSource,
    private readonly options: TailOptions,
  ) {}

  tail(request: TailLogsRequest, demand: Demand): Observable<TailLogsMessage> {
    return defer(() => this.resolver.resolve(tailTargetOf(request))).pipe(
      switchMap((replicas) => concat(of(replicaList(replicas)), this.mergedTails(replicas, demand))),
    );
  }

  private mergedTails(replicas: Replica[], demand: Demand): Observable<TailLogsMessage> {
    return merge(...replicas.map((replica) => tailReplica(this.logs, replica, this.options, demand)));
  }
}

function replicaList(replicas: Replica[]): TailLogsResponse {
  return { replicas: { replicas: replicas.map((replica) => replica.id) } };
}
