/** What grpc-js's server call (a ServerWritableStream) says about its own end. */
export interface EndingCall {
  readonly cancelled: boolean;
  /** Writable's: destroy() was called (a cancel, or the end of a call that finished). */
  readonly destroyed: boolean;
  once(event: 'close' | 'cancelled', listener: () => void): unknown;
  off(event: 'close' | 'cancelled', listener: () => void): unknown;
}

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
