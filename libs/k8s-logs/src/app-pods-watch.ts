import type { V1Pod } from '@kubernetes/client-node';
import { performance } from 'node:perf_hooks';
import { Observable, type Subscriber } from 'rxjs';
import type { PodDirectory, PodEventType } from './pod-directory';
import { appSelector, isOfRevision, type ReplicaResolver } from './replica-resolver';
import type { Backoff } from './retry-policy';
import { nextWatchStep, WATCH_BACKOFF, type WatchEnd } from './watch-backoff';

/** An app's pods at one moment: every pod of the app by name, of any revision and phase, and the latest ready revision. */
export interface AppPodsState {
  pods: ReadonlyMap<string, V1Pod>;
  revision: string | undefined;
}

/**
 * One Knative Service's pods over time, from one list and then one Kubernetes watch that starts where the list
 * ended (its resourceVersion), so no change is missed; AppPodsWatches shares it between every call following the
 * app. Each change is published as a fresh AppPodsState. A watch that Kubernetes ends is resumed from the last
 * event; one whose resourceVersion is too old (410 Gone) is replaced by a fresh list; failures, and watches that
 * end at once, back off (nextWatchStep decides). The Knative Service is read again only when a running pod of
 * another revision appears (a rollout may have made it the latest ready one).
 */
export class AppPodsWatch {
  private pods = new Map<string, V1Pod>();
  private revision: string | undefined;
  private resourceVersion = '';
  private subscriber: Subscriber<AppPodsState> | undefined;
  private relisting: Promise<void> | undefined;

  constructor(
    private readonly directory: PodDirectory,
    private readonly resolver: ReplicaResolver,
    private readonly service: string,
    private readonly backoff: Backoff = WATCH_BACKOFF,
  ) {}

  /** Lists the pods, publishes them, then watches; an error only when the first list fails. */
  states(): Observable<AppPodsState> {
    return new Observable<AppPodsState>((subscriber) => {
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
          .watchPods(this.resolver.namespace, appSelector(this.service), this.resourceVersion, {
            onEvent: (type, pod) => {
              events += 1;
              void this.onEvent(type, pod);
            },
            onEnd: ended,
          })
          .then(
            (stop) => (stopped ? stop() : (stopWatch = stop)),
            (error: Error) => ended({ error }),
          );
      };
      const relist = () => {
        this.relist().then(
          () => after({ kind: 'list' }),
          (error: unknown) => after({ kind: 'list', error }),
        );
      };
      this.subscriber = subscriber;
      this.relist().then(
        // The first subscriber may have left on the first state (nothing to follow): then no watch starts.
        () => stopped || watch(),
        (error: unknown) => subscriber.error(error),
      );
      return () => {
        stopped = true;
        this.subscriber = undefined;
        clearTimeout(timer);
        stopWatch?.();
      };
    });
  }

  /**
   * Lists the pods again and publishes them. Before a call ends for want of replicas, this makes sure none is
   * about to join (a rollout deletes the old pods, and the new revision may not be known yet). Calls that ask
   * while a list is on its way share it.
   */
  settle(): Promise<void> {
    return this.subscriber ? this.relist() : Promise.resolve();
  }

  private relist(): Promise<void> {
    this.relisting ??= this.resolver.listApp(this.service).then(
      (listing) => {
        this.relisting = undefined;
        this.revision = listing.revision;
        this.resourceVersion = listing.resourceVersion;
        this.pods = new Map(listing.pods);
        this.publish();
      },
      (error: unknown) => {
        this.relisting = undefined;
        throw error;
      },
    );
    return this.relisting;
  }

  private async onEvent(type: PodEventType, pod: V1Pod): Promise<void> {
    const name = pod.metadata?.name ?? '';
    this.resourceVersion = pod.metadata?.resourceVersion ?? this.resourceVersion;
    if (type === 'DELETED') this.pods.delete(name);
    else this.pods.set(name, pod);
    // A running pod of another revision may mean a rollout made it the latest ready one.
    if (this.revision !== undefined && type !== 'DELETED' && pod.status?.phase === 'Running' && !isOfRevision(pod, this.revision)) {
      this.revision = await this.resolver.latestRevision(this.service);
    }
    this.publish();
  }

  /** A copy of the pods, so that what a subscriber holds never changes under it. */
  private publish(): void {
    this.subscriber?.next({ pods: new Map(this.pods), revision: this.revision });
  }
}
