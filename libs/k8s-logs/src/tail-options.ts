import type { TailLogsRequest } from '@applogs/proto';
import { invalidArgument } from './errors';
import { MAX_PATTERNS, messagePatterns, type Instant, type LineFilter } from './line-filter';

/** The server's limits and defaults for the request options. */
export interface TailLimits {
  /** Lines of history when the caller does not say. */
  defaultTailLines: number;
  /** The most `tail_lines` a caller may ask for. */
  maxTailLines: number;
  /** A longer line is sent in pieces of at most this many bytes of message. */
  maxLineBytes: number;
}

/** A TailLogs call's options, validated. */
export interface TailOptions {
  /** Lines of history per replica present at the start; undefined means all (since `since`). */
  tailLines: number | undefined;
  /** The earliest instant wanted. */
  since: Instant | undefined;
  follow: boolean;
  filter: LineFilter;
}

/** kubectl's and stern's options, from the request's applogs fields (50 and up); Flyte's callers set none. */
export function tailOptionsOf(request: TailLogsRequest, limits: TailLimits, now: Instant): TailOptions {
  const since = sinceOf(request, now);
  const tailLines = tailLinesOf(request, limits, since !== undefined);
  if (request.include.length > MAX_PATTERNS || request.exclude.length > MAX_PATTERNS) {
    throw invalidArgument(`at most ${MAX_PATTERNS} include and ${MAX_PATTERNS} exclude patterns are allowed`);
  }
  return {
    tailLines,
    since,
    follow: request.follow?.value ?? true,
    filter: { notBefore: since, keep: messagePatterns(request.include, request.exclude), maxLineBytes: limits.maxLineBytes },
  };
}

function tailLinesOf(request: TailLogsRequest, limits: TailLimits, hasSince: boolean): number | undefined {
  const asked = request.tail_lines?.value;
  if (asked === undefined) return hasSince ? undefined : Math.min(limits.defaultTailLines, limits.maxTailLines);
  if (asked < 0 || asked > limits.maxTailLines) {
    throw invalidArgument(`tail_lines ${asked} is out of range: 0 to ${limits.maxTailLines} on this server`);
  }
  return asked;
}

// google.protobuf.Timestamp's range (0001-01-01 to 9999-12-31) and Duration's (about 10000 years).
const MIN_TIMESTAMP_SECONDS = -62_135_596_800;
const MAX_TIMESTAMP_SECONDS = 253_402_300_799;
const MAX_DURATION_SECONDS = 315_576_000_000;

function sinceOf(request: TailLogsRequest, now: Instant): Instant | undefined {
  if (request.since_time && request.since) throw invalidArgument('set since_time or since, not both');
  if (request.since_time) {
    const seconds = Number(request.since_time.seconds);
    const nanos = request.since_time.nanos ?? 0;
    if (!(seconds >= MIN_TIMESTAMP_SECONDS && seconds <= MAX_TIMESTAMP_SECONDS) || nanos < 0 || nanos > 999_999_999) {
      throw invalidArgument('since_time is not a valid timestamp: 0001-01-01 to 9999-12-31, nanos 0 to 999999999');
    }
    return { seconds, nanos };
  }
  if (request.since) {
    const seconds = Number(request.since.seconds);
    const nanos = request.since.nanos ?? 0;
    if (!(seconds >= 0) || nanos < 0 || (seconds === 0 && nanos === 0)) throw invalidArgument('since must be a positive duration');
    if (seconds > MAX_DURATION_SECONDS || nanos > 999_999_999) {
      throw invalidArgument('since is not a valid duration: at most 315576000000s, nanos 0 to 999999999');
    }
    // Longer ago than Timestamp's minimum is every line.
    const min = BigInt(MIN_TIMESTAMP_SECONDS) * 1_000_000_000n;
    const asked = BigInt(now.seconds) * 1_000_000_000n + BigInt(now.nanos) - (BigInt(seconds) * 1_000_000_000n + BigInt(nanos));
    const total = asked < min ? min : asked;
    return { seconds: Number(total / 1_000_000_000n), nanos: Number(total % 1_000_000_000n) };
  }
  return undefined;
}

/** Now, to the nanosecond as far as the clock goes. */
export function nowInstant(): Instant {
  const nanos = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));
  return { seconds: Number(nanos / 1_000_000_000n), nanos: Number(nanos % 1_000_000_000n) };
}
