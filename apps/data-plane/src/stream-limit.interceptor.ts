import { status } from '@grpc/grpc-js';
import { AppLogsMetrics, CALLER_METADATA } from '@applogs/service-kit';
import type { Metadata } from '@grpc/grpc-js';
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { defer, finalize, type Observable } from 'rxjs';
import { StreamSlots } from './stream-slots';

/**
 * At most `limit` TailLogs streams at once, and `perCallerLimit` per caller (the name the control plane
 * forwards); the next call fails at once with RESOURCE_EXHAUSTED saying which limit was hit. The slot is taken
 * when the stream is subscribed and given back in `finalize`, which runs on every way out: completion, error,
 * and the unsubscription Nest performs when the caller cancels or its deadline passes.
 */
@Injectable()
export class StreamLimitInterceptor implements NestInterceptor {
  constructor(
    private readonly slots: StreamSlots,
    private readonly metrics: AppLogsMetrics,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const caller = String(context.switchToRpc().getContext<Metadata | undefined>()?.get?.(CALLER_METADATA)[0] ?? '');
    return defer(() => {
      const refused = this.slots.tryAcquire(caller);
      if (refused) {
        this.metrics.streamsRejected.inc({ limit: refused });
        throw new RpcException({ code: status.RESOURCE_EXHAUSTED, message: this.refusal(refused, caller) });
      }
      return next.handle().pipe(finalize(() => this.slots.release(caller)));
    });
  }

  private refusal(limit: 'global' | 'caller', caller: string): string {
    return limit === 'global'
      ? `too many concurrent log streams: this data plane serves at most ${this.slots.limit} at once; retry later`
      : `too many concurrent log streams for ${caller || 'this caller'}: at most ${this.slots.perCallerLimit} per caller (APPLOGS_MAX_STREAMS_PER_CALLER); close one or retry later`;
  }
}
