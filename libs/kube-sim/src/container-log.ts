import { formatNanos, NanoClock, NANOS_PER_MILLI, NANOS_PER_SECOND, parseRfc3339 } from './nano-time';
import type { AppendedLine } from './types';

export interface LogEntry {
  ns: bigint;
  timestamp: string;
  text: string;
}

/** A reader parked at the end of the log; woken (once) when lines are appended or the log closes. */
export interface LogReader {
  wake(): void;
}

/** Like kubelet log rotation: a long-running demo must not grow without bound. */
export const MAX_RETAINED_LINES = 200_000;

/**
 * One container's log file. Lines have absolute sequence numbers (the first line ever is 0) so a
 * reader's cursor stays valid while old lines are trimmed from the front.
 */
export class ContainerLog {
  private readonly lines: LogEntry[] = [];
  /** Sequence number of lines[0]: grows as the front is trimmed. */
  private first = 0;
  private readonly idle = new Set<LogReader>();
  private lastNs = 0n;
  private isClosed = false;

  constructor(readonly clock: NanoClock) {}

  /** Oldest retained sequence number. */
  firstSeq(): number {
    return this.first;
  }

  /** One past the newest sequence number. */
  endSeq(): number {
    return this.first + this.lines.length;
  }

  /** Only for firstSeq() <= seq < endSeq(). */
  at(seq: number): LogEntry {
    return this.lines[seq - this.first];
  }

  /** True once the container is gone: readers finish what is stored, then end. */
  closed(): boolean {
    return this.isClosed;
  }

  /** Where a new reader starts: at the last `tailLines` lines that pass the since filter, else at the oldest line. */
  startSeq(sinceNs: bigint | undefined, tailLines: number | undefined): number {
    if (tailLines === undefined) return this.first;
    let seq = this.endSeq();
    for (let matched = 0; matched < tailLines && seq > this.first;) {
      seq--;
      if (sinceNs === undefined || this.at(seq).ns >= sinceNs) matched++;
    }
    return seq;
  }

  /** Pre-existing lines, 1 ms apart and ending about a second before now, so they read as "already there". */
  seedHistory(texts: readonly string[]): void {
    const end = this.clock.now() - NANOS_PER_SECOND;
    texts.forEach((text, i) => {
      const ns = end - BigInt(texts.length - 1 - i) * NANOS_PER_MILLI;
      this.push({ ns, timestamp: formatNanos(ns), text });
    });
  }

  append(lines: ReadonlyArray<string | AppendedLine>): AppendedLine[] {
    const added = lines.map((line) => {
      const entry = typeof line === 'string' ? this.stamp(line) : this.explicit(line);
      this.push(entry);
      return entry;
    });
    if (added.length > 0) this.wakeIdle();
    return added.map(({ timestamp, text }) => ({ timestamp, text }));
  }

  /**
   * Parks a reader at the end of an open log until the next append or close. Readers still
   * behind (busy writing, or waiting for 'drain') are not parked, so appends cost them nothing.
   */
  waitForLines(reader: LogReader): void {
    this.idle.add(reader);
  }

  cancelWait(reader: LogReader): void {
    this.idle.delete(reader);
  }

  close(): void {
    this.isClosed = true;
    this.wakeIdle();
  }

  private wakeIdle(): void {
    if (this.idle.size === 0) return;
    // A woken reader may park itself again right away; it must wait for the next append, not this one.
    const readers = [...this.idle];
    this.idle.clear();
    for (const reader of readers) reader.wake();
  }

  private stamp(text: string): LogEntry {
    // Strictly increasing even when explicit timestamps were appended ahead of the clock.
    const now = this.clock.now();
    const ns = now > this.lastNs ? now : this.lastNs + 1n;
    return { ns, timestamp: formatNanos(ns), text };
  }

  private explicit(line: AppendedLine): LogEntry {
    const ns = parseRfc3339(line.timestamp);
    if (ns === undefined) throw new Error(`invalid RFC3339 timestamp: ${line.timestamp}`);
    return { ns, timestamp: formatNanos(ns), text: line.text };
  }

  private push(entry: LogEntry): void {
    if (entry.ns > this.lastNs) this.lastNs = entry.ns;
    this.lines.push(entry);
    // Trim in batches: splicing one line per append would make every append O(n) once full.
    if (this.lines.length > MAX_RETAINED_LINES * 1.1) {
      const removed = this.lines.length - MAX_RETAINED_LINES;
      this.lines.splice(0, removed);
      this.first += removed;
    }
  }
}
