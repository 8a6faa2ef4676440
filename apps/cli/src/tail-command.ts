import {
  DEFAULT_RECONNECT_POLICY,
  ResumeCursor,
  isRetryable,
  parseDurationNanos,
  reconnectDelay,
  tailLogsRequest,
  type ReconnectPolicy,
  type TailOptions,
} from '@applogs/client';
import type { AppLogsStub } from '@applogs/client-grpc';
import { Code, type LogLinesBatch, type TailLogsRequest, type TailLogsResponse, type Timestamp } from '@applogs/proto';
import type { ClientReadableStream, StatusObject } from '@grpc/grpc-js';
import type { TailCommandLine } from './cli-args';
import type { OutputFormatter } from './output';

/** Where output goes: process.stdout/stderr, or a fake in tests. */
export interface OutputStream {
  write(chunk: string): boolean;
  once(event: 'drain', listener: () => void): unknown;
}

export interface TailDependencies {
  client: Pick<AppLogsStub, 'TailLogs'>;
  stdout: OutputStream;
  stderr: OutputStream;
  formatter: OutputFormatter;
  policy?: ReconnectPolicy;
  now?: () => number;
  random?: () => number;
}

/** How a call ended: the status grpc-js reports, as a google.rpc.Code. */
interface EndStatus {
  code: Code;
  details: string;
}

const endStatus = ({ code, details }: { code: number; details: string }): EndStatus => ({ code, details });

/**
 * `applogs tail`: one TailLogs call after another until one ends for good.
 *
 * Lines go to stdout through the ResumeCursor, so a call made again after a break (resumed from the earliest
 * last line printed per replica, or with the user's request when a replica printed nothing) prints nothing twice. Output is written one chunk per batch; when stdout
 * cannot keep up the call is paused, which lets HTTP/2 flow control hold back the server instead of
 * buffering here.
 */
export class TailCommand {
  private readonly cursor = new ResumeCursor();
  private readonly policy: ReconnectPolicy;
  private readonly now: () => number;
  private readonly random: () => number;
  private call: ClientReadableStream<TailLogsResponse> | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** since_time of the next call; undefined: the request as the user asked it. */
  private resumeFrom: Timestamp | undefined;
  /** Reconnects since the last message, for the backoff. */
  private attempt = 0;
  private lastMessageAt: number;
  /** When the first call was made: a `since` window asked for again starts where that call's did. */
  private firstCallAt: number | undefined;
  private everStarted = false;
  /** The next call resumes a broken one: announce it, and compare its replica list with the last one. */
  private resuming = false;
  private replicas: Set<string> | undefined;
  private waitingForDrain = false;
  private stopped = false;
  private settle: (code: number) => void = () => undefined;

  constructor(
    private readonly options: TailCommandLine,
    private readonly io: TailDependencies,
  ) {
    this.policy = io.policy ?? DEFAULT_RECONNECT_POLICY;
    this.now = io.now ?? Date.now;
    this.random = io.random ?? Math.random;
    this.lastMessageAt = this.now();
  }

  /** Runs to the end; resolves with the exit status. */
  run(): Promise<number> {
    return new Promise((resolve) => {
      this.settle = (code) => {
        this.stopped = true;
        clearTimeout(this.timer);
        this.settle = () => undefined;
        resolve(code);
      };
      this.connect();
    });
  }

  /** Ctrl-C, or nobody reads stdout any more: cancel the call and end with `code`. */
  stop(code: number): void {
    if (this.stopped) return;
    this.stopped = true;
    this.call?.cancel();
    this.settle(code);
  }

  /**
   * The request for the next call: the user's, or, resumed, every line since the earliest last line printed.
   * The cursor says to repeat the user's request when nothing was printed, or when a replica printed nothing
   * (asked from the others' time, its earlier lines would be lost); either way it drops what was printed already.
   */
  request(): TailLogsRequest {
    const { target, request } = this.options;
    if (!this.resumeFrom) return tailLogsRequest(target, this.sameWindow(request));
    return tailLogsRequest(target, { ...request, tailLines: undefined, since: undefined, sinceTime: this.resumeFrom });
  }

  /** `--since 5m` asked again a minute later means 6m: the window starts where the first call's did. */
  private sameWindow(request: TailOptions): TailOptions {
    if (request.since === undefined || this.firstCallAt === undefined) return request;
    const sinceMs = typeof request.since === 'number' ? request.since : Number((parseDurationNanos(request.since) + 999_999n) / 1_000_000n);
    return { ...request, since: sinceMs + (this.now() - this.firstCallAt) };
  }

