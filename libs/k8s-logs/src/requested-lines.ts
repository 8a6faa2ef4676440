import { nanosOf, timestampOfNanos, type Duration, type TailLogsRequest, type Timestamp } from '@applogs/proto';
import { invalidArgument } from './errors';
import { MAX_PATTERNS, messagePatterns, type LineFilter } from './line-filter';

/** The server's limits and defaults for the request options. */
export interface TailLimits {
  /** Lines of history when the caller does not say. */
  defaultTailLines: number;
  /** The most `tail_lines` a caller may ask for. */
  maxTailLines: number;
  /** A longer line is sent in pieces of at most this many bytes of message. */
  maxLineBytes: number;
}

/** Which lines a TailLogs call asks for (its options, fields 50 and up), validated. */
export interface RequestedLines {
  /** Lines of history per replica present at the start; undefined means all (since `since`). */
  tailLines: number | undefined;
  /** The earliest instant wanted. */
  since: Timestamp | undefined;
  follow: boolean;
  /** Read each replica's last terminated container instead of the running one. */
  previous: boolean;
  filter: LineFilter;
}

/** kubectl's and stern's options, from the request's applogs fields (50 and up); Flyte's callers set none. */
export function requestedLines(request: TailLogsRequest, limits: TailLimits, now: Timestamp): RequestedLines {
  const since = sinceOf(request, now);
  const tailLines = tailLinesOf(request, limits, since !== undefined);
  if (request.include.length > MAX_PATTERNS || request.exclude.length > MAX_PATTERNS) {
    throw invalidArgument(`at most ${MAX_PATTERNS} include and ${MAX_PATTERNS} exclude patterns are allowed`);
  }
  // A terminated instance's log has an end: following it would mean waiting for lines that never come.
  if (request.previous && request.follow === true) throw invalidArgument('previous logs are never followed: leave follow unset (or false) with previous');
  return {
    tailLines,
    since,
    follow: !request.previous && (request.follow ?? true),
    previous: request.previous,
    filter: { notBefore: since, keep: messagePatterns(request.include, request.exclude), maxLineBytes: limits.maxLineBytes },
  };
}

function tailLinesOf(request: TailLogsRequest, limits: TailLimits, hasSince: boolean): number | undefined {
  const asked = request.tailLines;
  if (asked === undefined) return hasSince ? undefined : Math.min(limits.defaultTailLines, limits.maxTailLines);
  if (asked < 0 || asked > limits.maxTailLines) {
    throw invalidArgument(`tail_lines ${asked} is out of range: 0 to ${limits.maxTailLines} on this server`);
  }
  return asked;
}

// google.protobuf.Timestamp's range (0001-01-01 to 9999-12-31) and Duration's (about 10000 years).
const MIN_TIMESTAMP_SECONDS = -62_135_596_800n;
const MAX_TIMESTAMP_SECONDS = 253_402_300_799n;
const MAX_DURATION_SECONDS = 315_576_000_000n;
const NANOS_PER_SECOND = 1_000_000_000n;

function sinceOf(request: TailLogsRequest, now: Timestamp): Timestamp | undefined {
  if (request.sinceTime && request.since) throw invalidArgument('set since_time or since, not both');
  if (request.sinceTime) return validSinceTime(request.sinceTime);
  if (request.since) return notBeforeMinimum(nanosOf(now) - nanosOfSince(request.since));
  return undefined;
}

function validSinceTime(sinceTime: Timestamp): Timestamp {
  const { seconds, nanos } = sinceTime;
  if (seconds < MIN_TIMESTAMP_SECONDS || seconds > MAX_TIMESTAMP_SECONDS || nanos < 0 || nanos > 999_999_999) {
    throw invalidArgument('since_time is not a valid timestamp: 0001-01-01 to 9999-12-31, nanos 0 to 999999999');
  }
  return sinceTime;
}

function nanosOfSince(since: Duration): bigint {
  const { seconds, nanos } = since;
  if (seconds < 0n || nanos < 0 || (seconds === 0n && nanos === 0)) throw invalidArgument('since must be a positive duration');
  if (seconds > MAX_DURATION_SECONDS || nanos > 999_999_999) {
    throw invalidArgument('since is not a valid duration: at most 315576000000s, nanos 0 to 999999999');
  }
  return seconds * NANOS_PER_SECOND + BigInt(nanos);
}

/** The Timestamp of nanoseconds since the epoch; longer ago than Timestamp's minimum is its minimum (every line). */
function notBeforeMinimum(nanos: bigint): Timestamp {
  const minimum = MIN_TIMESTAMP_SECONDS * NANOS_PER_SECOND;
  return timestampOfNanos(nanos < minimum ? minimum : nanos);
}

/** Now, to the nanosecond as far as the clock goes. */
export function now(): Timestamp {
  return timestampOfNanos(BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6)));
}
