import { type DescMessage, type Message } from '@bufbuild/protobuf';
import { Code, ConnectError, type HandlerContext } from '@connectrpc/connect';
import { Metadata } from '@grpc/grpc-js';
import type { Observable, Subscription } from 'rxjs';
import { BridgedCall } from './bridged-call';
import { relayedResponse } from './relayed-response';

/** Headers a caller may not set for a handler: HTTP/2 pseudo-headers and the protocols' own. */
const TRANSPORT_HEADERS = /^(:|connect-|grpc-|content-|accept-encoding$|te$|host$|connection$|user-agent$)/;

/** A Nest handler as the transport calls it: the request, its metadata and the call; its stream of responses. */
export type StreamHandler = (request: Message, metadata: Metadata, call: BridgedCall) => Promise<Observable<unknown>>;

/**
 * A server-streaming method served by a Nest handler (a `@GrpcMethod` whose guards, interceptors, pipes and
 * filters Nest has already wrapped around it), for any of Connect's protocols. The handler is called as Nest's
 * gRPC transport calls it: the request, grpc-js Metadata of the request headers, and a call (BridgedCall) that
 * reports the caller's cancel and paces the handler by what the caller takes. A response the handler hands over
 * encoded (a Buffer) is relayed as bytes (relayedResponse); an error is the status the handler's exception
 * filter made of it.
 */
export function serveStreaming(handler: StreamHandler, output: DescMessage) {
  return async function* (request: Message, context: HandlerContext): AsyncGenerator<Message> {
    const json = /[+/]json\b/.test(context.requestHeader.get('content-type') ?? '');
    const call = new BridgedCall();
    const responses = new ResponseQueue(call);
    let subscription: Subscription | undefined;
    // The caller went away or its deadline passed. As Nest's gRPC transport does, unsubscribe first, so the
    // stream ends as cancelled (not completed, which the handler's own untilCancelled would make of it); then
    // tell the handler, and end the wait for the next response with the reason, which Connect then reports.
    const abort = () => {
      subscription?.unsubscribe();
      call.cancel();
      responses.error(abortError(context.signal));
    };
    context.signal.addEventListener('abort', abort);
    try {
      const stream = await handler(request, metadataOf(context.requestHeader), call);
      if (context.signal.aborted) throw abortError(context.signal);
      subscription = stream.subscribe(responses);
      for await (const value of responses) {
        yield Buffer.isBuffer(value) ? relayedResponse(output, value, json) : (value as Message);
      }
    } catch (error) {
      throw connectError(error);
    } finally {
      context.signal.removeEventListener('abort', abort);
      subscription?.unsubscribe();
      call.cancel();
    }
  };
}

/** The request headers as the grpc-js Metadata Nest's gRPC handlers read (`authorization`, our own keys). */
function metadataOf(headers: Headers): Metadata {
  const metadata = new Metadata();
  headers.forEach((value, key) => {
    if (!TRANSPORT_HEADERS.test(key) && !key.endsWith('-bin')) metadata.add(key, value);
  });
  return metadata;
}

/** Why the call's signal aborted: Connect's reason when it is one (a deadline), else the caller's cancel. */
function abortError(signal: AbortSignal): ConnectError {
  return ConnectError.from(signal.reason, Code.Canceled);
}

/** A status the exception filter made (`{ code, message }`), or any error, as Connect's error. */
function connectError(error: unknown): ConnectError {
  if (error instanceof ConnectError) return error;
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'number' && code > 0 && code <= 16 && typeof message === 'string') return new ConnectError(message, code as Code);
  return new ConnectError('internal error in applogs; the server log has the details', Code.Internal);
}

/**
 * The responses of one call between the handler's Observable and Connect's writes: at most one waits, and the
 * call is full while one does, so the handler's producers pause until Connect has taken it.
 */
class ResponseQueue implements AsyncIterable<unknown> {
  private readonly waiting: unknown[] = [];
  private end: { error?: unknown } | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly call: BridgedCall) {}

  next(value: unknown): void {
    this.waiting.push(value);
    this.call.full(true);
    this.wake?.();
  }

  error(error: unknown): void {
    this.end = { error };
    this.wake?.();
  }

  complete(): void {
    this.end = {};
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<unknown> {
    for (;;) {
      if (this.waiting.length > 0) {
        const value = this.waiting.shift();
        this.call.full(this.waiting.length > 0);
        yield value;
      } else if (this.end) {
        if (this.end.error !== undefined) throw this.end.error;
        return;
      } else {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
      }
    }
  }
}
