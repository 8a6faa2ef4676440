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

/** What grpc-js's server call (a ServerWritableStream) says about its own end, beyond a cancel. */
export type EndingCall = CancellableCall & {
  /** Writable's: destroy() was called (a cancel, or the end of a call that finished). */
  readonly destroyed: boolean;
  once(event: 'close', listener: () => void): unknown;
  off(event: 'close', listener: () => void): unknown;
};

/**
 * Runs `onEnd` once, when the call is over on the transport, however it ends and whether or not a handler ever
 * subscribed to anything. grpc-js ends every server-streaming call the same way: once the status is sent (OK,
 * an error, DEADLINE_EXCEEDED from its own timer) or the caller cancels or its connection drops, it emits
 * 'cancelled' and destroys the stream, which emits 'close' ('finish' and 'error' are followed by 'close' too).
 * 'cancelled' comes first on a cancel; 'close' covers every other way. A call that ended before we looked (a
 * cancel while Nest was still on its way to the handler) ends at once.
 */
export function whenCallEnds(call: EndingCall, onEnd: () => void): void {
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    call.off('close', end);
    call.off('cancelled', end);
    onEnd();
  };
  if (call.cancelled || call.destroyed) return end();
  call.once('close', end);
  call.once('cancelled', end);
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
