import * as http from 'node:http';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AddressInfo } from 'node:net';
import { splitHostPort } from './env-config';

/** One label set's messages, bytes and lines sent: plain numbers a call adds to per message. */
export interface StreamTotals {
  messages: number;
  bytes: number;
  lines: number;
}

/**
 * The Prometheus metrics of one plane, in a registry of its own (no global state), named after Prometheus'
 * conventions: `applogs_` prefix, base units, `_total` for counters. Every series carries `plane`, and every
 * stream metric the plane's `streamLabels` too (the control plane's `data_plane`).
 */
export class AppLogsMetrics {
  readonly registry = new Registry();
  readonly streamsActive: Gauge;
  readonly streams: Counter;
  readonly streamsRejected: Counter;
  readonly linesSent: Counter;
  readonly bytesSent: Counter;
  readonly messagesSent: Counter;
  readonly upstreamLogStreams: Gauge;
  readonly timeToFirstLine: Histogram;
  /**
   * What the per-message counters count, by label set: a labelled prom-client `inc` costs about 30 times a plain
   * addition (it hashes and validates the labels), too much for every relayed message, so calls add to these and
   * the counters read them when scraped.
   */
  private readonly totals = new Map<string, { labels: Record<string, string>; totals: StreamTotals }>();

  constructor(plane: 'control-plane' | 'data-plane', streamLabels: readonly string[] = []) {
    this.registry.setDefaultLabels({ plane });
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    const labelNames = [...streamLabels];
    this.streamsActive = new Gauge({ name: 'applogs_streams_active', help: 'TailLogs calls open now', labelNames, registers });
    this.streams = new Counter({
      name: 'applogs_streams_total',
      help: 'TailLogs calls ended, by final gRPC status code',
      labelNames: ['code', ...labelNames],
      registers,
    });
    this.streamsRejected = new Counter({
      name: 'applogs_streams_rejected_total',
      help: 'TailLogs calls refused with RESOURCE_EXHAUSTED, by the limit that was hit',
      labelNames: ['limit', ...labelNames],
      registers,
    });
    const totals = this.totals;
    const collectTotal = (field: keyof StreamTotals) =>
      function (this: Counter) {
        this.reset();
        for (const entry of totals.values()) this.inc(entry.labels, entry.totals[field]);
      };
    this.linesSent = new Counter({
      name: 'applogs_lines_sent_total',
      help: 'Log lines sent to callers (data plane)',
      labelNames,
      registers,
      collect: collectTotal('lines'),
    });
    this.bytesSent = new Counter({
      name: 'applogs_bytes_sent_total',
      help: 'Bytes of encoded log-line batches sent to callers',
      labelNames,
      registers,
      collect: collectTotal('bytes'),
    });
    this.messagesSent = new Counter({
      name: 'applogs_messages_sent_total',
      help: 'TailLogs response messages sent to callers',
      labelNames,
      registers,
      collect: collectTotal('messages'),
    });
    this.upstreamLogStreams = new Gauge({
      name: 'applogs_upstream_log_streams',
      help: 'Kubernetes pods/log requests open now (data plane)',
      registers,
    });
    this.timeToFirstLine = new Histogram({
      name: 'applogs_time_to_first_line_seconds',
      help: 'Time from the start of a TailLogs call to its first batch of log lines',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      labelNames,
      registers,
    });
  }

  /** The totals a call with these stream labels adds its messages to: asked once per call, not per message. */
  streamTotals(labels: Record<string, string> = {}): StreamTotals {
    const key = JSON.stringify(labels);
    let entry = this.totals.get(key);
    if (!entry) {
      entry = { labels, totals: { messages: 0, bytes: 0, lines: 0 } };
      this.totals.set(key, entry);
    }
    return entry.totals;
  }
}

/** Serves `GET /metrics` on `address` (host:port); resolves once listening. */
export async function startMetricsServer(address: string, registry: Registry): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found: metrics are at /metrics\n');
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'Content-Type': registry.contentType }).end(text),
      (error: Error) => response.writeHead(500, { 'Content-Type': 'text/plain' }).end(`${error.message}\n`),
    );
  });
  const { host, port } = splitHostPort(address);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}

export function boundPort(server: http.Server): number {
  return (server.address() as AddressInfo).port;
}
