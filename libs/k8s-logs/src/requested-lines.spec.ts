import { status } from '@grpc/grpc-js';
import { LogsSource, type TailLogsRequest } from '@applogs/proto';
import { AppLogsError } from './errors';
import { tailOptionsOf } from './tail-options';

const limits = { defaultTailLines: 1000, maxTailLines: 5000, maxLineBytes: 4096 };
const now = { seconds: 1_800_000_000, nanos: 500 };
const request = (fields: Partial<TailLogsRequest> = {}): TailLogsRequest => ({ source: LogsSource.LIVE_OR_PERSISTED, include: [], exclude: [], ...fields });

function refusal(fields: Partial<TailLogsRequest>): string {
  try {
    tailOptionsOf(request(fields), limits, now);
  } catch (error) {
    expect(error).toBeInstanceOf(AppLogsError);
    expect((error as AppLogsError).code).toBe(status.INVALID_ARGUMENT);
    return (error as AppLogsError).message;
  }
  throw new Error('accepted');
}

describe('tailOptionsOf', () => {
  test("Flyte's request: the default tail, following, every line", () => {
    expect(tailOptionsOf(request(), limits, now)).toEqual({ tailLines: 1000, since: undefined, follow: true, filter: { notBefore: undefined, keep: undefined, maxLineBytes: 4096 } });
  });

  test('tail_lines from 0 to the maximum; over it is refused, not cut', () => {
    expect(tailOptionsOf(request({ tail_lines: { value: 0 } }), limits, now).tailLines).toBe(0);
    expect(tailOptionsOf(request({ tail_lines: { value: 5000 } }), limits, now).tailLines).toBe(5000);
    expect(refusal({ tail_lines: { value: 5001 } })).toBe('tail_lines 5001 is out of range: 0 to 5000 on this server');
    expect(refusal({ tail_lines: { value: -1 } })).toBe('tail_lines -1 is out of range: 0 to 5000 on this server');
  });

  test('since_time is exact; with it and no tail_lines, every line since then', () => {
    const options = tailOptionsOf(request({ since_time: { seconds: '1799999990', nanos: 7 } }), limits, now);
    expect([options.since, options.tailLines, options.filter.notBefore]).toEqual([{ seconds: 1799999990, nanos: 7 }, undefined, { seconds: 1799999990, nanos: 7 }]);
  });

  test('since is a duration back from now, to the nanosecond', () => {
    expect(tailOptionsOf(request({ since: { seconds: '10', nanos: 600 } }), limits, now).since).toEqual({ seconds: 1799999989, nanos: 999_999_900 });
  });

  test('since and since_time together, or a non-positive since, are refused', () => {
    expect(refusal({ since: { seconds: '1', nanos: 0 }, since_time: { seconds: '1', nanos: 0 } })).toBe('set since_time or since, not both');
    expect(refusal({ since: { seconds: '0', nanos: 0 } })).toBe('since must be a positive duration');
    expect(refusal({ since: { seconds: '-5', nanos: 0 } })).toBe('since must be a positive duration');
  });

  test('follow false', () => {
    expect(tailOptionsOf(request({ follow: { value: false } }), limits, now).follow).toBe(false);
  });

  test.each([
    [['error'], [], 'an error here', true],
    [['error'], [], 'all good', false],
    [['^GET', 'POST'], [], 'POST /x', true],
    [[], ['health'], 'GET /health', false],
    [[], ['health'], 'GET /items', true],
    [['GET'], ['health'], 'GET /health', false],
  ])('include %j, exclude %j: %s is kept: %s', (include, exclude, message, kept) => {
    expect(tailOptionsOf(request({ include, exclude }), limits, now).filter.keep!(message)).toBe(kept);
  });

  test('patterns are RE2: a backtracking-only construct is refused, naming the pattern', () => {
    expect(refusal({ include: ['(a+)\\1'] })).toMatch(/^include pattern "\(a\+\)\\1" is not a valid RE2 expression: /);
    expect(refusal({ exclude: ['x('] })).toMatch(/^exclude pattern "x\(" is not a valid RE2 expression: /);
  });

  test('a pathological pattern matches in linear time', () => {
    const keep = tailOptionsOf(request({ include: ['(a+)+$'] }), limits, now).filter.keep!;
    expect(keep(`${'a'.repeat(50_000)}b`)).toBe(false);
  });

  test('too many or too long patterns are refused', () => {
    expect(refusal({ include: Array.from({ length: 17 }, (_, i) => `p${i}`) })).toBe('at most 16 include and 16 exclude patterns are allowed');
    expect(refusal({ exclude: ['x'.repeat(513)] })).toMatch(/^exclude pattern "x{40}…" is 513 characters; at most 512 are allowed$/);
  });
});

describe('hostile since/since_time values (fuzz findings)', () => {
  const limits = { defaultTailLines: 1000, maxTailLines: 5000, maxLineBytes: 4096 };
  const now = { seconds: 1_800_000_000, nanos: 0 };
  const refused = (extra: Partial<TailLogsRequest>) => {
    try {
      tailOptionsOf({ include: [], exclude: [], ...extra } as unknown as TailLogsRequest, limits, now);
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  };

  test.each([
    [{ since_time: { seconds: '9223372036854775807', nanos: 0 } }, /^since_time is not a valid timestamp/],
    [{ since_time: { seconds: '-62135596801', nanos: 0 } }, /^since_time is not a valid timestamp/],
    [{ since_time: { seconds: '253402300800', nanos: 0 } }, /^since_time is not a valid timestamp/],
    [{ since: { seconds: '5', nanos: 1_000_000_000 } }, /^since is not a valid duration/],
    [{ since: { seconds: '9223372036854775807', nanos: 0 } }, /^since is not a valid duration/],
  ])('%j is INVALID_ARGUMENT', (extra, message) => {
    expect(refused(extra as Partial<TailLogsRequest>)).toMatch(message);
  });

  test('the bounds of Timestamp are accepted, and a since longer ago than its minimum is every line', () => {
    expect(refused({ since_time: { seconds: '-62135596800', nanos: 0 } } as Partial<TailLogsRequest>)).toBeUndefined();
    expect(refused({ since_time: { seconds: '253402300799', nanos: 999_999_999 } } as Partial<TailLogsRequest>)).toBeUndefined();
    const options = tailOptionsOf({ include: [], exclude: [], since: { seconds: '315576000000', nanos: 0 } } as unknown as TailLogsRequest, limits, now);
    expect(options.since).toEqual({ seconds: -62_135_596_800, nanos: 0 });
  });
});
