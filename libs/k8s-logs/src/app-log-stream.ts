import type { TailLogsMessage, TailLogsRequest } from '@applogs/proto';
import type { Demand } from '@applogs/flow-control';
import { defer, switchMap, type Observable } from 'rxjs';
import { AppLogSession, type SessionPlan } from './app-log-session';
import { AppReplicaWatch } from './app-replica-watch';
import type { PodDirectory } from './pod-directory';
import type { PodLogSource } from './pod-log-source';
import type { Replica } from './replica';
import type { ReplicaResolver } from './replica-resolver';
import type { RetryPolicy } from './retry-policy';
import { now, requestedLines, type TailLimits } from './requested-lines';
import { requestedTarget, type RequestedTarget } from './requested-target';
import { previousInstanceOf, previousInstances } from './previous-instances';
import type { LineFilter } from './line-filter';

export interface AppLogStreamOptions extends TailLimits {
  retry: RetryPolicy;
  /** A call with nothing to send for this long sends the replica list again; 0: never. */
  keepAliveMs: number;
}

/**
 * The TailLogs stream: validates the request, resolves the target, then an AppLogSession follows its
 * replicas. Cold and lazy: nothing touches Kubernetes until subscription, and unsubscribing aborts every
 * upstream request.
 */
export class AppLogStream {
  constructor(
    private readonly resolver: ReplicaResolver,
    private readonly pods: PodDirectory,
    private readonly logs: PodLogSource,
    private readonly options: AppLogStreamOptions,
  ) {}

  tail(request: TailLogsRequest, demand: Demand): Observable<TailLogsMessage> {
    return defer(() => this.plan(request)).pipe(
      switchMap((plan) => new AppLogSession(plan, { logs: this.logs, pods: this.pods, retry: this.options.retry }, demand).run()),
    );
  }

  private async plan(request: TailLogsRequest): Promise<SessionPlan> {
    const target = requestedTarget(request);
    const options = requestedLines(request, this.options, now());
    const start = { tailLines: options.tailLines, since: options.since };
    if (options.previous) return this.previousPlan(target, start, options.filter);
    // Without follow, running replicas are read to the end of their log now, like finished ones.
    const following = (replicas: Replica[]) => replicas.map((replica) => ({ ...replica, follow: replica.follow && options.follow }));
    if (target.kind === 'replica') {
      const replicas = following([await this.resolver.resolveReplica(target.appId, target.podName)]);
      return { replicas, start, filter: options.filter, keepAliveMs: this.options.keepAliveMs };
    }
    const app = await this.resolver.resolveApp(target.appId);
    const replicas = following(app.replicas);
    // An app whose replicas all finished is read once, as Flyte does; a running one is watched for changes.
    const watch = replicas.some((replica) => replica.follow) ? new AppReplicaWatch(this.pods, this.resolver, target.appId, app) : undefined;
    return { replicas, start, filter: options.filter, watch, keepAliveMs: this.options.keepAliveMs };
  }

  /** Each replica's last terminated container, read once: no watch, as the instances read have ended. */
  private async previousPlan(target: RequestedTarget, start: SessionPlan['start'], filter: LineFilter): Promise<SessionPlan> {
    const plan = { start, filter, keepAliveMs: this.options.keepAliveMs };
    if (target.kind === 'replica') return { ...plan, replicas: [previousInstanceOf(await this.resolver.resolveReplica(target.appId, target.podName))] };
    const { read, skipped } = previousInstances((await this.resolver.resolveApp(target.appId)).replicas);
    return { ...plan, replicas: read, notices: skipped };
  }
}
