import { AppLogsMetrics, StreamTelemetryInterceptor, callerOf, whenCallEnds, type EndingCall } from '@applogs/service-kit';
import { status } from '@grpc/grpc-js';
import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { StreamSlots, type SlotRefusal } from './stream-slots';

/**
 * At most `limit` TailLogs streams at once, and `perCallerLimit` per caller (the name the control plane
 * forwards); the next call fails at once with RESOURCE_EXHAUSTED saying which limit was hit (refused, never
 * queued: a follow stream may never end). The slot is taken before the handler runs and given back when the
 * call ends on the transport (whenCallEnds): not when an Observable ends, which a call cancelled before Nest
 * subscribed never reaches. Refused calls are recorded by the stream telemetry, which runs only after guards.
 */
@Injectable()
export class StreamLimitGuard implements CanActivate {
  constructor(
    private readonly slots: StreamSlots,
    private readonly metrics: AppLogsMetrics,
    private readonly telemetry: StreamTelemetryInterceptor,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const caller = callerOf(context) ?? '';
    // Nest's gRPC transport hands a handler (request, metadata, call): the grpc-js call is the third.
    const call = context.getArgByIndex<EndingCall | undefined>(2);
    if (!call) throw new Error('StreamLimitGuard serves grpc-js calls only: the handler got no call to tie the slot to');
    const refused = this.slots.tryAcquire(caller);
    if (refused) {
      this.metrics.streamsRejected.inc({ limit: refused });
      this.telemetry.recordRefused(context, status.RESOURCE_EXHAUSTED);
      throw new RpcException({ code: status.RESOURCE_EXHAUSTED, message: this.refusal(refused, caller) });
    }
    whenCallEnds(call, () => this.slots.release(caller));
    return true;
  }

  private refusal(limit: SlotRefusal, caller: string): string {
    return limit === 'global'
      ? `too many concurrent log streams: this data plane serves at most ${this.slots.limit} at once; retry later`
      : `too many concurrent log streams for ${caller || 'this caller'}: at most ${this.slots.perCallerLimit} per caller (APPLOGS_MAX_STREAMS_PER_CALLER); close one or retry later`;
  }
}
