import { performance } from 'node:perf_hooks';
import { formatNanos, NanoClock, TimestampFormatter } from './nano-time';

describe('NanoClock', () => {
  it('reads performance.timeOrigin + performance.now(), the anchor another process can compare with', () => {
    const clock = new NanoClock();
    const before = performance.timeOrigin + performance.now();
    const ms = Number(clock.now()) / 1e6;
    const after = performance.timeOrigin + performance.now();
    expect(ms).toBeGreaterThanOrEqual(before - 0.001);
    expect(ms).toBeLessThanOrEqual(after + 0.001);
  });

  it('is strictly increasing however fast it is read', () => {
    const clock = new NanoClock();
    let last = clock.now();
    for (let i = 0; i < 10_000; i++) {
      const now = clock.now();
      expect(now > last).toBe(true);
      last = now;
    }
  });
});

describe('TimestampFormatter', () => {
  it('renders what formatNanos renders, across second boundaries and short fractions', () => {
    const formatter = new TimestampFormatter();
    const base = 1_767_225_599n; // 2025-12-31T23:59:59Z
    for (const [second, nanos] of [
      [base, 999_999_999],
      [base + 1n, 0],
      [base + 1n, 7],
      [base + 1n, 123_456_789],
      [base, 5],
    ] as const) {
      expect(formatter.format(Number(second), nanos)).toBe(formatNanos(second * 1_000_000_000n + BigInt(nanos)));
    }
  });
});
