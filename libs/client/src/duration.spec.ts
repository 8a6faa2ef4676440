import { millisToNanos, parseDurationNanos, toProtoDuration } from './duration';

describe('parseDurationNanos (kubectl --since)', () => {
  test.each([
    ['0', 0n],
    ['5m', 300_000_000_000n],
    ['1.5h', 5_400_000_000_000n],
    ['2h30m', 9_000_000_000_000n],
    ['250ms', 250_000_000n],
    ['1.000000001s', 1_000_000_001n],
    ['3us', 3_000n],
    ['3µs', 3_000n],
  ])('%s', (text, nanos) => expect(parseDurationNanos(text)).toBe(nanos));

  test.each([
    ['', 'is empty'],
    ['5', 'expected numbers with units'],
    ['-5m', 'expected numbers with units'],
    ['5d', 'unknown unit "d"'],
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

test('toProtoDuration splits seconds and nanos', () => {
  expect(toProtoDuration(90_000_000_001n)).toEqual({ seconds: '90', nanos: 1 });
});
