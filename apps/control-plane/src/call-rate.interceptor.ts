import type { TailLogsRequest } from '@applogs/proto';
import { CallerCallRate } from '@applogs/relay';
import { AppLogsMetrics, callerOf } from '@applogs/service-kit';
import { status } from '@grpc/grpc-js';
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import type { Observable } from 'rxjs';
import { DataPlaneRouting } from './data-plane-routing';

/**
 * Refuses a caller's call with RESOURCE_EXHAUSTED when it starts calls faster than
 * APPLOGS_MAX_CALL_RATE_PER_CALLER, before the data plane is asked for anything. Runs after CallerAuthInterceptor,
 * which names the caller.
 */
@Injectable()
export class CallRateInterceptor implements NestInterceptor {
  constructor(
    private readonly rate: CallerCallRate,
    private readonly metrics: AppLogsMetrics,
    private readonly routing: DataPlaneRouting,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rpc = context.switchToRpc();
    const caller = callerOf(context) ?? '';
    if (!this.rate.admit(caller)) {
      this.metrics.streamsRejected.inc({ limit: 'call_rate', data_plane: this.routing.nameFor(rpc.getData<TailLogsRequest>()) });
      throw new RpcException({
        code: status.RESOURCE_EXHAUSTED,
        message: `${caller || 'this caller'} starts calls faster than ${this.rate.perSecond} a second (APPLOGS_MAX_CALL_RATE_PER_CALLER); retry in a second`,
      });
    }
    return next.handle();
  }
}
