import { create, TimestampSchema } from '@applogs/proto';
import { LogProgress, lineTime } from './log-progress';

const at = (text: string) => lineTime(Buffer.from(`${text} x`))!;
const chunks = (progress: LogProgress, ...parts: string[]) => parts.forEach((part) => progress.see(Buffer.from(part)));

describe('LogProgress', () => {
  test('a stream that sent lines misses only lines newer than its last whole one', () => {
    const progress = new LogProgress({ tailLines: 10 });
    chunks(progress, '2026-11-25T10:00:00.1Z a\n2026-11-25T10:00:00.2Z b\n2026-11-25T10:00:00.3Z c is not whole yet');
    expect(progress.misses(at('2026-11-25T10:00:00.2Z'))).toBe(false);
    expect(progress.misses(at('2026-11-25T10:00:00.25Z'))).toBe(true);
    expect(progress.misses(undefined)).toBe(false);
  });

  test('a line whose timestamp is cut across chunks is read whole', () => {
    const progress = new LogProgress({ tailLines: 10 });
    chunks(progress, '2026-11-25T10:00:00.1Z a\n2026-11-2', '5T10:00:0', '7.5Z a long line', ' goes on\n2026');
    expect(progress.misses(at('2026-11-25T10:00:07.5Z'))).toBe(false);
    expect(progress.misses(at('2026-11-25T10:00:07.6Z'))).toBe(true);
    // A chunk that starts with the newline ending the line in progress.
    chunks(progress, '-11-25T10:00:09Z d', '\n');
    expect(progress.misses(at('2026-11-25T10:00:09Z'))).toBe(false);
  });

  test('before its first line, a stream owes every line after where it started', () => {
    expect(new LogProgress({ tailLines: 10 }).misses(at('2020-01-01T00:00:00Z'))).toBe(true);
    expect(new LogProgress({}).misses(at('2020-01-01T00:00:00Z'))).toBe(true);
    const resumed = new LogProgress({ sinceTime: '2026-11-25T10:00:00Z' });
    expect(resumed.misses(at('2026-11-25T09:59:59.999Z'))).toBe(false);
    expect(resumed.misses(at('2026-11-25T10:00:00Z'))).toBe(true);
  });

  test("a stream that started at the log's end takes the first answer as its start", () => {
    const progress = new LogProgress({ tailLines: 0, sinceTime: '2026-11-25T10:00:00Z' });
    expect(progress.misses(undefined)).toBe(false);
    expect(progress.misses(at('2026-11-25T10:00:05Z'))).toBe(false);
    expect(progress.misses(at('2026-11-25T10:00:05Z'))).toBe(false);
    expect(progress.misses(at('2026-11-25T10:00:06Z'))).toBe(true);
  });
});

describe('lineTime', () => {
  test("reads the timestamp of a probe's line, with or without a message, and nothing from an empty log", () => {
    const seconds = BigInt(Date.UTC(2026, 10, 25, 10) / 1000);
    expect(lineTime(Buffer.from('2026-11-25T10:00:00.123456789Z hello\n'))).toEqual(create(TimestampSchema, { seconds, nanos: 123456789 }));
    expect(lineTime(Buffer.from('2026-11-25T10:00:00Z'))).toEqual(create(TimestampSchema, { seconds, nanos: 0 }));
    expect(lineTime(Buffer.alloc(0))).toBeUndefined();
  });
});
