import { CallerCallRate } from './caller-call-rate';

describe('CallerCallRate', () => {
  test('a caller gets its burst at once, then its rate; other callers are not affected', () => {
    let now = 0;
    const rate = new CallerCallRate(2, 3, () => now);
    expect([1, 2, 3, 4].map(() => rate.admit('churner'))).toEqual([true, true, true, false]);
    expect(rate.admit('steady')).toBe(true);
    now += 499;
    expect(rate.admit('churner')).toBe(false);
    now += 1;
    expect([rate.admit('churner'), rate.admit('churner')]).toEqual([true, false]);
  });

  test('a refused call takes nothing: the caller gets its rate back on time', () => {
    let now = 0;
    const rate = new CallerCallRate(1, 1, () => now);
    expect(rate.admit('a')).toBe(true);
    for (let i = 0; i < 100; i += 1) expect(rate.admit('a')).toBe(false);
    now += 1000;
    expect(rate.admit('a')).toBe(true);
  });
});
