import { create, DurationSchema, type Duration } from '@applogs/proto';

const NANOS_PER_MILLI = 1_000_000n;
const NANOS_PER_SECOND = 1_000_000_000n;
const MAX_INT64 = (1n << 63n) - 1n;
const UNIT_NANOS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5 micro sign
  μs: 1_000n, // U+03BC Greek mu
  ms: NANOS_PER_MILLI,
  s: NANOS_PER_SECOND,
  m: 60n * NANOS_PER_SECOND,
  h: 3_600n * NANOS_PER_SECOND,
};
const TERM = /^(\d*)(?:\.(\d*))?([a-zµμ]+)/;

/**
 * Nanoseconds of a duration written as kubectl's `--since` takes it (Go's time.ParseDuration): an optional sign,
 * then decimal numbers each with a unit (ns, us, ms, s, m, h), like `30s`, `1.5h` or `2h30m`; `0` alone is
 * allowed. BigInt throughout, so it is exact. Throws an Error saying what is wrong, to follow the value's name.
 */
export function parseDurationNanos(text: string): bigint {
  let rest = text;
  let sign = 1n;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1n : 1n;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') throw new Error('is empty');
  let total = 0n;
  while (rest !== '') {
    const term = TERM.exec(rest);
    if (!term || (term[1] === '' && (term[2] ?? '') === '')) throw new Error('expected numbers with units, like 30s, 5m or 2h30m');
    const unit = UNIT_NANOS[term[3]];
    if (unit === undefined) throw new Error(`has the unknown unit "${term[3]}" (use ns, us, ms, s, m or h)`);
    const fraction = term[2] ?? '';
    // Like Go, a fraction finer than a nanosecond is cut, not rounded.
    total += BigInt(term[1] || '0') * unit + (fraction === '' ? 0n : (BigInt(fraction) * unit) / 10n ** BigInt(fraction.length));
    if (total > MAX_INT64) throw new Error('is too long');
    rest = rest.slice(term[0].length);
  }
  return sign * total;
}

/** Nanoseconds of a count of milliseconds, fractions included (`1.5` is 1,500,000 ns). */
export function millisToNanos(ms: number): bigint {
  if (!Number.isFinite(ms) || ms < 0) throw new Error('must be a finite, non-negative number of milliseconds');
  const whole = Math.trunc(ms);
  // Split so that large whole-millisecond counts stay exact (ms * 1e6 would leave 2^53).
  return BigInt(whole) * NANOS_PER_MILLI + BigInt(Math.round((ms - whole) * 1e6));
}

/** The Duration of a non-negative nanosecond count. */
export function durationOfNanos(nanos: bigint): Duration {
  return create(DurationSchema, { seconds: nanos / NANOS_PER_SECOND, nanos: Number(nanos % NANOS_PER_SECOND) });
}
