import { Code } from '@applogs/proto';
import { DEFAULT_RECONNECT_POLICY, isRetryable, reconnectDelay } from './reconnect-policy';

describe('reconnect backoff', () => {
  test('doubles from 200 ms to a 5 s cap', () => {
    const middle = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 6, 50].map((attempt) => reconnectDelay(attempt, DEFAULT_RECONNECT_POLICY, middle))).toEqual([
      200, 400, 800, 1600, 3200, 5000, 5000, 5000,
    ]);
  });

  test('±20 % jitter', () => {
    expect(reconnectDelay(1, DEFAULT_RECONNECT_POLICY, () => 0)).toBe(320);
    expect(reconnectDelay(1, DEFAULT_RECONNECT_POLICY, () => 0.999999)).toBe(480);
  });

  test('gives up after two minutes without a message', () => {
    expect(DEFAULT_RECONNECT_POLICY.giveUpMs).toBe(120_000);
  });
});

describe('which statuses are retried', () => {
  test.each([
    [Code.UNAVAILABLE, 'Connection dropped', false, true],
    [Code.UNAVAILABLE, 'the data plane at 127.0.0.1:8091 is unavailable: No connection established', false, true],
    [Code.RESOURCE_EXHAUSTED, 'too many concurrent log streams: 100; retry later', false, true],
    [Code.RESOURCE_EXHAUSTED, 'Received message larger than max (5000000 vs 4194304)', false, false],
    [Code.INTERNAL, 'Received RST_STREAM with code 2 triggered by internal client error: Protocol error', false, true],
    [Code.INTERNAL, 'Failed to parse server response', false, false],
    [Code.UNKNOWN, 'Failed to fetch', false, true],
    [Code.UNKNOWN, 'NetworkError when attempting to fetch resource.', false, true],
    [Code.CANCELLED, 'Cancelled on client', false, true],
    [Code.CANCELLED, 'Cancelled on client', true, false],
    [Code.ABORTED, 'x', false, true],
    [Code.NOT_FOUND, 'no replicas found for app demo/development/nope', false, false],
    [Code.INVALID_ARGUMENT, 'bad name', false, false],
    [Code.UNAUTHENTICATED, 'x', false, false],
    [Code.PERMISSION_DENIED, 'x', false, false],
    [Code.FAILED_PRECONDITION, 'x', false, false],
    [Code.UNIMPLEMENTED, 'x', false, false],
    [Code.DEADLINE_EXCEEDED, 'x', false, false],
  ])('%s %s (cancelled by us: %s) → %s', (code, details, ours, retry) => {
    expect(isRetryable(code, details, ours)).toBe(retry);
  });
});
