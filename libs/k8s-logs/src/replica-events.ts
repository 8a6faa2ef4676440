import { ReplicaEvent_Kind, type ReplicaIdentifier, type TailLogsResponse } from '@applogs/proto';

export { ReplicaEvent_Kind as ReplicaEventKind };

/** A `replica_event` response: what happened to a replica, in words a person can act on. */
export function replicaEvent(replica: ReplicaIdentifier, kind: ReplicaEvent_Kind, message: string): TailLogsResponse {
  return { replica_event: { replica, kind, message } };
}

/** The `replicas` response: every replica the call tails now. */
export function replicaList(replicas: ReplicaIdentifier[]): TailLogsResponse {
  return { replicas: { replicas } };
}
