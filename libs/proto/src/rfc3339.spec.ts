import { formatRfc3339Nano, parseRfc3339, Rfc3339Formatter } from './rfc3339';
import { nanosOf, timestampOfNanos } from './timestamp-nanos';

const at = (iso: string) => BigInt(Date.parse(iso) / 1000);

describe('RFC3339Nano, exact to the nanosecond', () => {
  const cases: Array<[{ seconds: bigint; nanos: number }, string]> = [
    [{ seconds: 0n, nanos: 0 }, '1970-01-01T00:00:00.000000000Z'],
    [{ seconds: at('2026-11-25T10:00:00Z'), nanos: 123_456_789 }, '2026-11-25T10:00:00.123456789Z'],
    [{ seconds: at('2030-01-02T03:04:05Z'), nanos: 7 }, '2030-01-02T03:04:05.000000007Z'],
    [{ seconds: at('2024-02-29T23:59:59Z'), nanos: 999_999_999 }, '2024-02-29T23:59:59.999999999Z'],
    [{ seconds: at('2000-03-01T00:00:00Z'), nanos: 1 }, '2000-03-01T00:00:00.000000001Z'],
    [{ seconds: -1n, nanos: 999_999_999 }, '1969-12-31T23:59:59.999999999Z'],
    [{ seconds: at('0001-01-01T00:00:00Z'), nanos: 0 }, '0001-01-01T00:00:00.000000000Z'],
    [{ seconds: at('9999-12-31T23:59:59Z'), nanos: 999_999_999 }, '9999-12-31T23:59:59.999999999Z'],
  ];
  test.each(cases.map(([timestamp, text]) => ({ text, timestamp })))('$text', ({ text, timestamp }) => {
    expect(formatRfc3339Nano(timestamp)).toBe(text);
    expect(new Rfc3339Formatter().format(timestamp)).toBe(text);
  });

  test('agrees with Date for whole seconds over four centuries', () => {
    for (let s = -12_622_780_800; s < 12_622_780_800; s += 86_400 * 37 + 3_613) {
      expect(formatRfc3339Nano({ seconds: BigInt(s), nanos: 0 })).toBe(new Date(s * 1000).toISOString().replace('.000Z', '.000000000Z'));
    }
  });

  test('the formatter renders each second once and every fraction exactly', () => {
    const formatter = new Rfc3339Formatter();
    const seconds = at('2026-11-25T10:00:00Z');
    expect(formatter.format({ seconds, nanos: 1 })).toBe('2026-11-25T10:00:00.000000001Z');
    expect(formatter.format({ seconds, nanos: 100_000_000 })).toBe('2026-11-25T10:00:00.100000000Z');
    expect(formatter.format({ seconds: seconds + 61n, nanos: 0 })).toBe('2026-11-25T10:01:01.000000000Z');
  });
});

describe('parseRfc3339', () => {
  test.each([
    ['2026-11-25T10:00:00Z', at('2026-11-25T10:00:00Z'), 0],
    ['2026-11-25T10:00:00.123456789Z', at('2026-11-25T10:00:00Z'), 123_456_789],
    ['2026-11-25T10:00:00.5Z', at('2026-11-25T10:00:00Z'), 500_000_000],
    ['2026-11-25t10:00:00z', at('2026-11-25T10:00:00Z'), 0],
    ['2026-11-25T12:30:00+02:30', at('2026-11-25T10:00:00Z'), 0],
    ['2026-11-25T05:00:00.000000001-05:00', at('2026-11-25T10:00:00Z'), 1],
    ['2024-02-29T00:00:00Z', at('2024-02-29T00:00:00Z'), 0],
    ['1969-12-31T23:59:59.25Z', -1n, 250_000_000],
  ])('%s', (text, seconds, nanos) => {
    expect(parseRfc3339(text)).toMatchObject({ seconds, nanos });
  });

  test.each([
    '2026-11-25',
    '2026-11-25T10:00:00',
    '2026-11-25T10:00Z',
    '2026-11-25T10:00:00.Z',
    '2026-11-25T10:00:00.1234567891Z',
    '2026-13-01T00:00:00Z',
    '2026-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-11-25T24:00:00Z',
    '2026-11-25T10:60:00Z',
    '2026-11-25T10:00:60Z',
    '2026-11-25T10:00:00+2400',
    'yesterday',
  ])('rejects %s', (text) => {
    expect(parseRfc3339(text)).toBeUndefined();
  });

  test('round-trips through formatting', () => {
    const text = '1999-12-31T23:59:59.000000001Z';
    expect(formatRfc3339Nano(parseRfc3339(text)!)).toBe(text);
  });
});

describe('nanosecond counts', () => {
  const cases: Array<[{ seconds: bigint; nanos: number }, bigint]> = [
    [{ seconds: 1n, nanos: 2 }, 1_000_000_002n],
    [{ seconds: -1n, nanos: 999_999_999 }, -1n],
    [{ seconds: 9_223_372_036n, nanos: 854_775_807 }, 9_223_372_036_854_775_807n],
  ];
  test.each(cases.map(([timestamp, nanos]) => ({ name: String(nanos), timestamp, nanos })))('$name nanoseconds round-trip', ({ timestamp, nanos }) => {
    expect(nanosOf(timestamp)).toBe(nanos);
    expect(timestampOfNanos(nanos)).toMatchObject(timestamp);
  });
});
