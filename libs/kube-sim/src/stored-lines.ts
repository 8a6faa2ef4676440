import type { ContainerLog } from './container-log';

export interface StoredChunk {
  text: string;
  /** Sequence number after the last line looked at (taken or filtered out). */
  next: number;
}

/**
 * Formats stored lines from `from` towards `to` into one write: lines older than `sinceNs` are
 * skipped, and lines are added until one more would pass `maxBytes` (always at least one, so a
 * huge line still moves the cursor). Scans on past filtered lines until it has text or reaches `to`.
 */
export function storedChunk(
  log: ContainerLog,
  from: number,
  to: number,
  view: { sinceNs?: bigint; timestamps: boolean },
  maxBytes: number,
  lineEnd = '\n',
): StoredChunk {
  let text = '';
  let bytes = 0;
  let seq = from;
  for (; seq < to; seq++) {
    const entry = log.at(seq);
    if (view.sinceNs !== undefined && entry.ns < view.sinceNs) continue;
    const line = view.timestamps ? `${entry.timestamp} ${entry.text}${lineEnd}` : `${entry.text}${lineEnd}`;
    const lineBytes = Buffer.byteLength(line);
    if (bytes > 0 && bytes + lineBytes > maxBytes) break;
    text += line;
    bytes += lineBytes;
  }
  return { text, next: seq };
}
