import type { StreamingCall } from '@applogs/service-kit';
import { EventEmitter } from 'node:events';

/**
 * What a Nest handler's stream sees of a call carried by Connect: the grpc-js server call's surface that
 * streamForCall uses. `cancelled` (and 'cancelled') when the caller goes away or its deadline passes; full
 * (`writableNeedDrain`) while a response waits to be written, 'drain' when it has been taken. So a handler is
 * paced by a Connect, gRPC-Web or gRPC caller exactly as by a grpc-js one.
 */
export class BridgedCall extends EventEmitter implements StreamingCall {
  cancelled = false;
  writableNeedDrain = false;

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.emit('cancelled');
  }

  /** Whether the responses waiting to be written fill the call now. */
  full(full: boolean): void {
    const wasFull = this.writableNeedDrain;
    this.writableNeedDrain = full;
    if (wasFull && !full) this.emit('drain');
  }
}
