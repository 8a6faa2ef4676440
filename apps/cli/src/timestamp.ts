import { formatRfc3339Nano as formatRfc3339, formatWholeSecond, parseRfc3339 as parseRfc3339Exact, type Timestamp } from '@applogs/proto';

// Timestamps stay exact to the nanosecond: seconds are an int64 decimal string (PROTO_LOADER_OPTIONS), so all
// arithmetic is BigInt or whole days. A JS Date holds milliseconds and would lose the last six digits.

const NANOS_PER_SECOND = 1_000_000_000n;

/** Nanoseconds since the epoch, for comparing and ordering timestamps exactly. */
export function toNanos(timestamp: Timestamp): bigint {
  return BigInt(timestamp.seconds) * NANOS_PER_SECOND + BigInt(timestamp.nanos ?? 0);
}

/** The Timestamp of a nanosecond count; nanos stay in [0, 1e9) also before the epoch, as the proto requires. */
export function fromNanos(nanos: bigint): Timestamp {
  let seconds = nanos / NANOS_PER_SECOND;
  let rest = nanos % NANOS_PER_SECOND;
  if (rest < 0n) {
    seconds -= 1n;
    rest += NANOS_PER_SECOND;
  }
  return { seconds: seconds.toString(), nanos: Number(rest) };
}

/** RFC3339 in UTC with exactly 9 fraction digits, e.g. `2026-11-25T10:00:00.123456789Z`. */
export function formatRfc3339Nano(timestamp: Timestamp): string {
  return formatRfc3339(BigInt(timestamp.seconds), timestamp.nanos ?? 0);
}

/**
 * Formats many timestamps cheaply: lines come in bursts within one second, so the date part is rendered once
 * per second and only the fraction per line.
 */
export class TimestampFormatter {
  private seconds = '';
  private prefix = '';

  format(timestamp: Timestamp): string {
    if (timestamp.seconds !== this.seconds) {
      this.seconds = timestamp.seconds;
      this.prefix = `${formatWholeSecond(BigInt(timestamp.seconds))}.`;
    }
    return `${this.prefix}${String(timestamp.nanos ?? 0).padStart(9, '0')}Z`;
  }
}

/** Parses an RFC3339 time exactly into a Timestamp; undefined when `text` is not one. */
export function parseRfc3339(text: string): Timestamp | undefined {
  const parsed = parseRfc3339Exact(text);
  return parsed && { seconds: parsed.seconds.toString(), nanos: parsed.nanos };
}
