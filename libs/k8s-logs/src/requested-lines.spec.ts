import { Code, create, LogsSource, TailLogsRequestSchema, TimestampSchema, type MessageInitShape, type TailLogsRequest } from '@applogs/proto';
import { AppLogsError } from './errors';
import { requestedLines } from './requested-lines';

type RequestFields = MessageInitShape<typeof TailLogsRequestSchema>;

const limits = { defaultTailLines: 1000, maxTailLines: 5000, maxLineBytes: 4096 };
const timestamp = (seconds: bigint, nanos: number) => create(TimestampSchema, { seconds, nanos });
const now = timestamp(1_800_000_000n, 500);
const request = (fields: RequestFields = {}): TailLogsRequest => create(TailLogsRequestSchema, { source: LogsSource.LIVE_OR_PERSISTED, ...fields });

function refusal(fields: RequestFields): string {
  try {
    requestedLines(request(fields), limits, now);
  } catch (error) {
    expect(error).toBeInstanceOf(AppLogsError);
    expect((error as AppLogsError).code).toBe(Code.INVALID_ARGUMENT);
    return (error as AppLogsError).message;
  }
  throw new Error('accepted');
}

describe('requestedLines', () => {
  test("Flyte's request: the default tail, following, every line", () => {
    expect(requestedLines(request(), limits, now)).toEqual({
      tailLines: 1000,
      since: undefined,
      follow: true,
      previous: false,
      filter: { notBefore: undefined, keep: undefined, maxLineBytes: 4096 },
    });
  });

  test('previous: the same tail and since, never followed; asking to follow it is refused', () => {
    expect(requestedLines(request({ previous: true, tailLines: 5 }), limits, now)).toMatchObject({ tailLines: 5, previous: true, follow: false });
    expect(requestedLines(request({ previous: true, follow: false }), limits, now)).toMatchObject({ tailLines: 1000, follow: false });
    expect(refusal({ previous: true, follow: true })).toBe('previous logs are never followed: leave follow unset (or false) with previous');
  });

  test('tail_lines from 0 to the maximum; over it is refused, not cut', () => {
    expect(requestedLines(request({ tailLines: 0 }), limits, now).tailLines).toBe(0);
    expect(requestedLines(request({ tailLines: 5000 }), limits, now).tailLines).toBe(5000);
    expect(refusal({ tailLines: 5001 })).toBe('tail_lines 5001 is out of range: 0 to 5000 on this server');
    expect(refusal({ tailLines: -1 })).toBe('tail_lines -1 is out of range: 0 to 5000 on this server');
  });

  test('since_time is exact; with it and no tail_lines, every line since then', () => {
    const options = requestedLines(request({ sinceTime: { seconds: 1799999990n, nanos: 7 } }), limits, now);
    expect([options.since, options.tailLines, options.filter.notBefore]).toEqual([timestamp(1799999990n, 7), undefined, timestamp(1799999990n, 7)]);
  });

  test('since is a duration back from now, to the nanosecond', () => {
    expect(requestedLines(request({ since: { seconds: 10n, nanos: 600 } }), limits, now).since).toEqual(timestamp(1799999989n, 999_999_900));
  });

  test('since and since_time together, or a non-positive since, are refused', () => {
    expect(refusal({ since: { seconds: 1n, nanos: 0 }, sinceTime: { seconds: 1n, nanos: 0 } })).toBe('set since_time or since, not both');
    expect(refusal({ since: { seconds: 0n, nanos: 0 } })).toBe('since must be a positive duration');
    expect(refusal({ since: { seconds: -5n, nanos: 0 } })).toBe('since must be a positive duration');
  });

  test('follow false', () => {
    expect(requestedLines(request({ follow: false }), limits, now).follow).toBe(false);
  });

  test.each([
    [['error'], [], 'an error here', true],
    [['error'], [], 'all good', false],
    [['^GET', 'POST'], [], 'POST /x', true],
    [[], ['health'], 'GET /health', false],
    [[], ['health'], 'GET /items', true],
    [['GET'], ['health'], 'GET /health', false],
  ])('include %j, exclude %j: %s is kept: %s', (include, exclude, message, kept) => {
    expect(requestedLines(request({ include, exclude }), limits, now).filter.keep!(message)).toBe(kept);
  });

  test('patterns are RE2: a backtracking-only construct is refused, naming the pattern', () => {
    expect(refusal({ include: ['(a+)\\1'] })).toMatch(/^include pattern "\(a\+\)\\1" is not a valid RE2 expression: /);
    expect(refusal({ exclude: ['x('] })).toMatch(/^exclude pattern "x\(" is not a valid RE2 expression: /);
  });

  test('a pathological pattern matches in linear time', () => {
    const keep = requestedLines(request({ include: ['(a+)+$'] }), limits, now).filter.keep!;
    expect(keep(`${'a'.repeat(50_000)}b`)).toBe(false);
  });

  test('too many or too long patterns are refused', () => {
    expect(refusal({ include: Array.from({ length: 17 }, (_, i) => `p${i}`) })).toBe('at most 16 include and 16 exclude patterns are allowed');
    expect(refusal({ exclude: ['x'.repeat(513)] })).toMatch(/^exclude pattern "x{40}…" is 513 characters; at most 512 are allowed$/);
  });
});

describe('hostile since/since_time values (fuzz findings)', () => {
  const now = timestamp(1_800_000_000n, 0);
  const refused = (extra: RequestFields) => {
    try {
      requestedLines(request(extra), limits, now);
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  };

  // Named by hand: Jest cannot print a BigInt in a title.
  test.each<[string, RequestFields, RegExp]>([
    ['since_time at int64 max seconds', { sinceTime: { seconds: 9223372036854775807n, nanos: 0 } }, /^since_time is not a valid timestamp/],
    ['since_time a second before 0001-01-01', { sinceTime: { seconds: -62135596801n, nanos: 0 } }, /^since_time is not a valid timestamp/],
    ['since_time a second after 9999-12-31', { sinceTime: { seconds: 253402300800n, nanos: 0 } }, /^since_time is not a valid timestamp/],
    ['since with nanos of a whole second', { since: { seconds: 5n, nanos: 1_000_000_000 } }, /^since is not a valid duration/],
    ['since at int64 max seconds', { since: { seconds: 9223372036854775807n, nanos: 0 } }, /^since is not a valid duration/],
  ])('%s is INVALID_ARGUMENT', (_name, extra, message) => {
    expect(refused(extra)).toMatch(message);
  });

  test('the bounds of Timestamp are accepted, and a since longer ago than its minimum is every line', () => {
    expect(refused({ sinceTime: { seconds: -62135596800n, nanos: 0 } })).toBeUndefined();
    expect(refused({ sinceTime: { seconds: 253402300799n, nanos: 999_999_999 } })).toBeUndefined();
    const options = requestedLines(request({ since: { seconds: 315576000000n, nanos: 0 } }), limits, now);
    expect(options.since).toEqual(timestamp(-62_135_596_800n, 0));
  });
});
