import { ResumableTail, type ReconnectPolicy, type TailNotice } from '@applogs/client';
import type { AppLogsStub } from '@applogs/client-grpc';
import { Code, type LogLinesBatch, type TailLogsResponse } from '@applogs/proto';
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
 * `applogs tail`: one TailLogs call after another until one ends for good (ResumableTail decides).
 *
 * Lines go to stdout through the tail's ResumeCursor, so a call made again after a break (resumed from the
 * earliest last line printed per replica, or with the user's request when a replica printed nothing) prints
 * nothing twice. Output is written one chunk per batch; when
 * stdout cannot keep up the call is paused, which lets HTTP/2 flow control hold back the server instead of
 * buffering here.
 */
export class TailCommand {
  private readonly tail: ResumableTail;
  private call: ClientReadableStream<TailLogsResponse> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private waitingForDrain = false;
  private stopped = false;
  private settle: (code: number) => void = () => undefined;

  constructor(
    options: TailCommandLine,
    private readonly io: TailDependencies,
  ) {
    this.tail = new ResumableTail(options.target, options.request, io);
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

  private connect(): void {
    const call = this.io.client.TailLogs(this.tail.request());
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
    const notices = this.tail.received(response).map((notice) => this.notice(notice));
    if (notices.length > 0) this.io.stderr.write(notices.join(''));
    const { resp } = response;
    if (resp.case === 'batches') this.print(call, resp.value);
    if (resp.case === 'replicaEvent') this.io.stderr.write(this.io.formatter.event(resp.value));
  }

  private notice(notice: TailNotice): string {
    const { formatter } = this.io;
    switch (notice.kind) {
      case 'replicas':
        return formatter.replicas(notice.pods);
      case 'reconnected':
        return formatter.reconnected();
      case 'missed':
        return formatter.missedChange(notice.pod, notice.joined);
    }
  }

  private print(call: ClientReadableStream<TailLogsResponse>, batch: LogLinesBatch): void {
    let chunk = '';
    for (const logs of batch.logs) {
      const pod = logs.replicaId?.name ?? '';
      for (const line of logs.structuredLines) {
        if (this.tail.cursor.accept(pod, line.timestamp, line.message)) chunk += this.io.formatter.line(pod, line);
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

  /** Not cancelled by us: a call we cancel ends in stop(), and its end is ignored. */
  private onEnd({ code, details }: EndStatus): void {
    const after = this.tail.ended(code, details);
    switch (after.next) {
      case 'done':
        return this.settle(0);
      case 'fail':
        this.io.stderr.write(`applogs: ${after.message}\n`);
        return this.settle(1);
      case 'reconnect':
        this.io.stderr.write(this.io.formatter.reconnecting(after.status, after.details, after.delayMs, after.started));
        this.timer = setTimeout(() => {
          this.timer = undefined;
          if (!this.stopped) this.connect();
        }, after.delayMs);
    }
  }
}
