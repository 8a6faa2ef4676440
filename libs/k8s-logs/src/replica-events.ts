import { create, TailLogsResponseSchema, type ContainerExit, type ReplicaEvent_Kind, type ReplicaIdentifier, type TailLogsResponse } from '@applogs/proto';

/** A `replica_event` response: what happened to a replica, in words a person can act on (and, for RESTARTED, the exit). */
export function replicaEvent(replica: ReplicaIdentifier, kind: ReplicaEvent_Kind, message: string, exit?: ContainerExit): TailLogsResponse {
  return create(TailLogsResponseSchema, { resp: { case: 'replicaEvent', value: { replica, kind, message, exit } } });
}

/** The `replicas` response: every replica the call tails now. */
export function replicaList(replicas: ReplicaIdentifier[]): TailLogsResponse {
  return create(TailLogsResponseSchema, { resp: { case: 'replicas', value: { replicas } } });
}
