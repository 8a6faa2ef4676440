import { retryDelayMs } from './retry-policy';

describe('retryDelayMs', () => {
  const policy = { initialDelayMs: 100, maxDelayMs: 1000, maxAttempts: 5 };

  test.each([
    [1, 100],
    [2, 200],
    [3, 400],
    [4, 800],
    [5, 1000],
    [9, 1000],
  ])('retry %i doubles from the initial delay up to the cap (%i ms at most)', (attempt, ceiling) => {
    expect(retryDelayMs(policy, attempt, () => 0.999999)).toBe(ceiling);
    expect(retryDelayMs(policy, attempt, () => 0)).toBe(ceiling / 2);
  });
});
