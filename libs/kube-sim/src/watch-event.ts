import type { PodEvent, PodEventType } from './pod-events';
import type { PodView } from './sim-pod';

/**
 * What one watcher sees of a stored event, like the apiserver's watch cache filter: a change that
 * moves a pod into the watcher's selection is ADDED, out of it DELETED; undefined means nothing.
 */
export function watchEventType(event: PodEvent, matches: (pod: PodView) => boolean): PodEventType | undefined {
  const now = matches(event.pod);
  if (event.type !== 'MODIFIED') return now ? event.type : undefined;
  const before = event.prev !== undefined && matches(event.prev);
  if (before && now) return 'MODIFIED';
  if (now) return 'ADDED';
  if (before) return 'DELETED';
  return undefined;
}

/** The ERROR a watch from a resourceVersion older than the history gets; clients re-list on 410. */
export function expiredStatus(requested: number, oldest: number): Record<string, unknown> {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `too old resource version: ${requested} (${oldest})`,
    reason: 'Expired',
    code: 410,
  };
}

/**
 * A BOOKMARK carries only a resourceVersion: a client may resume from it without replaying
 * events it does not care about. `initialEventsEnd` marks the end of a sendInitialEvents list.
 */
export function bookmarkObject(resourceVersion: string, initialEventsEnd = false): Record<string, unknown> {
  const metadata: Record<string, unknown> = { resourceVersion };
  if (initialEventsEnd) metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
  return { kind: 'Pod', apiVersion: 'v1', metadata };
}
