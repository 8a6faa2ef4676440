import { readWithDemand, type Demand } from '@applogs/flow-control';
import type { Timestamp } from '@applogs/proto';
import type { KubeConfig } from '@kubernetes/client-node';
import * as http from 'node:http';
import * as https from 'node:https';
import { Observable, type Subscriber } from 'rxjs';
import type { ApiAgent } from './api-agent';
import { AppLogsError, kubernetesFailure, NoAnswerError, unavailable } from './errors';
import { statusMessage } from './kube-api';
import { LogProgress, lineTime } from './log-progress';
import type { PodLogQuery, PodLogSource } from './pod-log-source';
import { SilenceWatch, type SilenceVerdict } from './silence-watch';

const MAX_ERROR_BODY = 64 * 1024;
/** A probe needs its line's timestamp only; `limitBytes` spares us a long last line. */
const PROBE_BYTES = 64;

export interface KubePodLogSourceOptions {
  /** A followed request that delivers nothing this long (while we read) gets its log probed; 0: never. */
  stallTimeoutMs?: number;
  /** A probe with no answer this long has failed (and the stream is broken). */
  probeTimeoutMs?: number;
  /** Told when a log request opens and closes (for the open-streams metric). */
  requests?: { opened(): void; closed(): void };
}

/**
 * Pod logs straight from the API server's `pods/{name}/log` endpoint, using client-node for the cluster
 * address, TLS material and credentials. We do not use client-node's `Log` class: it hands the body to a
 * Writable that is neither ended on abort nor told when the socket dies, so a broken upstream would hang the
 * call for ever. Here every way a response can end (EOF, HTTP error, reset, abort) ends the Observable, and a
 * followed request that falls silent is judged by a SilenceWatch (quiet app, or broken path).
 *
 * The request has no timeout of its own and ignores the caller's deadline: it lives exactly as long as the
 * subscription, and unsubscribing aborts it.
 */
export class KubePodLogSource implements PodLogSource {
  private readonly stallTimeoutMs: number;
  private readonly probeTimeoutMs: number;
  private readonly requests: { opened(): void; closed(): void };

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly apiAgent: ApiAgent,
    options: KubePodLogSourceOptions = {},
  ) {
    this.stallTimeoutMs = options.stallTimeoutMs ?? 0;
    this.probeTimeoutMs = Math.min(options.probeTimeoutMs ?? 10_000, this.stallTimeoutMs || Number.POSITIVE_INFINITY);
    this.requests = options.requests ?? { opened: () => undefined, closed: () => undefined };
  }

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
    let request: http.ClientRequest | undefined;
    const silence = new SilenceWatch(
      { silenceMs: query.follow ? this.stallTimeoutMs : 0, probeMs: this.probeTimeoutMs },
      new LogProgress(query),
      (probeSignal) => this.lastLineTime(query, probeSignal),
      (verdict) => request?.destroy(silenceError(query, verdict)),
    );
    request = await this.send(podLogUrl(this.server(), query), signal, (response) => relayResponse(response, query, demand, subscriber, silence));
    if (!request) return;
    silence.start();
    request.once('close', () => silence.stop());
    request.on('error', (error) => {
      if (!signal.aborted) subscriber.error(asBroken(query, error));
    });
  }

  /** The time of the log's last line, asked for on its own (not followed): what a silent stream is judged by. */
  private async lastLineTime(query: PodLogQuery, signal: AbortSignal): Promise<Timestamp | undefined> {
    const url = podLogUrl(this.server(), { ...query, follow: false, tailLines: 1, sinceTime: undefined });
    url.searchParams.set('limitBytes', String(PROBE_BYTES));
    const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
      this.send(url, signal, resolve).then((request) => (request ? request.on('error', reject) : reject(new Error('aborted'))), reject);
    });
    const body = await readBody(response, MAX_ERROR_BODY);
    const status = response.statusCode ?? 0;
    if (status !== 200 && status !== 204) throw kubernetesFailure(status, `read the log of pod ${query.pod}`, statusMessage(body.toString('utf8')));
    if (!response.complete) throw new Error('the connection closed before the answer ended');
    return lineTime(body);
  }

  /** A GET with the cluster's credentials over our kept-alive agent; undefined when `signal` aborted first. */
  private async send(url: URL, signal: AbortSignal, onResponse: (response: http.IncomingMessage) => void): Promise<http.ClientRequest | undefined> {
    const options: https.RequestOptions = { method: 'GET', headers: { Accept: 'text/plain' } };
    await this.kubeConfig.applyToHTTPSOptions(options);
    if (signal.aborted) return undefined;
    options.agent = this.apiAgent.reuse(options.agent as http.Agent);
    const transport = url.protocol === 'https:' ? https : http;
    const request = transport.request(url, { ...options, signal }, onResponse);
    this.requests.opened();
    request.once('close', () => this.requests.closed());
    request.end();
    return request;
  }

  private server(): string {
    const server = this.kubeConfig.getCurrentCluster()?.server;
    if (!server) throw new Error('the kubeconfig has no current cluster');
    return server;
  }
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
  if (query.previous) url.searchParams.set('previous', 'true');
  return url;
}

function relayResponse(response: http.IncomingMessage, query: PodLogQuery, demand: Demand, subscriber: Subscriber<Buffer>, silence: SilenceWatch): void {
  const status = response.statusCode ?? 0;
  if (status !== 200 && status !== 204) {
    silence.stop();
    relayError(response, query, subscriber);
    return;
  }
  // While we hold the stream back for a slow caller, silence is ours, not a stall.
  const watchedDemand: Demand = {
    get ready() {
      return demand.ready;
    },
    whenReady(resume) {
      silence.pause();
      demand.whenReady(() => {
        silence.resume();
        resume();
      });
    },
  };
  readWithDemand<Buffer>(response, watchedDemand, (chunk) => {
    silence.heard(chunk);
    subscriber.next(chunk);
  });
  response.on('close', () => silence.stop());
  response.on('end', () => subscriber.complete());
  // 'close' without a complete body: the connection was reset, judged broken, or the server went away mid-stream.
  let failure: Error = new Error('the connection closed before the log ended');
  response.on('error', (error) => (failure = error));
  response.on('close', () => {
    if (!response.complete) subscriber.error(asBroken(query, failure));
  });
}

function relayError(response: http.IncomingMessage, query: PodLogQuery, subscriber: Subscriber<Buffer>): void {
  void readBody(response, MAX_ERROR_BODY).then((body) => {
    const detail = statusMessage(body.toString('utf8'));
    subscriber.error(kubernetesFailure(response.statusCode ?? 0, `read the log of pod ${query.pod}`, detail));
  });
}

/** A short body, at most `limit` bytes of it kept, once the response has closed, however it closed. */
function readBody(response: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      if (size < limit) parts.push(chunk);
      size += chunk.length;
    });
    response.on('error', () => undefined);
    response.on('close', () => resolve(Buffer.concat(parts)));
  });
}

function silenceError(query: PodLogQuery, verdict: Extract<SilenceVerdict, { kind: 'broken' }>): AppLogsError {
  const message = `the log stream of pod ${query.pod} broke: ${verdict.reason}`;
  return verdict.noAnswer ? new NoAnswerError(message) : unavailable(message);
}

/** Our own verdicts pass as they are; anything else the socket says is a broken stream. */
function asBroken(query: PodLogQuery, error: Error): AppLogsError {
  return error instanceof AppLogsError ? error : unavailable(`the log stream of pod ${query.pod} broke: ${error.message}`);
}
