const NANOS_PER_SECOND = 1_000_000_000n;
const NANOS_PER_MILLI = 1_000_000n;

/**
 * Wall-clock nanoseconds: Date.now() only has millisecond resolution, so anchor it once and
 * advance with the monotonic hrtime, which also keeps timestamps from jumping backwards.
 */
export class NanoClock {
  private readonly offset = BigInt(Date.now()) * NANOS_PER_MILLI - process.hrtime.bigint();

  now(): bigint {
    return this.offset + process.hrtime.bigint();
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
