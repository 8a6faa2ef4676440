import {
  BATCHES_TAG,
  fromBinary,
  TailLogsResponseSchema,
  targetAppId,
  type EncodedTailLogsResponse,
  type TailLogsRequest,
  type TailLogsResponse,
} from '@applogs/proto';
import { status, type Metadata } from '@grpc/grpc-js';
import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Logger } from 'pino';
import { defer, finalize, tap, type Observable } from 'rxjs';
import { grpcStatusOf } from './grpc-status.filter';
import { CALLER_METADATA } from './caller-metadata';
import { APPLOGS_LOGGER } from './logger';
import { AppLogsMetrics } from './metrics';

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
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const target = targetOf(context.switchToRpc().getData<TailLogsRequest>());
    // Set by the control plane once it has authenticated the caller, after this runs: read at the end.
    const metadata = context.switchToRpc().getContext<Metadata | undefined>();
    const caller = () => (metadata?.get?.(CALLER_METADATA)[0] as string | undefined) ?? undefined;
    return defer(() => {
      const started = performance.now();
      const counts = { replicas: 0, lines: 0, bytes: 0, messages: 0 };
      let firstLine = false;
      let code = status.CANCELLED;
      this.metrics.streamsActive.inc();
      this.logger.info({ event: 'stream_start', target }, 'stream start');
      const onMessage = (message: TailLogsResponse | EncodedTailLogsResponse) => {
        counts.messages += 1;
        this.metrics.messagesSent.inc();
        if (!Buffer.isBuffer(message)) {
          if (message.resp.case === 'replicas') counts.replicas = Math.max(counts.replicas, message.resp.value.replicas.length);
          return;
        }
        if (message[0] === BATCHES_TAG) {
          counts.bytes += message.length;
          this.metrics.bytesSent.inc(message.length);
          if (message.lineCount) {
            counts.lines += message.lineCount;
            this.metrics.linesSent.inc(message.lineCount);
          }
          if (!firstLine) {
            firstLine = true;
            this.metrics.timeToFirstLine.observe((performance.now() - started) / 1000);
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
          this.metrics.streamsActive.dec();
          this.ended(target, caller(), counts, Math.round(performance.now() - started), code);
        }),
      );
    });
  }

  /** A call refused before any interceptor ran: a stream that starts and ends at once, with `code`. */
  recordRefused(context: ExecutionContext, code: status): void {
    const target = targetOf(context.switchToRpc().getData<TailLogsRequest>());
    const caller = context.switchToRpc().getContext<Metadata | undefined>()?.get?.(CALLER_METADATA)[0] as string | undefined;
    this.logger.info({ event: 'stream_start', target }, 'stream start');
    this.ended(target, caller, { replicas: 0, lines: 0, bytes: 0, messages: 0 }, 0, code);
  }

  private ended(target: Record<string, string>, caller: string | undefined, counts: Record<string, number>, durationMs: number, code: status): void {
    this.metrics.streams.inc({ code: status[code] });
    this.logger.info({ event: 'stream_end', target, caller, ...counts, durationMs, code: status[code] }, 'stream end');
  }
}
