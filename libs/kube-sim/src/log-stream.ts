import type { ServerResponse } from 'node:http';
import type { ContainerLog, LogReader } from './container-log';
import type { LogOptions } from './log-options';
import type { Gate } from './stall-gate';
import { storedChunk } from './stored-lines';

/** Keeps single writes modest, like the kubelet's copy buffer, so clients see chunked framing on big logs. */
export const MAX_WRITE = 64 * 1024;

/** A sinceTime in the future holds a flood reader back; re-check at least this often. */
const MAX_SINCE_WAIT_MS = 60_000;

export interface LogStreamSetup {
  /** Keep streaming appended lines; false ends at the end of the log as it was when the request came. */
  follow: boolean;
  /** Endless generated text once the stored lines are sent (flood containers only): FloodLines or EndlessLine. */
  flood?: { next(maxBytes: number): string };
  /** What ends each stored line: `\n` (the default) or `\r\n`. */
  lineEnd?: string;
  /** Lines a slow reader lost because they were trimmed from the log before it got to them. */
  onSkip(lines: number): void;
  /** The reader stopped taking data (true) or took it again (false): backpressure reached us. */
  onStall(stalled: boolean): void;
  /** Injected faults (a hung kubelet, a stuck stream, a frozen API server): while stalled, nothing is written, not even the end. */
  gate?: Gate;
}

type Next = Buffer | { wait: 'lines' } | { wait: 'ms'; ms: number } | 'end';

/**
 * Pulls lines into one HTTP response the way a kubelet reads a log file for a client: a cursor
 * into the log, advanced only as fast as the response accepts writes. Nothing is queued per
 * reader beyond the write in flight, so a stalled client costs the sim at most one MAX_WRITE.
 * Exactly one continuation is pending at a time: a parked wait for lines, 'drain', an immediate,
 * a timer or the stall gate's resume.
 */
export class LogStream implements LogReader {
  private cursor: number;
  /** End of the log at request time, for non-follow requests. */
  private readonly stopAt: number | undefined;
  private remainingBytes: number;
  /** The rest of a single line longer than MAX_WRITE. */
  private pending: Buffer | undefined;
  private parked = false;
  private immediate: NodeJS.Immediate | undefined;
  private timer: NodeJS.Timeout | undefined;
  private cancelResume: (() => void) | undefined;
  private done = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly log: ContainerLog,
    private readonly options: LogOptions,
    private readonly setup: LogStreamSetup,
  ) {
    this.cursor = log.startSeq(options.sinceNs, options.tailLines);
    this.stopAt = setup.follow ? undefined : log.endSeq();
    this.remainingBytes = options.limitBytes ?? Number.POSITIVE_INFINITY;
  }

  start(): void {
    this.res.on('close', () => this.stop());
    this.pump();
  }

  /** Called by the log when lines arrive while parked at its end. */
  wake(): void {
    if (!this.parked) return;
    this.parked = false;
    this.pump();
  }

  private pump(): void {
    this.immediate = undefined;
    this.timer = undefined;
    this.cancelResume = undefined;
    if (this.done) return;
    if (this.res.destroyed || this.res.writableEnded) {
      this.stop();
      return;
    }
    const { gate } = this.setup;
    if (gate?.stalled()) {
      // The cursor stays put, so lines appended meanwhile are all sent after resume.
      this.cancelResume = gate.whenResumed(() => this.pump());
      return;
    }
    const next = this.next();
    if (next === 'end') {
      this.finish();
    } else if (!Buffer.isBuffer(next)) {
      if (next.wait === 'lines') {
        this.parked = true;
        this.log.waitForLines(this);
      } else {
        this.timer = setTimeout(() => this.pump(), next.ms);
      }
    } else {
      const writable = this.res.write(next);
      if (this.remainingBytes <= 0 && !this.pending) {
        this.finish();
      } else if (writable) {
        // Not a loop: one write per turn keeps the event loop serving other sockets and requests.
        this.schedule();
      } else {
        // 'drain' can arrive from process.nextTick; going through setImmediate still yields to I/O.
        this.setup.onStall(true);
        this.res.once('drain', () => {
          this.setup.onStall(false);
          this.schedule();
        });
      }
    }
  }

  private schedule(): void {
    if (!this.done) this.immediate = setImmediate(() => this.pump());
  }

  private next(): Next {
    if (this.pending) return this.takePending();
    const oldest = this.log.firstSeq();
    if (this.cursor < oldest) {
      // Like a reader of a rotated log file: what was trimmed is gone, carry on at the oldest line.
      this.setup.onSkip(Math.min(oldest, this.stopAt ?? oldest) - this.cursor);
      this.cursor = oldest;
    }
    const end = this.stopAt ?? this.log.endSeq();
    if (this.cursor < end) {
      const chunk = storedChunk(this.log, this.cursor, end, this.options, Math.min(MAX_WRITE, this.remainingBytes), this.setup.lineEnd);
      this.cursor = chunk.next;
      if (chunk.text !== '') return this.limit(chunk.text);
    }
    if (this.stopAt !== undefined || this.log.closed()) return 'end';
    const { flood } = this.setup;
    if (!flood) return { wait: 'lines' };
    const { sinceNs } = this.options;
    if (sinceNs !== undefined) {
      const aheadNs = sinceNs - this.log.clock.now();
      // Generated lines are stamped now; a future sinceTime would filter every one of them.
      if (aheadNs > 0n) return { wait: 'ms', ms: Math.min(MAX_SINCE_WAIT_MS, Number(aheadNs / 1_000_000n) + 1) };
    }
    return this.limit(flood.next(Math.min(MAX_WRITE, this.remainingBytes)));
  }

  /** Applies limitBytes (possibly mid-line, as the kubelet does) and splits a huge line into MAX_WRITE pieces. */
  private limit(text: string): Buffer {
    let bytes = Buffer.from(text, 'utf8');
    if (bytes.length > this.remainingBytes) bytes = bytes.subarray(0, this.remainingBytes);
    this.remainingBytes -= bytes.length;
    this.pending = bytes;
    return this.takePending();
  }

  private takePending(): Buffer {
    const bytes = this.pending as Buffer;
    this.pending = bytes.length > MAX_WRITE ? bytes.subarray(MAX_WRITE) : undefined;
    return bytes.subarray(0, MAX_WRITE);
  }

  /** Clean EOF, what a client sees when the kubelet reaches the end of what it was asked for. */
  private finish(): void {
    this.stop();
    if (!this.res.destroyed && !this.res.writableEnded) this.res.end();
  }

  private stop(): void {
    this.done = true;
    this.parked = false;
    this.log.cancelWait(this);
    if (this.immediate) clearImmediate(this.immediate);
    if (this.timer) clearTimeout(this.timer);
    this.cancelResume?.();
    this.immediate = undefined;
    this.timer = undefined;
    this.cancelResume = undefined;
  }
}
