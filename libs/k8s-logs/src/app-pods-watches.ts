import type { Identifier } from '@applogs/proto';
import { defer, finalize, ReplaySubject, share, type Observable } from 'rxjs';
import { AppPodsWatch, type AppPodsState } from './app-pods-watch';
import { knativeServiceName } from './knative-names';
import type { PodDirectory } from './pod-directory';
import type { ReplicaResolver } from './replica-resolver';
import type { Backoff } from './retry-policy';

interface Entry {
  watch: AppPodsWatch;
  states: Observable<AppPodsState>;
}

/**
 * One pod watch per app, however many calls follow it: 100 people tailing one app are one watch on the API
 * server, not 100. The first subscriber to an app's states starts its AppPodsWatch (a list, then a watch), later
 * ones get the current state at once (a replay of the last), and the last one to leave stops it, as does an
 * error (the first list failed): the next subscriber then starts afresh.
 */
export class AppPodsWatches {
  private readonly watches = new Map<string, Entry>();

  constructor(
    private readonly directory: PodDirectory,
    private readonly resolver: ReplicaResolver,
    private readonly backoff?: Backoff,
  ) {}

  /** The app's pods, now and at every change, from the watch all its followers share. */
  states(appId: Identifier): Observable<AppPodsState> {
    // Looked up at subscription, so a subscriber that comes after the watch stopped starts a new one.
    return defer(() => this.entry(knativeServiceName(appId)).states);
  }

  /** Lists the app's pods again (see AppPodsWatch.settle); at once when nobody follows it. */
  settle(appId: Identifier): Promise<void> {
    return this.watches.get(knativeServiceName(appId))?.watch.settle() ?? Promise.resolve();
  }

  /** How many apps are watched now. */
  get size(): number {
    return this.watches.size;
  }

  private entry(service: string): Entry {
    const existing = this.watches.get(service);
    if (existing) return existing;
    const watch = new AppPodsWatch(this.directory, this.resolver, service, this.backoff);
    const entry: Entry = {
      watch,
      states: watch.states().pipe(
        // Runs when the watch stops: the last subscriber left, or the first list failed.
        finalize(() => this.watches.get(service) === entry && this.watches.delete(service)),
        share({ connector: () => new ReplaySubject<AppPodsState>(1), resetOnError: true, resetOnComplete: true, resetOnRefCountZero: true }),
      ),
    };
    this.watches.set(service, entry);
    return entry;
  }
}
