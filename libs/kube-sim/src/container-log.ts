import { formatNanos, NanoClock, NANOS_PER_MILLI, NANOS_PER_SECOND, parseRfc3339 } from './nano-time';
import type { AppendedLine } from './types';

export interface LogEntry {
  ns: bigint;
  timestamp: string;
  text: string;
}

/** Receives lines as they are appended; one call per append so a whole batch becomes one HTTP write. */
export interface LogFollower {
  onLines(entries: readonly LogEntry[]): void;
  onEnd(): void;
}

/** Like kubelet log rotation: a long-running demo must not grow without bound. */
const MAX_RETAINED_LINES = 200_000;

/** One container's log file plus the live readers of it. */
export class ContainerLog {
  private readonly lines: LogEntry[] = [];
  private readonly followers = new Set<LogFollower>();
  private lastNs = 0n;

  constructor(private readonly clock: NanoClock) {}

  entries(): readonly LogEntry[] {
    return this.lines;
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
    if (added.length > 0) {
      for (const follower of [...this.followers]) follower.onLines(added);
    }
    return added.map(({ timestamp, text }) => ({ timestamp, text }));
  }

  follow(follower: LogFollower): () => void {
    this.followers.add(follower);
    return () => this.followers.delete(follower);
  }

  endFollowers(): void {
    const followers = [...this.followers];
    this.followers.clear();
    for (const follower of followers) follower.onEnd();
  }

  private stamp(text: string): LogEntry {
    // Strictly increasing even when hrtime ticks coarser than the append rate.
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
    if (this.lines.length > MAX_RETAINED_LINES * 1.1) this.lines.splice(0, this.lines.length - MAX_RETAINED_LINES);
  }
}
