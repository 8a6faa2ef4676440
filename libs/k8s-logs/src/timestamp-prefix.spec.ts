import { TimestampPrefix } from './timestamp-prefix';

function read(line: string, prefix = new TimestampPrefix()) {
  const bytes = Buffer.from(line);
  if (!prefix.read(bytes, 0, bytes.length)) return { message: line };
  return { seconds: prefix.seconds, nanos: prefix.nanos, message: bytes.toString('utf8', prefix.messageStart) };
}

const T = Date.parse('2026-11-25T10:00:00Z') / 1000;

describe('TimestampPrefix', () => {
  test.each([
    ['2026-11-25T10:00:00.123456789Z hello world', { seconds: T, nanos: 123456789, message: 'hello world' }],
    ['2026-11-25T10:00:00.5Z trimmed zeros', { seconds: T, nanos: 500000000, message: 'trimmed zeros' }],
    ['2026-11-25T10:00:00Z no fraction', { seconds: T, nanos: 0, message: 'no fraction' }],
    ['2026-11-25T11:00:00.000000001+01:00 offset', { seconds: T, nanos: 1, message: 'offset' }],
    ['2026-11-25T09:30:00.000000001-00:30 negative offset', { seconds: T, nanos: 1, message: 'negative offset' }],
    ['2026-11-25T10:00:00.1Z ', { seconds: T, nanos: 100000000, message: '' }],
    ['2026-11-25T10:00:00.1Z', { seconds: T, nanos: 100000000, message: '' }],
    ['2026-11-25T10:00:00.1Z  two spaces', { seconds: T, nanos: 100000000, message: ' two spaces' }],
    ['2024-02-29T00:00:00Z leap day', { seconds: Date.parse('2024-02-29T00:00:00Z') / 1000, nanos: 0, message: 'leap day' }],
    ['no timestamp here', { message: 'no timestamp here' }],
    ['2026-13-45T99:00:00Z bad date', { message: '2026-13-45T99:00:00Z bad date' }],
    ['2025-02-29T00:00:00Z not a leap year', { message: '2025-02-29T00:00:00Z not a leap year' }],
    ['2026-11-25T10:00:00.1234567891Z ten digits', { message: '2026-11-25T10:00:00.1234567891Z ten digits' }],
    ['2026-11-25T10:00:00. no digits', { message: '2026-11-25T10:00:00. no digits' }],
    ['2026-11-25T10:00:00.1X bad zone', { message: '2026-11-25T10:00:00.1X bad zone' }],
    ['2026-11-25 10:00:00Z space inside', { message: '2026-11-25 10:00:00Z space inside' }],
    ['', { message: '' }],
  ])('%j', (line, expected) => {
    expect(read(line)).toEqual(expected);
  });

  test('the cached date-time is only reused for the same second', () => {
    const prefix = new TimestampPrefix();
    expect(read('2026-11-25T10:00:00.1Z a', prefix).seconds).toBe(T);
    expect(read('2026-11-25T10:00:00.2Z b', prefix)).toEqual({ seconds: T, nanos: 200000000, message: 'b' });
    expect(read('2026-11-25T10:00:01.2Z c', prefix).seconds).toBe(T + 1);
    expect(read('bad', prefix)).toEqual({ message: 'bad' });
    expect(read('2026-11-25T10:00:01Z d', prefix).seconds).toBe(T + 1);
  });
});
