import { Code, ReplicaEvent_Kind, type TailLogsMessage } from '@applogs/proto';
import type { Demand } from '@applogs/flow-control';
import type { V1Pod } from '@kubernetes/client-node';
import { Observable, type Subscription } from 'rxjs';
import { describeExit, lastExitOf } from './container-exit';
import { AppLogsError, isKubernetesFailure, NoAnswerError, unavailable } from './errors';
import type { LineFilter } from './line-filter';
import type { LogCursor } from './log-lines-encoder';
import type { PodDirectory } from './pod-directory';
import type { PodLogSource } from './pod-log-source';
import type { Replica } from './replica';
import { replicaEvent } from './replica-events';
import { restartCountOf } from './replica-resolver';
import { ReplicaTail, type TailStart } from './replica-tail';
import { retryDelayMs, type RetryPolicy } from './retry-policy';

export interface FollowerDeps {
  logs: PodLogSource;
  pods: PodDirectory;
  retry: RetryPolicy;
}

/**
 * How a follower ended: the replica went away or finished, it was given up after retries, or our own code
 * failed (`broken`: the call ends with INTERNAL).
 */
export type FollowerEnd = { kind: 'ended' } | { kind: 'failed'; error: AppLogsError } | { kind: 'broken'; error: unknown };

/** What to do once an attempt is over. */
type Next =
  | { kind: 'reattach'; event?: TailLogsMessage }
  | { kind: 'retry'; delayMs: number; event: TailLogsMessage }
  | { kind: 'stop'; end: FollowerEnd; event?: TailLogsMessage };

/**
 * Follows one replica for as long as it lives, one ReplicaTail per attempt (stern's split: the tail does not
 * loop on itself; this decides whether to try again). When an attempt ends it looks at the pod:
 * - deleted, or no longer running: the follower ends (LEFT);
 * - the container restarted: a new tail attaches to the new container at once (RESTARTED);
 * - otherwise the stream broke (HTTP 5xx, a reset, a silent stream judged broken): retried with capped
 *   exponential backoff and jitter (RETRYING), and given up after `maxAttempts` failures in a row (FAILED).
 *   When the API server did not answer at all, the pod is not looked up: the retry comes at once.
 * Every new attempt resumes after the last line sent: nothing lost that Kubernetes still has, nothing twice.
 * An error that is no Kubernetes or connection failure (isKubernetesFailure) is a bug: never retried, it ends
 * the follower as `broken`.
 * A replica that was not running when resolved is read once, as Flyte does.
 */
export class ReplicaFollower {
  private cursor: LogCursor | undefined;
  private failures = 0;
  private restartCount: number;
  private endedAs: FollowerEnd = { kind: 'ended' };

  constructor(
    private readonly replica: Replica,
    private readonly deps: FollowerDeps,
    private readonly firstStart: TailStart,
    private readonly filter: LineFilter = {},
  ) {
    this.restartCount = replica.restartCount;
  }

  /** How the follower ended, once its Observable completed. */
  get end(): FollowerEnd {
    return this.endedAs;
  }

  follow(demand: Demand): Observable<TailLogsMessage> {
    return new Observable<TailLogsMessage>((subscriber) => {
      let attempt: Subscription | undefined;
      let timer: NodeJS.Timeout | undefined;
      let stopped = false;
      const run = (start: TailStart) => {
        const tail = new ReplicaTail(this.deps.logs, this.replica, start, this.filter);
        let delivered = false;
        const over = (error?: unknown) => {
          this.cursor = tail.cursor();
          if (delivered) this.failures = 0;
          this.decide(error).then((next) => {
            if (!stopped) apply(next);
          });
        };
        attempt = tail.lines(demand).subscribe({
          next: (message) => {
            delivered = true;
            subscriber.next(message);
          },
          complete: () => over(),
          error: (error: unknown) => over(error),
        });
      };
      // Never sent a line yet: start over as the first attempt did.
      const resumeStart = (): TailStart => (this.cursor ? { after: this.cursor } : this.firstStart);
      const apply = (next: Next) => {
        if (next.event) subscriber.next(next.event);
        if (next.kind === 'stop') {
          this.endedAs = next.end;
          subscriber.complete();
        } else if (next.kind === 'reattach') {
          run(resumeStart());
        } else {
          timer = setTimeout(() => run(resumeStart()), next.delayMs);
        }
      };
      run(this.firstStart);
      return () => {
        stopped = true;
        clearTimeout(timer);
        attempt?.unsubscribe();
      };
    });
  }

  private async decide(error: unknown): Promise<Next> {
    const name = this.replica.pod;
    if (error !== undefined && !isKubernetesFailure(error)) return { kind: 'stop', end: { kind: 'broken', error } };
    if (!this.replica.follow && !error) return { kind: 'stop', end: { kind: 'ended' } };
    if (error instanceof AppLogsError && error.code === Code.NOT_FOUND) return this.left(`pod ${name} was deleted`);
    // The API server did not answer: asking it about the pod would only wait as well, and say nothing meanwhile.
    if (error instanceof NoAnswerError) return this.retry(error);
    let pod: V1Pod | undefined;
    try {
      pod = await this.deps.pods.getPod(this.replica.namespace, name);
    } catch (lookupError) {
      if (!isKubernetesFailure(lookupError)) return { kind: 'stop', end: { kind: 'broken', error: lookupError } };
      return this.retry(lookupError);
    }
    if (!pod) return this.left(`pod ${name} was deleted`);
    if (pod.metadata?.deletionTimestamp) return this.left(`pod ${name} is terminating`);
    const phase = pod.status?.phase;
    if (phase !== 'Running' && phase !== 'Pending') return this.left(`pod ${name} is ${phase}`);
    const restarts = restartCountOf(pod, this.replica.container);
    if (restarts > this.restartCount) {
      this.restartCount = restarts;
      this.failures = 0;
      const exit = lastExitOf(pod, this.replica.container);
      const after = exit ? ` after ${describeExit(exit)}` : '';
      const message = `container ${this.replica.container} restarted (restart ${restarts})${after}; following the new one`;
      return { kind: 'reattach', event: replicaEvent(this.replica.id, ReplicaEvent_Kind.RESTARTED, message, exit) };
    }
    return this.retry(error ?? unavailable(`the log stream of pod ${name} ended while its container runs`));
  }

  private retry(failure: AppLogsError): Next {
    this.failures += 1;
    if (this.failures > this.deps.retry.maxAttempts) {
      const message = `gave up after ${this.deps.retry.maxAttempts} retries: ${failure.message}`;
      return {
        kind: 'stop',
        end: { kind: 'failed', error: new AppLogsError(failure.code, `replica ${this.replica.pod}: ${message}`) },
        event: replicaEvent(this.replica.id, ReplicaEvent_Kind.FAILED, message),
      };
    }
    const delayMs = retryDelayMs(this.deps.retry, this.failures);
    const message = `${failure.message}; retry ${this.failures} of ${this.deps.retry.maxAttempts} in ${delayMs} ms`;
    return { kind: 'retry', delayMs, event: replicaEvent(this.replica.id, ReplicaEvent_Kind.RETRYING, message) };
  }

  private left(reason: string): Next {
    return { kind: 'stop', end: { kind: 'ended' }, event: replicaEvent(this.replica.id, ReplicaEvent_Kind.LEFT, reason) };
  }
}
