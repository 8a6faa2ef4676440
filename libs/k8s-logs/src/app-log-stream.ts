import type { TailLogsMessage, TailLogsRequest } from '@applogs/proto';
import type { Demand } from '@applogs/service-kit';
import { defer, switchMap, type Observable } from 'rxjs';
import { AppLogSession, type SessionPlan } from './app-log-session';
import { AppReplicaWatch } from './app-replica-watch';
import type { PodDirectory } from './pod-directory';
import type { PodLogSource } from './pod-log-source';
import type { ReplicaResolver } from './replica-resolver';
import type { RetryPolicy } from './retry-policy';
import { tailTargetOf } from './tail-target';

export interface AppLogStreamOptions {
  /** Lines of history each replica present at the start begins with. */
  tailLines: number;
  retry: RetryPolicy;
}

/**
 * The TailLogs stream: resolves the target, then an AppLogSession follows its replicas. Cold and lazy:
 * nothing touches Kubernetes until subscription, and unsubscribing aborts every upstream request.
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
    const target = tailTargetOf(request);
    const tailLines = this.options.tailLines;
    if (target.kind === 'replica') {
      return { replicas: [await this.resolver.resolveReplica(target.appId, target.podName)], tailLines };
    }
    const app = await this.resolver.resolveApp(target.appId);
    // An app whose replicas all finished is read once, as Flyte does; a running one is watched for changes.
    const running = app.replicas.some((replica) => replica.follow);
    const watch = running ? new AppReplicaWatch(this.pods, this.resolver, target.appId, app, this.options.retry) : undefined;
    return { replicas: app.replicas, tailLines, watch };
  }
}
