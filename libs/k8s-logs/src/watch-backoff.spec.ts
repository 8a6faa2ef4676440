import { nextWatchStep, WATCH_BACKOFF, type WatchEnd } from './watch-backoff';

const longest = () => 0.999999;
const step = (end: WatchEnd, failures: number) => nextWatchStep(end, failures, WATCH_BACKOFF, longest);
const watchEnd = (lastedMs: number, events: number, outcome: { error?: Error; expired?: boolean } = {}): WatchEnd => ({
  kind: 'watch',
  lastedMs,
  events,
  ...outcome,
});

describe('nextWatchStep', () => {
  test.each([
    ['a long watch that ended cleanly resumes at once', watchEnd(300_000, 0), 3, { next: 'watch', delayMs: 0, failures: 0 }],
    ['a short watch that delivered an event resumes at once', watchEnd(10, 1), 3, { next: 'watch', delayMs: 0, failures: 0 }],
    ['a watch that answered and hung up at once waits', watchEnd(5, 0), 0, { next: 'watch', delayMs: 800, failures: 1 }],
    ['... longer each time', watchEnd(5, 0), 3, { next: 'watch', delayMs: 6400, failures: 4 }],
    ['... up to 30 s', watchEnd(5, 0), 40, { next: 'watch', delayMs: 30_000, failures: 41 }],
    ['410 Gone after a healthy watch lists again at once', watchEnd(2000, 0, { expired: true }), 2, { next: 'relist', delayMs: 0, failures: 0 }],
    ['410 Gone at once lists again after a delay', watchEnd(3, 0, { expired: true }), 1, { next: 'relist', delayMs: 1600, failures: 2 }],
    [
      'an error after a healthy watch lists again after the first delay',
      watchEnd(60_000, 7, { error: new Error('reset') }),
      5,
      { next: 'relist', delayMs: 800, failures: 1 },
    ],
    ['an error at once lists again after a growing delay', watchEnd(1, 0, { error: new Error('500') }), 2, { next: 'relist', delayMs: 3200, failures: 3 }],
  ] as const)('%s', (_name, end, failures, expected) => {
    expect(step(end, failures)).toEqual(expected);
  });

  test('a failed list is tried again after a growing delay; a list that answers is watched from at once, the count kept', () => {
    expect(step({ kind: 'list', error: new Error('timeout') }, 1)).toEqual({ next: 'relist', delayMs: 1600, failures: 2 });
    expect(step({ kind: 'list' }, 2)).toEqual({ next: 'watch', delayMs: 0, failures: 2 });
  });

  test('the delay is jittered down to half, so that many calls do not ask in step', () => {
    expect(nextWatchStep(watchEnd(5, 0), 0, WATCH_BACKOFF, () => 0).delayMs).toBe(400);
  });

  test('an API server that always hangs up at once gets a handful of watches a minute, not thousands a second', () => {
    let failures = 0;
    let elapsedMs = 0;
    let watches = 0;
    while (elapsedMs < 60_000) {
      watches += 1;
      const next = nextWatchStep(watchEnd(1, 0), failures, WATCH_BACKOFF, () => 0);
      failures = next.failures;
      elapsedMs += next.delayMs;
    }
    expect(watches).toBeLessThanOrEqual(10);
  });
});
