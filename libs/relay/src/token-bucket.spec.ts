import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  test('starts full, refills at its rate, never beyond its capacity', () => {
    let now = 0;
    const bucket = new TokenBucket(4, 2, () => now);
    expect(bucket.full).toBe(true);
    bucket.take();
    bucket.take();
    expect(bucket.available).toBe(2);
    now += 250;
    expect(bucket.available).toBe(2.5);
    now += 10_000;
    expect(bucket.available).toBe(4);
  });

  test('tryTake refuses without a whole token; take() goes into debt', () => {
    let now = 0;
    const bucket = new TokenBucket(1, 1, () => now);
    expect([bucket.tryTake(), bucket.tryTake()]).toEqual([true, false]);
    bucket.take();
    expect(bucket.available).toBe(-1);
    now += 1500;
    expect([bucket.available, bucket.tryTake()]).toEqual([0.5, false]);
  });
});
