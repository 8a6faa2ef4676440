import { Observable, takeUntil, type MonoTypeOperatorFunction } from 'rxjs';
import { UNLIMITED_DEMAND, WritableDemand, type Demand, type DrainingWriter } from '@applogs/flow-control';

/** What grpc-js's server calls offer to tell that the caller has gone. */
export interface CancellableCall {
  readonly cancelled: boolean;
  once(event: 'cancelled', listener: () => void): unknown;
  off(event: 'cancelled', listener: () => void): unknown;
}

/**
 * Ends the stream when the caller cancels, including a cancel that arrived before the handler ran: Nest
 * listens for 'cancelled' only from when it subscribes, so such a call would otherwise hold its upstream
 * streams and its slot for ever.
 */
export function untilCancelled<T>(call: CancellableCall | undefined): MonoTypeOperatorFunction<T> {
  if (!call) return (source) => source;
  const cancelled = new Observable<void>((subscriber) => {
    if (call.cancelled) {
      subscriber.next();
      return undefined;
    }
    const onCancel = () => subscriber.next();
    call.once('cancelled', onCancel);
    return () => call.off('cancelled', onCancel);
  });
  return takeUntil(cancelled);
}

/** A server-streaming call as handlers see it, whichever transport carries it: grpc-js's, or the Connect bridge's. */
export type StreamingCall = CancellableCall & DrainingWriter;

/**
 * A server-streaming handler's stream, tied to its call: paced by the call's flow control and ended when the
 * caller goes away. Nest passes the call as the handler's third argument.
 */
export function streamForCall<T>(call: StreamingCall | undefined, stream: (demand: Demand) => Observable<T>): Observable<T> {
  return stream(call ? new WritableDemand(call) : UNLIMITED_DEMAND).pipe(untilCancelled(call));
}
