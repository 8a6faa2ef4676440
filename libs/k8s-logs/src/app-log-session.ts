import { ReplicaEvent_Kind, type TailLogsMessage, type Timestamp } from '@applogs/proto';
import type { Demand } from '@applogs/flow-control';
import { Observable, type Subscriber, type Subscription } from 'rxjs';
import type { AppReplicaWatch, ReplicaSetChange } from './app-replica-watch';
import { CoalescingOutput } from './coalescing-output';
import type { AppLogsError } from './errors';
import type { Replica } from './replica';
import { replicaEvent, replicaList } from './replica-events';
import { ReplicaFollower, type FollowerDeps } from './replica-follower';
import type { LineFilter } from './line-filter';
import type { TailStart } from './replica-tail';

export interface SessionPlan {
  replicas: Replica[];
  /** Where the replicas present at the start begin; replicas that join start at their first line. */
  start: { tailLines?: number; since?: Timestamp };
  filter: LineFilter;
  /** Present when the call follows the app's replica set as it changes. */
  watch?: AppReplicaWatch;
  /** Events sent right after the first replica list (e.g. the replicas a `previous` call skips). */
  notices?: TailLogsMessage[];
  /** A call with nothing to send for this long sends the replica list again; 0: never. */
  keepAliveMs: number;
}

/**
 * One TailLogs call: a ReplicaFollower per replica (never two for one container), merged into one stream.
 * The first message lists the replicas; every change of the set sends the full list again, with JOINED and
 * LEFT events. The call completes when no replica is left to follow, and fails only when every replica's
 * follower was given up, with the status of the last failure, or at once when one broke on a bug of ours. A call
 * that has had nothing to send for `keepAliveMs` sends the list again: proxies cut HTTP/1.1 responses that stay
 * silent (at about 60 s). Lines reach the caller through a CoalescingOutput: at once while it is reading, joined
 * into fuller messages while it is busy.
 */
export class AppLogSession {
  private readonly followers = new Map<string, { replica: Replica; subscription?: Subscription }>();
  private readonly failures: AppLogsError[] = [];
  private endedNormally = 0;
  private settling = false;
  private subscriber!: Subscriber<TailLogsMessage>;
  private output!: CoalescingOutput;
  private keepAlive: NodeJS.Timeout | undefined;

  constructor(
    private readonly plan: SessionPlan,
    private readonly deps: FollowerDeps,
    private readonly demand: Demand,
  ) {}

  run(): Observable<TailLogsMessage> {
    return new Observable<TailLogsMessage>((subscriber) => {
      this.subscriber = subscriber;
      this.output = new CoalescingOutput(this.demand, (message) => subscriber.next(message));
      if (this.plan.keepAliveMs > 0) this.keepAlive = setTimeout(() => this.sendKeepAlive(), this.plan.keepAliveMs);
      for (const replica of this.plan.replicas) this.followers.set(replica.pod, { replica });
      this.sendList();
      for (const notice of this.plan.notices ?? []) this.send(notice);
      for (const replica of this.plan.replicas) this.start(replica, this.plan.start);
      const watching = this.plan.watch?.changes().subscribe((change) => this.apply(change));
      // Nothing to read (a `previous` call whose replicas never restarted): the call is over.
      if (this.followers.size === 0 && !this.plan.watch) this.finish();
      return () => {
        clearTimeout(this.keepAlive);
        watching?.unsubscribe();
        for (const { subscription } of this.followers.values()) subscription?.unsubscribe();
        this.followers.clear();
      };
    });
  }

  private start(replica: Replica, start: TailStart): void {
    const follower = new ReplicaFollower(replica, this.deps, start, this.plan.filter);
    const entry = { replica, subscription: undefined as Subscription | undefined };
    this.followers.set(replica.pod, entry);
    entry.subscription = follower.follow(this.output).subscribe({
      next: (message) => this.send(message),
      complete: () => {
        if (this.followers.get(replica.pod) !== entry) return;
        this.followers.delete(replica.pod);
        // A bug of ours: the call ends at once with it (INTERNAL at the edge, its stack logged there).
        if (follower.end.kind === 'broken') return this.fail(follower.end.error);
        if (follower.end.kind === 'failed') this.failures.push(follower.end.error);
        else this.endedNormally += 1;
        this.changed();
      },
    });
  }

  private apply(change: ReplicaSetChange): void {
    for (const { pod, reason } of change.left) {
      const entry = this.followers.get(pod);
      if (!entry) continue;
      this.followers.delete(pod);
      entry.subscription?.unsubscribe();
      this.endedNormally += 1;
      this.send(replicaEvent(entry.replica.id, ReplicaEvent_Kind.LEFT, reason));
    }
    for (const replica of change.joined) {
      if (this.followers.has(replica.pod)) continue;
      this.send(replicaEvent(replica.id, ReplicaEvent_Kind.JOINED, `pod ${replica.pod} is running; following it from its first line`));
      this.start(replica, { since: this.plan.start.since });
    }
    this.changed();
  }

  private changed(): void {
    this.sendList();
    if (this.followers.size === 0) this.finishWhenNoneLeft();
  }

  private send(message: TailLogsMessage): void {
    this.output.send(message);
    this.keepAlive?.refresh();
  }

  private sendList(): void {
    this.send(replicaList([...this.followers.values()].map(({ replica }) => replica.id)));
  }

  /** Silence because the caller is not reading is not idleness: the list waits until the caller can take it. */
  private sendKeepAlive(): void {
    if (this.demand.ready) this.sendList();
    else this.keepAlive?.refresh();
  }

  /** With a watch, first makes sure no replica is about to join; then ends the call. */
  private finishWhenNoneLeft(): void {
    const watch = this.plan.watch;
    if (!watch) return this.finish();
    if (this.settling) return;
    this.settling = true;
    const done = () => {
      this.settling = false;
      if (this.followers.size === 0) this.finish();
    };
    watch.settle().then(done, done);
  }

  /** Ends the call: with an error only if every replica was given up. */
  private finish(): void {
    const lastFailure = this.failures.at(-1);
    if (lastFailure && this.endedNormally === 0) return this.fail(lastFailure);
    this.output.flush();
    this.subscriber.complete();
  }

  /** The lines read before the error still go first. */
  private fail(error: unknown): void {
    this.output.flush();
    this.subscriber.error(error);
  }
}
