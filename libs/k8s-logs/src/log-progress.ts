import { create, parseRfc3339, TimestampSchema, type Timestamp } from '@applogs/proto';
import type { PodLogQuery } from './pod-log-source';
import { TimestampPrefix } from './timestamp-prefix';

const NEWLINE = 0x0a;
/** Enough of a line for its timestamp: `2026-11-25T10:00:00.123456789+00:00 `. */
const STAMP_BYTES = 40;

/**
 * How far a followed log stream has got, in the log's own time: what a probe of the log's last line is
 * compared with, to tell a quiet app (nothing newer) from a stuck stream (the log has lines the stream did
 * not send). It reads the timestamp of the last whole line of each chunk only (keeping the first bytes of
 * the line in progress), so it costs next to nothing on the hot path.
 */
export class LogProgress {
  /** The stream owes every line newer than this; undefined: every line there is. Numbers, as lines are read. */
  private owedAfter: { seconds: number; nanos: number } | undefined;
  /** False while a stream that started at the log's end has sent nothing: what it owes is not known yet. */
  private startKnown = true;
  /** The first bytes of the line in progress, which may end in a later chunk. */
  private head: Buffer = Buffer.alloc(0);
  private readonly stamp = new TimestampPrefix();

  constructor(query: Pick<PodLogQuery, 'tailLines' | 'sinceTime'>) {
    if (query.tailLines === 0) this.startKnown = false;
    // Kubernetes sends the lines from sinceTime's second on: a line at that very instant is owed.
    else if (query.sinceTime !== undefined) this.owedAfter = justBefore(query.sinceTime);
  }

  /** Takes note of a chunk the stream delivered. */
  see(chunk: Buffer): void {
    const end = chunk.lastIndexOf(NEWLINE);
    if (end === -1) {
      this.extendHead(chunk);
      return;
    }
    const before = end > 0 ? chunk.lastIndexOf(NEWLINE, end - 1) : -1;
    const line = before === -1 ? Buffer.concat([this.head, chunk.subarray(0, Math.min(end, STAMP_BYTES))]) : chunk.subarray(before + 1, end);
    if (this.stamp.read(line, 0, line.length)) {
      this.owedAfter = { seconds: this.stamp.seconds, nanos: this.stamp.nanos };
      this.startKnown = true;
    }
    // A view, not a copy: it keeps this chunk alive until the next one, as the line cutter's rest does.
    this.head = chunk.subarray(end + 1, end + 1 + STAMP_BYTES);
  }

  /**
   * Whether a log whose last line is at `last` (undefined: an empty log) holds a line the stream should
   * have sent by now. A stream that started at the log's end and has sent nothing cannot tell what was
   * there before it: the first answer becomes its start, and only lines after it count from then on.
   */
  misses(last: Timestamp | undefined): boolean {
    if (last === undefined) return false;
    const seconds = Number(last.seconds);
    if (!this.startKnown) {
      this.owedAfter = { seconds, nanos: last.nanos };
      this.startKnown = true;
      return false;
    }
    return this.owedAfter === undefined || (seconds - this.owedAfter.seconds || last.nanos - this.owedAfter.nanos) > 0;
  }

  private extendHead(chunk: Buffer): void {
    if (this.head.length < STAMP_BYTES) this.head = Buffer.concat([this.head, chunk.subarray(0, STAMP_BYTES - this.head.length)]);
  }
}

function justBefore(rfc3339: string): { seconds: number; nanos: number } | undefined {
  const since = parseRfc3339(rfc3339);
  return since && { seconds: Number(since.seconds) - 1, nanos: 999_999_999 };
}

/** The timestamp of a log's first line (a probe's answer is one line), or undefined when it has none. */
export function lineTime(body: Buffer): Timestamp | undefined {
  const stamp = new TimestampPrefix();
  return stamp.read(body, 0, Math.min(body.length, STAMP_BYTES)) ? create(TimestampSchema, { seconds: BigInt(stamp.seconds), nanos: stamp.nanos }) : undefined;
}
