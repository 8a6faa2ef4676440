import type { Identifier } from '@applogs/proto';
import type { V1Pod } from '@kubernetes/client-node';
import { Observable, type Subscriber } from 'rxjs';
import type { PodDirectory, PodEventType } from './pod-directory';
import type { Replica } from './replica';
import { isOfRevision, type AppPods, type ReplicaResolver } from './replica-resolver';
import { retryDelayMs, type RetryPolicy } from './retry-policy';

/** How the app's active replicas changed. */
export interface ReplicaSetChange {
  joined: Replica[];
  left: Array<{ pod: string; reason: string }>;
}

/**
 * The app's active replicas over time, from a Kubernetes watch of its pods that starts where the initial list
 * ended (its resourceVersion), so no change is missed. Active means running and, when the app is a Knative
 * Service, of its latest ready revision: when a rollout makes a new revision the latest, its pods join and the
 * old ones leave. A watch that Kubernetes ends is resumed from the last event; one whose resourceVersion is
 * too old (410 Gone) is replaced by a fresh list; errors are retried with backoff.
 */
export class AppReplicaWatch {
  private readonly pods = new Map<string, V1Pod>();
  private active = new Set<string>();
  private revision: string | undefined;
  private resourceVersion: string;
  private subscriber: Subscriber<ReplicaSetChange> | undefined;

  constructor(
    private readonly directory: PodDirectory,
    private readonly resolver: ReplicaResolver,
    private readonly appId: Identifier,
    private readonly app: AppPods,
    private readonly retry: RetryPolicy,
  ) {
    this.revision = app.revision;
    this.resourceVersion = app.resourceVersion;
    for (const pod of app.pods) this.pods.set(pod.metadata?.name ?? '', pod);
    for (const replica of app.replicas) this.active.add(replica.pod);
  }

  changes(): Observable<ReplicaSetChange> {
    return new Observable<ReplicaSetChange>((subscriber) => {
      this.subscriber = subscriber;
      let stopWatch: (() => void) | undefined;
      let timer: NodeJS.Timeout | undefined;
      let stopped = false;
      let failures = 0;
      const watch = () => {
        this.directory
          .watchPods(this.resolver.namespace, this.app.selector, this.resourceVersion, {
            onEvent: (type, pod) => {
              failures = 0;
              void this.onEvent(type, pod, subscriber);
            },
            onEnd: ({ error, expired }) => {
              if (stopped) return;
              if (expired) relist();
              else if (error) later(relist);
              else watch();
            },
          })
          .then((stop) => (stopped ? stop() : (stopWatch = stop)), () => later(relist));
      };
      const later = (action: () => void) => {
        failures += 1;
        timer = setTimeout(action, retryDelayMs(this.retry, Math.min(failures, 10)));
      };
      const relist = () => {
        this.relist(subscriber).then(
          () => !stopped && watch(),
          () => !stopped && later(relist),
        );
      };
      watch();
      return () => {
        stopped = true;
        this.subscriber = undefined;
        clearTimeout(timer);
        stopWatch?.();
      };
    });
  }

  /**
   * Lists the pods again and announces any change. Before a call ends for want of replicas, this makes sure
   * none is about to join (a rollout deletes the old pods, and the new revision may not be known yet).
   */
  async settle(): Promise<void> {
    if (this.subscriber) await this.relist(this.subscriber);
  }

  private async onEvent(type: PodEventType, pod: V1Pod, subscriber: Subscriber<ReplicaSetChange>): Promise<void> {
    const name = pod.metadata?.name ?? '';
    this.resourceVersion = pod.metadata?.resourceVersion ?? this.resourceVersion;
    if (type === 'DELETED') this.pods.delete(name);
    else this.pods.set(name, pod);
    // A running pod of another revision may mean a rollout made it the latest ready one.
    if (this.revision !== undefined && type !== 'DELETED' && isRunning(pod) && !isOfRevision(pod, this.revision)) {
      this.revision = await this.resolver.latestRevision(this.app.service);
    }
    this.publish(subscriber);
  }

  private async relist(subscriber: Subscriber<ReplicaSetChange>): Promise<void> {
    const [revision, list] = await Promise.all([
      this.resolver.latestRevision(this.app.service),
      this.directory.listPods(this.resolver.namespace, this.app.selector),
    ]);
    this.revision = revision;
    this.resourceVersion = list.resourceVersion;
    this.pods.clear();
    for (const pod of list.pods) this.pods.set(pod.metadata?.name ?? '', pod);
    this.publish(subscriber);
  }

  /** Compares the pods now active with the ones before and announces the difference. */
  private publish(subscriber: Subscriber<ReplicaSetChange>): void {
    const now = new Set([...this.pods.values()].filter((pod) => this.isActive(pod)).map((pod) => pod.metadata?.name ?? ''));
    const joined = [...now].filter((name) => !this.active.has(name)).sort();
    const left = [...this.active].filter((name) => !now.has(name)).sort();
    this.active = now;
    if (joined.length === 0 && left.length === 0) return;
    subscriber.next({
      joined: joined.map((name) => this.resolver.replicaOf(this.pods.get(name)!, this.appId)),
      left: left.map((name) => ({ pod: name, reason: this.leaveReason(name) })),
    });
  }

  private isActive(pod: V1Pod): boolean {
    return isRunning(pod) && !pod.metadata?.deletionTimestamp && isOfRevision(pod, this.revision);
  }

  private leaveReason(name: string): string {
    const pod = this.pods.get(name);
    if (!pod) return `pod ${name} was deleted`;
    if (pod.metadata?.deletionTimestamp) return `pod ${name} is terminating`;
    if (!isOfRevision(pod, this.revision)) return `revision ${this.revision} replaced pod ${name}'s revision`;
    return `pod ${name} is ${pod.status?.phase}`;
  }
}

function isRunning(pod: V1Pod): boolean {
  return pod.status?.phase === 'Running';
}
