import type { Identifier } from '@applogs/proto';
import type { V1Pod } from '@kubernetes/client-node';
import { performance } from 'node:perf_hooks';
import { Observable, type Subscriber } from 'rxjs';
import type { PodDirectory, PodEventType } from './pod-directory';
import type { Replica } from './replica';
import { isOfRevision, type AppPods, type ReplicaResolver } from './replica-resolver';
import type { Backoff } from './retry-policy';
import { nextWatchStep, WATCH_BACKOFF, type WatchEnd } from './watch-backoff';

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
 * too old (410 Gone) is replaced by a fresh list; failures, and watches that end at once, back off
 * (nextWatchStep decides).
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
    private readonly backoff: Backoff = WATCH_BACKOFF,
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
      const after = (end: WatchEnd) => {
        if (stopped) return;
        const step = nextWatchStep(end, failures, this.backoff);
        failures = step.failures;
        const run = step.next === 'watch' ? watch : relist;
        if (step.delayMs === 0) run();
        else timer = setTimeout(run, step.delayMs);
      };
      const watch = () => {
        const startedAt = performance.now();
        let events = 0;
        const ended = (outcome: { error?: Error; expired?: boolean }) => after({ kind: 'watch', lastedMs: performance.now() - startedAt, events, ...outcome });
        this.directory
          .watchPods(this.resolver.namespace, this.app.selector, this.resourceVersion, {
            onEvent: (type, pod) => {
              events += 1;
              void this.onEvent(type, pod, subscriber);
            },
            onEnd: ended,
          })
          .then(
            (stop) => (stopped ? stop() : (stopWatch = stop)),
            (error: Error) => ended({ error }),
          );
      };
      const relist = () => {
        this.relist(subscriber).then(
          () => after({ kind: 'list' }),
          (error: unknown) => after({ kind: 'list', error }),
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
