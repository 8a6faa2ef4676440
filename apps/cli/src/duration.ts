import type { TailLogsRequest } from '@applogs/proto';

/** google.protobuf.Duration as proto-loader takes it (seconds as an int64 decimal string). */
export type Duration = NonNullable<TailLogsRequest['since']>;

const UNIT_NANOS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n, // U+00B5 micro sign
  'μs': 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const MAX_INT64 = (1n << 63n) - 1n;
const TERM = /^(\d*)(?:\.(\d*))?([a-zµμ]+)/;

/**
 * Parses a duration the way kubectl's `--since` does (Go's time.ParseDuration): a sequence of decimal numbers,
 * each with an optional fraction and a unit (ns, us, ms, s, m, h), like `30s`, `1.5h` or `2h30m`; `0` alone
 * is allowed. Exact to the nanosecond (BigInt, no floating point). Throws an Error saying what is wrong.
 */
export function parseDurationNanos(text: string): bigint {
  let rest = text;
  let sign = 1n;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1n : 1n;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') throw new Error(`invalid duration "${text}"`);
  let total = 0n;
  while (rest !== '') {
    const term = TERM.exec(rest);
    if (!term || (term[1] === '' && (term[2] ?? '') === '')) throw new Error(`invalid duration "${text}": expected a number and a unit, like 30s, 5m or 2h30m`);
    const unit = UNIT_NANOS[term[3]];
    if (unit === undefined) throw new Error(`invalid duration "${text}": unknown unit "${term[3]}" (use ns, us, ms, s, m or h)`);
    const whole = BigInt(term[1] || '0');
    const fraction = term[2] ?? '';
    // Like Go, a fraction finer than a nanosecond is cut, not rounded.
    total += whole * unit + (fraction === '' ? 0n : (BigInt(fraction) * unit) / 10n ** BigInt(fraction.length));
    if (total > MAX_INT64) throw new Error(`invalid duration "${text}": too long`);
    rest = rest.slice(term[0].length);
  }
  return sign * total;
}

/** The Duration of a (non-negative) nanosecond count. */
export function durationOf(nanos: bigint): Duration {
  return { seconds: (nanos / 1_000_000_000n).toString(), nanos: Number(nanos % 1_000_000_000n) };
}
