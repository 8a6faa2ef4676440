import { readWithDemand, type Demand } from '@applogs/service-kit';
import type { KubeConfig } from '@kubernetes/client-node';
import * as http from 'node:http';
import * as https from 'node:https';
import { Observable, type Subscriber } from 'rxjs';
import { kubernetesFailure, unavailable } from './errors';
import { statusMessage } from './kube-api';
import type { PodLogQuery, PodLogSource } from './pod-log-source';

const MAX_ERROR_BODY = 64 * 1024;

/**
 * Pod logs straight from the API server's `pods/{name}/log` endpoint, using client-node for the cluster
 * address, TLS material and credentials. We do not use client-node's `Log` class: it hands the body to a
 * Writable that is neither ended on abort nor told when the socket dies, so a broken upstream would hang the
 * call for ever. Here every way a response can end (EOF, HTTP error, reset, abort) ends the Observable.
 *
 * The request has no timeout of its own and ignores the caller's deadline: it lives exactly as long as the
 * subscription, and unsubscribing aborts it.
 */
export class KubePodLogSource implements PodLogSource {
  private agent: http.Agent | undefined;

  /**
   * `stallTimeoutMs`: a followed stream that delivers no byte for that long (while we read) is broken.
   * `requests` is told when a log request opens and closes (for the open-streams metric).
   */
  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly stallTimeoutMs = 0,
    private readonly requests: { opened(): void; closed(): void } = { opened: () => undefined, closed: () => undefined },
  ) {}

  chunks(query: PodLogQuery, demand: Demand): Observable<Buffer> {
    return new Observable<Buffer>((subscriber) => {
      const abort = new AbortController();
      this.open(query, demand, abort.signal, subscriber).catch((error: Error) =>
        subscriber.error(unavailable(`cannot open the log of pod ${query.pod}: ${error.message}`)),
      );
      return () => abort.abort();
    });
  }

  private async open(query: PodLogQuery, demand: Demand, signal: AbortSignal, subscriber: Subscriber<Buffer>): Promise<void> {
    const options: https.RequestOptions = { method: 'GET', headers: { Accept: 'text/plain' } };
    await this.kubeConfig.applyToHTTPSOptions(options);
    if (signal.aborted) return;
    // client-node builds a new Agent (with the cluster's TLS material) on every call, which would open a new
    // connection, and TLS handshake, per log request. Keep the first one, with keep-alive on.
    this.agent ??= withKeepAlive(options.agent as http.Agent);
    options.agent = this.agent;
    const url = podLogUrl(this.server(), query);
    const transport = url.protocol === 'https:' ? https : http;
    const request = transport.request(url, { ...options, signal }, (response) =>
      relayResponse(response, query, demand, subscriber, query.follow ? this.stallTimeoutMs : 0),
    );
    this.requests.opened();
    request.once('close', () => this.requests.closed());
    request.on('error', (error) => {
      if (!signal.aborted) subscriber.error(broken(query, error.message));
    });
    request.end();
  }

  private server(): string {
    const server = this.kubeConfig.getCurrentCluster()?.server;
    if (!server) throw new Error('the kubeconfig has no current cluster');
    return server;
  }
}

/** Node's Agent reads `keepAlive` whenever a socket is freed; its type just does not declare the field. */
function withKeepAlive(agent: http.Agent): http.Agent {
  (agent as http.Agent & { keepAlive: boolean }).keepAlive = true;
  return agent;
}

export function podLogUrl(server: string, query: PodLogQuery): URL {
  const path = `/api/v1/namespaces/${encodeURIComponent(query.namespace)}/pods/${encodeURIComponent(query.pod)}/log`;
  const url = new URL(server.replace(/\/+$/, '') + path);
  url.searchParams.set('container', query.container);
  url.searchParams.set('follow', String(query.follow));
  // Always: lines carry their own time, and resuming a broken stream needs it.
  url.searchParams.set('timestamps', 'true');
  if (query.tailLines !== undefined) url.searchParams.set('tailLines', String(query.tailLines));
  if (query.sinceTime !== undefined) url.searchParams.set('sinceTime', query.sinceTime);
  return url;
}

function relayResponse(
  response: http.IncomingMessage,
  query: PodLogQuery,
  demand: Demand,
  subscriber: Subscriber<Buffer>,
  stallTimeoutMs: number,
): void {
  const status = response.statusCode ?? 0;
  if (status !== 200 && status !== 204) {
    relayError(response, query, subscriber);
    return;
  }
  const stall = new StallTimer(stallTimeoutMs, () => response.destroy(new Error(`no bytes for ${stallTimeoutMs} ms`)));
  // While we hold the stream back for a slow caller, silence is ours, not a stall.
  const watchedDemand: Demand = {
    get ready() {
      return demand.ready;
    },
    whenReady(resume) {
      stall.stop();
      demand.whenReady(() => {
        stall.restart();
        resume();
      });
    },
  };
  stall.restart();
  readWithDemand<Buffer>(response, watchedDemand, (chunk) => {
    stall.restart();
    subscriber.next(chunk);
  });
  response.on('close', () => stall.stop());
  response.on('end', () => subscriber.complete());
  // 'close' without a complete body: the connection was reset, stalled, or the server went away mid-stream.
  let failure = 'the connection closed before the log ended';
  response.on('error', (error) => (failure = error.message));
  response.on('close', () => {
    if (!response.complete) subscriber.error(broken(query, failure));
  });
}

function relayError(response: http.IncomingMessage, query: PodLogQuery, subscriber: Subscriber<Buffer>): void {
  const parts: Buffer[] = [];
  let size = 0;
  response.on('data', (chunk: Buffer) => {
    if (size < MAX_ERROR_BODY) parts.push(chunk);
    size += chunk.length;
  });
  response.on('error', () => undefined);
  response.on('close', () => {
    const detail = statusMessage(Buffer.concat(parts).toString('utf8'));
    subscriber.error(kubernetesFailure(response.statusCode ?? 0, `read the log of pod ${query.pod}`, detail));
  });
}

/** Calls `onStall` when `restart` has not been called for `timeoutMs`; 0 disables it. */
class StallTimer {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly timeoutMs: number,
    private readonly onStall: () => void,
  ) {}

  restart(): void {
    if (this.timeoutMs <= 0) return;
    if (this.timer) this.timer.refresh();
    else this.timer = setTimeout(this.onStall, this.timeoutMs);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

function broken(query: PodLogQuery, reason: string) {
  return unavailable(`the log stream of pod ${query.pod} broke: ${reason}`);
}
