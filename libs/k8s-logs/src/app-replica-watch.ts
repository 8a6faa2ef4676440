import type { Identifier } from '@applogs/proto';
import type { V1Pod } from '@kubernetes/client-node';
import { Observable } from 'rxjs';
import type { AppPodsState } from './app-pods-watch';
import type { Replica } from './replica';
import { isOfRevision, type ReplicaResolver } from './replica-resolver';

/** How the app's active replicas changed. */
export interface ReplicaSetChange {
  joined: Replica[];
  left: Array<{ pod: string; reason: string }>;
}

/**
 * The app's active replicas over time as one call sees them, from the pod states of the watch that every call
 * following the app shares (AppPodsWatches). Active means running and, when the app is a Knative Service, of
 * its latest ready revision: when a rollout makes a new revision the latest, its pods join and the old ones
 * leave. Each call compares every state with the replicas it had, so calls that joined at different moments
 * each get the changes they have not seen.
 */
export class AppReplicaWatch {
  private active: Set<string>;

  /**
   * `first`: the state the call's replicas were resolved from. `settle` lists the pods again (AppPodsWatches.settle):
   * before a call ends for want of replicas, it makes sure none is about to join.
   */
  constructor(
    private readonly states: Observable<AppPodsState>,
    readonly settle: () => Promise<void>,
    private readonly resolver: ReplicaResolver,
    private readonly appId: Identifier,
    first: AppPodsState,
  ) {
    this.active = activePods(first);
  }

  changes(): Observable<ReplicaSetChange> {
    return new Observable<ReplicaSetChange>((subscriber) => {
      const subscription = this.states.subscribe({
        next: (state) => {
          const change = this.compare(state);
          if (change) subscriber.next(change);
        },
        error: (error: unknown) => subscriber.error(error),
      });
      return () => subscription.unsubscribe();
    });
  }

  /** The difference between the pods now active and the ones before; undefined when there is none. */
  private compare(state: AppPodsState): ReplicaSetChange | undefined {
    const now = activePods(state);
    const joined = [...now].filter((name) => !this.active.has(name)).sort();
    const left = [...this.active].filter((name) => !now.has(name)).sort();
    this.active = now;
    if (joined.length === 0 && left.length === 0) return undefined;
    return {
      joined: joined.map((name) => this.resolver.replicaOf(state.pods.get(name)!, this.appId)),
      left: left.map((name) => ({ pod: name, reason: leaveReason(state, name) })),
    };
  }
}

function activePods(state: AppPodsState): Set<string> {
  return new Set([...state.pods.values()].filter((pod) => isActive(pod, state.revision)).map((pod) => pod.metadata?.name ?? ''));
}

function isActive(pod: V1Pod, revision: string | undefined): boolean {
  return pod.status?.phase === 'Running' && !pod.metadata?.deletionTimestamp && isOfRevision(pod, revision);
}

function leaveReason(state: AppPodsState, name: string): string {
  const pod = state.pods.get(name);
  if (!pod) return `pod ${name} was deleted`;
  if (pod.metadata?.deletionTimestamp) return `pod ${name} is terminating`;
  if (!isOfRevision(pod, state.revision)) return `revision ${state.revision} replaced pod ${name}'s revision`;
  return `pod ${name} is ${pod.status?.phase}`;
}
