import { status } from '@grpc/grpc-js';
import { AppLogsMetrics } from '@applogs/service-kit';
import { Injectable, type CallHandler, type NestInterceptor } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { defer, finalize, type Observable } from 'rxjs';
import { StreamSlots } from './stream-slots';

/**
 * At most `limit` TailLogs streams at once; the next call fails at once with RESOURCE_EXHAUSTED. The slot is
 * taken when the stream is subscribed and given back in `finalize`, which runs on every way out: completion,
 * error, and the unsubscription Nest performs when the caller cancels or its deadline passes.
 */
@Injectable()
export class StreamLimitInterceptor implements NestInterceptor {
  constructor(
    private readonly slots: StreamSlots,
    private readonly metrics: AppLogsMetrics,
  ) {}

  intercept(_context: unknown, next: CallHandler): Observable<unknown> {
    return defer(() => {
      if (!this.slots.tryAcquire()) {
        this.metrics.streamsRejected.inc({ limit: 'global' });
        throw new RpcException({
          code: status.RESOURCE_EXHAUSTED,
          message: `too many concurrent log streams: this data plane serves at most ${this.slots.limit} at once; retry later`,
        });
      }
      return next.handle().pipe(finalize(() => this.slots.release()));
    });
  }
}
