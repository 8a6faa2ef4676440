// Knative pods are `{service}-{revision number}-deployment-{replicaset hash}-{pod hash}`, as the server shortens them.
const KNATIVE_POD = /-(\d+)-deployment-[a-z0-9]+-([a-z0-9]+)$/;

/**
 * The name people read for a pod before any of its lines told its short name (`shortPodName`): the server's
 * shortening of a Knative pod (`{revision number}-{pod hash}`), or the name as it is.
 */
export function shortPodName(pod: string): string {
  const knative = KNATIVE_POD.exec(pod);
  return knative ? `${knative[1]}-${knative[2]}` : pod;
}
