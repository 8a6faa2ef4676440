import type { Identifier, TailLogsMessage, TailLogsRequest } from '@applogs/proto';
import type { Demand } from '@applogs/flow-control';
import { defer, from, switchMap, take, type Observable } from 'rxjs';
import { AppLogSession, type SessionPlan } from './app-log-session';
import { AppPodsWatches } from './app-pods-watches';
import { AppReplicaWatch } from './app-replica-watch';
import type { PodDirectory } from './pod-directory';
import type { PodLogSource } from './pod-log-source';
import type { Replica } from './replica';
import type { ReplicaResolver } from './replica-resolver';
import type { RetryPolicy } from './retry-policy';
import { previousInstanceOf, previousInstances } from './previous-instances';
import { now, requestedLines, type RequestedLines, type TailLimits } from './requested-lines';
import { requestedTarget, type RequestedTarget } from './requested-target';

export interface AppLogStreamOptions extends TailLimits {
  retry: RetryPolicy;
  /** A call with nothing to send for this long sends the replica list again; 0: never. */
  keepAliveMs: number;
}

/**
 * The TailLogs stream: validates the request, resolves the target, then an AppLogSession follows its
 * replicas. Cold and lazy: nothing touches Kubernetes until subscription, and unsubscribing aborts every
 * upstream request. Calls that follow an app share its pod watch (AppPodsWatches).
 */
export class AppLogStream {
  private readonly watches: AppPodsWatches;

  constructor(
    private readonly resolver: ReplicaResolver,
    private readonly pods: PodDirectory,
    private readonly logs: PodLogSource,
    private readonly options: AppLogStreamOptions,
  ) {
    this.watches = new AppPodsWatches(pods, resolver);
  }

  tail(request: TailLogsRequest, demand: Demand): Observable<TailLogsMessage> {
    return defer(() => {
      const target = requestedTarget(request);
      const lines = requestedLines(request, this.options, now());
      if (lines.previous) return from(this.previousPlan(target, lines)).pipe(switchMap((plan) => this.session(plan, demand)));
      if (target.kind === 'app' && lines.follow) return this.followApp(target.appId, lines, demand);
      const replicas =
        target.kind === 'app' ? this.resolver.resolveApp(target.appId) : this.resolver.resolveReplica(target.appId, target.podName).then((r) => [r]);
      return from(replicas).pipe(switchMap((resolved) => this.session(this.plan(resolved, lines), demand)));
    });
  }

  /**
   * An app's replicas from the state of its shared watch (at once when the watch runs already), then its
   * changes. An app whose replicas all finished is read once, as Flyte does, and leaves the watch at once.
   */
  private followApp(appId: Identifier, lines: RequestedLines, demand: Demand): Observable<TailLogsMessage> {
    const states = this.watches.states(appId);
    // take(1) leaves the shared watch only after the session has joined it: it is never stopped in between.
    return states.pipe(
      take(1),
      switchMap((state) => {
        const replicas = this.resolver.replicasOf(appId, state.pods, state.revision);
        const following = replicas.some((replica) => replica.follow);
        const watch = following ? new AppReplicaWatch(states, () => this.watches.settle(appId), this.resolver, appId, state) : undefined;
        return this.session({ ...this.plan(replicas, lines), watch }, demand);
      }),
    );
  }

  private plan(replicas: Replica[], lines: RequestedLines): SessionPlan {
    // Without follow, running replicas are read to the end of their log now, like finished ones.
    return {
      replicas: replicas.map((replica) => ({ ...replica, follow: replica.follow && lines.follow })),
      start: { tailLines: lines.tailLines, since: lines.since },
      filter: lines.filter,
      keepAliveMs: this.options.keepAliveMs,
    };
  }

  private session(plan: SessionPlan, demand: Demand): Observable<TailLogsMessage> {
    return new AppLogSession(plan, { logs: this.logs, pods: this.pods, retry: this.options.retry }, demand).run();
  }

  /** Each replica's last terminated container, read once: no watch, as the instances read have ended. */
  private async previousPlan(target: RequestedTarget, lines: RequestedLines): Promise<SessionPlan> {
    if (target.kind === 'replica') return this.plan([previousInstanceOf(await this.resolver.resolveReplica(target.appId, target.podName))], lines);
    const { read, skipped } = previousInstances(await this.resolver.resolveApp(target.appId));
    return { ...this.plan(read, lines), notices: skipped };
  }
}
