import { create, TailLogsResponseSchema, type ReplicaEvent_Kind, type ReplicaIdentifier, type TailLogsResponse } from '@applogs/proto';

/** A `replica_event` response: what happened to a replica, in words a person can act on. */
export function replicaEvent(replica: ReplicaIdentifier, kind: ReplicaEvent_Kind, message: string): TailLogsResponse {
  return create(TailLogsResponseSchema, { resp: { case: 'replicaEvent', value: { replica, kind, message } } });
}

/** The `replicas` response: every replica the call tails now. */
export function replicaList(replicas: ReplicaIdentifier[]): TailLogsResponse {
  return create(TailLogsResponseSchema, { resp: { case: 'replicas', value: { replicas } } });
}
