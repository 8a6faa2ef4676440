import type { ReplicaIdentifier } from '@applogs/proto';

/** One replica of an app, resolved to the container whose log is tailed. */
export interface Replica {
  id: ReplicaIdentifier;
  namespace: string;
  pod: string;
  container: string;
  shortName: string;
  /** Only a running pod's log is followed; any other pod's stream ends after its tail. */
  follow: boolean;
  /** The container's restart count when resolved: a higher one later means it restarted. */
  restartCount: number;
  /** Read the container's last terminated instance (Kubernetes' `previous=true`), never followed. */
  previous?: boolean;
}
