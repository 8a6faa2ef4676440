import type { ResumableTail, TailNotice } from '@applogs/client';
import { AppLogsService, Code, type TailLogsResponse } from '@applogs/proto';
import { ConnectError, createClient, type Transport } from '@connectrpc/connect';
import { createConnectTransport, createGrpcWebTransport } from '@connectrpc/connect-web';
import type { Protocol } from './url-state';

/** What the connection is doing, for the status line. */
export type ConnectionState =
  | { kind: 'connecting' }
  | { kind: 'streaming' }
  | { kind: 'reconnecting'; at: number; status: string; details: string; started: boolean }
  | { kind: 'failed'; code: Code; message: string }
  | { kind: 'ended' };

export interface TailListener {
  state(state: ConnectionState): void;
  /** A response, after the notices the tail has about it (the first replica list, a reconnect, missed changes). */
  response(response: TailLogsResponse, notices: TailNotice[]): void;
}

/** The control plane's public port is this page's origin: Connect (binary) by default, gRPC-Web if the link asks. */
export function pageTransport(protocol: Protocol = 'connect'): Transport {
  const options = { baseUrl: location.origin, useBinaryFormat: true };
  return protocol === 'grpc-web' ? createGrpcWebTransport(options) : createConnectTransport(options);
}

/**
 * Runs a tail in the page: one TailLogs call after another, as ResumableTail decides (the CLI's rule: resume from
 * the last line per replica, jittered backoff, give up on what would fail again). Returns `stop`, which aborts the
 * call or the wait and ends the loop.
 */
export function runTail(tail: ResumableTail, transport: Transport, token: string | undefined, listener: TailListener): () => void {
  const controller = new AbortController();
  const { signal } = controller;
  const client = createClient(AppLogsService, transport);
  const headers: HeadersInit = token ? { authorization: `Bearer ${token}` } : {};

  const loop = async () => {
    while (!signal.aborted) {
      listener.state({ kind: 'connecting' });
      let code = Code.OK;
      let details = '';
      try {
        let first = true;
        for await (const response of client.tailLogs(tail.request(), { signal, headers })) {
          if (first) listener.state({ kind: 'streaming' });
          first = false;
          listener.response(response, tail.received(response));
        }
      } catch (error) {
        if (signal.aborted) return;
        const failure = ConnectError.from(error);
        // connect-es' codes are gRPC's numbers.
        [code, details] = [failure.code as number as Code, failure.rawMessage];
      }
      const after = tail.ended(code, details);
      if (after.next === 'done') return listener.state({ kind: 'ended' });
      if (after.next === 'fail') return listener.state({ kind: 'failed', code, message: after.message });
      listener.state({ kind: 'reconnecting', at: Date.now() + after.delayMs, status: after.status, details: after.details, started: after.started });
      await abortableDelay(after.delayMs, signal);
    }
  };
  loop().catch((error: unknown) => listener.state({ kind: 'failed', code: Code.INTERNAL, message: String(error) }));
  return () => controller.abort();
}

function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
