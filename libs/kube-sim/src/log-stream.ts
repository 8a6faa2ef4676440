import type { ServerResponse } from 'node:http';
import type { LogEntry, LogFollower } from './container-log';
import type { LogOptions } from './log-options';

/** Keeps single writes modest, like the kubelet's copy buffer, so clients see chunked framing on big logs. */
const MAX_WRITE = 64 * 1024;

/** Writes log lines to one HTTP response, enforcing timestamps/sinceTime/limitBytes for its whole life. */
export class LogStream implements LogFollower {
  private remainingBytes: number;

  constructor(
    private readonly res: ServerResponse,
    private readonly options: LogOptions,
  ) {
    this.remainingBytes = options.limitBytes ?? Number.POSITIVE_INFINITY;
  }

  /** The selected history: since filter first, then the tail, as the brief for this sim defines. */
  writeHistory(entries: readonly LogEntry[]): void {
    const { sinceNs, tailLines } = this.options;
    let selected = sinceNs === undefined ? entries : entries.filter((e) => e.ns >= sinceNs);
    if (tailLines !== undefined) selected = selected.slice(Math.max(0, selected.length - tailLines));
    const bytes = this.take(selected);
    for (let offset = 0; offset < bytes.length; offset += MAX_WRITE) {
      this.write(bytes.subarray(offset, offset + MAX_WRITE));
    }
  }

  exhausted(): boolean {
    return this.remainingBytes <= 0;
  }

  onLines(entries: readonly LogEntry[]): void {
    const { sinceNs } = this.options;
    const selected = sinceNs === undefined ? entries : entries.filter((e) => e.ns >= sinceNs);
    const bytes = this.take(selected);
    if (bytes.length > 0) this.write(bytes);
    if (this.exhausted()) this.onEnd();
  }

  /** Clean EOF, what a client sees when the kubelet stops streaming because the pod went away. */
  onEnd(): void {
    if (!this.res.destroyed && !this.res.writableEnded) this.res.end();
  }

  private take(entries: readonly LogEntry[]): Buffer {
    if (entries.length === 0 || this.exhausted()) return Buffer.alloc(0);
    const text = entries.map((e) => (this.options.timestamps ? `${e.timestamp} ${e.text}\n` : `${e.text}\n`)).join('');
    let bytes = Buffer.from(text, 'utf8');
    if (bytes.length > this.remainingBytes) bytes = bytes.subarray(0, this.remainingBytes);
    this.remainingBytes -= bytes.length;
    return bytes;
  }

  private write(chunk: Buffer): void {
    // A simulator may buffer past the high-water mark; it must only avoid writing to a dead socket.
    if (!this.res.destroyed && !this.res.writableEnded) this.res.write(chunk);
  }
}
