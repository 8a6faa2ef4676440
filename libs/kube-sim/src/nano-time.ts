import { performance } from 'node:perf_hooks';

const NANOS_PER_SECOND = 1_000_000_000n;
const NANOS_PER_MILLI = 1_000_000n;

/**
 * Wall-clock nanoseconds on the anchor every Node process shares: performance.timeOrigin +
 * performance.now(). A benchmark in another process computes latency as its own
 * `performance.timeOrigin + performance.now()` minus a line's timestamp, so both sides must read
 * the same clock. performance.now() is monotonic, so stamps never jump back on an NTP step.
 */
export class NanoClock {
  private readonly originNs = millisToNanos(performance.timeOrigin);
  private last = 0n;

  /** Strictly increasing, even when called faster than the clock ticks. */
  now(): bigint {
    const ns = this.originNs + BigInt(Math.round(performance.now() * 1e6));
    this.last = ns > this.last ? ns : this.last + 1n;
    return this.last;
  }
}

/** Splits off the whole milliseconds first: ms * 1e6 as a double would lose the sub-microsecond part. */
function millisToNanos(ms: number): bigint {
  const whole = Math.floor(ms);
  return BigInt(whole) * NANOS_PER_MILLI + BigInt(Math.round((ms - whole) * 1e6));
}

/** Formats many stamps cheaply: the date part changes once a second, so only the fraction is rendered per line. */
export class TimestampFormatter {
  private second = Number.NaN;
  private prefix = '';

  /** Same text as formatNanos(second * 1e9 + nanos), for 0 <= nanos < 1e9. */
  format(second: number, nanos: number): string {
    if (second !== this.second) {
      this.second = second;
      this.prefix = `${new Date(second * 1000).toISOString().slice(0, 19)}.`;
    }
    const fraction = nanos >= 100_000_000 ? String(nanos) : String(nanos).padStart(9, '0');
    return `${this.prefix}${fraction}Z`;
  }
}

/** RFC3339 with exactly 9 fractional digits, the shape the kubelet puts in front of log lines. */
export function formatNanos(ns: bigint): string {
  const seconds = ns / NANOS_PER_SECOND;
  const fraction = ns % NANOS_PER_SECOND;
  const whole = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  return `${whole}.${fraction.toString().padStart(9, '0')}Z`;
}

/** RFC3339 without a fraction, as Kubernetes renders metav1.Time in objects. */
export function formatSeconds(ns: bigint): string {
  return new Date(Number(ns / NANOS_PER_MILLI)).toISOString().slice(0, 19) + 'Z';
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})$/;

/** Parses RFC3339 / RFC3339Nano into epoch nanoseconds; undefined when malformed. */
export function parseRfc3339(value: string): bigint | undefined {
  const match = RFC3339.exec(value.trim());
  if (!match) return undefined;
  const [, base, fraction = '', zone] = match;
  const millis = Date.parse(`${base.toUpperCase()}${zone.toUpperCase()}`);
  if (Number.isNaN(millis)) return undefined;
  const nanosOfSecond = BigInt(fraction.slice(0, 9).padEnd(9, '0') || '0');
  return BigInt(millis) * NANOS_PER_MILLI + nanosOfSecond;
}

/** The kubelet converts sinceTime to whole seconds before filtering; reproduce that truncation. */
export function truncateToSecond(ns: bigint): bigint {
  return ns - (((ns % NANOS_PER_SECOND) + NANOS_PER_SECOND) % NANOS_PER_SECOND);
}

export { NANOS_PER_SECOND, NANOS_PER_MILLI };