  private connect(): void {
    const call = this.io.client.TailLogs(this.request());
    this.firstCallAt ??= this.now();
    this.call = call;
    let ended: EndStatus | undefined;
    call.on('data', (response: TailLogsResponse) => {
      if (this.call !== call || this.stopped) return;
      this.onMessage(call, response);
    });
    // grpc-js ends the stream (push(null)) and then emits 'error' for a status other than OK. 'end' comes only
    // once every message buffered before the status was delivered, so the status is acted on there.
    call.on('error', (error: StatusObject) => (ended ??= endStatus(error)));
    call.on('status', (status: StatusObject) => (ended ??= endStatus(status)));
    call.on('end', () => {
      if (this.call === call && !this.stopped) this.onEnd(ended ?? { code: Code.OK, details: '' });
    });
    if (this.waitingForDrain) call.pause();
  }

  private onMessage(call: ClientReadableStream<TailLogsResponse>, response: TailLogsResponse): void {
    this.lastMessageAt = this.now();
    this.attempt = 0;
    this.everStarted = true;
    const { resp } = response;
    if (this.resuming) {
      this.resuming = false;
      this.io.stderr.write(this.io.formatter.reconnected());
      this.onReplicaList(resp.case === 'replicas' ? resp.value.replicas.map((id) => id.name) : undefined, true);
    } else if (resp.case === 'replicas') {
      this.onReplicaList(
        resp.value.replicas.map((id) => id.name),
        false,
      );
    }
    if (resp.case === 'batches') this.print(call, resp.value);
    if (resp.case === 'replicaEvent') this.io.stderr.write(this.io.formatter.event(resp.value));
  }

  /** Shows the first list; after a reconnect, who came or went meanwhile (no event told us). */
  private onReplicaList(pods: string[] | undefined, afterReconnect: boolean): void {
    if (!pods) return;
    this.cursor.listed(pods);
    const { formatter } = this.io;
    if (!this.replicas) {
      this.io.stderr.write(formatter.replicas(pods));
    } else if (afterReconnect) {
      const now = new Set(pods);
      let changes = '';
      for (const pod of pods) if (!this.replicas.has(pod)) changes += formatter.missedChange(pod, true);
      for (const pod of this.replicas) if (!now.has(pod)) changes += formatter.missedChange(pod, false);
      if (changes) this.io.stderr.write(changes);
    }
    this.replicas = new Set(pods);
  }

  private print(call: ClientReadableStream<TailLogsResponse>, batch: LogLinesBatch): void {
    let chunk = '';
    for (const logs of batch.logs) {
      const pod = logs.replicaId?.name ?? '';
      for (const line of logs.structuredLines) {
        if (this.cursor.accept(pod, line.timestamp, line.message)) chunk += this.io.formatter.line(pod, line);
      }
    }
    if (chunk === '' || this.io.stdout.write(chunk) || this.waitingForDrain) return;
    // stdout is full (a slow terminal, a pipe to a pager): stop reading until it drains.
    this.waitingForDrain = true;
    call.pause();
    this.io.stdout.once('drain', () => {
      this.waitingForDrain = false;
      if (!this.stopped) this.call?.resume();
    });
  }

  private onEnd(status: EndStatus): void {
    const { code, details } = status;
    if (code === Code.OK) return this.settle(0);
    const name = Code[code] ?? String(code);
    // Not cancelled by us: a call we cancel ends in stop(), and its end is ignored.
    if (!isRetryable(code, details, false)) return this.fail(`${name}: ${details}`);
    const silentFor = this.now() - this.lastMessageAt;
    if (silentFor >= this.policy.giveUpMs) {
      return this.fail(`${name}: ${details} (gave up reconnecting after ${Math.round(silentFor / 1000)} s without a message)`);
    }
    const delay = reconnectDelay(this.attempt++, this.policy, this.random);
    // Nothing printed yet: the user's request again, as it was.
    this.resumeFrom = this.cursor.resume();
    this.resuming = this.everStarted;
    this.io.stderr.write(this.io.formatter.reconnecting(name, details, delay, this.everStarted));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.stopped) this.connect();
    }, delay);
  }

  private fail(message: string): void {
    this.io.stderr.write(`applogs: ${message}\n`);
    this.settle(1);
  }
}
