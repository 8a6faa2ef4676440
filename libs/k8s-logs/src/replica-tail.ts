import type { Demand } from '@applogs/flow-control';
import type { Timestamp } from '@applogs/proto';
import { concat, defer, mergeMap, type Observable } from 'rxjs';
import type { LineFilter } from './line-filter';
import { LogLinesEncoder, sinceTimeOf, type LogCursor } from './log-lines-encoder';
import type { PodLogSource } from './pod-log-source';
import type { Replica } from './replica';

/**
 * Where a tail starts: at the last `tailLines` lines and/or at `since` (neither: the whole log, for a replica
 * that joined), or right after a cursor, resuming.
 */
export type TailStart = { tailLines?: number; since?: Timestamp } | { after: LogCursor };

/**
 * One attempt at tailing a replica: one log request for its container, whose body is cut into lines and
 * encoded as TailLogsResponse messages of LogLines with at most 100 lines each. Every chunk the upstream
 * delivers is flushed at once (as one message, or a few when they would be too large), so lines are never held
 * back waiting for a batch to fill. Cold: subscribing
 * opens the request, unsubscribing aborts it. It completes when Kubernetes ends the body and fails when the
 * stream breaks; `cursor()` then says where the lines sent so far end, for the next attempt to resume from
 * (ReplicaFollower decides whether there is one). Reading pauses while `demand` is not ready.
 */
export class ReplicaTail {
  private encoder: LogLinesEncoder | undefined;

  constructor(
    private readonly source: PodLogSource,
    private readonly replica: Replica,
    private readonly start: TailStart,
    private readonly filter: LineFilter = {},
  ) {}

  lines(demand: Demand): Observable<Buffer> {
    return defer(() => {
      const resumeFrom = 'after' in this.start ? this.start.after : undefined;
      const encoder = new LogLinesEncoder(this.replica.id, this.replica.shortName, resumeFrom, this.filter);
      this.encoder = encoder;
      return concat(
        this.source.chunks(this.query(), demand).pipe(mergeMap((chunk) => encoder.push(chunk))),
        defer(() => encoder.flush()),
      );
    });
  }

  /** Where the lines sent end (the start's cursor if none was sent yet). */
  cursor(): LogCursor | undefined {
    return this.encoder?.cursor ?? ('after' in this.start ? this.start.after : undefined);
  }

  private query() {
    const { namespace, pod, container, follow, previous } = this.replica;
    const query = { namespace, pod, container, follow, ...(previous && { previous }) };
    if ('after' in this.start) return { ...query, sinceTime: sinceTimeOf(this.start.after.seconds) };
    const { tailLines, since } = this.start;
    return {
      ...query,
      ...(tailLines !== undefined && { tailLines }),
      ...(since !== undefined && { sinceTime: sinceTimeOf(since.seconds) }),
    };
  }
}
