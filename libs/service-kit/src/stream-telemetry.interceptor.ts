import {
  BATCHES_TAG,
  fromBinary,
  TailLogsResponseSchema,
  targetAppId,
  type EncodedTailLogsResponse,
  type TailLogsRequest,
  type TailLogsResponse,
} from '@applogs/proto';
import { status } from '@grpc/grpc-js';
import { Inject, Injectable, Optional, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Logger } from 'pino';
import { defer, finalize, tap, type Observable } from 'rxjs';
import { grpcStatusOf } from './grpc-status.filter';
import { callerOf } from './caller-metadata';
import { APPLOGS_LOGGER } from './logger';
import { AppLogsMetrics } from './metrics';

/**
 * Labels of a plane's stream metrics and stream log records beyond the call's target, by request: the control
 * plane's `data_plane`. Computed once per call, never per message.
 */
export interface StreamLabels {
  names: readonly string[];
  of(request: TailLogsRequest): Record<string, string>;
}

export const STREAM_LABELS = Symbol('StreamLabels');

/** What a stream record says about the call's target; never a log line. */
function targetOf(request: TailLogsRequest): Record<string, string> {
  const replica = request.target.case === 'replicaId' ? request.target.value : undefined;
  const app = targetAppId(request);
  const target: Record<string, string> = { project: app?.project ?? '', domain: app?.domain ?? '', app: app?.name ?? '' };
  if (replica) target.replica = replica.name;
  return target;
}

/**
 * Metrics and one structured log record at the start and at the end of every TailLogs call: target, replica
 * count (the most tailed at once), lines, bytes, duration and final status code. A call a guard refuses (the
 * data plane's stream limit) never reaches an interceptor: the guard records it with `recordRefused`, so refused
 * calls are counted too. The lines themselves are never logged.
 */
@Injectable()
export class StreamTelemetryInterceptor implements NestInterceptor {
  constructor(
    private readonly metrics: AppLogsMetrics,
    @Inject(APPLOGS_LOGGER) private readonly logger: Logger,
    @Optional() @Inject(STREAM_LABELS) private readonly streamLabels?: StreamLabels | null,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToRpc().getData<TailLogsRequest>();
    const target = targetOf(request);
    const labels = this.labelsOf(request);
    const totals = this.metrics.streamTotals(labels);
    // Set by the control plane once it has authenticated the caller, after this runs: read at the end.
    const caller = () => callerOf(context);
    return defer(() => {
      const started = performance.now();
      const counts = { replicas: 0, lines: 0, bytes: 0, messages: 0 };
      let firstLine = false;
      let code = status.CANCELLED;
      this.metrics.streamsActive.inc(labels);
      this.logger.info({ event: 'stream_start', target, ...labels }, 'stream start');
      const onMessage = (message: TailLogsResponse | EncodedTailLogsResponse) => {
        counts.messages += 1;
        totals.messages += 1;
        if (!Buffer.isBuffer(message)) {
          if (message.resp.case === 'replicas') counts.replicas = Math.max(counts.replicas, message.resp.value.replicas.length);
          return;
        }
        if (message[0] === BATCHES_TAG) {
          counts.bytes += message.length;
          totals.bytes += message.length;
          if (message.lineCount) {
            counts.lines += message.lineCount;
            totals.lines += message.lineCount;
          }
          if (!firstLine) {
            firstLine = true;
            this.metrics.timeToFirstLine.observe(labels, (performance.now() - started) / 1000);
          }
        } else if (message[0] === 0x0a) {
          // A relayed `replicas` message (field 1): rare, so decoding it for the count is cheap.
          const { resp } = fromBinary(TailLogsResponseSchema, message);
          if (resp.case === 'replicas') counts.replicas = Math.max(counts.replicas, resp.value.replicas.length);
        }
      };
      return next.handle().pipe(
        tap({
          next: onMessage,
          complete: () => (code = status.OK),
          error: (error: unknown) => (code = grpcStatusOf(error).code),
        }),
        finalize(() => {
          this.metrics.streamsActive.dec(labels);
          this.ended(target, labels, caller(), counts, Math.round(performance.now() - started), code);
        }),
      );
    });
  }

  /** A call refused before any interceptor ran: a stream that starts and ends at once, with `code`. */
  recordRefused(context: ExecutionContext, code: status): void {
    const request = context.switchToRpc().getData<TailLogsRequest>();
    const target = targetOf(request);
    const labels = this.labelsOf(request);
    const caller = callerOf(context);
    this.logger.info({ event: 'stream_start', target, ...labels }, 'stream start');
    this.ended(target, labels, caller, { replicas: 0, lines: 0, bytes: 0, messages: 0 }, 0, code);
  }

  /** The plane's own labels of this call's stream metrics: none (an empty set, the unlabelled series) without streamLabels. */
  private labelsOf(request: TailLogsRequest): Record<string, string> {
    return this.streamLabels?.of(request) ?? {};
  }

  private ended(
    target: Record<string, string>,
    labels: Record<string, string>,
    caller: string | undefined,
    counts: Record<string, number>,
    durationMs: number,
    code: status,
  ): void {
    this.metrics.streams.inc({ code: status[code], ...labels });
    this.logger.info({ event: 'stream_end', target, ...labels, caller, ...counts, durationMs, code: status[code] }, 'stream end');
  }
}
