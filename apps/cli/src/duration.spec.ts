import { durationOf, parseDurationNanos } from './duration';

const S = 1_000_000_000n;

describe('kubectl durations (Go time.ParseDuration)', () => {
  test.each([
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
    ['10us', 10_000n],
    ['10µs', 10_000n],
    ['10μs', 10_000n],
    ['7ns', 7n],
    ['0.0000000019s', 1n], // finer than a nanosecond is cut, as in Go
    ['0', 0n],
    ['+5s', 5n * S],
    ['-5s', -5n * S],
  ])('%s', (text, nanos) => {
    expect(parseDurationNanos(text)).toBe(nanos);
  });

  test.each([
    ['', /invalid duration ""/],
    ['5', /expected a number and a unit/],
    ['s', /expected a number and a unit/],
    ['.s', /expected a number and a unit/],
    ['5d', /unknown unit "d"/],
    ['5 m', /expected a number and a unit/],
    ['1h 2m', /expected a number and a unit/],
    ['5mm', /unknown unit "mm"/],
    ['1e3s', /unknown unit "e"/],
    ['3000000h', /too long/],
  ])('rejects %j', (text, message) => {
    expect(() => parseDurationNanos(text)).toThrow(message);
  });

  test('as a google.protobuf.Duration', () => {
    expect(durationOf(9000n * S + 5n)).toEqual({ seconds: '9000', nanos: 5 });
    expect(durationOf(500_000_000n)).toEqual({ seconds: '0', nanos: 500_000_000 });
  });
});
