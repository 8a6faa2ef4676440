import { durationOfNanos, millisToNanos, parseDurationNanos } from './duration';

const S = 1_000_000_000n;

describe('parseDurationNanos (kubectl --since, Go time.ParseDuration)', () => {
  test.each([
    ['0', 0n],
    ['30s', 30n * S],
    ['5m', 300n * S],
    ['1h', 3600n * S],
    ['2h30m', 9000n * S],
    ['1h2m3s', 3723n * S],
    ['500ms', 500_000_000n],
    ['1.5h', 5400n * S],
    ['.5s', 500_000_000n],
    ['1.s', S],
    ['1m0.25s', 60n * S + 250_000_000n],
    ['1.000000001s', 1_000_000_001n],
    ['10us', 10_000n],
    ['10µs', 10_000n],
    ['10μs', 10_000n],
    ['7ns', 7n],
    ['0.0000000019s', 1n], // finer than a nanosecond is cut, as in Go
    ['+5s', 5n * S],
    ['-5s', -5n * S],
  ])('%s', (text, nanos) => expect(parseDurationNanos(text)).toBe(nanos));

  test.each([
    ['', 'is empty'],
    ['-', 'is empty'],
    ['5', 'expected numbers with units'],
    ['s', 'expected numbers with units'],
    ['.s', 'expected numbers with units'],
    ['5 m', 'expected numbers with units'],
    ['1h 2m', 'expected numbers with units'],
    ['5d', 'unknown unit "d"'],
    ['5mm', 'unknown unit "mm"'],
    ['1e3s', 'unknown unit "e"'],
    ['9999999999h', 'too long'],
  ])('refuses %j', (text, message) => expect(() => parseDurationNanos(text)).toThrow(message));
});

describe('millisToNanos', () => {
  test('whole and fractional milliseconds, exact beyond 2^53 ns', () => {
    expect(millisToNanos(0)).toBe(0n);
    expect(millisToNanos(1.5)).toBe(1_500_000n);
    expect(millisToNanos(365 * 86_400_000)).toBe(31_536_000_000_000_000n);
  });

  test.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('refuses %p', (ms) => expect(() => millisToNanos(ms)).toThrow('non-negative'));
});

test('durationOfNanos splits seconds and nanos', () => {
  expect(durationOfNanos(90_000_000_001n)).toMatchObject({ seconds: 90n, nanos: 1 });
  expect(durationOfNanos(500_000_000n)).toMatchObject({ seconds: 0n, nanos: 500_000_000 });
});
