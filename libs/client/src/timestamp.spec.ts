import { formatRfc3339Nano, fromProtoTimestamp, parseRfc3339, toProtoTimestamp } from './timestamp';

const at = (iso: string) => BigInt(Date.parse(iso) / 1000);

describe('formatRfc3339Nano', () => {
  test('keeps all nine fraction digits', () => {
    expect(formatRfc3339Nano({ seconds: at('2030-01-02T03:04:05Z'), nanos: 123_456_789 })).toBe('2030-01-02T03:04:05.123456789Z');
    expect(formatRfc3339Nano({ seconds: at('2030-01-02T03:04:05Z'), nanos: 7 })).toBe('2030-01-02T03:04:05.000000007Z');
    expect(formatRfc3339Nano({ seconds: 0n, nanos: 0 })).toBe('1970-01-01T00:00:00.000000000Z');
  });

  test('before the epoch and on a leap day', () => {
    expect(formatRfc3339Nano({ seconds: -1n, nanos: 999_999_999 })).toBe('1969-12-31T23:59:59.999999999Z');
    expect(formatRfc3339Nano({ seconds: at('2024-02-29T23:59:59Z'), nanos: 1 })).toBe('2024-02-29T23:59:59.000000001Z');
  });

  test('agrees with Date for whole milliseconds over many days', () => {
    for (let day = -1000; day < 40_000; day += 37) {
      const ms = day * 86_400_000 + 45_296_789; // 12:34:56.789
      expect(formatRfc3339Nano({ seconds: BigInt(Math.floor(ms / 1000)), nanos: 789_000_000 })).toBe(new Date(ms).toISOString().replace('.789Z', '.789000000Z'));
    }
  });
});

describe('parseRfc3339', () => {
  test('exact to the nanosecond, with Z or an offset', () => {
    expect(parseRfc3339('2030-01-02T03:04:05.123456789Z')).toEqual({ seconds: at('2030-01-02T03:04:05Z'), nanos: 123_456_789 });
    expect(parseRfc3339('2030-01-02T05:04:05.5+02:00')).toEqual({ seconds: at('2030-01-02T03:04:05Z'), nanos: 500_000_000 });
    expect(parseRfc3339('2030-01-01T23:04:05-04:00')).toEqual({ seconds: at('2030-01-02T03:04:05Z'), nanos: 0 });
  });

  test.each(['2030-01-02', '2030-02-30T00:00:00Z', '2030-01-02T24:00:00Z', '2030-01-02T03:04:05', '2030-01-02T03:04:05.1234567891Z', 'yesterday'])(
    'refuses %s',
    (text) => expect(parseRfc3339(text)).toBeUndefined(),
  );

  test('round-trips through formatting and the wire shape', () => {
    const text = '1999-12-31T23:59:59.000000001Z';
    const timestamp = parseRfc3339(text)!;
    expect(formatRfc3339Nano(timestamp)).toBe(text);
    expect(toProtoTimestamp(timestamp)).toEqual({ seconds: String(at('1999-12-31T23:59:59Z')), nanos: 1 });
    expect(fromProtoTimestamp(toProtoTimestamp(timestamp))).toEqual(timestamp);
  });
});
