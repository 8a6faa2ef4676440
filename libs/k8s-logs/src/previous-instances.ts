import { ReplicaEvent_Kind, type TailLogsMessage } from '@applogs/proto';
import { notFound } from './errors';
import type { Replica } from './replica';
import { replicaEvent } from './replica-events';

/** The replicas a `previous` call reads (the last terminated instance of each container, once, never followed), and a SKIPPED event for each of the others. */
export interface PreviousInstances {
  read: Replica[];
  skipped: TailLogsMessage[];
}

/**
 * The kubelet keeps one exited instance of a container once it has restarted; before that, asking for
 * `previous=true` is a 400. Replicas that never restarted are left out with a SKIPPED event, so that one
 * crash-looping replica of many can be read in one call.
 */
export function previousInstances(replicas: Replica[]): PreviousInstances {
  const read = replicas.filter(hasPrevious).map(asPrevious);
  const skipped = replicas
    .filter((replica) => !hasPrevious(replica))
    .map((replica) => replicaEvent(replica.id, ReplicaEvent_Kind.SKIPPED, noPrevious(replica)));
  return { read, skipped };
}

/** The one replica a replica-id `previous` call names: NOT_FOUND when it has no previous instance. */
export function previousInstanceOf(replica: Replica): Replica {
  if (!hasPrevious(replica)) throw notFound(noPrevious(replica));
  return asPrevious(replica);
}

function hasPrevious(replica: Replica): boolean {
  return replica.restartCount > 0;
}

function asPrevious(replica: Replica): Replica {
  return { ...replica, follow: false, previous: true };
}

function noPrevious(replica: Replica): string {
  return `pod ${replica.pod} has no previous container: ${replica.container} never restarted`;
}
