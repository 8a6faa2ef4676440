import { LogLineOriginator, LogLineSource, type LogLine, type LogLines } from '@applogs/proto';
import { concat, defer, filter, map, of, type Observable } from 'rxjs';
import { LineSplitter } from './line-splitter';
import { parseLogLine } from './log-line-parser';
import type { PodLogSource } from './pod-log-source';
import type { Replica } from './replica';

/** Flyte's batch size: one LogLines message carries at most this many lines. */
export const MAX_LINES_PER_MESSAGE = 100;

export interface TailOptions {
  tailLines: number;
}

/**
 * How a replica is tailed: one log request for its container, cut into lines, parsed, and emitted as
 * LogLines messages of at most 100 lines. Every chunk the upstream delivers is flushed at once, so lines are
 * never held back waiting for a batch to fill. Cold: subscribing opens the request, unsubscribing aborts it;
 * it completes when the upstream body ends (a non-followed pod after its tail).
 */
export function tailReplica(source: PodLogSource, replica: Replica, options: TailOptions): Observable<LogLines[]> {
  return defer(() => {
    const splitter = new LineSplitter();
    const query = { ...replica, tailLines: options.tailLines };
    const lines$ = concat(
      source.chunks(query).pipe(map((chunk) => splitter.push(chunk))),
      defer(() => of(splitter.flush())),
    );
    return lines$.pipe(
      filter((lines) => lines.length > 0),
      map((lines) => toLogLinesMessages(replica, lines)),
    );
  });
}

export function toLogLinesMessages(replica: Replica, lines: string[]): LogLines[] {
  const messages: LogLines[] = [];
  for (let start = 0; start < lines.length; start += MAX_LINES_PER_MESSAGE) {
    messages.push({
      lines: [],
      replica_id: replica.id,
      structured_lines: lines.slice(start, start + MAX_LINES_PER_MESSAGE).map((line) => toLogLine(line, replica)),
      source: LogLineSource.LOG_LINE_SOURCE_LIVE,
    });
  }
  return messages;
}

function toLogLine(line: string, replica: Replica): LogLine {
  const { timestamp, message } = parseLogLine(line);
  return { timestamp, message, originator: LogLineOriginator.USER, short_pod_name: replica.shortName };
}
